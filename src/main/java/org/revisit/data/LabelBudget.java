package org.revisit.data;

import org.revisit.util.Hashing;
import org.revisit.util.Permutations;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A fraction of the training labels (paper.md §3.6, Figure 7: 100 %, 10 %, 5 %), stratified: each class keeps
 * {@code round(fraction * its count)} images, drawn by seed. {@link #fingerprint()} hashes the chosen indices so every
 * result that used the subset names it exactly.
 *
 * @param indices the chosen images, ascending
 */
public record LabelBudget(double fraction, long seed, int[] indices) {

    public LabelBudget {
        requireFraction(fraction);
        indices = indices.clone();
    }

    private static void requireFraction(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("label budget: fraction must be in (0, 1]; got " + fraction);
        }
    }

    /** The stratified subset of an image set's labels; fraction 1 keeps every image. */
    public static LabelBudget of(ImageSet images, double fraction, long seed) {
        int[] labels = new int[images.size()];
        Arrays.setAll(labels, images::label);
        return of(labels, images.numClasses(), fraction, seed);
    }

    public static LabelBudget of(int[] labels, int classes, double fraction, long seed) {
        requireFraction(fraction); // before the draw: a fraction above 1 would overrun the class lists
        int[] counts = new int[classes];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label budget: label " + labels[i] + " of image " + i
                        + " is outside 0.." + (classes - 1));
            }
            counts[labels[i]]++;
        }
        int[][] byClass = new int[classes][];
        int[] fill = new int[classes];
        for (int c = 0; c < classes; c++) {
            byClass[c] = new int[counts[c]];
        }
        for (int i = 0; i < labels.length; i++) {
            byClass[labels[i]][fill[labels[i]]++] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[] chosen = new int[labels.length];
        int n = 0;
        for (int c = 0; c < classes; c++) {
            // one generator per class, split in class order: a class's draw does not depend on the others' sizes
            SplittableRandom r = rng.split();
            int keep = (int) Math.round(fraction * counts[c]);
            Permutations.shuffle(byClass[c], r);
            System.arraycopy(byClass[c], 0, chosen, n, keep);
            n += keep;
        }
        int[] indices = Arrays.copyOf(chosen, n);
        Arrays.sort(indices);
        return new LabelBudget(fraction, seed, indices);
    }

    public int size() {
        return indices.length;
    }

    @Override
    public int[] indices() {
        return indices.clone();
    }

    /** The first 16 hex digits of the SHA-256 of the chosen indices (as big-endian ints). */
    public String fingerprint() {
        ByteBuffer b = ByteBuffer.allocate(4 * indices.length);
        for (int i : indices) {
            b.putInt(i);
        }
        return Hashing.shortKey(b.array());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelBudget l && l.fraction == fraction && l.seed == seed
                && Arrays.equals(l.indices, indices);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(indices);
    }

    @Override
    public String toString() {
        return "LabelBudget{fraction=" + fraction + ", seed=" + seed + ", images=" + indices.length
                + ", fingerprint=" + fingerprint() + "}";
    }
}
