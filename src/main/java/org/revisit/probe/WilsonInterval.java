package org.revisit.probe;

/**
 * The Wilson score interval for a binomial proportion: an accuracy of {@code correct / n} on a test set. Unlike the
 * normal approximation it stays inside [0, 1] and keeps its coverage near 0 % and 100 %.
 */
public record WilsonInterval(double low, double high) {
    /** The two-sided 95 % quantile of the standard normal. */
    public static final double Z95 = 1.959963984540054;

    public static WilsonInterval of95(long correct, long n) {
        return of(correct, n, Z95);
    }

    public static WilsonInterval of(long correct, long n, double z) {
        if (n <= 0 || correct < 0 || correct > n) {
            throw new IllegalArgumentException("Wilson interval: need 0 <= correct <= n and n > 0; got " + correct
                    + " of " + n);
        }
        double p = (double) correct / n;
        double z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        // at 0 and n the interval ends exactly at 0 or 1, which rounding in centre -/+ half would miss
        return new WilsonInterval(correct == 0 ? 0 : Math.max(0, centre - half),
                correct == n ? 1 : Math.min(1, centre + half));
    }

    public boolean contains(double p) {
        return p >= low && p <= high;
    }

    @Override
    public String toString() {
        return String.format("[%.4f, %.4f]", low, high);
    }
}
