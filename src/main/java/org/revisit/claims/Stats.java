package org.revisit.claims;

import org.revisit.probe.Accuracy;
import org.revisit.probe.WilsonInterval;

import java.util.Arrays;
import java.util.SplittableRandom;

/** The statistics behind the verdicts: differences of accuracies with intervals, rank correlations with intervals. */
public final class Stats {
    static final int BOOTSTRAP = 2000;

    private Stats() {
    }

    /** A difference with its 95 % interval. */
    public record Interval(double value, double low, double high) {
        boolean above(double threshold) {
            return low > threshold;
        }

        boolean below(double threshold) {
            return high < threshold;
        }

        @Override
        public String toString() {
            return String.format("%+.2f [%+.2f, %+.2f]", value, low, high);
        }

        String points() {
            return String.format("%+.1f pts [%+.1f, %+.1f]", 100 * value, 100 * low, 100 * high);
        }
    }

    /**
     * a - b for two accuracies on independent test sets (or the same test set, conservatively), with Newcombe's
     * hybrid score interval built from each one's Wilson interval.
     */
    public static Interval difference(Accuracy a, Accuracy b) {
        double d = a.value() - b.value();
        double low = d - Math.sqrt(sq(a.value() - a.low()) + sq(b.high() - b.value()));
        double high = d + Math.sqrt(sq(a.high() - a.value()) + sq(b.value() - b.low()));
        return new Interval(d, low, high);
    }

    /**
     * a - b with its interval widened for a family of {@code comparisons} tests (Bonferroni): Newcombe's interval
     * from Wilson intervals at the 1 - 0.05 / comparisons level, so "its interval excludes zero" holds for the whole
     * family at 95 %. One comparison is {@link #difference(Accuracy, Accuracy)}.
     */
    public static Interval difference(Accuracy a, Accuracy b, int comparisons) {
        return difference(forFamily(a, comparisons), forFamily(b, comparisons));
    }

    /** {@code a} with its Wilson interval at the Bonferroni level of a family of {@code comparisons} tests. */
    static Accuracy forFamily(Accuracy a, int comparisons) {
        return comparisons <= 1 ? a : wilson(a, normalQuantile(1 - 0.05 / (2.0 * comparisons)));
    }

    /** The Bonferroni confidence level of each of {@code comparisons} intervals, e.g. "99.6 %" for 12. */
    public static String familyLevel(int comparisons) {
        return String.format(java.util.Locale.ROOT, "%.1f %%", 100 * (1 - 0.05 / Math.max(1, comparisons)));
    }

    /** {@code a} with its Wilson score interval at {@code z} standard errors ({@link WilsonInterval#of}). */
    static Accuracy wilson(Accuracy a, double z) {
        if (a.n() <= 0 || Double.isNaN(a.value())) {
            return a;
        }
        WilsonInterval ci = WilsonInterval.of(Math.round(a.value() * a.n()), a.n(), z);
        return new Accuracy(a.value(), a.n(), ci.low(), ci.high());
    }

    /** The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9). */
    static double normalQuantile(double p) {
        if (p <= 0 || p >= 1) {
            throw new IllegalArgumentException("normalQuantile(" + p + "): expected 0 < p < 1");
        }
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
                -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
                -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
                4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double low = 0.02425;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) {
            return -normalQuantile(1 - p);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }

    /**
     * What training added to a cell: its top-1 minus its untrained control's on the same test images, with the
     * paired interval ({@link org.revisit.probe.Hits#pairedGain}) when both probes' hits are stored, else Newcombe's
     * (conservative: it treats the two as independent).
     */
    public static Interval gainOverControl(org.revisit.study.CellResult.Metrics m) {
        return m.pairedGain().map(p -> new Interval(p.value(), p.low(), p.high()))
                .orElseGet(() -> difference(m.top1(), m.top1Untrained()));
    }

    /**
     * One-sided p-value that A's top-1 is above B's on the same images, from the discordant images ({@code onlyA} right
     * only in A, {@code onlyB} only in B): McNemar's test as a normal approximation with continuity correction (the
     * exact binomial tail below 25 discordant images).
     */
    public static double pairedPValue(int onlyA, int onlyB) {
        int m = onlyA + onlyB;
        if (m == 0) {
            return 1;
        }
        if (m < 25) {
            double tail = 0;
            for (int k = onlyA; k <= m; k++) {
                tail += Math.exp(logChoose(m, k) - m * Math.log(2));
            }
            return Math.min(1, tail);
        }
        double z = (onlyA - onlyB - 1.0) / Math.sqrt(m);
        return 1 - normalCdf(z);
    }

