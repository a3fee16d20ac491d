package org.revisit.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revisit.data.Augmentation;
import org.revisit.data.DatasetSplits;
import org.revisit.data.FashionMnist;
import org.revisit.pretext.RotationTask;
import org.revisit.util.NativeBackend;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The learning curves' snapshots: where along a run they fall, and that each is the run's weights at its step. */
class SnapshotsTest {
    static DatasetSplits data;

    @BeforeAll
    static void load() {
        NativeBackend.init();
        data = FashionMnist.load(FashionMnist.DEFAULT_FOLDER, 500, 0);
    }

    @Test
    void stepsCutTheRunIntoEqualIntervals() {
        assertArrayEquals(new int[] {16, 32, 48, 64, 80, 96, 112}, Snapshots.steps(128, 8));
        assertArrayEquals(new int[] {8, 15, 23, 30, 38, 45, 53}, Snapshots.steps(60, 8), "rounded half up");
        assertArrayEquals(new int[] {1, 2, 3}, Snapshots.steps(4, 8), "no step twice, none at 0 or the end");
        assertArrayEquals(new int[0], Snapshots.steps(128, 0));
        assertArrayEquals(new int[0], Snapshots.steps(128, 1));
    }

    @Test
    void dueAtExactlyTheCutStepsWhateverTheRunBefore(@TempDir Path dir) {
        Snapshots s = new Snapshots(dir, 8);
        int[] due128 = java.util.stream.IntStream.rangeClosed(0, 128).filter(step -> s.due(step, 128)).toArray();
        assertArrayEquals(Snapshots.steps(128, 8), due128);
        int[] due60 = java.util.stream.IntStream.rangeClosed(0, 60).filter(step -> s.due(step, 60)).toArray();
        assertArrayEquals(Snapshots.steps(60, 8), due60, "a run of another length is cut anew");
        assertFalse(Snapshots.none().due(16, 128), "keeping nothing");
    }

    /**
     * A run of 16 steps with a checkpoint due after step 8 (kept: the run is not cleared) and 4 snapshot intervals:
     * the snapshot of step 8 holds the very weights of the checkpoint of step 8, written independently; the other
     * snapshots differ from it and from the finished network, and no snapshot is made at the run's ends.
     */
    @Test
    void eachSnapshotIsTheRunsWeightsAtItsStep(@TempDir Path dir) throws Exception {
        Snapshots snapshots = new Snapshots(dir.resolve("snapshots"), 4);
        Checkpoints checkpoints = new Checkpoints(dir.resolve("checkpoint"), new CheckpointPolicy(8, 0), snapshots);
        TrainedNetwork net = PretextTrainer.train("snapshot-test", CheckpointResumeTest.NET, new RotationTask(),
                CheckpointResumeTest.CONFIG, Augmentation.smallImages(), data.train(), data.val().head(32),
                checkpoints);
        assertEquals(16, net.record().steps());
        try (var files = Files.list(dir.resolve("snapshots"))) {
            assertEquals(3, files.filter(f -> f.getFileName().toString().endsWith(".zip")).count(),
                    "steps 4, 8 and 12");
        }
        ComputationGraph checkpoint8 = ModelSerializer.restoreComputationGraph(
                dir.resolve("checkpoint").resolve("step-8.zip").toFile(), false);
        ComputationGraph snapshot8 = snapshots.load(8).orElseThrow();
        assertEquals(checkpoint8.params(), snapshot8.params(), "weights and batch-norm statistics after step 8");
        ComputationGraph snapshot4 = snapshots.load(4).orElseThrow();
        ComputationGraph snapshot12 = snapshots.load(12).orElseThrow();
        assertNotEquals(snapshot4.params(), snapshot8.params());
        assertNotEquals(snapshot12.params(), net.graph().params());
        assertNotEquals(snapshot4.params(), net.initial().params());
        assertTrue(snapshots.load(16).isEmpty() && snapshots.load(0).isEmpty(), "the ends are stored elsewhere");
        assertTrue(Snapshots.none().load(8).isEmpty());
    }
}
