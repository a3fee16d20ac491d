package org.revisit.data;

/**
 * TF's {@code per_image_standardization}, which Exemplar applies to each copy and the patch tasks to each patch, on
 * the [0, 255] values the official code gives it.
 */
public final class PerImageStandardization {
    /** The grey levels of one unit of the [-1, 1] scale the project's images are in. */
    public static final double LEVELS_PER_UNIT = 127.5;

    private PerImageStandardization() {
    }

    /**
     * Standardises {@code len} values in [-1, 1] in place exactly as TF's op standardises the same image in
     * [0, 255]: subtract the mean, divide by max(standard deviation, 1 / sqrt(len) grey levels), so a constant patch
     * becomes zeros instead of NaN and any other keeps unit deviation. (The floor in [-1, 1] units, 127.5 times
     * larger, would flatten every patch under 21 grey levels of spread at 36 values.)
     */
    public static void apply(float[] values, int off, int len) {
        double sum = 0;
        double sumSq = 0;
        for (int i = off; i < off + len; i++) {
            sum += values[i];
            sumSq += (double) values[i] * values[i];
        }
        double mean = sum / len;
        double std = Math.sqrt(Math.max(sumSq / len - mean * mean, 0));
        double scale = 1.0 / Math.max(std, 1.0 / (LEVELS_PER_UNIT * Math.sqrt(len)));
        for (int i = off; i < off + len; i++) {
            values[i] = (float) ((values[i] - mean) * scale);
        }
    }
}
