package org.revisit.probe;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WilsonIntervalTest {
    /**
     * The Wilson interval is the set of p the score test does not reject: |k/n - p| <= z sqrt(p (1 - p) / n).
     * Its end-points are found here by bisection on that inequality, independently of the closed form.
     */
    private static double scoreBound(long k, long n, boolean upper) {
        double phat = (double) k / n;
        double inside = phat;
        double outside = upper ? 1 : 0;
        if (Math.abs(phat - outside) <= WilsonInterval.Z95 * Math.sqrt(outside * (1 - outside) / n)) {
            return outside;
        }
        for (int i = 0; i < 200; i++) {
            double mid = (inside + outside) / 2;
            boolean accepted = Math.abs(phat - mid) <= WilsonInterval.Z95 * Math.sqrt(mid * (1 - mid) / n);
            if (accepted) {
                inside = mid;
            } else {
                outside = mid;
            }
        }
        return inside;
    }

    @ParameterizedTest
    @CsvSource({"81, 263", "0, 10", "10, 10", "1, 1", "7421, 10000", "9990, 10000", "3, 1000"})
    void matchesTheInvertedScoreTest(long k, long n) {
        WilsonInterval w = WilsonInterval.of95(k, n);
        assertEquals(scoreBound(k, n, false), w.low(), 1e-9);
        assertEquals(scoreBound(k, n, true), w.high(), 1e-9);
        assertTrue(w.contains((double) k / n));
    }

    @Test
    void newcombesExample() {
        // Newcombe (1998), Stat. Med. 17:857, Table I: 81 of 263, score interval 0.2553 to 0.3662
        WilsonInterval w = WilsonInterval.of95(81, 263);
        assertEquals(0.2553, w.low(), 5e-5);
        assertEquals(0.3662, w.high(), 5e-5);
    }

    @Test
    void refusesImpossibleCounts() {
        assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of95(5, 4));
        assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of95(0, 0));
    }
}
