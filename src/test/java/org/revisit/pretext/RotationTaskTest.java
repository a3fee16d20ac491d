package org.revisit.pretext;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.revisit.data.Augmentation;
import org.revisit.data.ImageSet;
import org.revisit.nets.Geometry;
import org.revisit.nets.Networks;
import org.revisit.util.NativeBackend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RotationTaskTest {
    // 3x3 image   rot90 (CCW, np.rot90 k=1)
    // 1 2 3       3 6 9
    // 4 5 6       2 5 8
    // 7 8 9       1 4 7
    private static final float[] IMG = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    @Test
    void rotationsMatchNumpyRot90() {
        assertArrayEquals(IMG, rot(0));
        assertArrayEquals(new float[] {3, 6, 9, 2, 5, 8, 1, 4, 7}, rot(1));
        assertArrayEquals(new float[] {9, 8, 7, 6, 5, 4, 3, 2, 1}, rot(2));
        assertArrayEquals(new float[] {7, 4, 1, 8, 5, 2, 9, 6, 3}, rot(3));
    }

    @Test
    void batchHoldsAllFourRotationsOfEachImageWithLabels0To3() {
        NativeBackend.init();
        byte[] px = new byte[2 * 9];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 10);
        }
        ImageSet set = ImageSet.of("t", px, new int[] {0, 1}, 3, 3, 1, 2);
        Augmentation identity = new Augmentation(1, 1, 1, 1, false, 0, 1.0);
        PretextBatch b = new RotationTask().batch(set, new int[] {1, 0}, identity, Geometry.small(3, 1), null);
        assertArrayEquals(new int[] {0, 1, 2, 3, 0, 1, 2, 3}, b.targets());
        assertEquals(8, b.labels().size(0));
        assertEquals(1.0, b.labels().sumNumber().doubleValue() / 8, 0);
        INDArray nhwc = Networks.layout() == org.deeplearning4j.nn.conf.CNN2DFormat.NHWC ? b.inputs()
                : b.inputs().permute(0, 2, 3, 1);
        // copy 0 of the first batch entry is image 1 unrotated: pixel (0,0) = 90/255 scaled to [-1, 1]
        assertEquals(90 / 127.5 - 1, nhwc.getDouble(0, 0, 0, 0), 1e-5);
        // copy 2 (180°) has the last pixel first: 170/255
        assertEquals(170 / 127.5 - 1, nhwc.getDouble(2, 0, 0, 0), 1e-5);
    }

    private static float[] rot(int k) {
        float[] out = new float[9];
        RotationTask.rotate(IMG, out, 0, 3, 1, k);
        return out;
    }
}
