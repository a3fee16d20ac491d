package org.revisit.faults;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revisit.study.ResultStore;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two processes run the same cells on one results folder at the same time: the network is trained once, each cell
 * computed once, and both processes end with the same results.
 */
@Tag("faults")
@ExtendWith(ExpectedFaults.class)
class ConcurrentRunsTest {
    @Test
    void twoRunsOnOneFolderComputeEachThingOnce(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("results");
        ChildProcess a = ChildProcess.start(dir.resolve("a.log"), "cells", results.toString());
        ChildProcess b = ChildProcess.start(dir.resolve("b.log"), "cells", results.toString());
        assertEquals(0, a.await(600), a.tail());
        assertEquals(0, b.await(600), b.tail());
        String both = a.output() + b.output();
        assertEquals(1, count(both, "is trained now"), "the network is trained by one process:\n" + both);
        assertEquals(2, count(both, "result stored in"), "each cell is computed by one process:\n" + both);
        assertEquals(2, new ResultStore(results).all().size());
        assertEquals(results(a.output()), results(b.output()), "both processes report the same numbers");
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static String results(String log) {
        StringBuilder b = new StringBuilder();
        Matcher m = Pattern.compile("(?m)^RESULT .*$").matcher(log);
        while (m.find()) {
            b.append(m.group()).append('\n');
        }
        return b.toString();
    }
}
