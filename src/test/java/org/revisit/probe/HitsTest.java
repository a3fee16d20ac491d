package org.revisit.probe;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.revisit.claims.Stats;
import org.revisit.util.NativeBackend;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HitsTest {
    /** Two probes over n images: both right on the first {@code both}, only A on the next b, only B on the next c. */
    private static Hits[] pair(int n, int both, int b, int c) {
        boolean[] a = new boolean[n];
        boolean[] o = new boolean[n];
        for (int i = 0; i < both + b + c; i++) {
            a[i] = i < both + b;
            o[i] = i < both || i >= both + b;
        }
        return new Hits[] {Hits.of(a), Hits.of(o)};
    }

    @Test
    void bonettPriceIntervalOverTheDiscordantImages() {
        Hits[] h = pair(4000, 3200, 120, 60);
        Hits.Paired p = h[0].pairedGain(h[1]);
        assertEquals(120, p.onlyA());
        assertEquals(60, p.onlyB());
        assertEquals(0.015, p.value(), 1e-12);
        // (b + 1) / (n + 2) and (c + 1) / (n + 2), their difference ± 1.96 sqrt((p12 + p21 - d^2) / (n + 2))
        assertEquals(0.0084018155, p.low(), 1e-9);
        assertEquals(0.0215831920, p.high(), 1e-9);
        assertTrue(p.above(0));
        Hits.Paired reverse = h[1].pairedGain(h[0]);
        assertEquals(-p.value(), reverse.value(), 1e-12);
        assertEquals(-p.high(), reverse.low(), 1e-12);
    }

    @Test
    void pairedIsNarrowerThanNewcombeWhenTheProbesMostlyAgree() {
        Hits[] h = pair(4000, 3200, 120, 60);
        Hits.Paired p = h[0].pairedGain(h[1]);
        Stats.Interval unpaired = Stats.difference(Accuracy.of(h[0].count(), 4000), Accuracy.of(h[1].count(), 4000));
        assertEquals(unpaired.value(), p.value(), 1e-12);
        assertTrue(p.high() - p.low() < 0.6 * (unpaired.high() - unpaired.low()),
                "paired " + (p.high() - p.low()) + " vs unpaired " + (unpaired.high() - unpaired.low()));
        assertFalse(unpaired.low() > 0 && unpaired.low() > p.low(), "the unpaired interval is the wider one");
    }

    @Test
    void coverageOfTheTrueDifferenceIsAbout95Percent() {
        // images right for A with probability 0.83, B agreeing with A except on 4 % (2.5 % only A, 1.5 % only B)
        Random rng = new Random(7);
        int covered = 0;
        int trials = 2000;
        for (int t = 0; t < trials; t++) {
            boolean[] a = new boolean[1000];
            boolean[] b = new boolean[1000];
            for (int i = 0; i < a.length; i++) {
                double u = rng.nextDouble();
                a[i] = u < 0.83;
                b[i] = u < 0.805 || (u >= 0.83 && u < 0.845);
            }
            Hits.Paired p = Hits.of(a).pairedGain(Hits.of(b));
            covered += p.low() <= 0.01 && 0.01 <= p.high() ? 1 : 0;
        }
        assertEquals(0.95, (double) covered / trials, 0.02);
    }

    @Test
    void encodesAndDecodesAndNamesTheFieldOnBadInput() {
        Hits[] h = pair(4000, 3200, 120, 60);
        Hits back = Hits.decode(h[0].encode(), "x");
        assertEquals(h[0], back);
        assertEquals(3320, back.count());
        assertEquals(Hits.of(new boolean[5]), Hits.decode(Hits.of(new boolean[5]).encode(), "x"), "none right");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Hits.decode("garbage", "metrics.top1Hits"));
        assertTrue(e.getMessage().startsWith("metrics.top1Hits: expected"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> h[0].pairedGain(Hits.of(new boolean[10])));
    }

    @Test
    void topKHitsAgreeWithTheCount() {
        NativeBackend.init();
        float[][] s = {{0.9f, 0.1f, 0f}, {0.2f, 0.7f, 0.1f}, {0.3f, 0.3f, 0.4f}, {Float.NaN, 1f, 0f}};
        int[] labels = {0, 0, 2, 1};
        boolean[] hits = TopK.hits(Nd4j.createFromArray(s), labels, 1);
        assertArrayEquals(new boolean[] {true, false, true, false}, hits, "a non-finite row never counts");
        assertEquals(2, TopK.correct(Nd4j.createFromArray(s), labels, 1));
    }
}
