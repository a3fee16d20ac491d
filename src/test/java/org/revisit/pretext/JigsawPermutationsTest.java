package org.revisit.pretext;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JigsawPermutationsTest {

    /**
     * The official file's Hamming profile over its 4,950 pairs: a regenerated or altered set shows at once (the set
     * the project regenerated before had 104 pairs at distance 2 and 104 at 3, with the same mean 8.08).
     */
    @Test
    void theShippedSetIsTheOfficialFileByItsDistanceProfile() {
        int[][] p = JigsawPermutations.load();
        assertEquals(JigsawPermutations.COUNT, p.length);
        assertArrayEquals(new int[] {0, 0, 5, 12, 18, 114, 253, 876, 1_390, 2_282},
                JigsawPermutations.distanceProfile(p));
        // the file's first two permutations, 1-based: 8 7 6 9 5 4 3 2 1 and 9 8 7 6 4 5 2 1 3
        assertArrayEquals(new int[] {7, 6, 5, 8, 4, 3, 2, 1, 0}, p[0]);
        assertArrayEquals(new int[] {8, 7, 6, 5, 3, 4, 1, 0, 2}, p[1]);
        Set<String> distinct = new HashSet<>();
        for (int[] q : p) {
            assertTrue(JigsawPermutations.isPermutation(q), Arrays.toString(q));
            distinct.add(Arrays.toString(q));
        }
        assertEquals(100, distinct.size());
    }

    @Test
    void aDamagedFileIsRefusedNamingWhatWasExpected() {
        byte[] ok = file(100, 9, 1);
        JigsawPermutations.parse(ok, "ok.bin");
        var shortFile = assertThrows(IllegalStateException.class,
                () -> JigsawPermutations.parse(Arrays.copyOf(ok, ok.length - 4), "short.bin"));
        assertTrue(shortFile.getMessage().contains("short.bin: expected 3608 bytes"), shortFile.getMessage());
        var header = assertThrows(IllegalStateException.class,
                () -> JigsawPermutations.parse(file(64, 9, 1), "header.bin"));
        assertTrue(header.getMessage().contains("expected 100 permutations of 9 tiles"), header.getMessage());
        var zeroBased = assertThrows(IllegalStateException.class,
                () -> JigsawPermutations.parse(file(100, 9, 0), "zero.bin"));
        assertTrue(zeroBased.getMessage().contains("zero.bin: permutation 0 is not a permutation of 1..9"),
                zeroBased.getMessage());
    }

    /** {@code count} copies of the identity, numbered from {@code first}. */
    private static byte[] file(int count, int length, int first) {
        ByteBuffer b = ByteBuffer.allocate(8 + 4 * 100 * 9).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(count).putInt(length);
        for (int i = 0; i < 100; i++) {
            for (int t = 0; t < 9; t++) {
                b.putInt(first + t);
            }
        }
        return b.array();
    }
}
