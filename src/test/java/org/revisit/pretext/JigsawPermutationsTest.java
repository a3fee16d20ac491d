package org.revisit.pretext;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JigsawPermutationsTest {

    @Test
    void storedSetIsTheGreedyAlgorithmsOutputForItsSeed() {
        int[][] stored = JigsawPermutations.load();
        assertEquals(JigsawPermutations.COUNT, stored.length);
        assertArrayEquals(JigsawPermutations.generate(JigsawPermutations.COUNT, JigsawPermutations.SEED), stored);
    }

    @Test
    void hundredDistantDistinctPermutations() {
        int[][] p = JigsawPermutations.load();
        Set<String> distinct = new HashSet<>();
        long sum = 0;
        int pairs = 0;
        for (int i = 0; i < p.length; i++) {
            assertTrue(JigsawPermutations.isPermutation(p[i]), Arrays.toString(p[i]));
            distinct.add(Arrays.toString(p[i]));
            for (int j = i + 1; j < p.length; j++) {
                sum += JigsawPermutations.hamming(p[i], p[j]);
                pairs++;
            }
        }
        assertEquals(100, distinct.size());
        int min = JigsawPermutations.minimalDistance(p);
        double mean = (double) sum / pairs;
        System.out.printf("Jigsaw permutation set: minimal pairwise Hamming distance %d, mean %.3f%n", min, mean);
        assertTrue(min >= 2);
        // Two random permutations of 9 differ in 8 positions on average; the greedy selection spreads them further.
        assertTrue(mean > 8.0, "mean pairwise Hamming distance " + mean);
    }
}
