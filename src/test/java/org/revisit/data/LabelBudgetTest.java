package org.revisit.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelBudgetTest {
    /** Unbalanced classes of 0 to 997 images, so rounding matters. */
    private static int[] labels(int classes) {
        SplittableRandom r = new SplittableRandom(5);
        int[] sizes = new int[classes];
        Arrays.setAll(sizes, c -> c * 111 % 998);
        int[] l = new int[Arrays.stream(sizes).sum()];
        int n = 0;
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < sizes[c]; i++) {
                l[n++] = c;
            }
        }
        for (int i = l.length - 1; i > 0; i--) { // interleave the classes
            int j = r.nextInt(i + 1);
            int t = l[i];
            l[i] = l[j];
            l[j] = t;
        }
        return l;
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.05, 1.0})
    void eachClassKeepsItsFractionWithinOneImage(double fraction) {
        int classes = 10;
        int[] labels = labels(classes);
        LabelBudget b = LabelBudget.of(labels, classes, fraction, 42);
        int[] all = new int[classes];
        int[] kept = new int[classes];
        for (int l : labels) {
            all[l]++;
        }
        Set<Integer> distinct = new HashSet<>();
        for (int i : b.indices()) {
            kept[labels[i]]++;
            assertTrue(distinct.add(i), "index " + i + " chosen twice");
        }
        for (int c = 0; c < classes; c++) {
            assertTrue(Math.abs(kept[c] - fraction * all[c]) <= 1, "class " + c + ": kept " + kept[c] + " of "
                    + all[c] + " for fraction " + fraction);
        }
        int[] sorted = b.indices();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, b.indices());
    }

    @Test
    void sameSeedSameSubsetOtherSeedAnother() {
        int[] labels = labels(10);
        LabelBudget a = LabelBudget.of(labels, 10, 0.1, 7);
        LabelBudget again = LabelBudget.of(labels.clone(), 10, 0.1, 7);
        LabelBudget other = LabelBudget.of(labels, 10, 0.1, 8);
        assertArrayEquals(a.indices(), again.indices());
        assertEquals(a.fingerprint(), again.fingerprint());
        assertEquals(a, again);
        assertEquals(a.size(), other.size());
        assertNotEquals(a.fingerprint(), other.fingerprint());
        assertEquals(16, a.fingerprint().length());
        assertEquals(labels.length, LabelBudget.of(labels, 10, 1.0, 7).size());
    }

    @Test
    void onFashionMnistTestSplitTenPercentIsOneHundredPerClass() {
        ImageSet test = FashionMnist.load(FashionMnist.DEFAULT_FOLDER, 100, 0).test();
        LabelBudget b = LabelBudget.of(test, 0.1, 0);
        int[] kept = new int[10];
        for (int i : b.indices()) {
            kept[test.label(i)]++;
        }
        int[] expected = new int[10];
        Arrays.fill(expected, 100);
        assertArrayEquals(expected, kept);
    }

    @Test
    void badInputIsRefusedWithWhatWasExpected() {
        var e = assertThrows(IllegalArgumentException.class, () -> LabelBudget.of(new int[] {0, 3}, 3, 0.1, 0));
        assertTrue(e.getMessage().contains("label 3 of image 1 is outside 0..2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LabelBudget.of(new int[] {0}, 1, 0, 0));
        assertTrue(e.getMessage().contains("fraction must be in (0, 1]"), e.getMessage());
    }
}