    private static double logChoose(int n, int k) {
        double s = 0;
        for (int i = 1; i <= k; i++) {
            s += Math.log(n - k + i) - Math.log(i);
        }
        return s;
    }

    /** The standard normal distribution function (Abramowitz and Stegun 7.1.26 for erf, error below 1.5e-7). */
    static double normalCdf(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
                + t * 1.061405429)))) * Math.exp(-x * x);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }

    /**
     * Holm's step-down procedure over a family of one-sided p-values at level {@code alpha}: which hypotheses are
     * rejected, controlling the family-wise error without Bonferroni's loss of power.
     */
    public static boolean[] holm(double[] p, double alpha) {
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < p.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> p[i]));
        boolean[] rejected = new boolean[p.length];
        for (int rank = 0; rank < p.length; rank++) {
            if (p[order[rank]] > alpha / (p.length - rank)) {
                break;
            }
            rejected[order[rank]] = true;
        }
        return rejected;
    }

    /**
     * (a - b) - (ca - cb): how much more a step from b to a moved the trained networks than it moved their untrained
     * controls ca and cb, with the interval of Newcombe's construction over the four accuracies (each one's Wilson
     * half-width on the side it moves the difference), conservative for accuracies on shared test images.
     */
    public static Interval beyondControl(Accuracy a, Accuracy b, Accuracy ca, Accuracy cb) {
        double d = (a.value() - b.value()) - (ca.value() - cb.value());
        double low = d - Math.sqrt(sq(a.value() - a.low()) + sq(b.high() - b.value()) + sq(ca.high() - ca.value())
                + sq(cb.value() - cb.low()));
        double high = d + Math.sqrt(sq(a.high() - a.value()) + sq(b.value() - b.low()) + sq(ca.value() - ca.low())
                + sq(cb.high() - cb.value()));
        return new Interval(d, low, high);
    }

    /** Spearman's rank correlation (average ranks for ties); NaN with fewer than 3 points or a constant side. */
    public static double spearman(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("spearman: " + x.length + " x values against " + y.length + " y");
        }
        if (x.length < 3) {
            return Double.NaN;
        }
        return pearson(ranks(x), ranks(y));
    }

    /** Spearman's rho with a seeded percentile-bootstrap 95 % interval over the points. */
    public static Interval spearmanWithInterval(double[] x, double[] y, long seed) {
        double rho = spearman(x, y);
        if (Double.isNaN(rho)) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] samples = new double[BOOTSTRAP];
        int n = 0;
        double[] bx = new double[x.length];
        double[] by = new double[y.length];
        for (int b = 0; b < BOOTSTRAP; b++) {
            for (int i = 0; i < x.length; i++) {
                int j = rng.nextInt(x.length);
                bx[i] = x[j];
                by[i] = y[j];
            }
            double r = spearman(bx, by);
            if (!Double.isNaN(r)) {
                samples[n++] = r;
            }
        }
        double[] s = Arrays.copyOf(samples, n);
        Arrays.sort(s);
        return n == 0 ? new Interval(rho, Double.NaN, Double.NaN)
                : new Interval(rho, s[(int) Math.floor(0.025 * (n - 1))], s[(int) Math.ceil(0.975 * (n - 1))]);
    }

    static double[] ranks(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; ) {
            int j = i;
            while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[order[k]] = rank;
            }
            i = j + 1;
        }
        return r;
    }

    static double pearson(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElse(Double.NaN);
        double my = Arrays.stream(y).average().orElse(Double.NaN);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += sq(x[i] - mx);
            syy += sq(y[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    /** Least-squares slope and intercept of y on x (the fitted line of a scatter). */
    public static double[] fitLine(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElse(Double.NaN);
        double my = Arrays.stream(y).average().orElse(Double.NaN);
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += sq(x[i] - mx);
        }
        double slope = sxx == 0 ? Double.NaN : sxy / sxx;
        return new double[] {slope, my - slope * mx};
    }

    private static double sq(double v) {
        return v * v;
    }
}
