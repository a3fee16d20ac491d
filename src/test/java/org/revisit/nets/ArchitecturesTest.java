package org.revisit.nets;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.revisit.util.NativeBackend;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchitecturesTest {
    @BeforeAll
    static void init() {
        NativeBackend.init();
    }

    static Stream<Arguments> architecturesAndGeometries() {
        List<Arguments> a = new ArrayList<>();
        for (Architecture arch : Architecture.values()) {
            for (Geometry g : List.of(Geometry.paper(3), Geometry.small(28, 1), Geometry.paperPatch(3),
                    Geometry.smallPatch(7, 1))) {
                a.add(Arguments.of(arch, g));
            }
        }
        return a.stream();
    }

    /** Spatial size at each end-point before pre_logits, written out from the paper's code (paper.md §3.4, §4). */
    private static int[] expectedSpatial(Architecture a, Geometry g) {
        boolean vgg = a == Architecture.VGG19_BN;
        return switch (g.name()) {
            case "paper-224" -> vgg ? new int[] {224, 112, 56, 28, 14, 1} : new int[] {56, 56, 28, 14, 7};
            case "small-28" -> vgg ? new int[] {28, 28, 28, 14, 7, 1} : new int[] {28, 28, 14, 7, 4};
            case "paper-patch-64" -> vgg ? new int[] {64, 32, 16, 8, 4, 1} : new int[] {32, 32, 16, 8, 8};
            case "small-patch-7" -> vgg ? new int[] {7, 7, 7, 7, 3, 1} : new int[] {7, 7, 4, 2, 2};
            default -> throw new IllegalArgumentException(g.name());
        };
    }

    private static int[] expectedChannels(Architecture a, int k) {
        return switch (a) {
            case VGG19_BN -> new int[] {8 * k, 16 * k, 32 * k, 64 * k, 64 * k, 512 * k};
            case REVNET -> new int[] {64 * k, 64 * k, 128 * k, 256 * k, 512 * k};
            default -> new int[] {16 * k, 64 * k, 128 * k, 256 * k, 512 * k};
        };
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("architecturesAndGeometries")
    void everyEndPointHasThePapersShape(Architecture arch, Geometry geo) {
        int k = 1;
        int[] depth = arch == Architecture.VGG19_BN ? new int[] {1, 1, 1, 1, 1} : new int[] {1, 1, 1, 1};
        NetworkSpec spec = NetworkSpec.of(arch, k, depth, geo);
        ComputationGraph g = new ComputationGraph(Networks.builder().setSpec(spec).setOutputs(5).build());
        g.init();
        int n = 2;
        INDArray x = Networks.input(new float[n * geo.height() * geo.width() * geo.channels()], n, geo.height(),
                geo.width(), geo.channels());
        List<String> names = new ArrayList<>(arch.endPoints());
        names.add(Networks.LOGITS);
        INDArray[] out = g.output(names, false, new INDArray[] {x}, null);
        int[] spatial = expectedSpatial(arch, geo);
        int[] channels = expectedChannels(arch, k);
        for (int i = 0; i < spatial.length; i++) {
            long[] expected = Networks.layout() == CNN2DFormat.NHWC
                    ? new long[] {n, spatial[i], spatial[i], channels[i]}
                    : new long[] {n, channels[i], spatial[i], spatial[i]};
            assertArrayEquals(expected, out[i].shape(), arch + " " + names.get(i) + " at " + geo.name());
        }
        assertArrayEquals(new long[] {n, 512L * k}, out[names.indexOf(Networks.PRE_LOGITS)].shape());
        assertArrayEquals(new long[] {n, 5}, out[names.size() - 1].shape());
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void representationSizeLayerBecomesThePreLogits(Architecture arch) {
        NetworkSpec spec = NetworkSpec.of(arch, 1, arch == Architecture.VGG19_BN ? new int[] {1, 1, 1, 1, 1}
                : new int[] {1, 1, 1, 1}, Geometry.small(28, 1)).withRepresentationSize(96);
        ComputationGraph g = new ComputationGraph(Networks.builder().setSpec(spec).setOutputs(4).build());
        g.init();
        INDArray x = Networks.input(new float[28 * 28], 1, 28, 28, 1);
        INDArray[] out = g.output(List.of(Networks.GLOBAL_POOL, Networks.PRE_LOGITS), false, new INDArray[] {x}, null);
        assertArrayEquals(new long[] {1, 512}, out[0].shape());
        assertArrayEquals(new long[] {1, 96}, out[1].shape());
        assertEquals(512 * 96, g.getLayer(Networks.REPRESENTATION).getParam("W").length());
        // the linear map is batch-normalised into the pre-logits (its scale and shift, 96 each)
        assertEquals(96, g.getLayer(Networks.PRE_LOGITS).getParam("gamma").length());
        assertEquals(96, spec.preLogitsSize());
        assertTrue(spec.label().endsWith("d=96"), spec.label());
    }

    @ParameterizedTest
    @EnumSource(value = Architecture.class, names = {"RESNET_V2", "REVNET"})
    void minusVariantDiffersOnlyInTheLastRelu(Architecture arch) {
        NetworkSpec plain = NetworkSpec.of(arch, 1, new int[] {1, 2, 1, 1}, Geometry.small(28, 1));
        ComputationGraphConfiguration a = Networks.builder().setSpec(plain).setOutputs(4).build();
        ComputationGraphConfiguration b = Networks.builder().setSpec(plain.withoutLastRelu()).setOutputs(4).build();
        Set<String> removed = new HashSet<>(a.getVertices().keySet());
        removed.removeAll(b.getVertices().keySet());
        assertEquals(Set.of("final_relu"), removed);
        assertTrue(a.getVertices().keySet().containsAll(b.getVertices().keySet()));
        for (String v : b.getVertices().keySet()) {
            assertEquals(a.getVertices().get(v), b.getVertices().get(v), v);
            List<String> in = b.getVertexInputs().get(v);
            List<String> expected = v.equals(Networks.PRE_LOGITS) ? List.of("final_bn") : a.getVertexInputs().get(v);
            assertEquals(expected, in, v);
        }
        assertEquals(List.of("final_relu"), a.getVertexInputs().get(Networks.PRE_LOGITS));
        assertTrue(plain.withoutLastRelu().label().contains("(-)"));
    }

    @Test
    void invalidSpecsAreRefusedWithAClearMessage() {
        Geometry g = Geometry.small(28, 1);
        IllegalArgumentException v1 = assertThrows(IllegalArgumentException.class,
                () -> NetworkSpec.of(Architecture.RESNET_V1, 1, new int[] {1, 1, 1, 1}, g).withoutLastRelu());
        assertTrue(v1.getMessage().contains("resnet50_v1") && v1.getMessage().contains("(-)"), v1.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> NetworkSpec.of(Architecture.VGG19_BN, 1, new int[] {1, 1, 1, 1, 1}, g).withoutLastRelu());
        IllegalArgumentException depth = assertThrows(IllegalArgumentException.class,
                () -> NetworkSpec.of(Architecture.VGG19_BN, 1, new int[] {1, 1, 1, 1}, g));
        assertTrue(depth.getMessage().contains("[2, 2, 4, 4, 4]"), depth.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NetworkSpec.of(Architecture.REVNET, 0,
                new int[] {1, 1, 1, 1}, g));
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> Architecture.parse("resnet18"));
        assertTrue(name.getMessage().contains("revnet50"), name.getMessage());
        assertEquals(Architecture.REVNET, Architecture.parse("revnet50"));
        IllegalArgumentException tiny = assertThrows(IllegalArgumentException.class, () -> Networks.builder()
                .setSpec(NetworkSpec.of(Architecture.VGG19_BN, 1, new int[] {1, 1, 1, 1, 1}, new Geometry("vgg-16px",
                        16, 16, 3, 7, 2, true, new int[] {1, 2, 2, 2}, new int[] {2, 2, 2, 2, 2})))
                .setOutputs(2).build());
        assertTrue(tiny.getMessage().contains("too small"), tiny.getMessage());
    }

    /** paper.md §3.1: L2 1e-4 on every conv kernel except RevNet's root, none on BN; BN momentum 0.99, epsilon 1e-3. */
    @ParameterizedTest
    @EnumSource(Architecture.class)
    void weightDecayAndBatchNormFollowThePapersCode(Architecture arch) {
        NetworkSpec spec = NetworkSpec.paper(arch, 4);
        ComputationGraphConfiguration conf = Networks.builder().setSpec(spec).setOutputs(10).build();
        int convs = 0;
        int bns = 0;
        for (var e : conf.getVertices().entrySet()) {
            if (!(e.getValue() instanceof LayerVertex v)) {
                continue;
            }
            Layer layer = v.getLayerConf().getLayer();
            if (layer instanceof ConvolutionLayer c) {
                boolean exempt = arch == Architecture.REVNET && e.getKey().equals("root_conv");
                assertEquals(exempt ? 0.0 : 1e-4, l2(c), e.getKey());
                assertFalse(c.hasBias(), e.getKey());
                convs++;
            } else if (layer instanceof BatchNormalization bn) {
                assertEquals(0.99, bn.getDecay(), e.getKey());
                assertEquals(1e-3, bn.getEps(), e.getKey());
                assertEquals(0.0, l2(bn), e.getKey());
                bns++;
            }
        }
        assertTrue(convs >= 16 && bns >= 16, convs + " convs, " + bns + " batch norms");
    }

    private static double l2(BaseLayer layer) {
        return layer.getRegularization() == null ? 0 : layer.getRegularization().stream()
                .filter(r -> r instanceof L2Regularization)
                .mapToDouble(r -> ((L2Regularization) r).getL2().valueAt(0, 0)).sum();
    }

    @Test
    void vggEndPointsKeepTheCodesNamesAndKnowThePapers() {
        assertEquals("block1", Architecture.VGG19_BN.paperEndPoint("block2"));
        assertEquals("block4", Architecture.VGG19_BN.paperEndPoint("block5"));
        assertEquals("block4", Architecture.RESNET_V2.paperEndPoint("block4"));
    }
}
