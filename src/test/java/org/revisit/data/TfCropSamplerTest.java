package org.revisit.data;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The paper scale's training crop as TF's sample_distorted_bounding_box in slim's Inception preprocessing. */
class TfCropSamplerTest {

    @Test
    void cropsCoverATenthOfTheImageAndFollowTfsRounding() {
        int h = 300;
        int w = 400;
        SplittableRandom rng = new SplittableRandom(1);
        int below = 0;
        double smallest = 1;
        double heights = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            int[] c = TfCropSampler.sample(h, w, 0.05, 1.0, 0.75, 1.33, rng);
            double area = (double) c[2] * c[3] / (h * w);
            smallest = Math.min(smallest, area);
            below += area < 0.1 ? 1 : 0;
            assertTrue(c[0] >= 0 && c[1] >= 0 && c[0] + c[2] <= h && c[1] + c[3] <= w, "inside the image");
            if (c[2] < h) {
                assertTrue(c[0] + c[2] < h, "TF draws the offset from [0, size - crop): the bottom row is never cut");
            }
            double aspect = (double) c[3] / c[2];
            assertTrue(aspect > 0.7 && aspect < 1.4 || c[2] == h && c[3] == w, "aspect " + aspect);
            heights += c[2];
        }
        // the area range allows 5 %, min_object_covered 0.1 rejects everything under 10 %
        assertEquals(0, below);
        assertTrue(smallest < 0.11, "crops reach down to a tenth: " + smallest);
        // the height, not the area, is drawn uniformly: with crops under a tenth rejected it is uniform on about
        // [110, 300] px here, mean about 205
        double mean = heights / n;
        assertTrue(mean > 195 && mean < 215, "mean height " + mean);
    }

    @Test
    void aCropThatCannotBeDrawnIsTheWholeImageAndTheSamplerIsReproducible() {
        // an area range no aspect in [3, 4] can reach on a 10 x 10 image: every attempt fails
        assertArrayEquals(new int[] {0, 0, 10, 10}, TfCropSampler.sample(10, 10, 0.9, 1.0, 3.0, 4.0,
                new SplittableRandom(2)));
        assertArrayEquals(TfCropSampler.sample(224, 256, 0.05, 1, 0.75, 1.33, new SplittableRandom(9)),
                TfCropSampler.sample(224, 256, 0.05, 1, 0.75, 1.33, new SplittableRandom(9)));
    }

    /** The paper preset crops as TF; the small scales keep their sampler (and the stored networks trained with it). */
    @Test
    void onlyThePaperAugmentationUsesIt() {
        assertTrue(Augmentation.inception().slim());
        assertTrue(Augmentation.inception().withColour().slim());
        assertTrue(!Augmentation.smallImages().slim() && !Augmentation.smallImages().withColour().slim());
    }
}
