package org.revisit.pretext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The Jigsaw task's fixed set of permutations of the 3x3 tiles: Noroozi and Favaro's {@value #RESOURCE}, the file the
 * official code loads ({@code load_permutations}), shipped with the project with its provenance beside it. Its
 * format: little-endian int32, the count and the length, then each permutation's tiles in 1..9; position q of a
 * puzzle shows tile {@code perm[q]}. The network keys of Jigsaw name the set ({@link #SOURCE}).
 */
public final class JigsawPermutations {
    public static final int TILES = 9;
    public static final int COUNT = 100;
    static final String RESOURCE = "permutations_100_max.bin";
    /** The set's name in Jigsaw's network keys: the networks trained on the earlier regenerated set carry none. */
    public static final String SOURCE = "noroozi-favaro " + RESOURCE;

    private JigsawPermutations() {
    }

    /** The official set: {@link #COUNT} permutations of 0..8, the tile each position shows. */
    public static int[][] load() {
        try (InputStream in = JigsawPermutations.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the class path");
            }
            return parse(in.readAllBytes(), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a permutation file in the official format, naming {@code source} and the value at fault on error. */
    static int[][] parse(byte[] bytes, String source) {
        if (bytes.length < 8 || bytes.length % 4 != 0) {
            throw new IllegalStateException(source + ": expected little-endian int32 values (count, length, then "
                    + "the permutations), found " + bytes.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int count = b.getInt();
        int length = b.getInt();
        if (count != COUNT || length != TILES) {
            throw new IllegalStateException(source + ": expected " + COUNT + " permutations of " + TILES
                    + " tiles in the header, found " + count + " of " + length);
        }
        if (bytes.length != 8 + 4 * count * length) {
            throw new IllegalStateException(source + ": expected " + (8 + 4 * count * length) + " bytes for "
                    + count + " permutations of " + length + ", found " + bytes.length);
        }
        int[][] perms = new int[count][length];
        for (int i = 0; i < count; i++) {
            for (int t = 0; t < length; t++) {
                // the file numbers tiles from 1, as the official code reads it (perms - 1)
                perms[i][t] = b.getInt() - 1;
            }
            if (!isPermutation(perms[i])) {
                throw new IllegalStateException(source + ": permutation " + i + " is not a permutation of 1.."
                        + TILES + ": " + java.util.Arrays.toString(plusOne(perms[i])));
            }
        }
        return perms;
    }

    public static int hamming(int[] a, int[] b) {
        int d = 0;
        for (int i = 0; i < a.length; i++) {
            d += a[i] != b[i] ? 1 : 0;
        }
        return d;
    }

    /** How many pairs of the set are at each Hamming distance 0..{@link #TILES}. */
    public static int[] distanceProfile(int[][] perms) {
        int[] profile = new int[TILES + 1];
        for (int i = 0; i < perms.length; i++) {
            for (int j = i + 1; j < perms.length; j++) {
                profile[hamming(perms[i], perms[j])]++;
            }
        }
        return profile;
    }

    static boolean isPermutation(int[] p) {
        if (p.length != TILES) {
            return false;
        }
        boolean[] seen = new boolean[TILES];
        for (int v : p) {
            if (v < 0 || v >= TILES || seen[v]) {
                return false;
            }
            seen[v] = true;
        }
        return true;
    }

    private static int[] plusOne(int[] p) {
        int[] q = p.clone();
        for (int i = 0; i < q.length; i++) {
            q[i]++;
        }
        return q;
    }
}
