package org.revisit.pretext;

import org.junit.jupiter.api.Test;
import org.revisit.data.PerImageStandardization;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PatchGridTest {

    @Test
    void scalingThePapersChainGivesThePapersNumbersAndSmallPatches() {
        assertEquals(PatchGrid.paper(), PatchGrid.scaledTo(292));
        assertEquals(255, PatchGrid.paper().crop());
        assertEquals(21, PatchGrid.paper().jitter());
        PatchGrid fashion = PatchGrid.scaledTo(28);
        assertEquals(8, fashion.cell());
        assertEquals(6, fashion.patch());
        assertEquals(new PatchGrid(32, 9, 7), PatchGrid.scaledTo(32));
        assertThrows(IllegalArgumentException.class, () -> new PatchGrid(20, 8, 6));
    }

    @Test
    void centralPatchesSitInTheMiddleOfTheirCells() {
        int[][] p = PatchGrid.paper().positions(null);
        // (292 - 255) / 2 = 18 px of crop margin, then 85 px cells with the 64 px patch offset by 21 / 2 = 10.
        assertArrayEquals(new int[] {18 + 10, 18 + 10}, p[0]);
        assertArrayEquals(new int[] {18 + 10, 18 + 85 + 10}, p[1]);
        assertArrayEquals(new int[] {18 + 2 * 85 + 10, 18 + 2 * 85 + 10}, p[8]);
    }

    @Test
    void randomPatchesStayInsideTheImageAndTheirCellsWithGapsBetweenThem() {
        for (PatchGrid g : new PatchGrid[] {PatchGrid.paper(), PatchGrid.scaledTo(28), PatchGrid.scaledTo(32)}) {
            SplittableRandom rng = new SplittableRandom(4);
            int minGap = Integer.MAX_VALUE;
            int maxGap = Integer.MIN_VALUE;
            for (int trial = 0; trial < 2_000; trial++) {
                int[][] p = g.positions(rng);
                for (int i = 0; i < 9; i++) {
                    for (int axis = 0; axis < 2; axis++) {
                        assertTrue(p[i][axis] >= 0 && p[i][axis] + g.patch() <= g.imageSize(), g + " patch " + i);
                    }
                    int r = i / 3;
                    int c = i % 3;
                    if (c < 2) { // horizontal neighbour: same row of cells
                        int gap = p[i + 1][1] - (p[i][1] + g.patch());
                        minGap = Math.min(minGap, gap);
                        maxGap = Math.max(maxGap, gap);
                    }
                    if (r < 2) { // vertical neighbour
                        int gap = p[i + 3][0] - (p[i][0] + g.patch());
                        minGap = Math.min(minGap, gap);
                        maxGap = Math.max(maxGap, gap);
                    }
                }
            }
            // Patches never overlap; a gap ranges from 0 (both at their cells' shared edge) to twice the jitter.
            assertEquals(0, minGap, g.toString());
            assertEquals(2 * g.jitter(), maxGap, g.toString());
        }
    }

    @Test
    void standardizationGivesZeroMeanUnitVarianceAndZerosForAConstantPatch() {
        float[] v = {1, 2, 3, 4, 5, 6, 7, 8, 0, 0};
        PerImageStandardization.apply(v, 0, 8);
        double mean = 0;
        double sq = 0;
        for (int i = 0; i < 8; i++) {
            mean += v[i] / 8.0;
            sq += v[i] * v[i] / 8.0;
        }
        assertEquals(0, mean, 1e-6);
        assertEquals(1, sq, 1e-5);
        float[] flat = {3, 3, 3, 3};
        PerImageStandardization.apply(flat, 0, 4);
        assertArrayEquals(new float[] {0, 0, 0, 0}, flat);
    }

    /**
     * The official code standardises [0, 255] values: TF's floor of 1 / sqrt(N) is in grey levels, so a patch of 36
     * values with a spread of 2 grey levels keeps unit deviation (in [-1, 1] units the floor would be 1/6 and flatten
     * it 10-fold); only a spread under 1/6 of a grey level meets the floor.
     */
    @Test
    void theFloorIsTfsOnTheGreyLevels() {
        float[] faint = new float[36];
        for (int i = 0; i < 36; i++) {
            faint[i] = (float) ((i % 2 == 0 ? 100 : 104) / 127.5 - 1); // grey levels 100 and 104: deviation 2
        }
        PerImageStandardization.apply(faint, 0, 36);
        for (int i = 0; i < 36; i++) {
            assertEquals(i % 2 == 0 ? -1 : 1, faint[i], 1e-4, "value " + i);
        }
        float[] tiny = new float[36];
        tiny[0] = (float) (0.06 / 127.5); // one value 0.06 grey levels above 35 zeros: deviation below the floor
        PerImageStandardization.apply(tiny, 0, 36);
        double tfFloor = 1 / Math.sqrt(36);
        assertEquals((0.06 - 0.06 / 36) / tfFloor, tiny[0], 1e-4, "TF's op on [0, 255]: divided by its floor");
    }
}
