package org.revisit.data;

import java.util.SplittableRandom;

/**
 * Slim's Inception preprocessing in fast mode (paper.md §3.2), parameterised so it can be scaled to small images:
 * a random crop of area fraction [minArea, maxArea] and aspect ratio [minAspect, maxAspect], bilinear resize,
 * random horizontal flip, brightness shift of at most {@code brightness} (on a 0..1 scale), then, for colour images, a
 * saturation factor drawn from [1 - saturation, 1 + saturation] (fast mode's order: brightness, then saturation),
 * then [-1, 1] scaling. Evaluation takes the central square of {@code evalArea} of the shorter side's square, the
 * linear evaluation's resize-and-crop (paper.md §3.6); for square images that is the central {@code evalArea} fraction.
 *
 * @param evalAreaResize resize the evaluation crop by area averaging, as TF's {@code resize_area} in the official
 *                       code's {@code resize_small}, rather than bilinearly
 * @param slim           slim's Inception preprocessing as the official code runs it: the training crop drawn as TF's
 *                       {@code sample_distorted_bounding_box} ({@link TfCropSampler}: uniform aspect and height, at
 *                       least 10 % of the image, 100 attempts), and {@code distort_color}'s fast mode for colour
 *                       images (brightness first in one case of four, saturation first in the other three, clipped
 *                       to [0, 1] at the end); else a uniform area and log-uniform aspect in 10 attempts, and
 *                       brightness, a clip, then saturation. Exemplar also reads it as the official pipeline's
 *                       order: its grey conversion before the augmentation rather than after
 */
