package org.revisit.nets;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.revisit.util.NativeBackend;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Parameter counts and multiply-adds at the paper's geometry, against published figures where they exist and
 * otherwise against closed forms written here independently of the builders.
 */
class NetworkSizeTest {
    private static final int CLASSES = 1000;
    private static final int[] RESNET50 = {3, 4, 6, 3};

    private static NetworkSize paper(Architecture a, int k) {
        return NetworkSize.of(NetworkSpec.paper(a, k), CLASSES);
    }

    private static long logits(int k) {
        return 512L * k * CLASSES + CLASSES;
    }

    @Test
    void resnet50V1MatchesTorchvision() {
        NetworkSize s = paper(Architecture.RESNET_V1, 4);
        // torchvision.models.resnet50: 25,557,032 parameters, 4.09 GFLOPS (multiply-adds); it is also "v1.5", the
        // stride in the 3x3 conv, and counts BN scale and offset but not the running statistics.
        assertEquals(25_557_032L, s.parameters());
        assertEquals(4.09e9, s.multiplyAdds(), 0.01 * 4.09e9, s.toString());
        assertEquals(v1ClosedForm(4), s.parameters());
    }

    @Test
    void vgg19BnAtK8MatchesTorchvisionUpToTheCodesChanges() {
        NetworkSize s = paper(Architecture.VGG19_BN, 8);
        // torchvision.models.vgg19_bn: 143,678,248 parameters, 19.63 GFLOPS (multiply-adds). The paper's code has
        // no conv biases (sixteen convs: 2x64 + 2x128 + 4x256 + 8x512 = 5,504), and its fc6/fc7 are bias-free
        // convs with BN instead of biased dense layers with dropout (-2x4096 biases, +2x2x4096 BN).
        assertEquals(143_678_248L - 5_504 - 8_192 + 16_384, s.parameters());
        assertEquals(19.63e9, s.multiplyAdds(), 0.01 * 19.63e9, s.toString());
        assertEquals(vggClosedForm(8), s.parameters());
    }

    @Test
    void everyArchitectureMatchesItsClosedFormAtEveryPaperWidth() {
        for (int k : new int[] {4, 8, 12, 16}) {
            assertEquals(v1ClosedForm(k), paper(Architecture.RESNET_V1, k).parameters(), "v1 k=" + k);
            assertEquals(v2ClosedForm(k), paper(Architecture.RESNET_V2, k).parameters(), "v2 k=" + k);
            assertEquals(revnetClosedForm(k), paper(Architecture.REVNET, k).parameters(), "revnet k=" + k);
            assertEquals(vggClosedForm(k), paper(Architecture.VGG19_BN, k).parameters(), "vgg k=" + k);
        }
    }

    @Test
    void countsAgreeWithTheAllocatedNetwork() {
        NativeBackend.init();
        for (Architecture a : Architecture.values()) {
            NetworkSpec spec = NetworkSpec.of(a, 1, a == Architecture.VGG19_BN ? new int[] {1, 1, 2, 2, 2}
                    : new int[] {1, 2, 1, 1}, Geometry.small(28, 1)).withRepresentationSize(64);
            ComputationGraph g = new ComputationGraph(Networks.builder().setSpec(spec).setOutputs(10).build());
            g.init();
            NetworkSize s = NetworkSize.of(spec, 10);
            assertEquals(g.numParams(), s.parameters() + s.batchNormStatistics(), a.id());
        }
    }

    /** A patch network, whose head reads a second graph input (the patch order), is counted like the others. */
    @Test
    void countsAPatchNetworkWithItsHead() {
        NativeBackend.init();
        Head head = Head.PatchClassifier.small(9, 100);
        NetworkSpec spec = NetworkSpec.of(Architecture.REVNET, 1, new int[] {1, 1, 1, 1}, Geometry.smallPatch(6, 1));
        ComputationGraph g = new ComputationGraph(Networks.builder().setSpec(spec).setHead(head).build());
        g.init();
        NetworkSize s = NetworkSize.of(spec, head);
        assertEquals(g.numParams(), s.parameters() + s.batchNormStatistics());
    }

    private static long v1ClosedForm(int k) {
        long p = 49L * 3 * 16 * k + 2L * 16 * k;
        long in = 16L * k;
        for (int stage = 0; stage < 4; stage++) {
            long c = 64L * k << stage;
            for (int u = 0; u < RESNET50[stage]; u++) {
                if (u == 0) {
                    p += in * c + 2 * c; // projection shortcut + BN (stride or channel change)
                }
                long cin = u == 0 ? in : c;
                p += cin * (c / 4) + 2 * (c / 4) + 9 * (c / 4) * (c / 4) + 2 * (c / 4) + (c / 4) * c + 2 * c;
            }
            in = c;
        }
        return p + logits(k);
    }

    private static long v2ClosedForm(int k) {
        long p = 49L * 3 * 16 * k;
        long in = 16L * k;
        for (int stage = 0; stage < 4; stage++) {
            long c = 64L * k << stage;
            for (int u = 0; u < RESNET50[stage]; u++) {
                long cin = u == 0 ? in : c;
                if (u == 0) {
                    p += cin * c; // projection shortcut, no BN in v2
                }
                p += 2 * cin + cin * (c / 4) + 2 * (c / 4) + 9 * (c / 4) * (c / 4) + 2 * (c / 4) + (c / 4) * c;
            }
            in = c;
        }
        return p + 2L * 512 * k + logits(k);
    }

    private static long revnetClosedForm(int k) {
        long p = 49L * 3 * 64 * k; // the root: a random projection, no BN
        for (int stage = 0; stage < 4; stage++) {
            long h = (64L * k << stage) / 2; // F acts on half the channels
            long inner = h / 4;
            p += RESNET50[stage] * (2 * h + h * inner + 2 * inner + 9 * inner * inner + 2 * inner + inner * h);
        }
        return p + 2L * 512 * k + logits(k);
    }

    private static long vggClosedForm(int k) {
        long w = 8L * k;
        long[] widths = {w, 2 * w, 4 * w, 8 * w, 8 * w};
        int[] convs = {2, 2, 4, 4, 4};
        long p = 0;
        long in = 3;
        for (int b = 0; b < 5; b++) {
            for (int c = 0; c < convs[b]; c++) {
                p += 9 * in * widths[b] + 2 * widths[b];
                in = widths[b];
            }
        }
        long fc = 512L * k;
        return p + 49 * in * fc + 2 * fc + fc * fc + 2 * fc + logits(k);
    }
}
