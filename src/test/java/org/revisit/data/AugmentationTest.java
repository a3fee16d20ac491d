package org.revisit.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class AugmentationTest {
    @Test
    void greyIsTheMeanOfTheThreeChannelsInEachOfThem() {
        float[] v = {9, 0.3f, 0.6f, 0.9f, -1, 0, 1, 9};
        Augmentation.toGrey(v, 1, 2);
        assertArrayEquals(new float[] {9, 0.6f, 0.6f, 0.6f, 0, 0, 0, 9}, v, 1e-6f);
    }
}
