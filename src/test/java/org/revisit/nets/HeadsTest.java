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

    @Test
    void patchClassifierConcatenatesEachExamplesPatches() {
        ComputationGraph g = net(new Head.PatchClassifier(9, 5, 6, 8, 0.5), DataType.FLOAT);
        INDArray x = patches(18, DataType.FLOAT);
        INDArray[] out = g.output(List.of(Head.PatchClassifier.PATCH_EMBEDDING, "patch_concat", Networks.LOGITS),
                false, new INDArray[] {x}, null);
        assertArrayEquals(new long[] {18, 6}, out[0].shape());
        assertArrayEquals(new long[] {2, 54}, out[1].shape());
        // example 1's block of the concatenation is its nine patch embeddings in input order
        assertEquals(out[0].getRow(9 + 4), out[1].getRow(1).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(24, 30)));
        assertArrayEquals(new long[] {2, 5}, out[2].shape());
    }

    @Test
    void patchClassifierBackpropMatchesFiniteDifferences() {
        ComputationGraph g = net(new Head.PatchClassifier(2, 5, 6, 8, 1.0), DataType.DOUBLE);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 3, 5);
        for (int i = 0; i < 3; i++) {
            y.putScalar(i, i, 1);
        }
        List<String> failures = GradientCheckTest.check(g, new DataSet(patches(6, DataType.DOUBLE), y), 2, 1e-6,
                1e-3, 1e-8);
        assertTrue(failures.isEmpty(), failures.toString());
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
                new TripletLossFunction(0.5)))) {
            ComputationGraph g = net(head, DataType.FLOAT);
            File f = dir.resolve("net.zip").toFile();
            ModelSerializer.writeModel(g, f, false);
            ComputationGraph r = ModelSerializer.restoreComputationGraph(f, false);
            assertEquals(g.getConfiguration().toJson(), r.getConfiguration().toJson(), head.toString());
            INDArray x = patches(4, DataType.FLOAT);
            assertEquals(g.outputSingle(false, x), r.outputSingle(false, x), head.toString());
        }
    }
}
