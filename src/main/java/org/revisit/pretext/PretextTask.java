package org.revisit.pretext;

import org.revisit.data.Augmentation;
import org.revisit.data.ImageSet;
import org.revisit.nets.Geometry;

import java.util.SplittableRandom;

/**
 * A self-supervised task: how a batch of unlabelled images becomes network inputs and targets. The network's own
 * head ({@code logits}, softmax) has {@link #headOutputs()} classes; the pretext metric is the accuracy on them.
 */
public interface PretextTask {
    String name();

    /** Classes of the pretext head. */
    int headOutputs();

    /** Network inputs made from one source image. */
    int inputsPerImage();

    /**
     * @param rng random source for augmentation, or {@code null} for the deterministic evaluation preprocessing
     */
    PretextBatch batch(ImageSet images, int[] indices, Augmentation augmentation, Geometry geometry,
                       SplittableRandom rng);
}
