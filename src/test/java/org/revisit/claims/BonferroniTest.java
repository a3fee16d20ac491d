package org.revisit.claims;

import org.junit.jupiter.api.Test;
import org.revisit.probe.Accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Intervals for a family of comparisons: each wider, so a difference significant alone may not be in a family. */
class BonferroniTest {
    @Test
    void theNormalQuantileIsTheTextbookOne() {
        assertEquals(1.959964, Stats.normalQuantile(0.975), 1e-6);
        assertEquals(2.865260, Stats.normalQuantile(1 - 0.05 / 24), 1e-6); // Python statistics.NormalDist
        assertEquals(-1.644854, Stats.normalQuantile(0.05), 1e-6);
    }

    @Test
    void oneComparisonIsTheUsualInterval() {
        Accuracy a = Accuracy.of(830, 1000);
        Accuracy b = Accuracy.of(800, 1000);
        assertEquals(Stats.difference(a, b), Stats.difference(a, b, 1));
        Accuracy again = Stats.forFamily(a, 1);
        assertEquals(a, again);
        // the Wilson interval at z = 1.96 recomputed equals the stored 95 % one
        Accuracy recomputed = Stats.wilson(a, Stats.normalQuantile(0.975));
        assertEquals(a.low(), recomputed.low(), 1e-6);
        assertEquals(a.high(), recomputed.high(), 1e-6);
    }

    @Test
    void aDifferenceSignificantAloneNeedNotBeInAFamilyOfTwelve() {
        Accuracy a = Accuracy.of(850, 1000);
        Accuracy b = Accuracy.of(815, 1000);
        Stats.Interval alone = Stats.difference(a, b);
        Stats.Interval inFamily = Stats.difference(a, b, 12);
        assertTrue(alone.above(0), "3.5 points on 1000 images is significant alone: " + alone);
        assertTrue(!inFamily.above(0), "but not as one of 12: " + inFamily);
        assertEquals(alone.value(), inFamily.value(), 1e-12);
        assertTrue(inFamily.low() < alone.low() && inFamily.high() > alone.high());
        assertEquals("99.6 %", Stats.familyLevel(12));
    }
}
