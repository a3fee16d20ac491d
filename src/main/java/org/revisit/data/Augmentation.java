package org.revisit.data;

import java.util.SplittableRandom;

/**
 * Slim's Inception preprocessing in fast mode (SPEC §3.2), parameterised so it can be scaled to small images:
 * a random crop of area fraction [minArea, maxArea] and aspect ratio [minAspect, maxAspect], bilinear resize,
 * random horizontal flip, brightness shift of at most {@code brightness} (on a 0..1 scale), then [-1, 1] scaling.
 * Evaluation takes the central {@code evalArea} fraction of the image. Saturation is left out: the default
 * dataset is grey.
 */
public record Augmentation(double minArea, double maxArea, double minAspect, double maxAspect, boolean flip,
                           double brightness, double evalArea) {

    /** The paper's values at 224 px. */
    public static Augmentation inception() {
        return new Augmentation(0.05, 1.0, 0.75, 1.33, true, 32.0 / 255, 0.875);
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
        int h = set.height();
        int w = set.width();
        double cropH = h;
        double cropW = w;
        double y0 = 0;
        double x0 = 0;
        for (int attempt = 0; attempt < 10; attempt++) {
            double area = h * w * (minArea + rng.nextDouble() * (maxArea - minArea));
            double logAspect = Math.log(minAspect) + rng.nextDouble() * (Math.log(maxAspect) - Math.log(minAspect));
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
        boolean mirror = flip && rng.nextBoolean();
        float shift = (float) ((rng.nextDouble() * 2 - 1) * brightness);
        crop(set, i, y0, x0, cropH, cropW, mirror, shift, out, off, outH, outW);
    }

    /** Writes the central crop of image {@code i}, resized to {@code outH x outW}, in [-1, 1]. */
    public void eval(ImageSet set, int i, float[] out, int off, int outH, int outW) {
        double side = Math.sqrt(evalArea);
        double ch = set.height() * side;
        double cw = set.width() * side;
        crop(set, i, (set.height() - ch) / 2, (set.width() - cw) / 2, ch, cw, false, 0f, out, off, outH, outW);
    }

    /**
     * Writes the region (y0, x0, ch x cw, in source pixels) of image {@code i}, resized bilinearly to
     * {@code outH x outW}, in [-1, 1], without augmentation: the patch tasks' resizes and crops.
     */
    public static void region(ImageSet set, int i, double y0, double x0, double ch, double cw, float[] out, int off,
                              int outH, int outW) {
        crop(set, i, y0, x0, ch, cw, false, 0f, out, off, outH, outW);
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

    private static void crop(ImageSet set, int i, double y0, double x0, double ch, double cw, boolean mirror,
                             float shift, float[] out, int off, int outH, int outW) {
        int h = set.height();
        int w = set.width();
        int c = set.channels();
        for (int oy = 0; oy < outH; oy++) {
            double sy = clamp(y0 + (oy + 0.5) * ch / outH - 0.5, h - 1);
            int yA = (int) sy;
            int yB = Math.min(yA + 1, h - 1);
            double fy = sy - yA;
            for (int ox = 0; ox < outW; ox++) {
                int tx = mirror ? outW - 1 - ox : ox;
                double sx = clamp(x0 + (tx + 0.5) * cw / outW - 0.5, w - 1);
                int xA = (int) sx;
                int xB = Math.min(xA + 1, w - 1);
                double fx = sx - xA;
                for (int k = 0; k < c; k++) {
                    double v = (1 - fy) * ((1 - fx) * set.pixel(i, yA, xA, k) + fx * set.pixel(i, yA, xB, k))
                            + fy * ((1 - fx) * set.pixel(i, yB, xA, k) + fx * set.pixel(i, yB, xB, k));
                    float unit = Math.min(1f, Math.max(0f, (float) (v / 255.0) + shift));
                    out[off + (oy * outW + ox) * c + k] = unit * 2f - 1f;
                }
            }
        }
    }

    private static double clamp(double v, int max) {
        return v < 0 ? 0 : Math.min(v, max);
    }
}
