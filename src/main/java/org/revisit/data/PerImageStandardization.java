package org.revisit.data;

/** TF's {@code per_image_standardization}, which Exemplar applies to each copy and the patch tasks to each patch. */
public final class PerImageStandardization {
    private PerImageStandardization() {
    }

    /**
     * Standardises {@code len} values in place as TF's {@code per_image_standardization}: subtract the mean, divide
     * by max(standard deviation, 1 / sqrt(len)), so a constant patch becomes zeros instead of NaN.
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
        double scale = 1.0 / Math.max(std, 1.0 / Math.sqrt(len));
        for (int i = off; i < off + len; i++) {
            values[i] = (float) ((values[i] - mean) * scale);
        }
    }
}
