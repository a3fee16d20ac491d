package org.revisit.data;

import java.util.SplittableRandom;

/**
 * TF's {@code sample_distorted_bounding_box} as slim's Inception preprocessing calls it (no bounding boxes, the
 * whole image stands for one; {@code min_object_covered} 0.1, 100 attempts): per attempt an aspect ratio drawn
 * uniformly from the range, then a whole-pixel height drawn uniformly between the heights of the smallest and
 * largest allowed areas, the width rounded from it, the offsets drawn uniformly; a crop is kept when its area is in
 * the range and covers at least {@code minCovered} of the image, else the next attempt; after the last, the whole
 * image. As in TF, rounding is half-to-even and an offset is drawn from [0, size - crop), so a crop narrower than
 * the image never touches its bottom or right edge.
 */
final class TfCropSampler {
    static final double MIN_OBJECT_COVERED = 0.1;
    static final int ATTEMPTS = 100;

    private TfCropSampler() {
    }

    /** {y, x, height, width} of the crop, in pixels. */
    static int[] sample(int imageH, int imageW, double minArea, double maxArea, double minAspect, double maxAspect,
                        SplittableRandom rng) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double aspect = minAspect + rng.nextDouble() * (maxAspect - minAspect);
            int[] crop = crop(imageW, imageH, minArea, maxArea, aspect, rng);
            if (crop != null && (double) crop[2] * crop[3] >= MIN_OBJECT_COVERED * imageH * imageW
                    && crop[2] * crop[3] >= 1) {
                return crop;
            }
        }
        return new int[] {0, 0, imageH, imageW};
    }

    private static int[] crop(int w, int h, double minRelative, double maxRelative, double aspect,
                              SplittableRandom rng) {
        double minArea = minRelative * w * h;
        double maxArea = maxRelative * w * h;
        int height = (int) Math.rint(Math.sqrt(minArea / aspect));
        int maxHeight = (int) Math.rint(Math.sqrt(maxArea / aspect));
        if (Math.rint(maxHeight * aspect) > w) {
            maxHeight = (int) ((w + 0.5 - 1e-7) / aspect);
            if (Math.rint(maxHeight * aspect) > w) {
                maxHeight -= 1;
            }
        }
        maxHeight = Math.min(maxHeight, h);
        height = Math.min(height, maxHeight);
        if (height < maxHeight) {
            height += rng.nextInt(maxHeight - height + 1);
        }
        int width = (int) Math.rint(height * aspect);
        double area = (double) width * height;
        if (area < minArea) {
            height += 1;
            width = (int) Math.rint(height * aspect);
            area = (double) width * height;
        }
        if (area > maxArea) {
            height -= 1;
            width = (int) Math.rint(height * aspect);
            area = (double) width * height;
        }
        if (area < minArea || area > maxArea || width > w || height > h || width <= 0 || height <= 0) {
            return null;
        }
        int y = height < h ? rng.nextInt(h - height) : 0;
        int x = width < w ? rng.nextInt(w - width) : 0;
        return new int[] {y, x, height, width};
    }
}
