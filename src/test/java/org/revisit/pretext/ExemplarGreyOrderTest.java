package org.revisit.pretext;

import org.junit.jupiter.api.Test;
import org.revisit.data.Augmentation;
import org.revisit.data.Image;
import org.revisit.data.ImageSet;
import org.revisit.data.PerImageStandardization;
import org.revisit.nets.Geometry;
import org.revisit.util.NativeBackend;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Exemplar's grey conversion: with slim's preprocessing (the paper scale) the source image is made grey before it is
 * augmented, as the official code's {@code to_gray, crop_inception_preprocess_patches}; below it, each copy after.
 */
class ExemplarGreyOrderTest {

    @Test
    void greyIsTheRoundedDownMeanOfTheChannels() {
        Image img = new Image(new byte[] {10, 11, 13, (byte) 255, (byte) 255, (byte) 254}, 0, 1, 2, 3);
        Image g = img.grey();
        assertArrayEquals(new byte[] {11, 11, 11, (byte) 254, (byte) 254, (byte) 254}, g.copy(),
                "34 / 3 -> 11, 764 / 3 -> 254: integer means, no overflow");
        Image one = new Image(new byte[] {7, 8}, 0, 1, 2, 1);
        assertEquals(one, one.grey(), "a grey image is its own grey");
    }

    @Test
    void withSlimPreprocessingTheSourceIsGreyBeforeItsCopiesAreAugmented() {
        NativeBackend.init();
        int size = 40;
        byte[] px = new byte[size * size * 3];
        new SplittableRandom(1).nextBytes(px);
        ImageSet set = ImageSet.of("colour", px, new int[1], size, size, 3, 1);
        Geometry geo = Geometry.small(24, 3);
        int seed = greySeed();
        Augmentation slim = Augmentation.inception();
        float[] batch = new ExemplarTask().batch(set, new int[] {0}, slim, geo, new SplittableRandom(seed)).inputs()
                .dup('c').data().asFloat(); // NCHW
        // the same stream as the batch's one image: split once from the step's, one draw for the grey decision
        SplittableRandom r = new SplittableRandom(seed).split();
        r.nextDouble();
        int values = 24 * 24 * 3;
        float[] hwc = new float[values];
        slim.train(set.image(0).grey(), r, hwc, 0, 24, 24);
        PerImageStandardization.apply(hwc, 0, values);
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 24; x++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(hwc[(y * 24 + x) * 3 + c], batch[(c * 24 + y) * 24 + x], 1e-5,
                            "copy 0 at " + y + "," + x + "," + c);
                }
            }
        }
        // the order matters: grey after the augmentation (slim's saturation acts on colour) gives other pixels
        SplittableRandom after = new SplittableRandom(seed).split();
        after.nextDouble();
        float[] late = new float[values];
        slim.train(set.image(0), after, late, 0, 24, 24);
        Augmentation.toGrey(late, 0, 24 * 24);
        PerImageStandardization.apply(late, 0, values);
        assertFalse(java.util.Arrays.equals(late, hwc), "grey before and after the augmentation differ");
    }

    /** A seed whose first image is drawn grey (p = 0.66). */
    private static int greySeed() {
        for (int seed = 0; ; seed++) {
            if (new SplittableRandom(seed).split().nextDouble() < ExemplarTask.GREY_PROBABILITY) {
                return seed;
            }
        }
    }
}
