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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two data-parallel devices (DL4J's ParallelWrapper, on the CPU backend two replicas on two threads), and one device
 * accumulating two passes, train the network one device trains with the step in two replica shards in one pass: the
 * same losses step by step and the same weights after the run, up to float rounding, for a task of each kind (a
 * classification head, the triplet loss, patches).
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

    static Run run(PretextTask task, NetworkSpec spec, TrainingConfig config, Execution execution) {
        List<Double> losses = new ArrayList<>();
        long t0 = System.nanoTime();
        TrainedNetwork net = PretextTrainer.train("dp " + execution, spec, task, config, Augmentation.smallImages(),
                data.train(), data.val().head(32), Checkpoints.none(), (step, loss) -> losses.add(loss), execution);
        double seconds = (System.nanoTime() - t0) / 1e9;
        INDArray params = net.graph().params().dup();
        net.graph().close();
        net.initial().close();
        return new Run(losses, params, seconds);
    }

    static double[] compare(PretextTask task, NetworkSpec spec, TrainingConfig config, Execution execution) {
        Run one = run(task, spec, config, Execution.SINGLE);
        Run two = run(task, spec, config, execution);
        assertEquals(one.losses().size(), two.losses().size());
        double lossDiff = 0;
        for (int i = 0; i < one.losses().size(); i++) {
            lossDiff = Math.max(lossDiff, Math.abs(one.losses().get(i) - two.losses().get(i))
                    / Math.abs(one.losses().get(i)));
        }
        double weightDiff = one.params().sub(two.params()).amaxNumber().doubleValue();
        double moved = one.params().sub(run0(task, spec, config)).amaxNumber().doubleValue();
        System.out.printf("%s %s: %d steps, max relative loss difference %.2e, max weight difference %.2e "
                        + "(training moved weights by up to %.2e); one pass on 1 device %.2f s, %s %.2f s%n", execution,
                task.name(), one.losses().size(), lossDiff, weightDiff, moved, one.seconds(), execution,
                two.seconds());
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
        compare(new RotationTask(), REVNET, TrainingConfig.paperShape(1, 16, 0.9, 128, 7).withReplicas(2),
                new Execution(2, 1));
    }

    @Test
    void rotationInTwoAccumulatedPassesTrainsWhatOnePassTrains() {
        compare(new RotationTask(), REVNET, TrainingConfig.paperShape(1, 16, 0.9, 128, 7).withReplicas(2),
                new Execution(1, 2));
    }

    @Test
    void exemplarOnTwoDevicesInTwoPassesEachTrainsWhatOnePassTrains() {
        compare(new ExemplarTask(), REVNET, TrainingConfig.paperShape(1, 8, 0.9, 32, 7).withReplicas(4),
                new Execution(2, 2));
    }

    @Test
    void exemplarOnTwoDevicesTrainsWhatOneTrainsInTwoShards() {
        compare(new ExemplarTask(), REVNET, TrainingConfig.paperShape(1, 8, 0.9, 32, 7).withReplicas(4),
                new Execution(2, 1));
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
        Execution[] executions = {Execution.SINGLE, new Execution(2, 1), new Execution(1, 2)};
        double[][] losses = new double[executions.length][steps];
        INDArray[] params = new INDArray[executions.length];
        for (int e = 0; e < executions.length; e++) {
            Execution execution = executions[e];
            ComputationGraph g = new ComputationGraph(Networks.builder().setSpec(spec).setHead(keepAll)
                    .optSeed(config.seed()).optUpdater(new Momentum(config.peakLr(), config.schedule(steps),
                            config.momentum())).optWeightDecay(config.weightDecay()).optBnDecay(config.bnDecay())
                    .build());
            g.init();
            ReplicaShards.install(g, config.replicas());
            var batches = PretextTrainer.batches(task, spec, config, Augmentation.smallImages(), data.train(), 0);
            try (StepRunner runner = StepRunner.of(g, execution, config.replicas())) {
                for (int i = 0; i < steps; i++) {
                    runner.fit(batches.next());
                    losses[e][i] = g.score();
                }
            }
            params[e] = g.params().dup();
            g.close();
        }
        for (int e = 1; e < executions.length; e++) {
            double lossDiff = 0;
            for (int i = 0; i < steps; i++) {
                lossDiff = Math.max(lossDiff, Math.abs(losses[0][i] - losses[e][i]) / losses[0][i]);
            }
            double weightDiff = params[0].sub(params[e]).amaxNumber().doubleValue();
            System.out.printf("%s %s (no dropout): %d steps, max relative loss difference %.2e, max weight "
                    + "difference %.2e%n", executions[e], task.name(), steps, lossDiff, weightDiff);
            assertTrue(lossDiff < LOSS_TOLERANCE, executions[e] + ": losses differ by " + lossDiff);
            assertTrue(weightDiff < WEIGHT_TOLERANCE, executions[e] + ": weights differ by " + weightDiff);
        }
    }

    @Test
    void shardsAreConsecutiveImagesWithTheirPatchOrderRenumbered() {
        PretextTask task = new RelativePatchLocationTask();
        NetworkSpec spec = NetworkSpec.of(Architecture.RESNET_V2, 1, new int[] {1, 1, 1, 1}, Geometry.small(28, 1));
        PretextBatch b = task.batch(data.train(), new int[] {3, 1, 4, 1}, Augmentation.smallImages(),
                task.networkGeometry(spec.geometry()), new java.util.SplittableRandom(5));
        List<MultiDataSet> shards = StepShards.of(b, 2);
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
    void devicesAndPassesDivideTheReplicaShards() {
        OptionalInt auto = OptionalInt.empty();
        assertEquals(new Execution(1, 1), Execution.forStep(auto, 1, 1, 32), "the CPU backend's one device");
        assertEquals(new Execution(4, 1), Execution.forStep(auto, 4, 1, 32), "every device when they divide");
        assertEquals(new Execution(2, 1), Execution.forStep(auto, 3, 1, 32), "the most devices that divide");
        assertEquals(new Execution(1, 1), Execution.forStep(auto, 8, 1, 1), "one shard: one device");
        assertEquals(new Execution(4, 8), Execution.forStep(auto, 8, 8, 32), "devices left whole shards per pass");
        assertEquals(new Execution(8, 1), Execution.forStep(OptionalInt.of(8), 1, 1, 32), "as requested");
        assertEquals(4, new Execution(2, 4).shardsPerPass(32));
        var e = assertThrows(IllegalArgumentException.class, () -> Execution.forStep(OptionalInt.of(2), 2, 1, 1));
        assertTrue(e.getMessage().contains("-Drevisit.devices=2") && e.getMessage().contains("use 1"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Execution.forStep(OptionalInt.of(3), 4, 1, 32));
        assertThrows(IllegalArgumentException.class, () -> Execution.forStep(OptionalInt.of(8), 8, 8, 32),
                "8 devices x 8 passes is more than 32 shards");
        var p = assertThrows(IllegalArgumentException.class, () -> Execution.forStep(auto, 1, 3, 32));
        assertTrue(p.getMessage().contains("-Drevisit.accumulate=3"), p.getMessage());
    }
}
