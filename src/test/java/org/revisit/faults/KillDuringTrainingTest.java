package org.revisit.faults;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revisit.study.CellResult;
import org.revisit.study.ResultStore;
import org.revisit.train.Checkpoint;
import org.revisit.train.TrainingRecord;
import org.revisit.util.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kill -9} in the middle of pretext training, then the same command again: the network continues from its
 * last checkpoint, the cells complete, nothing but the steps after that checkpoint is computed twice, and the
 * network is bit for bit the one an uninterrupted run trains.
 */
@Tag("faults")
@ExtendWith(ExpectedFaults.class)
class KillDuringTrainingTest {
    @Test
    void killedTrainingResumesFromItsCheckpoint(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("results");
        ChildProcess first = ChildProcess.start(dir.resolve("first.log"), "cells", results.toString());
        first.awaitWhileRunning(() -> checkpointStep(results) >= 5, 300, "a checkpoint at step 5");
        first.kill();
        int killedAt = checkpointStep(results);
        assertTrue(killedAt >= 5 && killedAt < 32, "killed at step " + killedAt);
        assertTrue(new ResultStore(results).all().isEmpty(), "no result of a killed cell");

        ChildProcess second = ChildProcess.start(dir.resolve("second.log"), "cells", results.toString());
        assertEquals(0, second.await(300), second.tail());
        String log = second.output();
        assertTrue(log.contains("resumed from the checkpoint at step " + killedAt + "/32"), log);

        List<CellResult> stored = new ResultStore(results).all();
        assertEquals(2, stored.size());
        Path network = results.resolve("networks").resolve(stored.get(0).networkKey());
        TrainingRecord record = Json.readVerified(network.resolve("training.json"), TrainingRecord.class);
        assertEquals(killedAt, record.resumedFromStep());
        assertEquals(32, record.steps());
        assertTrue(Double.isFinite(record.finalLoss()) && record.pretextAccuracy() > 0);
        assertFalse(Files.exists(network.resolve("checkpoint")), "checkpoints are deleted once the network is stored");
        for (CellResult r : stored) {
            assertTrue(r.metrics().probeTop1() > 0.1, r.cellId() + " top-1 " + r.metrics().probeTop1());
        }

        // a seed names the same network in every JVM (Nd4jSeed): the resumed network is bit for bit the one
        // trained in one go by another process
        Path straight = dir.resolve("straight");
        ChildProcess third = ChildProcess.start(dir.resolve("straight.log"), "cells", straight.toString());
        assertEquals(0, third.await(300), third.tail());
        Path other = straight.resolve("networks").resolve(stored.get(0).networkKey());
        TrainingRecord uninterrupted = Json.readVerified(other.resolve("training.json"), TrainingRecord.class);
        var a = org.deeplearning4j.util.ModelSerializer.restoreComputationGraph(network.resolve("network.zip").toFile(),
                false).params();
        var b = org.deeplearning4j.util.ModelSerializer.restoreComputationGraph(other.resolve("network.zip").toFile(),
                false).params();
        assertEquals(uninterrupted.finalLoss(), record.finalLoss(), "final loss, resumed at step " + killedAt
                + " vs uninterrupted in another JVM");
        assertEquals(0.0, a.sub(b).amaxNumber().doubleValue(), "max |weight difference|, resumed at step "
                + killedAt + " vs uninterrupted in another JVM (max |weight| " + b.amaxNumber() + ")");
    }

    /** The step of the newest checkpoint under {@code results}, 0 when there is none yet. */
    static int checkpointStep(Path results) {
        Path networks = results.resolve("networks");
        if (!Files.isDirectory(networks)) {
            return 0;
        }
        try (Stream<Path> dirs = Files.list(networks)) {
            for (Path d : dirs.toList()) {
                Path record = d.resolve("checkpoint").resolve("checkpoint.json");
                if (Files.isRegularFile(record)) {
                    return Json.readVerified(record, Checkpoint.class).step();
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return 0; // listed while being renamed into place
        }
        return 0;
    }
}
