package org.revisit.faults;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A fault-test child ends with the process that started it: here a stand-in parent ({@code sleep}) is killed while
 * the child rewrites a record forever, and the child must exit (143) instead of running on.
 */
@Tag("faults")
class ChildEndsWithParentTest {
    @Test
    void aChildWhoseParentDiesEnds(@TempDir Path dir) throws Exception {
        Process parent = new ProcessBuilder("sleep", "600").start();
        Path file = dir.resolve("record.json");
        ChildProcess child = ChildProcess.startWatching(parent.pid(), dir.resolve("child.log"), List.of(),
                FaultChild.class.getName(), "write", file.toString());
        child.awaitWhileRunning(() -> Files.exists(file), 60, "the first write");
        parent.destroyForcibly().waitFor();
        assertEquals(143, child.await(30), "the child ended with its parent");
    }
}
