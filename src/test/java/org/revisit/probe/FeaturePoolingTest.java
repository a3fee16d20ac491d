package org.revisit.probe;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.revisit.util.NativeBackend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FeaturePoolingTest {
    @BeforeAll
    static void init() {
        NativeBackend.init();
    }

    /** The paper's end-points at k = 4 on 224 px (paper.md §3.6) and the code's formula written out. */
    @Test
    void kernelsOfThePapersEndPoints() {
        FeaturePooling p = new FeaturePooling(FeaturePooling.PAPER_TARGET);
        assertEquals(10, p.kernel(56, 56, 256));  // ResNet block1: 802,816 values -> ceil(sqrt(89.2)) = 10
        assertEquals(5 * 5 * 256, p.features(56, 56, 256));
        assertEquals(4, p.kernel(7, 7, 2048));    // block4: 100,352 values -> ceil(sqrt(11.15)) = 4
        assertEquals(2048, p.features(7, 7, 2048));
        assertEquals(7744, p.features(56, 56, 64));        // paper.md §3.6 table: after_root, stride 5
        assertEquals(8192, p.features(28, 28, 512));       // block2, stride 7
        assertEquals(4096, p.features(14, 14, 1024));      // block3, stride 5
        assertEquals(2 * 2 * 1024, p.features(56, 56, 1024)); // block1 at k = 16
        assertEquals(19, p.kernel(224, 224, 64));           // VGG19-BN k = 8 block1 -> 11 x 11 x 64
        assertEquals(11 * 11 * 64, p.features(224, 224, 64));
        assertEquals(3 * 3 * 512, p.features(14, 14, 512)); // VGG block5
        assertEquals(1, p.kernel(1, 1, 8192));
        assertEquals(1, p.kernel(30, 30, 10));    // 9,000 values: not pooled
        assertEquals(2, p.kernel(30, 30, 11));
        assertEquals(3, new FeaturePooling(1).kernel(3, 3, 100)); // clipped to H
    }

    /** Max over each k x k window, trailing rows and columns dropped, in both layouts, against a loop. */
    @Test
    void poolsLikeALoopInBothLayouts() {
        long n = 3;
        long h = 7;
        long w = 8;
        long c = 5;
        FeaturePooling p = new FeaturePooling(30); // 280 values -> k = ceil(sqrt(9.33)) = 4 -> 1 x 2 x 5
        assertEquals(4, p.kernel(h, w, c));
        Nd4j.getRandom().setSeed(1);
        INDArray nhwc = Nd4j.rand(DataType.FLOAT, n, h, w, c);
        float[] expected = new float[(int) (n * 1 * 2 * c)];
        int o = 0;
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < 1; y++) {
                for (int x = 0; x < 2; x++) {
                    for (int ch = 0; ch < c; ch++) {
                        float m = Float.NEGATIVE_INFINITY;
                        for (int dy = 0; dy < 4; dy++) {
                            for (int dx = 0; dx < 4; dx++) {
                                m = Math.max(m, nhwc.getFloat(i, y * 4 + dy, x * 4 + dx, ch));
                            }
                        }
                        expected[o++] = m;
                    }
                }
            }
        }
        INDArray fromNhwc = p.apply(nhwc, CNN2DFormat.NHWC);
        INDArray fromNchw = p.apply(nhwc.permute(0, 3, 1, 2).dup('c'), CNN2DFormat.NCHW);
        assertArrayEquals(new long[] {n, 10}, fromNhwc.shape());
        assertArrayEquals(expected, fromNhwc.data().asFloat(), 0f);
        assertArrayEquals(expected, fromNchw.dup('c').data().asFloat(), 0f);
    }

    @Test
    void vectorsPassAndOtherRanksAreRefused() {
        FeaturePooling p = new FeaturePooling(10);
        INDArray v = Nd4j.rand(DataType.FLOAT, 2, 100);
        assertSame(v, p.apply(v, CNN2DFormat.NCHW));
        assertThrows(IllegalArgumentException.class, () -> p.apply(Nd4j.rand(DataType.FLOAT, 2, 3, 4),
                CNN2DFormat.NCHW));
        assertThrows(IllegalArgumentException.class, () -> new FeaturePooling(0));
    }
}
