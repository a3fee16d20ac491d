package org.revisit.train;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.revisit.data.Augmentation;
import org.revisit.data.DatasetSplits;
import org.revisit.data.FashionMnist;
import org.revisit.nets.Architecture;
import org.revisit.nets.Geometry;
import org.revisit.nets.Head;
import org.revisit.nets.Networks;
import org.revisit.nets.NetworkSpec;
import org.revisit.pretext.ExemplarTask;
import org.revisit.pretext.PretextBatch;
import org.revisit.pretext.PretextTask;
import org.revisit.pretext.RelativePatchLocationTask;
import org.revisit.pretext.RotationTask;
import org.revisit.util.NativeBackend;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two data-parallel devices (DL4J's ParallelWrapper, on the CPU backend two replicas on two threads) train the network
 * one device trains with the step in two replica shards: the same losses step by step and the same weights after the
 * run, up to float rounding, for a task of each kind (a classification head, the triplet loss, patches).
 */
class DataParallelTest {
    /** Relative loss difference allowed at any step, and absolute weight difference over weights of order 0.1-1. */
    static final double LOSS_TOLERANCE = 1e-3;
    static final double WEIGHT_TOLERANCE = 1e-3;
    static DatasetSplits data;

    @BeforeAll
    static void load() {
        NativeBackend.init();
        data = FashionMnist.load(FashionMnist.DEFAULT_FOLDER, 500, 0);
    }

    record Run(List<Double> losses, INDArray params, double seconds) {
    }

    static Run run(PretextTask task, NetworkSpec spec, TrainingConfig config, int devices) {
        List<Double> losses = new ArrayList<>();
        long t0 = System.nanoTime();
        TrainedNetwork net = PretextTrainer.train("dp-" + devices, spec, task, config, Augmentation.smallImages(),
                data.train(), data.val().head(32), Checkpoints.none(), (step, loss) -> losses.add(loss), devices);
        double seconds = (System.nanoTime() - t0) / 1e9;
        INDArray params = net.graph().params().dup();
        net.graph().close();
        net.initial().close();
        return new Run(losses, params, seconds);
    }

    static double[] compare(PretextTask task, NetworkSpec spec, TrainingConfig config) {
        Run one = run(task, spec, config, 1);
        Run two = run(task, spec, config, 2);
        assertEquals(one.losses().size(), two.losses().size());
        double lossDiff = 0;
        for (int i = 0; i < one.losses().size(); i++) {
            lossDiff = Math.max(lossDiff, Math.abs(one.losses().get(i) - two.losses().get(i))
                    / Math.abs(one.losses().get(i)));
        }
        double weightDiff = one.params().sub(two.params()).amaxNumber().doubleValue();
        double moved = one.params().sub(run0(task, spec, config)).amaxNumber().doubleValue();
        System.out.printf("data-parallel %s: %d steps, max relative loss difference %.2e, max weight difference %.2e "
                        + "(training moved weights by up to %.2e); 1 device %.2f s, 2 devices %.2f s%n", task.name(),
                one.losses().size(), lossDiff, weightDiff, moved, one.seconds(), two.seconds());
        assertTrue(lossDiff < LOSS_TOLERANCE, task.name() + ": losses differ by " + lossDiff);
        assertTrue(weightDiff < WEIGHT_TOLERANCE, task.name() + ": weights differ by " + weightDiff);
        assertTrue(moved > 100 * weightDiff, task.name() + ": training moved the weights by " + moved
                + ", too little to tell a difference of " + weightDiff);
        return new double[] {lossDiff, weightDiff};
    }

    private static INDArray run0(PretextTask task, NetworkSpec spec, TrainingConfig config) {
        return PretextTrainer.untrained(spec, task, config, PretextTrainer.stepsPerEpoch(config, data.train()))
                .params();
    }

    static final NetworkSpec REVNET = NetworkSpec.of(Architecture.REVNET, 1, new int[] {1, 1, 1, 1},
            Geometry.small(28, 1));

    @Test
    void rotationOnTwoDevicesTrainsWhatOneTrainsInTwoShards() {
        compare(new RotationTask(), REVNET, TrainingConfig.paperShape(1, 16, 0.9, 128, 7).withReplicas(2));
    }

    @Test
    void exemplarOnTwoDevicesTrainsWhatOneTrainsInTwoShards() {
        compare(new ExemplarTask(), REVNET, TrainingConfig.paperShape(1, 8, 0.9, 32, 7).withReplicas(4));
    }

    /**
     * The patch tasks' head drops half its inputs out, and the replicas draw their masks on their own threads, so no
     * two runs agree; with every input kept the two devices train what one trains in two shards (the patch order
     * renumbered per shard, the gather within each).
     */
    @Test
    void patchesOnTwoDevicesTrainWhatOneTrainsInTwoShards() {
        PretextTask task = new RelativePatchLocationTask();
        NetworkSpec s = NetworkSpec.of(Architecture.RESNET_V2, 1, new int[] {1, 1, 1, 1}, Geometry.small(28, 1));
        NetworkSpec spec = s.withGeometry(task.networkGeometry(s.geometry()));
        TrainingConfig config = TrainingConfig.paperShape(1, 8, 0.9, 32, 7).withReplicas(2);
        Head.PatchClassifier h = (Head.PatchClassifier) task.head(spec.geometry());
        Head keepAll = new Head.PatchClassifier(h.patches(), h.classes(), h.embedding(), h.hidden(), 1.0);
        int steps = PretextTrainer.stepsPerEpoch(config, data.train());
        double[][] losses = new double[2][steps];
        INDArray[] params = new INDArray[2];
        for (int devices = 1; devices <= 2; devices++) {
            ComputationGraph g = new ComputationGraph(Networks.builder().setSpec(spec).setHead(keepAll)
                    .optSeed(config.seed()).optUpdater(new Momentum(config.peakLr(), config.schedule(steps),
                            config.momentum())).optWeightDecay(config.weightDecay()).optBnDecay(config.bnDecay())
                    .build());
            g.init();
            ReplicaShards.install(g, config.replicas());
            var batches = PretextTrainer.batches(task, spec, config, Augmentation.smallImages(), data.train(), 0);
            try (DataParallel parallel = DataParallel.of(g, devices, config.replicas())) {
                for (int i = 0; i < steps; i++) {
                    PretextBatch b = batches.next();
                    if (devices == 1) {
                        g.fit(new MultiDataSet(b.networkInputs(), new INDArray[] {b.labels()}));
                    } else {
                        parallel.fit(b);
                    }
                    losses[devices - 1][i] = g.score();
                }
            }
            params[devices - 1] = g.params().dup();
            g.close();
        }
        double lossDiff = 0;
        for (int i = 0; i < steps; i++) {
            lossDiff = Math.max(lossDiff, Math.abs(losses[0][i] - losses[1][i]) / losses[0][i]);
        }
        double weightDiff = params[0].sub(params[1]).amaxNumber().doubleValue();
        System.out.printf("data-parallel %s (no dropout): %d steps, max relative loss difference %.2e, max weight "
                + "difference %.2e%n", task.name(), steps, lossDiff, weightDiff);
        assertTrue(lossDiff < LOSS_TOLERANCE, "losses differ by " + lossDiff);
        assertTrue(weightDiff < WEIGHT_TOLERANCE, "weights differ by " + weightDiff);
    }

    @Test
    void shardsAreConsecutiveImagesWithTheirPatchOrderRenumbered() {
        PretextTask task = new RelativePatchLocationTask();
        NetworkSpec spec = NetworkSpec.of(Architecture.RESNET_V2, 1, new int[] {1, 1, 1, 1}, Geometry.small(28, 1));
        PretextBatch b = task.batch(data.train(), new int[] {3, 1, 4, 1}, Augmentation.smallImages(),
                task.networkGeometry(spec.geometry()), new java.util.SplittableRandom(5));
        List<MultiDataSet> shards = DataParallel.shards(b, 2);
        long patches = b.inputs().size(0);
        long examples = b.order().size(0);
        for (int s = 0; s < 2; s++) {
            MultiDataSet m = shards.get(s);
            assertEquals(patches / 2, m.getFeatures(0).size(0));
            assertEquals(b.inputs().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(s * patches / 2,
                    (s + 1) * patches / 2)), m.getFeatures(0));
            INDArray order = b.order().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(s * examples / 2,
                    (s + 1) * examples / 2));
            assertEquals(order.sub((double) s * patches / 2), m.getFeatures(1), "shard " + s + "'s patch order");
            assertTrue(m.getFeatures(1).minNumber().doubleValue() >= 0
                    && m.getFeatures(1).maxNumber().doubleValue() < patches / 2.0, "order within the shard");
            assertEquals(b.labels().size(0) / 2, m.getLabels(0).size(0));
        }
    }

    @Test
    void devicesDivideTheReplicaShards() {
        assertEquals(1, DataParallel.devicesFor(OptionalInt.empty(), 1, 32), "the CPU backend's one device");
        assertEquals(4, DataParallel.devicesFor(OptionalInt.empty(), 4, 32), "every device when they divide");
        assertEquals(2, DataParallel.devicesFor(OptionalInt.empty(), 3, 32), "the most devices that divide");
        assertEquals(1, DataParallel.devicesFor(OptionalInt.empty(), 8, 1), "one shard: one device");
        assertEquals(8, DataParallel.devicesFor(OptionalInt.of(8), 1, 32), "as requested");
        var e = assertThrows(IllegalArgumentException.class,
                () -> DataParallel.devicesFor(OptionalInt.of(2), 2, 1));
        assertTrue(e.getMessage().contains("-Drevisit.devices=2") && e.getMessage().contains("use 1"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DataParallel.devicesFor(OptionalInt.of(3), 4, 32));
        assertArrayEquals(new int[] {0}, new int[] {0});
    }
}
