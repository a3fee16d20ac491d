package org.revisit.pretext;

import java.util.SplittableRandom;

/**
 * Where Jigsaw and Relative Patch Location cut their nine patches (paper.md §3.4): the image, resized to
 * {@code imageSize}, is cropped to a 3x3 grid of {@code cell}-px cells, and each cell yields a {@code patch}-px
 * patch at a random offset (central at evaluation). The cells' leftover {@link #jitter()} px are the random gaps
 * between patches that stop the network from matching edges.
 * <p>
 * The paper's chain is 292 -> crop 255 -> cells 85 -> patches 64. {@link #scaledTo} keeps its proportions for
 * other image sizes: cell = round(size * 85 / 292), crop = 3 cells, patch = round(cell * 64 / 85). A 28 px
 * Fashion-MNIST image gives cells of 8 px and patches of 6 px; a 32 px image cells of 9 and patches of 7.
 */
public record PatchGrid(int imageSize, int cell, int patch) {
    public static final int GRID = 3;

    public PatchGrid {
        if (patch < 1 || cell < patch || GRID * cell > imageSize) {
            throw new IllegalArgumentException("patch grid: need 1 <= patch <= cell and 3 cells <= image size; got "
                    + "image " + imageSize + ", cell " + cell + ", patch " + patch);
        }
    }

    public static PatchGrid paper() {
        return new PatchGrid(292, 85, 64);
    }

    public static PatchGrid scaledTo(int imageSize) {
        int cell = (int) Math.round(imageSize * 85.0 / 292.0);
        return new PatchGrid(imageSize, cell, (int) Math.round(cell * 64.0 / 85.0));
    }

    public int crop() {
        return GRID * cell;
    }

    /** Free pixels per cell: the range of a patch's random offset (the code's {@code patch_jitter}). */
    public int jitter() {
        return cell - patch;
    }

    /**
     * Top-left corners (row, column) of the nine patches in the image, in row-major grid order: a random crop and
     * random offsets from {@code rng}, or the central crop and central offsets when {@code rng} is null.
     */
    public int[][] positions(SplittableRandom rng) {
        int slack = imageSize - crop();
        int y0 = rng == null ? slack / 2 : rng.nextInt(slack + 1);
        int x0 = rng == null ? slack / 2 : rng.nextInt(slack + 1);
        int[][] p = new int[GRID * GRID][2];
        for (int r = 0; r < GRID; r++) {
            for (int c = 0; c < GRID; c++) {
                int dy = rng == null ? jitter() / 2 : rng.nextInt(jitter() + 1);
                int dx = rng == null ? jitter() / 2 : rng.nextInt(jitter() + 1);
                p[r * GRID + c][0] = y0 + r * cell + dy;
                p[r * GRID + c][1] = x0 + c * cell + dx;
            }
        }
        return p;
    }
}
