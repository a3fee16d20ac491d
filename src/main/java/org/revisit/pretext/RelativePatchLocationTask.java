package org.revisit.pretext;

/**
 * Relative Patch Location (paper.md §3.5): every image yields its 8 (neighbour, centre) pairs of the 3x3 grid, the
 * neighbour's patch first; the head predicts which of the 8 neighbours it is (label = neighbour index in row-major
 * order, skipping the centre).
 */
public final class RelativePatchLocationTask extends PatchTask {
    public static final String NAME = "relative_patch_location";
    static final int CENTRE = 4;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    int patchesPerExample() {
        return 2;
    }

    @Override
    int classes() {
        return PATCHES - 1;
    }

    @Override
    int examplesPerImage() {
        return PATCHES - 1;
    }

    @Override
    void examples(int first, int e0, float[] order, int[] targets, float[] onehot, int[] subset) {
        int label = 0;
        for (int q = 0; q < PATCHES; q++) {
            if (q == CENTRE) {
                continue;
            }
            int e = e0 + label;
            order[2 * e] = first + q;
            order[2 * e + 1] = first + CENTRE;
            targets[e] = label;
            onehot[e * classes() + label] = 1f;
            label++;
        }
    }

    @Override
    public String toString() {
        return "RelativePatchLocationTask{8 (neighbour, centre) pairs per image, " + headsText() + "}";
    }
}
