package org.revisit.train;

import org.junit.jupiter.api.extension.ExtendWith;
import org.revisit.faults.ExpectedFaults;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revisit.data.Augmentation;
import org.revisit.data.DatasetSplits;
import org.revisit.data.FashionMnist;
import org.revisit.nets.Architecture;
import org.revisit.nets.Geometry;
import org.revisit.nets.NetworkSpec;
import org.revisit.pretext.RotationTask;
import org.revisit.util.Json;
import org.revisit.util.NativeBackend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training stopped part-way and resumed from its checkpoint gives the network an uninterrupted run gives. */
@Tag("faults")
@ExtendWith(ExpectedFaults.class)
class CheckpointResumeTest {
    static DatasetSplits data;
    static final NetworkSpec NET = NetworkSpec.of(Architecture.REVNET, 1, new int[] {1, 1, 1, 1},
            Geometry.small(28, 1));
    // 2 epochs x 8 steps: the checkpoint falls inside the warm-up or between decays, wherever the stop comes
    static final TrainingConfig CONFIG = TrainingConfig.paperShape(2, 16, 0.9, 128, 7);

    @BeforeAll
    static void load() {
        NativeBackend.init();
        data = FashionMnist.load(FashionMnist.DEFAULT_FOLDER, 500, 0);
    }

    private static TrainedNetwork train(Checkpoints checkpoints) {
        return PretextTrainer.train("resume-test", NET, new RotationTask(), CONFIG, Augmentation.smallImages(),
                data.train(), data.val().head(32), checkpoints);
    }

    @Test
    void interruptedThenResumedEqualsUninterrupted(@TempDir Path dir) throws Exception {
        TrainedNetwork straight = train(Checkpoints.none());
        Checkpoints checkpoints = new Checkpoints(dir.resolve("checkpoint"), new CheckpointPolicy(1, 0));
        Thread[] worker = new Thread[1];
        CompletableFuture<TrainedNetwork> run = CompletableFuture.supplyAsync(() -> {
            worker[0] = Thread.currentThread();
            return train(checkpoints);
        });
        Path record = dir.resolve("checkpoint").resolve("checkpoint.json");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!(Files.isRegularFile(record) && Json.readVerified(record, Checkpoint.class).step() >= 3)
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        worker[0].interrupt();
        ExecutionException e = assertThrows(ExecutionException.class, () -> run.get(120, TimeUnit.SECONDS));
        TrainingInterruptedException stop = assertInstanceOf(TrainingInterruptedException.class, e.getCause());
        Checkpoint saved = Json.readVerified(record, Checkpoint.class);
        assertEquals(stop.step(), saved.step(), "the step it stopped after is the step saved");
        assertTrue(saved.step() >= 3 && saved.step() < 16, "stopped at " + saved.step());
        try (Stream<Path> files = Files.list(dir.resolve("checkpoint"))) {
            assertEquals(1, files.filter(f -> f.getFileName().toString().matches("step-\\d+\\.zip")).count(),
                    "older checkpoints are deleted once a newer one is recorded");
        }

        TrainedNetwork resumed = train(checkpoints);
        assertEquals(saved.step(), resumed.record().resumedFromStep());
        assertEquals(16, resumed.record().steps());
        assertEquals(straight.graph().params(), resumed.graph().params(), "weights and BN statistics");
        assertEquals(straight.record().finalLoss(), resumed.record().finalLoss());
        assertEquals(straight.initial().params(), resumed.initial().params(), "the untrained control survives");
        assertEquals(straight.graph().getUpdater().getStateViewArray(), resumed.graph().getUpdater()
                .getStateViewArray(), "momentum accumulators");
    }

    @Test
    void corruptCheckpointIsSetAsideAndTrainingStartsAgain(@TempDir Path dir) throws IOException {
        TrainedNetwork straight = train(Checkpoints.none());
        Checkpoints checkpoints = new Checkpoints(dir.resolve("checkpoint"), new CheckpointPolicy(5, 0));
        // a full run leaves no checkpoint behind only in NetworkCache; here the last one (step 15) stays
        train(checkpoints);
        Path record = dir.resolve("checkpoint").resolve("checkpoint.json");
        Checkpoint c = Json.readVerified(record, Checkpoint.class);
        assertEquals(15, c.step());
        Path zip = dir.resolve("checkpoint").resolve(c.networkFile());
        byte[] bytes = Files.readAllBytes(zip);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(zip, bytes);

        TrainedNetwork again = train(checkpoints);
        assertEquals(0, again.record().resumedFromStep(), "a corrupt checkpoint is not resumed from");
        assertEquals(straight.graph().params(), again.graph().params());
        try (Stream<Path> files = Files.list(dir.resolve("checkpoint"))) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith(c.networkFile() + ".corrupt-")),
                    "the corrupt file is kept aside, not deleted");
        }
    }
}