public record Augmentation(double minArea, double maxArea, double minAspect, double maxAspect, boolean flip,
                           double brightness, double evalArea, double saturation, boolean evalAreaResize,
                           boolean slim) {

    /** Without saturation: the grey default dataset's augmentation (and the form its stored keys were made with). */
    public Augmentation(double minArea, double maxArea, double minAspect, double maxAspect, boolean flip,
                        double brightness, double evalArea) {
        this(minArea, maxArea, minAspect, maxAspect, flip, brightness, evalArea, 0);
    }

    /** With a bilinear evaluation resize and the uniform-area crop. */
    public Augmentation(double minArea, double maxArea, double minAspect, double maxAspect, boolean flip,
                        double brightness, double evalArea, double saturation) {
        this(minArea, maxArea, minAspect, maxAspect, flip, brightness, evalArea, saturation, false, false);
    }

    /**
     * The paper's values at 224 px: saturation in [0.5, 1.5]; the evaluation crop as the official code's
     * {@code resize_small 256, crop 224} (config/evaluation/rotation_or_exemplar.sh:31-33): 0.875 of each side (so
     * 0.875² of the area), resized by area averaging; the training crop drawn as TF's.
     */
    public static Augmentation inception() {
        return new Augmentation(0.05, 1.0, 0.75, 1.33, true, 32.0 / 255, 0.875 * 0.875, 0.5, true, true);
    }

    /** The same augmentation with the paper's saturation range for colour images (a no-op on grey ones). */
    public Augmentation withColour() {
        return new Augmentation(minArea, maxArea, minAspect, maxAspect, flip, brightness, evalArea, 0.5,
                evalAreaResize, slim);
    }

    /**
     * For 28-32 px images: a 5 % crop of a 28 px image is 6x6 pixels, too few to tell an object's orientation or
     * identity, so the smallest crop is 25 % of the area; everything else is the paper's.
     */
    public static Augmentation smallImages() {
        return new Augmentation(0.25, 1.0, 0.75, 1.33, true, 32.0 / 255, 0.875);
    }

    /** Writes an augmented copy of image {@code i} as {@code outH x outW x C} floats in [-1, 1] at {@code off}. */
    public void train(ImageSet set, int i, SplittableRandom rng, float[] out, int off, int outH, int outW) {
        train(set.image(i), rng, out, off, outH, outW);
    }

    /** Writes an augmented copy of {@code img} as {@code outH x outW x C} floats in [-1, 1] at {@code off}. */
    public void train(Image img, SplittableRandom rng, float[] out, int off, int outH, int outW) {
        int h = img.height();
        int w = img.width();
        double cropH = h;
        double cropW = w;
        double y0 = 0;
        double x0 = 0;
        if (slim) {
            int[] box = TfCropSampler.sample(h, w, minArea, maxArea, minAspect, maxAspect, rng);
            y0 = box[0];
            x0 = box[1];
            cropH = box[2];
            cropW = box[3];
        } else {
            for (int attempt = 0; attempt < 10; attempt++) {
                double area = h * w * (minArea + rng.nextDouble() * (maxArea - minArea));
                double logAspect = Math.log(minAspect) + rng.nextDouble() * (Math.log(maxAspect)
                        - Math.log(minAspect));
                double aspect = Math.exp(logAspect);
                double ch = Math.sqrt(area / aspect);
                double cw = Math.sqrt(area * aspect);
                if (ch <= h && cw <= w) {
                    cropH = ch;
                    cropW = cw;
                    y0 = rng.nextDouble() * (h - ch);
                    x0 = rng.nextDouble() * (w - cw);
                    break;
                }
            }
        }
        boolean mirror = flip && rng.nextBoolean();
        float shift = (float) ((rng.nextDouble() * 2 - 1) * brightness);
        // drawn only when used, so grey images keep the random stream (and results) they had before colour existed
        float factor = saturation > 0 && img.channels() == 3
                ? (float) (1 - saturation + rng.nextDouble() * 2 * saturation) : 1f;
        boolean saturationFirst = slim && factor != 1f && rng.nextInt(4) != 0;
        crop(img, y0, x0, cropH, cropW, mirror, shift, factor, slim, saturationFirst, slim, out, off, outH, outW);
    }

    /** Writes the central crop of image {@code i}, resized to {@code outH x outW}, in [-1, 1]. */
    public void eval(ImageSet set, int i, float[] out, int off, int outH, int outW) {
        eval(set, i, out, off, outH, outW, null);
    }

    /**
     * As {@link #eval(ImageSet, int, float[], int, int, int)}; with {@code rng}, the crop at a random position
     * instead of the centre ({@link #evalSquare}): the official linear evaluation's training input.
     */
    public void eval(ImageSet set, int i, float[] out, int off, int outH, int outW, SplittableRandom rng) {
        Image img = set.image(i);
        evalSquare(img, Math.min(img.height(), img.width()) * Math.sqrt(evalArea), out, off, outH, outW, rng);
    }

    /**
     * Writes a square of {@code side} source pixels of {@code img}, resized to {@code outH x outW} as
     * {@link #evalRegion}: the central one, or with {@code rng} one at an offset drawn uniformly from the whole
     * pixels of the resized image, as TF's {@code random_crop} after {@code resize_small} (the official
     * evaluation's {@code resize_small, crop} in training: preprocess.py, get_crop).
     */
    public void evalSquare(Image img, double side, float[] out, int off, int outH, int outW, SplittableRandom rng) {
        double y0 = (img.height() - side) / 2;
        double x0 = (img.width() - side) / 2;
        if (rng != null) {
            double perRow = side / outH; // source pixels per pixel of the resized image
            double perCol = side / outW;
            y0 = rng.nextInt((int) Math.floor((img.height() - side) / perRow + 1e-9) + 1) * perRow;
            x0 = rng.nextInt((int) Math.floor((img.width() - side) / perCol + 1e-9) + 1) * perCol;
        }
        evalRegion(img, y0, x0, side, side, out, off, outH, outW);
    }

    /**
     * Writes the region (y0, x0, ch x cw, in source pixels) of {@code img} resized to {@code outH x outW}, in
     * [-1, 1], as this augmentation's evaluation resizes: by area averaging ({@link #evalAreaResize}) or bilinearly.
     */
    public void evalRegion(Image img, double y0, double x0, double ch, double cw, float[] out, int off, int outH,
                           int outW) {
        if (evalAreaResize) {
            AreaResize.region(img, y0, x0, ch, cw, out, off, outH, outW);
        } else {
            crop(img, y0, x0, ch, cw, false, 0f, 1f, false, false, slim, out, off, outH, outW);
        }
    }

    /**
     * Writes the region (y0, x0, ch x cw, in source pixels) of image {@code i}, resized bilinearly to
     * {@code outH x outW}, in [-1, 1], without augmentation: the patch tasks' resizes and crops.
     */
    public static void region(Image img, double y0, double x0, double ch, double cw, float[] out, int off,
                              int outH, int outW) {
        region(img, y0, x0, ch, cw, out, off, outH, outW, false);
    }

    /** As above; {@code tf1Resize}: sampled as TF1's {@code resize_bilinear} samples (the paper scale). */
    public static void region(Image img, double y0, double x0, double ch, double cw, float[] out, int off,
                              int outH, int outW, boolean tf1Resize) {
        crop(img, y0, x0, ch, cw, false, 0f, 1f, false, false, tf1Resize, out, off, outH, outW);
    }

    /** The paper code's {@code to_gray} on {@code pixels} RGB pixels at {@code off}: their mean in all three channels. */
    public static void toGrey(float[] v, int off, int pixels) {
        for (int p = 0; p < pixels; p++) {
            int i = off + 3 * p;
            float m = (v[i] + v[i + 1] + v[i + 2]) / 3f;
            v[i] = m;
            v[i + 1] = m;
            v[i + 2] = m;
        }
    }

    /**
     * @param clipAtEnd       slim's colour order: brightness and saturation on unclipped values, one clip at the end
     * @param saturationFirst with {@code clipAtEnd}, saturation before brightness
     * @param tf1Resize       output pixel x samples the region at {@code x * cw / outW} as TF1's
     *                        {@code resize_bilinear} does (align_corners=False, no half-pixel centres), clamped to
     *                        the region; otherwise at pixel centres, {@code (x + 0.5) * cw / outW - 0.5}
     */
    private static void crop(Image img, double y0, double x0, double ch, double cw, boolean mirror,
                             float shift, float saturationFactor, boolean clipAtEnd, boolean saturationFirst,
                             boolean tf1Resize, float[] out, int off, int outH, int outW) {
        int h = img.height();
        int w = img.width();
        int c = img.channels();
        byte[] px = img.pixels();
        int base = img.offset();
        int stride = w * c;
        // the columns' source offsets and weights, the same for every row
        int[] colA = new int[outW];
        int[] colB = new int[outW];
        double[] colF = new double[outW];
        for (int ox = 0; ox < outW; ox++) {
            int tx = mirror ? outW - 1 - ox : ox;
            // TF1 resizes the cropped tensor: its last column is the region's
            int lastX = tf1Resize ? Math.min((int) Math.ceil(x0 + cw) - 1, w - 1) : w - 1;
            double sx = tf1Resize ? clamp(x0 + tx * cw / outW, lastX)
                    : clamp(x0 + (tx + 0.5) * cw / outW - 0.5, w - 1);
            int xA = (int) sx;
            colA[ox] = xA * c;
            colB[ox] = Math.min(xA + 1, lastX) * c;
            colF[ox] = sx - xA;
        }
        for (int oy = 0; oy < outH; oy++) {
            int lastY = tf1Resize ? Math.min((int) Math.ceil(y0 + ch) - 1, h - 1) : h - 1;
            double sy = tf1Resize ? clamp(y0 + oy * ch / outH, lastY)
                    : clamp(y0 + (oy + 0.5) * ch / outH - 0.5, h - 1);
            int yA = (int) sy;
            int rowA = base + yA * stride;
            int rowB = base + Math.min(yA + 1, lastY) * stride;
            double fy = sy - yA;
            for (int ox = 0; ox < outW; ox++) {
                double fx = colF[ox];
                int at = off + (oy * outW + ox) * c;
                for (int k = 0; k < c; k++) {
                    double v = (1 - fy) * ((1 - fx) * (px[rowA + colA[ox] + k] & 0xff)
                            + fx * (px[rowA + colB[ox] + k] & 0xff))
                            + fy * ((1 - fx) * (px[rowB + colA[ox] + k] & 0xff) + fx * (px[rowB + colB[ox] + k] & 0xff));
                    out[at + k] = (float) (v / 255.0);
                }
                colour(out, at, c, shift, saturationFactor, clipAtEnd, saturationFirst);
                for (int k = 0; k < c; k++) {
                    out[at + k] = out[at + k] * 2f - 1f;
                }
            }
        }
    }

    /**
     * The colour jitter on the pixel at {@code at} (values in [0, 1]): brightness {@code shift}, then a clip, then
     * saturation times {@code factor}; or, as slim's {@code distort_color} in fast mode ({@code clipAtEnd}), the two
     * in the given order on unclipped values and one clip at the end.
     */
    static void colour(float[] v, int at, int c, float shift, float factor, boolean clipAtEnd,
                       boolean saturationFirst) {
        if (!saturationFirst) {
            for (int k = 0; k < c; k++) {
                float u = v[at + k] + shift;
                v[at + k] = clipAtEnd ? u : u < 0f ? 0f : u > 1f ? 1f : u; // Math.min/max cost a third of a crop
            }
        }
        if (factor != 1f) {
            saturate(v, at, factor);
        }
        if (clipAtEnd) {
            for (int k = 0; k < c; k++) {
                float u = v[at + k] + (saturationFirst ? shift : 0f);
                v[at + k] = u < 0f ? 0f : u > 1f ? 1f : u;
            }
        }
    }

    /**
     * HSV saturation times {@code f} on the RGB pixel at {@code at} (values in [0, 1]), hue and value kept, saturation
     * clipped to 1: TF's {@code adjust_saturation}.
     */
    static void saturate(float[] v, int at, float f) {
        float r = v[at];
        float g = v[at + 1];
        float b = v[at + 2];
        float max = r > g ? (r > b ? r : b) : (g > b ? g : b);
        float min = r < g ? (r < b ? r : b) : (g < b ? g : b);
        if (max <= 0f || max == min) {
            return;
        }
        float s = (max - min) / max;
        float scale = (s * f < 1f ? s * f : 1f) / s;
        for (int k = 0; k < 3; k++) {
            v[at + k] = max - scale * (max - v[at + k]);
        }
    }

    @Override
    public String toString() {
        return "Augmentation[minArea=" + minArea + ", maxArea=" + maxArea + ", minAspect=" + minAspect
                + ", maxAspect=" + maxAspect + ", flip=" + flip + ", brightness=" + brightness + ", evalArea="
                + evalArea + (saturation == 0 ? "" : ", saturation=" + saturation)
                + (evalAreaResize ? ", evalResize=area" : "") + (slim ? ", slim" : "") + "]";
    }

    private static double clamp(double v, int max) {
        return v < 0 ? 0 : Math.min(v, max);
    }
}
