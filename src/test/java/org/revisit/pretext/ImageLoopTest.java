package org.revisit.pretext;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.revisit.data.Augmentation;
import org.revisit.data.ImageSet;
import org.revisit.nets.Geometry;

import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Batches of paper-size inputs are augmented on every core; a seed must still give the same batch, image by image,
 * however the threads interleave.
 */
class ImageLoopTest {
    static ImageSet images(int n) {
        byte[] px = new byte[n * 120 * 120 * 3];
        new Random(7).nextBytes(px);
        return ImageSet.of("random", px, new int[n], 120, 120, 3, 1);
    }

    @Test
    void parallelBatchesAreTheSameForASeedAndImageByImage() {
        ImageSet set = images(6);
        int[] all = {0, 1, 2, 3, 4, 5};
        for (String name : new String[] {RotationTask.NAME, ExemplarTask.NAME, JigsawTask.NAME}) {
            PretextTask task = TaskName.parse(name).task();
            Geometry g = task.networkGeometry(Geometry.paper(3));
            assertEquals(true, g.height() * g.width() * 3 >= ImageLoop.PARALLEL_FROM_VALUES, "parallel at " + g);
            float[] first = floats(task.batch(set, all, Augmentation.inception(), g, new SplittableRandom(11)).inputs());
            for (int repeat = 0; repeat < 3; repeat++) {
                assertArrayEquals(first, floats(task.batch(set, all, Augmentation.inception(), g,
                        new SplittableRandom(11)).inputs()), name + ": same seed, same batch");
            }
            if (!name.equals(JigsawTask.NAME)) { // Jigsaw draws the batch's permutations first
                float[] alone = floats(task.batch(set, new int[] {0}, Augmentation.inception(), g,
                        new SplittableRandom(11)).inputs());
                assertArrayEquals(alone, java.util.Arrays.copyOf(first, alone.length),
                        name + ": image 0's inputs do not depend on the images beside it");
            }
        }
    }

    private static float[] floats(INDArray a) {
        return a.dup('c').data().asFloat();
    }
}
