package org.revisit.train;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Sgd;
import org.revisit.nets.Architecture;
import org.revisit.nets.Geometry;
import org.revisit.nets.Head;
import org.revisit.nets.MomentsBatchNormHelper;
import org.revisit.nets.NetworkSpec;
import org.revisit.nets.Networks;
import org.revisit.pretext.SemiHardTripletLoss;
import org.revisit.pretext.TripletLossFunction;
import org.revisit.util.NativeBackend;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A step in R replica shards computes what R data-parallel replicas compute: batch norm and the triplet loss see one
 * shard each, and the gradient is the replicas' mean.
 */
class ReplicaShardsTest {
    private static final double EPS = 1e-3;

    @BeforeAll
    static void init() {
        NativeBackend.init();
    }

    /** Each shard normalised with its own mean and population variance, written out by hand. */
    @Test
    void batchNormOfEachShardUsesItsOwnStatistics() {
        withDoubles(() -> {
            ComputationGraph g = batchNormOnly();
            Nd4j.getRandom().setSeed(4);
            g.getLayer("bn").getParam("gamma").assign(Nd4j.rand(DataType.DOUBLE, 1, 3).addi(0.5));
            g.getLayer("bn").getParam("beta").assign(Nd4j.randn(DataType.DOUBLE, 1, 3));
            MomentsBatchNormHelper.install(g, 2);
            INDArray x = Nd4j.randn(DataType.DOUBLE, 6, 3, 2, 2).muli(2);
            x.get(NDArrayIndex.interval(3, 6)).addi(5); // the second shard's mean is far from the first's
            INDArray y = g.feedForward(new INDArray[] {x}, true, false).get("bn");
            double[] gamma = g.getLayer("bn").getParam("gamma").toDoubleVector();
            double[] beta = g.getLayer("bn").getParam("beta").toDoubleVector();
            double[][] means = new double[2][3];
            double[][] vars = new double[2][3];
            for (int shard = 0; shard < 2; shard++) {
                for (int c = 0; c < 3; c++) {
                    double sum = 0;
                    double sq = 0;
                    for (int i = shard * 3; i < shard * 3 + 3; i++) {
                        for (int h = 0; h < 2; h++) {
                            for (int w = 0; w < 2; w++) {
                                double v = x.getDouble(i, c, h, w);
                                sum += v;
                                sq += v * v;
                            }
                        }
                    }
                    means[shard][c] = sum / 12;
                    vars[shard][c] = sq / 12 - means[shard][c] * means[shard][c];
                    for (int i = shard * 3; i < shard * 3 + 3; i++) {
                        for (int h = 0; h < 2; h++) {
                            for (int w = 0; w < 2; w++) {
                                double expected = gamma[c] * (x.getDouble(i, c, h, w) - means[shard][c])
                                        / Math.sqrt(vars[shard][c] + EPS) + beta[c];
                                assertEquals(expected, y.getDouble(i, c, h, w), 1e-9, "row " + i + " channel " + c);
                            }
                        }
                    }
                }
            }
            var helper = (MomentsBatchNormHelper) ((org.deeplearning4j.nn.layers.normalization.BatchNormalization)
                    g.getLayer("bn")).getHelper();
            for (int c = 0; c < 3; c++) {
                assertEquals((means[0][c] + means[1][c]) / 2, helper.getMeanCache(DataType.DOUBLE).getDouble(c), 1e-9,
                        "the running mean follows the shards' mean mean");
                assertEquals((vars[0][c] + vars[1][c]) / 2, helper.getVarCache(DataType.DOUBLE).getDouble(c), 1e-9,
                        "the running variance follows the shards' mean variance");
            }
        });
    }

