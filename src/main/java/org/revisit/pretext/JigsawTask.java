package org.revisit.pretext;

import org.revisit.util.Permutations;

import java.util.SplittableRandom;

/**
 * Jigsaw (paper.md §3.4): the nine patches of an image, shown in the order of one of the 100 permutations of
 * {@link JigsawPermutations}; the head predicts which. As in the code, each core's share of a step draws 8 of the
 * 100 permutations and applies all 8 to every image of it ({@code perm_subset_size 8}): here each replica shard of
 * the step, one below the paper scale; the paper's "16 per image" is unverified. The
 * held-out metric uses 8 permutations drawn from a generator seeded by the batch (the code evaluates all 100; 8
 * keeps the memory of an evaluation batch bounded).
 */
public final class JigsawTask extends PatchTask {
    public static final String NAME = "jigsaw";
    public static final int SUBSET = 8;
    private final int[][] permutations = JigsawPermutations.load();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    int patchesPerExample() {
        return PATCHES;
    }

    @Override
    int classes() {
        return permutations.length;
    }

    @Override
    int examplesPerImage() {
        return SUBSET;
    }

    @Override
    int[] permutationSubset(SplittableRandom rng) {
        int[] all = Permutations.identity(permutations.length);
        Permutations.shuffle(all, rng);
        return java.util.Arrays.copyOf(all, SUBSET);
    }

    @Override
    void examples(int first, int e0, float[] order, int[] targets, float[] onehot, int[] subset) {
        for (int s = 0; s < SUBSET; s++) {
            int e = e0 + s;
            int[] perm = permutations[subset[s]];
            for (int q = 0; q < PATCHES; q++) {
                order[e * PATCHES + q] = first + perm[q];
            }
            targets[e] = subset[s];
            onehot[e * classes() + subset[s]] = 1f;
        }
    }

    @Override
    public String toString() {
        return "JigsawTask{permutations=" + permutations.length + " (" + JigsawPermutations.SOURCE + "), per batch "
                + SUBSET + " applied to every image, "
                + headsText() + "}";
    }
}
