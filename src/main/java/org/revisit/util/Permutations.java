package org.revisit.util;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded permutations of indices: the one Fisher-Yates shuffle of the project. */
public final class Permutations {
    private Permutations() {
    }

    public static int[] identity(int n) {
        int[] p = new int[n];
        Arrays.setAll(p, i -> i);
        return p;
    }

    public static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
