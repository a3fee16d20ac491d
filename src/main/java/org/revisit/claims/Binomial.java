package org.revisit.claims;

/** The exact binomial tail for the sign test. */
final class Binomial {
    private Binomial() {
    }

    /** P(X >= k) for X ~ Binomial(n, p). */
    static double upperTail(int k, int n, double p) {
        double sum = 0;
        for (int i = k; i <= n; i++) {
            sum += Math.exp(logChoose(n, i) + i * Math.log(p) + (n - i) * Math.log1p(-p));
        }
        return Math.min(1, sum);
    }

    private static double logChoose(int n, int k) {
        double s = 0;
        for (int i = 1; i <= k; i++) {
            s += Math.log(n - k + i) - Math.log(i);
        }
        return s;
    }
}
