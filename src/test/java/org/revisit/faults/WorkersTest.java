package org.revisit.faults;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revisit.study.Cell;
import org.revisit.study.CellResult;
import org.revisit.study.ResultStore;
import org.revisit.study.Study;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three worker processes share one results folder ({@code SharedFolderWorker}, as a cluster job array would) and
 * one of them is killed with {@code kill -9} in the middle of training its network: the other two finish its job,
 * every cell is computed exactly once over the three logs, and a later single process finds every cell stored.
 */
@Tag("faults")
@ExtendWith(ExpectedFaults.class)
class WorkersTest {
    private static final Pattern STORED = Pattern.compile("INFO CellComputation - cell (.+): result stored in");

    @Test
    void threeWorkersComputeEachCellOnceAndSurviveAKilledOne(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("results");
        ChildProcess w0 = ChildProcess.start(dir.resolve("w0.log"), "worker", results.toString(), "0/3");
        ChildProcess w1 = ChildProcess.start(dir.resolve("w1.log"), "worker", results.toString(), "1/3");
        ChildProcess w2 = ChildProcess.start(dir.resolve("w2.log"), "worker", results.toString(), "2/3");
        // worker 2 is killed while it trains its network, 5 or more steps in (a checkpoint of them on disk)
        Pattern training = Pattern.compile("cache miss: network ([0-9a-f]+) .* is trained now");
        w2.awaitWhileRunning(() -> {
            try {
                Matcher m = training.matcher(w2.output());
                return m.find() && checkpointStep(results.resolve("networks").resolve(m.group(1))) >= 5;
            } catch (java.io.IOException e) {
                return false;
            }
        }, 600, "worker 2 five steps into training");
        w2.kill();
        assertEquals(0, w0.await(900), w0.tail());
        assertEquals(0, w1.await(900), w1.tail());

        Map<String, Integer> stored = new HashMap<>();
        String[] logs = {w0.output(), w1.output(), w2.output()};
        for (String log : logs) {
            Matcher m = STORED.matcher(log);
            while (m.find()) {
                stored.merge(m.group(1), 1, Integer::sum);
            }
        }
        Study study = FaultChild.study(results);
        List<Cell> cells = FaultChild.workerCells(study);
        for (Cell c : cells) {
            assertEquals(1, stored.getOrDefault(c.id(), 0), "cell " + c.id() + " stored once: " + stored);
        }
        assertEquals(cells.size(), stored.values().stream().mapToInt(Integer::intValue).sum(),
                "each cell computed exactly once over the three workers: " + stored);
        assertTrue(stored.values().stream().allMatch(n -> n == 1), "no cell twice: " + stored);
        assertTrue(logs[0].contains("SUMMARY") && logs[1].contains("SUMMARY"));
        assertFalse(logs[2].contains("SUMMARY"), "worker 2 was killed");
        System.out.println("workers: " + summary(logs[0]) + "\n         " + summary(logs[1]) + "\n         stored by "
                + "worker 0/1/2: " + count(logs[0]) + "/" + count(logs[1]) + "/" + count(logs[2]));

        // the other table's cell sharing the first's computation got its own row from the workers, as one process
        // gives it (the report reads each table's rows from its own folder)
        Cell shared = FaultChild.sharedCell(study);
        ResultStore store = new ResultStore(results);
        String sharedKey = study.status(shared).cellKey();
        assertEquals(study.status(cells.get(0)).cellKey(), sharedKey, "one computation");
        assertTrue(store.find(shared.benchmark(), sharedKey).isPresent(), "the shared row in its own table");
        assertEquals(1, (int) stored.get(cells.get(0).id()), "computed once");

        // a single process over the same folder computes nothing and reads every cell
        for (Cell c : cells) {
            assertTrue(study.status(c).done(), c.id());
            CellResult r = study.run(c);
            assertEquals(c.id(), r.cellId());
        }
        assertEquals(cells.size() + 1, store.all().size(), "every cell's row, the shared one's too");
    }

    private static int checkpointStep(Path network) {
        Path record = network.resolve("checkpoint").resolve("checkpoint.json");
        try {
            return java.nio.file.Files.isRegularFile(record)
                    ? org.revisit.util.Json.readVerified(record, org.revisit.train.Checkpoint.class).step() : 0;
        } catch (RuntimeException e) {
            return 0; // read while being renamed into place
        }
    }

    private static String summary(String log) {
        Matcher m = Pattern.compile("SUMMARY (.*)").matcher(log);
        return m.find() ? m.group(1) : "(none)";
    }

    private static int count(String log) {
        Matcher m = STORED.matcher(log);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
