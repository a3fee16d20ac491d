package org.revisit.claims;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** McNemar's one-sided p-value and Holm's step-down procedure against hand computations. */
class HolmTest {
    @Test
    void pairedPValueIsMcNemarsTail() {
        // exact below 25 discordant images: P(X >= 8 | X ~ Bin(10, 1/2)) = (45 + 10 + 1) / 1024
        assertEquals(56.0 / 1024, Stats.pairedPValue(8, 2), 1e-12);
        // normal with continuity correction: z = (30 - 10 - 1) / sqrt(40) = 3.0042, 1 - Phi(z) = 0.001331
        assertEquals(0.001331, Stats.pairedPValue(30, 10), 2e-6);
        assertEquals(1.0, Stats.pairedPValue(0, 0));
        assertEquals(0.5, Stats.normalCdf(0), 1e-9);
        assertEquals(0.975, Stats.normalCdf(1.959964), 1e-6);
    }

    @Test
    void holmStepsDownUntilAPValueIsAboveItsLevel() {
        // sorted: 0.005 <= 0.05/4, 0.01 <= 0.05/3, 0.03 > 0.05/2: stop, 0.04 not rejected either
        assertArrayEquals(new boolean[] {true, false, false, true}, Stats.holm(new double[] {0.01, 0.04, 0.03, 0.005},
                0.05));
        // Holm rejects what Bonferroni (0.05 / 3 each) does not
        assertArrayEquals(new boolean[] {true, true, true}, Stats.holm(new double[] {0.012, 0.02, 0.04}, 0.05));
        assertArrayEquals(new boolean[0], Stats.holm(new double[0], 0.05));
    }
}