    /**
     * A small ResNet's loss and every gradient over 8 images in 2 shards equal the mean of the same network's loss
     * and gradients over each 4-image half on its own, computed by DL4J's own batch norm (double precision: the
     * oneDNN helper declines it), as two replicas would before averaging their gradients; the running means' update
     * is the mean of theirs.
     */
    @Test
    void gradientsInShardsAreTheMeanOfEachReplicasGradients() {
        withDoubles(() -> {
            ComputationGraph sharded = resnet();
            ComputationGraph replica = sharded.clone();
            ReplicaShards.install(sharded, 2);
            Nd4j.getRandom().setSeed(9);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 8, 1, 16, 16).muli(2).subi(1);
            x.get(NDArrayIndex.interval(4, 8)).muli(3).addi(0.5);
            INDArray y = Nd4j.zeros(DataType.DOUBLE, 8, 4);
            for (int i = 0; i < 8; i++) {
                y.putScalar(i, (i * 3) % 4, 1);
            }
            Map<String, INDArray> whole = gradients(sharded, x, y);
            double score = sharded.score();
            Map<String, INDArray> first = gradients(replica, x.get(NDArrayIndex.interval(0, 4)),
                    y.get(NDArrayIndex.interval(0, 4)));
            double firstScore = replica.score();
            Map<String, INDArray> second = gradients(replica, x.get(NDArrayIndex.interval(4, 8)),
                    y.get(NDArrayIndex.interval(4, 8)));
            double secondScore = replica.score();
            assertEquals((firstScore + secondScore) / 2, score, 1e-10 * Math.abs(score));
            assertEquals(first.keySet(), whole.keySet());
            int batchNorm = 0;
            for (String k : whole.keySet()) {
                if (k.endsWith("_log10stdev")) {
                    continue; // the running deviation's update: non-linear in the shards' variances
                }
                // DL4J's gradients are sums over the examples, divided by the batch in the updater: the sum of two
                // replicas' sums is the mean of their mean gradients; the running means' updates are means
                INDArray mean = first.get(k).add(second.get(k)).divi(k.endsWith("_mean") ? 2 : 1);
                double scale = Math.max(1e-8, mean.norm2Number().doubleValue());
                double diff = whole.get(k).sub(mean).norm2Number().doubleValue();
                assertTrue(diff <= 1e-8 * scale + 1e-12,
                        () -> k + " differs by " + diff + " (norm " + scale + ")");
                batchNorm += k.endsWith("_gamma") ? 1 : 0;
            }
            assertTrue(batchNorm >= 5, "the gradients of the BN layers are among those compared: " + batchNorm);
            // and unsharded, the same batch gives other gradients: the shards are what makes them equal
            ComputationGraph wholeBatch = replica.clone();
            Map<String, INDArray> unsharded = gradients(wholeBatch, x, y);
            INDArray k = unsharded.get("logits_W");
            assertTrue(k.sub(whole.get("logits_W")).norm2Number().doubleValue() > 1e-3 * k.norm2Number()
                    .doubleValue(), "unsharded batch norm sees both halves' statistics");
        });
    }

    /**
     * A Relative Patch Location network (trunk on each image's nine patches, head batch norm on the pairs) in two
     * shards equals two replicas on two images each: a shard of the step is whole images, for the trunk's patches and
     * the head's examples alike.
     */
    @Test
    void patchNetworkInShardsEqualsReplicasOnWholeImages() {
        withDoubles(() -> {
            var task = new org.revisit.pretext.RelativePatchLocationTask();
            Geometry geo = task.networkGeometry(Geometry.small(28, 1));
            ComputationGraph sharded = new ComputationGraph(Networks.builder()
                    .setSpec(NetworkSpec.of(Architecture.RESNET_V2, 1, new int[] {1, 1, 1, 1}, geo))
                    .setHead(new Head.PatchClassifier(2, 8, 16, 32, 1.0))
                    .optDataType(DataType.DOUBLE).optSeed(3).build());
            sharded.init();
            ComputationGraph replica = sharded.clone();
            ReplicaShards.install(sharded, 2);
            var images = org.revisit.data.FashionMnist.load(org.revisit.data.FashionMnist.DEFAULT_FOLDER, 100, 0)
                    .train().head(4);
            var b = task.batch(images, new int[] {0, 1, 2, 3}, org.revisit.data.Augmentation.smallImages(), geo,
                    new java.util.SplittableRandom(5));
            INDArray x = b.inputs().castTo(DataType.DOUBLE);
            INDArray order = b.order().castTo(DataType.DOUBLE);
            INDArray y = b.labels().castTo(DataType.DOUBLE);
            assertEquals(36, x.size(0));
            assertEquals(32, order.size(0));
            Map<String, INDArray> whole = gradients(sharded, new INDArray[] {x, order}, y);
            Map<String, INDArray> first = gradients(replica, new INDArray[] {x.get(NDArrayIndex.interval(0, 18)),
                    order.get(NDArrayIndex.interval(0, 16))}, y.get(NDArrayIndex.interval(0, 16)));
            Map<String, INDArray> second = gradients(replica, new INDArray[] {x.get(NDArrayIndex.interval(18, 36)),
                    order.get(NDArrayIndex.interval(16, 32)).sub(18)}, y.get(NDArrayIndex.interval(16, 32)));
            int headBatchNorm = 0;
            for (String k : whole.keySet()) {
                if (k.endsWith("_log10stdev") || k.endsWith("_mean") || k.endsWith("_var")) {
                    continue;
                }
                INDArray sum = first.get(k).add(second.get(k));
                double scale = Math.max(1e-8, sum.norm2Number().doubleValue());
                double diff = whole.get(k).sub(sum).norm2Number().doubleValue();
                assertTrue(diff <= 1e-8 * scale + 1e-12,
                        () -> k + " differs by " + diff + " (norm " + scale + ")");
                headBatchNorm += k.endsWith("_gamma") && !k.startsWith("block") && !k.startsWith("final") ? 1 : 0;
            }
            assertTrue(headBatchNorm >= 1, "the head's batch norm is among those compared: " + whole.keySet());
        });
    }

    /** The triplet loss in shards: each shard normalised across itself and mined alone, the loss their mean. */
    @Test
    void tripletLossInShardsIsTheMeanOfEachShardsLoss() {
        Nd4j.getRandom().setSeed(2);
        INDArray e = Nd4j.randn(DataType.DOUBLE, 16, 5);
        int[] ids = new int[16];
        for (int i = 0; i < 16; i++) {
            ids[i] = i / 4; // 4 images x 4 copies, image by image as the tasks lay out a step
        }
        var loss = new SemiHardTripletLoss(0.5, SemiHardTripletLoss.Normalisation.ACROSS_BATCH);
        SemiHardTripletLoss.Result sharded = loss.compute(e, ids, 2);
        SemiHardTripletLoss.Result a = loss.compute(e.get(NDArrayIndex.interval(0, 8)).dup(),
                java.util.Arrays.copyOfRange(ids, 0, 8));
        SemiHardTripletLoss.Result b = loss.compute(e.get(NDArrayIndex.interval(8, 16)).dup(),
                java.util.Arrays.copyOfRange(ids, 8, 16));
        assertEquals((a.loss() + b.loss()) / 2, sharded.loss(), 1e-12);
        assertEquals(a.pairs() + b.pairs(), sharded.pairs());
        assertTrue(sharded.gradient().get(NDArrayIndex.interval(0, 8)).equalsWithEps(a.gradient().div(2), 1e-12));
        assertTrue(sharded.gradient().get(NDArrayIndex.interval(8, 16)).equalsWithEps(b.gradient().div(2), 1e-12));
        assertTrue(Math.abs(loss.compute(e, ids).loss() - sharded.loss()) > 1e-6,
                "normalised and mined over the whole batch, the loss differs");
        assertThrows(IllegalArgumentException.class, () -> loss.compute(e, ids, 3), "16 rows in 3 shards");
    }

    /** The trainer's install reaches every BN layer and the triplet loss of an Exemplar network. */
    @Test
    void installSetsEveryBatchNormLayerAndTheTripletLoss() {
        NetworkSpec spec = NetworkSpec.of(Architecture.RESNET_V1, 1, new int[] {1, 1, 1, 1}, Geometry.small(16, 1));
        TripletLossFunction triplet = new TripletLossFunction(0.5);
        ComputationGraph g = new ComputationGraph(Networks.builder().setSpec(spec)
                .setHead(new Head.Embedding(8, triplet)).optSeed(1).build());
        g.init();
        ReplicaShards.install(g, 4);
        int bn = 0;
        for (var layer : g.getLayers()) {
            if (layer instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization b) {
                assertEquals(4, assertInstanceOf(MomentsBatchNormHelper.class, b.getHelper()).shards());
                bn++;
            }
        }
        assertTrue(bn >= 5, bn + " BN layers");
        var out = (org.deeplearning4j.nn.conf.layers.BaseOutputLayer) g.getOutputLayer(0).conf().getLayer();
        assertEquals(4, ((TripletLossFunction) out.getLossFn()).shards());
        assertEquals(1, new TripletLossFunction(0.5).shards(), "one shard unless the trainer sets more");
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.paperShape(1, 6, 0.9, 6, 0)
                .withReplicas(4), "6 images do not split into 4 replicas");
    }

    /** One shard keeps the helper DL4J's oneDNN path with the moments statistics, as trained before the option. */
    @Test
    void oneReplicaIsTheWholeStep() {
        NetworkSpec spec = NetworkSpec.of(Architecture.RESNET_V2, 1, new int[] {1, 1, 1, 1}, Geometry.small(16, 1));
        ComputationGraph before = network(spec, DataType.FLOAT);
        ComputationGraph one = before.clone();
        MomentsBatchNormHelper.install(before);
        ReplicaShards.install(one, 1);
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 1, 16, 16);
        INDArray y = Nd4j.eye(4).castTo(DataType.FLOAT).repeat(0, 2);
        Map<String, INDArray> a = gradients(before, x, y);
        Map<String, INDArray> b = gradients(one, x, y);
        for (String k : a.keySet()) {
            assertEquals(a.get(k), b.get(k), k);
        }
        assertEquals(TrainingConfig.paperShape(2, 8, 0.9, 64, 0).toString(),
                TrainingConfig.paperShape(2, 8, 0.9, 64, 0).withReplicas(1).toString(), "no mark for one replica");
    }

    /** Installing fewer shards replaces the helper (the first data-parallel replica trains the graph in R / D). */
    @Test
    void installingAgainSetsTheNewShards() {
        ComputationGraph g = resnet();
        ReplicaShards.install(g, 4);
        ReplicaShards.install(g, 1);
        int layers = 0;
        for (var layer : g.getLayers()) {
            if (layer instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization bn
                    && bn.getHelper() instanceof MomentsBatchNormHelper m) {
                assertEquals(1, m.shards(), layer.conf().getLayer().getLayerName());
                layers++;
            }
        }
        assertTrue(layers > 0, "batch-norm layers with the helper");
    }

    private static ComputationGraph batchNormOnly() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(2, 2, 3))
                .addLayer("bn", new BatchNormalization.Builder().eps(EPS).build(), "in").setOutputs("bn").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    private static ComputationGraph resnet() {
        return network(NetworkSpec.of(Architecture.RESNET_V2, 1, new int[] {1, 1, 1, 1}, Geometry.small(16, 1)),
                DataType.DOUBLE);
    }

    private static ComputationGraph network(NetworkSpec spec, DataType type) {
        ComputationGraph g = new ComputationGraph(Networks.builder().setSpec(spec).setOutputs(4)
                .optUpdater(new Sgd(0.05)).optDataType(type).optSeed(11).build());
        g.init();
        return g;
    }

    private static Map<String, INDArray> gradients(ComputationGraph g, INDArray x, INDArray y) {
        return gradients(g, new INDArray[] {x}, y);
    }

    private static Map<String, INDArray> gradients(ComputationGraph g, INDArray[] x, INDArray y) {
        INDArray[] in = new INDArray[x.length];
        for (int i = 0; i < x.length; i++) {
            in[i] = x[i].dup();
        }
        g.setInputs(in);
        g.setLabels(y.dup());
        g.computeGradientAndScore();
        Map<String, INDArray> grads = new HashMap<>();
        g.gradient().gradientForVariable().forEach((k, v) -> grads.put(k, v.dup()));
        return grads;
    }

    private static void withDoubles(Runnable body) {
        DataType saved = Nd4j.dataType();
        DataType savedFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            body.run();
        } finally {
            Nd4j.setDefaultDataTypes(saved, savedFloat);
        }
    }
}
