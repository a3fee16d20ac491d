package org.revisit.nets;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.revisit.train.Momentum;
import org.revisit.train.WarmupStepSchedule;
import org.revisit.util.NativeBackend;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResNetV2Test {
    @BeforeAll
    static void init() {
        NativeBackend.init();
    }

    private static ComputationGraph build(NetworkSpec spec) {
        ComputationGraph g = new ComputationGraph(ResNetV2.configuration(spec, 4, 1,
                new Momentum(0.1, new WarmupStepSchedule(0.1, 2, new long[] {5}, 0.1), 0.9), 1e-4, 0.99));
        g.init();
        return g;
    }

    @Test
    void endPointsAndShapesAtSmallGeometry() {
        NetworkSpec spec = NetworkSpec.resnetV2(1, new int[] {1, 2, 1, 1}, Geometry.small(28, 1));
        ComputationGraph g = build(spec);
        for (String ep : List.of("after_root", "block1", "block2", "block3", "block4", "pre_logits", "logits")) {
            assertNotNull(g.getVertex(ep), ep);
        }
        assertNotNull(g.getVertex("block2_unit1"));
        INDArray x = ResNetV2.input(new float[2 * 28 * 28], 2, 28, 28, 1);
        INDArray[] out = g.output(List.of("pre_logits", "block4", "logits"), false, new INDArray[] {x}, null);
        assertArrayEquals(new long[] {2, 512}, out[0].shape());
        assertEquals(2 * 4 * 4 * 512, out[1].length()); // 28 -> 28 -> 14 -> 7 -> 4
        assertArrayEquals(new long[] {2, 4}, out[2].shape());
        assertEquals(2.0, out[2].sumNumber().doubleValue(), 1e-4);
    }

    @Test
    void widthMultiplierScalesEveryStage() {
        NetworkSpec k2 = NetworkSpec.resnetV2(2, new int[] {1, 1, 1, 1}, Geometry.small(28, 1));
        ComputationGraph g = build(k2);
        INDArray x = ResNetV2.input(new float[28 * 28], 1, 28, 28, 1);
        assertEquals(1024, g.output(List.of("pre_logits"), false, new INDArray[] {x}, null)[0].length());
        assertEquals(32, g.getLayer("after_root").getParam("W").size(0)); // root: 16k output channels
    }

    @Test
    void minusVariantHasNoReluBeforePooling() {
        NetworkSpec plain = NetworkSpec.resnetV2(1, new int[] {1, 1, 1, 1}, Geometry.small(28, 1));
        NetworkSpec minus = new NetworkSpec(plain.architecture(), 1, plain.unitsPerStage(), plain.geometry(), false);
        assertNotNull(build(plain).getVertex("final_relu"));
        assertNull(build(minus).getVertex("final_relu"));
        assertTrue(minus.label().contains("(-)"));
    }

    @Test
    void paperGeometryDownsamplesTo7x7BeforePooling() {
        NetworkSpec spec = NetworkSpec.resnetV2(1, new int[] {1, 1, 1, 1}, Geometry.paper(3));
        ComputationGraph g = build(spec);
        INDArray x = ResNetV2.input(new float[224 * 224 * 3], 1, 224, 224, 3);
        INDArray[] out = g.output(List.of("after_root", "block4"), false, new INDArray[] {x}, null);
        assertEquals(56 * 56 * 16, out[0].length());
        assertEquals(7 * 7 * 512, out[1].length());
    }

    @Test
    void savedNetworkWithOurUpdaterRestoresIdentically(@TempDir Path dir) throws Exception {
        NetworkSpec spec = NetworkSpec.resnetV2(1, new int[] {1, 1, 1, 1}, Geometry.small(12, 1));
        ComputationGraph g = build(spec);
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, x0Shape(4, 12));
        INDArray y = Nd4j.eye(4);
        g.fit(new DataSet(x, y));
        File f = dir.resolve("n.zip").toFile();
        ModelSerializer.writeModel(g, f, false);
        ComputationGraph r = ModelSerializer.restoreComputationGraph(f, false);
        assertEquals(g.getConfiguration().toJson(), r.getConfiguration().toJson());
        assertEquals(g.params(), r.params());
        assertEquals(g.outputSingle(false, x), r.outputSingle(false, x));
    }

    @Test
    void invalidSpecsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> NetworkSpec.resnetV2(0, new int[] {1, 1, 1, 1},
                Geometry.small(28, 1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                NetworkSpec.resnetV2(1, new int[] {1, 1, 1}, Geometry.small(28, 1)));
        assertFalse(e.getMessage().isEmpty());
    }

    private static long[] x0Shape(int n, int size) {
        return ResNetV2.FORMAT == org.deeplearning4j.nn.conf.CNN2DFormat.NHWC ? new long[] {n, size, size, 1}
                : new long[] {n, 1, size, size};
    }
}
