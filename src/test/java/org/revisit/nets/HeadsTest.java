package org.revisit.nets;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.revisit.pretext.TripletLossFunction;
import org.revisit.util.NativeBackend;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pretext heads: shapes, backprop against finite differences (double precision), and save/restore. */
class HeadsTest {
    private static final Geometry PATCH = Geometry.smallPatch(8, 1);
    private static final int[] DEPTH = {1, 1, 1, 1};
    private static DataType savedDefault;
    private static DataType savedFloatingPoint;

    @BeforeAll
    static void init() {
        NativeBackend.init();
        savedDefault = Nd4j.dataType();
        savedFloatingPoint = Nd4j.defaultFloatingPointType();
    }

    @AfterAll
    static void restore() {
        Nd4j.setDefaultDataTypes(savedDefault, savedFloatingPoint);
    }

    /** RevNet: the cheapest trunk to check in double precision (the trunks have their own GradientCheckTest). */
    private static ComputationGraph net(Head head, DataType type) {
        Nd4j.setDefaultDataTypes(type, type);
        ComputationGraph g = new ComputationGraph(Networks.builder()
                .setSpec(NetworkSpec.of(Architecture.REVNET, 1, DEPTH, PATCH)).setHead(head).optDataType(type)
                .optWeightDecay(0).optSeed(9).build());
        g.init();
        return g;
    }

    private static INDArray patches(int n, DataType type) {
        Nd4j.getRandom().setSeed(3);
        return Nd4j.rand(type, n, 1, 8, 8);
    }

    /** Two images' nine patches, and three examples of three patches each, drawing on both images. */
    private static final float[][] ORDER = {{4, 0, 8}, {9, 13, 17}, {13, 4, 13}};

    @Test
    void patchClassifierConcatenatesTheEmbeddingsEachExampleNames() {
        ComputationGraph g = net(new Head.PatchClassifier(3, 5, 6, 8, 0.5), DataType.FLOAT);
        INDArray x = patches(18, DataType.FLOAT);
        INDArray order = Nd4j.create(ORDER);
        INDArray[] out = g.output(List.of(Head.PatchClassifier.PATCH_EMBEDDING, "patch_concat", Networks.LOGITS),
                false, new INDArray[] {x, order}, null);
        assertArrayEquals(new long[] {18, 6}, out[0].shape());
        assertArrayEquals(new long[] {3, 18}, out[1].shape());
        for (int e = 0; e < 3; e++) {
            for (int q = 0; q < 3; q++) {
                assertEquals(out[0].getRow((long) ORDER[e][q]),
                        out[1].getRow(e).get(NDArrayIndex.interval(6 * q, 6 * q + 6)), "example " + e + " patch " + q);
            }
        }
        assertArrayEquals(new long[] {3, 5}, out[2].shape());
    }

    /** The gradient of an embedding used by several examples (row 13: three times) is their sum. */
    @Test
    void patchClassifierBackpropMatchesFiniteDifferences() {
        ComputationGraph g = net(new Head.PatchClassifier(3, 5, 6, 8, 1.0), DataType.DOUBLE);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 3, 5);
        for (int i = 0; i < 3; i++) {
            y.putScalar(i, i, 1);
        }
        var data = new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {patches(18, DataType.DOUBLE),
                Nd4j.create(ORDER).castTo(DataType.DOUBLE)}, new INDArray[] {y});
        List<String> failures = GradientCheckTest.check(g, data, 2, 1e-6, 1e-3, 1e-8);
        assertTrue(failures.isEmpty(), failures.toString());
    }

    /** An order naming a patch the batch does not have is refused, not read from other memory. */
    @Test
    void patchOrderOutsideTheBatchIsRefused() {
        ComputationGraph g = net(new Head.PatchClassifier(3, 5, 6, 8, 0.5), DataType.FLOAT);
        INDArray order = Nd4j.create(new float[][] {{0, 1, 18}});
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> g.output(false, patches(18, DataType.FLOAT), order));
        assertTrue(e.getMessage().contains("patch row 18 outside the 18 embeddings"), e.getMessage());
    }

    @Test
    void tripletEmbeddingBackpropMatchesFiniteDifferences() {
        ComputationGraph g = net(new Head.Embedding(7, new TripletLossFunction(0.5)), DataType.DOUBLE);
        INDArray ids = Nd4j.create(new double[] {0, 0, 1, 1, 2, 2}, 6, 1);
        List<String> failures = GradientCheckTest.check(g, new DataSet(patches(6, DataType.DOUBLE), ids), 2, 1e-6,
                1e-3, 1e-8);
        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    void headsSurviveSaveAndRestore(@TempDir Path dir) throws Exception {
        for (Head head : List.of(new Head.PatchClassifier(2, 8, 6, 8, 0.5), new Head.Embedding(7,
                new TripletLossFunction(0.5)), new Head.Embedding(7, new TripletLossFunction(0.5,
                org.revisit.pretext.SemiHardTripletLoss.Normalisation.ACROSS_BATCH)))) {
            ComputationGraph g = net(head, DataType.FLOAT);
            File f = dir.resolve("net.zip").toFile();
            ModelSerializer.writeModel(g, f, false);
            ComputationGraph r = ModelSerializer.restoreComputationGraph(f, false);
            assertEquals(g.getConfiguration().toJson(), r.getConfiguration().toJson(), head.toString());
            INDArray[] x = head instanceof Head.PatchClassifier
                    ? new INDArray[] {patches(4, DataType.FLOAT), Nd4j.create(new float[][] {{0, 1}, {3, 2}})}
                    : new INDArray[] {patches(4, DataType.FLOAT)};
            assertEquals(g.output(false, x)[0], r.output(false, x)[0], head.toString());
        }
    }
}
