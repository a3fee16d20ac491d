package org.revisit.data;

import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AugmentationTest {
    @Test
    void greyIsTheMeanOfTheThreeChannelsInEachOfThem() {
        float[] v = {9, 0.3f, 0.6f, 0.9f, -1, 0, 1, 9};
        Augmentation.toGrey(v, 1, 2);
        assertArrayEquals(new float[] {9, 0.6f, 0.6f, 0.6f, 0, 0, 0, 9}, v, 1e-6f);
    }

    /** HSV: value (the largest channel) and hue kept, saturation scaled and clipped at 1, as TF's adjust_saturation. */
    @Test
    void saturationScalesHsvSaturationKeepingHueAndValue() {
        float[] v = {0.8f, 0.4f, 0.6f};
        Augmentation.saturate(v, 0, 0.5f);
        float[] hsv = Color.RGBtoHSB(Math.round(v[0] * 255), Math.round(v[1] * 255), Math.round(v[2] * 255), null);
        float[] before = Color.RGBtoHSB(204, 102, 153, null);
        assertEquals(before[0], hsv[0], 0.01f, "hue");
        assertEquals(before[1] * 0.5f, hsv[1], 0.01f, "saturation halved");
        assertEquals(before[2], hsv[2], 0.01f, "value");
        float[] w = {0.8f, 0.4f, 0.6f};
        Augmentation.saturate(w, 0, 3f); // 0.5 x 3 clips at 1: the smallest channel reaches 0
        assertArrayEquals(new float[] {0.8f, 0f, 0.4f}, w, 1e-6f);
        float[] grey = {0.5f, 0.5f, 0.5f};
        Augmentation.saturate(grey, 0, 1.5f);
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, grey, 0f);
    }

    /** Grey images draw no saturation factor, so their augmented stream is what it was before colour existed. */
    @Test
    void colourAugmentationLeavesGreyImagesAndTheirRandomStreamAlone() {
        byte[] px = new byte[10 * 10];
        new java.util.Random(3).nextBytes(px);
        ImageSet grey = ImageSet.of("g", px, new int[] {0}, 10, 10, 1, 1);
        float[] a = new float[8 * 8];
        float[] b = new float[8 * 8];
        SplittableRandom ra = new SplittableRandom(5);
        SplittableRandom rb = new SplittableRandom(5);
        Augmentation.smallImages().train(grey, 0, ra, a, 0, 8, 8);
        Augmentation.smallImages().withColour().train(grey, 0, rb, b, 0, 8, 8);
        assertArrayEquals(a, b, 0f);
        assertEquals(ra.nextLong(), rb.nextLong());
        assertEquals(Augmentation.smallImages().toString().contains("saturation"), false,
                "the grey runs' cache keys do not mention saturation");
    }

    /** A colour image's saturation varies between draws, and a grey-valued colour image keeps three equal channels. */
    @Test
    void colourImagesGetRandomSaturation() {
        byte[] px = new byte[6 * 6 * 3];
        for (int p = 0; p < 36; p++) {
            px[3 * p] = (byte) 200;
            px[3 * p + 1] = (byte) 80;
            px[3 * p + 2] = (byte) 40;
        }
        ImageSet colour = ImageSet.of("c", px, new int[] {0}, 6, 6, 3, 1);
        Augmentation aug = new Augmentation(1, 1, 1, 1, false, 0, 1, 0.5);
        java.util.Set<Float> greens = new java.util.HashSet<>();
        SplittableRandom r = new SplittableRandom(1);
        float[] out = new float[4 * 4 * 3];
        for (int i = 0; i < 20; i++) {
            aug.train(colour, 0, r, out, 0, 4, 4);
            assertEquals(200 / 255f * 2 - 1, out[0], 1e-5f, "value (the red channel) is kept");
            greens.add(out[1]);
        }
        assertTrue(greens.size() > 10, "saturation varies: " + greens);
    }

    /** TF's resize_area: a 4x4 grey image halved is the mean of each 2x2 block; a third of a pixel counts a third. */
    @Test
    void areaResizeAveragesTheSourceAreaEachOutputPixelCovers() {
        byte[] px = new byte[16];
        for (int i = 0; i < 16; i++) {
            px[i] = (byte) (i * 10);
        }
        Image img = ImageSet.of("4x4", px, new int[1], 4, 4, 1, 1).image(0);
        float[] out = new float[4];
        AreaResize.region(img, 0, 0, 4, 4, out, 0, 2, 2);
        double[] means = {(0 + 10 + 40 + 50) / 4.0, (20 + 30 + 60 + 70) / 4.0, (80 + 90 + 120 + 130) / 4.0,
                (100 + 110 + 140 + 150) / 4.0};
        for (int i = 0; i < 4; i++) {
            assertEquals(means[i] / 255 * 2 - 1, out[i], 1e-6, "block " + i);
        }
        // three source columns into two: output 0 covers column 0 and half of column 1
        float[] row = new float[2];
        AreaResize.region(ImageSet.of("1x3", new byte[] {0, 30, 90}, new int[1], 1, 3, 1, 1).image(0), 0, 0, 1, 3,
                row, 0, 1, 2);
        assertEquals((0 + 0.5 * 30) / 1.5 / 255 * 2 - 1, row[0], 1e-6);
        assertEquals((0.5 * 30 + 90) / 1.5 / 255 * 2 - 1, row[1], 1e-6);
    }

    /**
     * The paper scale evaluates as the official code (resize_small 256, crop 224): on a 256 x 320 image the crop is
     * the central 224 x 224 pixels themselves, 0.875 of each side; the small scales keep their crop and resize.
     */
    @Test
    void thePaperEvaluationCropIsTheCentral0875OfEachSide() {
        int h = 256;
        int w = 320;
        byte[] px = new byte[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = (byte) ((x * 7 + y * 13) & 0xff);
            }
        }
        ImageSet set = ImageSet.of("ramp", px, new int[1], h, w, 1, 1);
        float[] out = new float[224 * 224];
        Augmentation.inception().eval(set, 0, out, 0, 224, 224);
        for (int y = 0; y < 224; y += 37) {
            for (int x = 0; x < 224; x += 41) {
                int source = px[(y + 16) * w + x + 48] & 0xff;
                assertEquals(source / 255.0 * 2 - 1, out[y * 224 + x], 1e-6, "(" + y + ", " + x + ")");
            }
        }
        assertTrue(Augmentation.inception().evalAreaResize());
        assertFalse(Augmentation.smallImages().evalAreaResize());
        assertEquals(0.875, Math.sqrt(Augmentation.inception().evalArea()), 1e-12);
    }

    /**
     * The colour jitter's orders on a bright pixel, brightness +0.1 and saturation x1.5: the study's (brightness,
     * clip, saturation) and slim's fast mode in either order (unclipped values, one clip at the end) give three
     * different pixels, as saturation is capped at 1 from a value that the order changes.
     */
    @Test
    void slimsColourOrderClipsOnlyAtTheEnd() {
        float[] study = {0.95f, 0.5f, 0.3f};
        Augmentation.colour(study, 0, 3, 0.1f, 1.5f, false, false);
        // (1, 0.6, 0.4): saturation 0.6 x 1.5 = 0.9 around the value 1
        assertArrayEquals(new float[] {1f, 0.4f, 0.1f}, study, 1e-5f);
        float[] brightnessFirst = {0.95f, 0.5f, 0.3f};
        Augmentation.colour(brightnessFirst, 0, 3, 0.1f, 1.5f, true, false);
        // (1.05, 0.6, 0.4): saturation 0.619 x 1.5 around 1.05, then the clip
        assertArrayEquals(new float[] {1f, 0.375f, 0.075f}, brightnessFirst, 1e-5f);
        float[] saturationFirst = {0.95f, 0.5f, 0.3f};
        Augmentation.colour(saturationFirst, 0, 3, 0.1f, 1.5f, true, true);
        // saturation 0.684 x 1.5 capped at 1 around 0.95: (0.95, 0.2923, 0), then +0.1 and the clip
        assertArrayEquals(new float[] {1f, 0.39231f, 0.1f}, saturationFirst, 1e-5f);
        float[] grey = {0.95f};
        Augmentation.colour(grey, 0, 1, 0.1f, 1f, true, false);
        assertArrayEquals(new float[] {1f}, grey, 0f);
        assertTrue(Augmentation.inception().slim() && !Augmentation.smallImages().slim());
    }

    /**
     * TF1's resize_bilinear (align_corners=False, no half-pixel centres) samples output pixel x at x * in / out,
     * clamped to the region; the default samples pixel centres. A 4-pixel row [0, 85, 170, 255] down to 2, and a
     * 2-pixel row [0, 255] up to 4, by hand.
     */
    @Test
    void tf1ResizeSamplesAsTf1() {
        Image four = new Image(new byte[] {0, 85, (byte) 170, (byte) 255}, 0, 1, 4, 1);
        float[] down = new float[2];
        Augmentation.region(four, 0, 0, 1, 4, down, 0, 1, 2, true);
        assertArrayEquals(new float[] {grey(0), grey(170)}, down, 1e-6f);
        Augmentation.region(four, 0, 0, 1, 4, down, 0, 1, 2, false);
        assertArrayEquals(new float[] {grey(42.5), grey(212.5)}, down, 1e-6f);
        Image two = new Image(new byte[] {0, (byte) 255}, 0, 1, 2, 1);
        float[] up = new float[4];
        Augmentation.region(two, 0, 0, 1, 2, up, 0, 1, 4, true);
        assertArrayEquals(new float[] {grey(0), grey(127.5), grey(255), grey(255)}, up, 1e-6f);
        // a region inside a larger image: the region's last column bounds the interpolation, as TF1's crop then resize
        Image wide = new Image(new byte[] {0, 85, (byte) 170, (byte) 255}, 0, 1, 4, 1);
        float[] inside = new float[4];
        Augmentation.region(wide, 0, 1, 1, 2, inside, 0, 1, 4, true);
        assertArrayEquals(new float[] {grey(85), grey(127.5), grey(170), grey(170)}, inside, 1e-6f);
    }

    /** A grey level in [0, 255] on the [-1, 1] scale the augmentation writes. */
    private static float grey(double level) {
        return (float) (level / 255.0 * 2 - 1);
    }
}
