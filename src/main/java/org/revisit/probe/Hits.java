package org.revisit.probe;

import java.util.Base64;
import java.util.BitSet;

/**
 * Which of a probe's {@code n} test images it got right, in the test split's order: what a paired comparison of two
 * probes on the same images needs ({@link #pairedGain}). Stored in results as {@link #encode()}: {@code n} and the
 * bit set in Base64 (4,000 images take 668 characters).
 */
public record Hits(int n, BitSet right) {
    public Hits {
        if (n < 0 || right.length() > n) {
            throw new IllegalArgumentException("hits: " + right.length() + " bits for " + n + " images");
        }
        right = (BitSet) right.clone();
    }

    public static Hits of(boolean[] right) {
        BitSet b = new BitSet(right.length);
        for (int i = 0; i < right.length; i++) {
            b.set(i, right[i]);
        }
        return new Hits(right.length, b);
    }

    public int count() {
        return right.cardinality();
    }

    public String encode() {
        return n + ":" + Base64.getEncoder().encodeToString(right.toByteArray());
    }

    /** Reads {@link #encode()}; {@code what} names the field in the error. */
    public static Hits decode(String s, String what) {
        int colon = s == null ? -1 : s.indexOf(':');
        try {
            if (colon < 1) {
                throw new IllegalArgumentException("no \"n:\" prefix");
            }
            return new Hits(Integer.parseInt(s.substring(0, colon)),
                    BitSet.valueOf(Base64.getDecoder().decode(s.substring(colon + 1))));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": expected \"<images>:<Base64 bit set>\", got \""
                    + (s == null ? "null" : s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\" (" + e.getMessage()
                    + ")", e);
        }
    }

    /**
     * This probe's top-1 minus {@code other}'s on the same images, with the 95 % interval of a paired difference
     * (Bonett and Price's adjusted Wald interval, 2012, over the discordant images: right here and wrong there, and
     * the reverse). Much narrower than an interval that treats the two as independent samples when the two probes
     * mostly agree, as a network and its own initial weights do.
     */
    public Paired pairedGain(Hits other) {
        if (other.n != n) {
            throw new IllegalArgumentException("paired gain: " + n + " test images against " + other.n);
        }
        BitSet onlyHere = (BitSet) right.clone();
        onlyHere.andNot(other.right);
        BitSet onlyThere = (BitSet) other.right.clone();
        onlyThere.andNot(right);
        return Paired.of(n, onlyHere.cardinality(), onlyThere.cardinality());
    }

    /** A paired difference of two top-1s over {@code n} images: {@code onlyA} right only in A, {@code onlyB} only in B. */
    public record Paired(int n, int onlyA, int onlyB, double value, double low, double high) {
        static Paired of(int n, int onlyA, int onlyB) {
            double p12 = (onlyA + 1.0) / (n + 2);
            double p21 = (onlyB + 1.0) / (n + 2);
            double d = p12 - p21;
            double half = 1.959963984540054 * Math.sqrt(Math.max(0, p12 + p21 - d * d) / (n + 2));
            return new Paired(n, onlyA, onlyB, n == 0 ? Double.NaN : (double) (onlyA - onlyB) / n, d - half, d + half);
        }

        public boolean above(double x) {
            return low > x;
        }
    }
}
