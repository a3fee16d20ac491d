package org.revisit.data;

/**
 * TF's {@code resize_area} on a region of an image: each output pixel is the mean of the source area it covers,
 * every source pixel weighted by the part of it inside that area. The official code's evaluation resizes the
 * shorter side to 256 this way and crops the central 224; resizing the central region directly gives the same
 * pixels, up to the rounding of the resized size to whole pixels.
 */
public final class AreaResize {
    private AreaResize() {
    }

    /** Writes the region (y0, x0, ch x cw, in source pixels) resized to {@code outH x outW}, in [-1, 1]. */
    public static void region(Image img, double y0, double x0, double ch, double cw, float[] out, int off, int outH,
                       int outW) {
        int c = img.channels();
        byte[] px = img.pixels();
        int base = img.offset();
        int stride = img.width() * c;
        Weights rows = Weights.of(y0, ch, outH, img.height());
        Weights cols = Weights.of(x0, cw, outW, img.width());
        double[] acc = new double[c];
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                java.util.Arrays.fill(acc, 0);
                for (int a = rows.start[oy]; a < rows.start[oy + 1]; a++) {
                    int row = base + rows.pixel[a] * stride;
                    for (int b = cols.start[ox]; b < cols.start[ox + 1]; b++) {
                        double wgt = rows.weight[a] * cols.weight[b];
                        int at = row + cols.pixel[b] * c;
                        for (int k = 0; k < c; k++) {
                            acc[k] += wgt * (px[at + k] & 0xff);
                        }
                    }
                }
                int o = off + (oy * outW + ox) * c;
                for (int k = 0; k < c; k++) {
                    out[o + k] = (float) (acc[k] / 255.0) * 2f - 1f;
                }
            }
        }
    }

    /**
     * For each output pixel along one axis, the source pixels its interval [from + i*s, from + (i+1)*s) covers and
     * each one's share of it (they sum to 1); the interval is clipped to the image.
     */
    private record Weights(int[] start, int[] pixel, double[] weight) {
        static Weights of(double from, double length, int out, int size) {
            double s = length / out;
            java.util.List<Integer> pixels = new java.util.ArrayList<>();
            java.util.List<Double> weights = new java.util.ArrayList<>();
            int[] start = new int[out + 1];
            for (int i = 0; i < out; i++) {
                start[i] = pixels.size();
                double lo = Math.max(0, from + i * s);
                double hi = Math.min(size, from + (i + 1) * s);
                double total = hi - lo;
                if (total <= 0) { // an interval outside the image: its nearest pixel
                    pixels.add(Math.min(size - 1, Math.max(0, (int) Math.floor(from + i * s))));
                    weights.add(1.0);
                    continue;
                }
                for (int p = (int) Math.floor(lo); p < hi && p < size; p++) {
                    double overlap = Math.min(hi, p + 1) - Math.max(lo, p);
                    if (overlap > 1e-12) {
                        pixels.add(p);
                        weights.add(overlap / total);
                    }
                }
            }
            start[out] = pixels.size();
            return new Weights(start, pixels.stream().mapToInt(Integer::intValue).toArray(),
                    weights.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }
}
