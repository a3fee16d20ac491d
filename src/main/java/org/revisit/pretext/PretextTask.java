package org.revisit.pretext;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.revisit.data.Augmentation;
import org.revisit.data.ImageSet;
import org.revisit.nets.Geometry;
import org.revisit.nets.Head;

import java.util.SplittableRandom;

/**
 * A self-supervised task: how a batch of unlabelled images becomes network inputs and targets, the head and loss
 * the network is trained with, and the pretext metric.
 */
public interface PretextTask {
    String name();

    /** The head on the pre-logits of a network that takes {@code network} inputs, with its loss. */
    Head head(Geometry network);

    /** Network inputs made from one source image. */
    int inputsPerImage();

    /**
     * @param rng random source for augmentation, or {@code null} for the deterministic evaluation preprocessing
     */
    PretextBatch batch(ImageSet images, int[] indices, Augmentation augmentation, Geometry geometry,
                       SplittableRandom rng);

    /**
     * A training step of {@code shards} replica shards, each {@code indices.length / shards} consecutive images (the
     * paper's cores, {@code org.revisit.train.ReplicaShards}): what the task draws once per step, each core drew for
     * itself. One shard is {@link #batch(ImageSet, int[], Augmentation, Geometry, SplittableRandom)}; only Jigsaw
     * draws anything per step (its permutation subset).
     */
    default PretextBatch batch(ImageSet images, int[] indices, Augmentation augmentation, Geometry geometry,
                               SplittableRandom rng, int shards) {
        return batch(images, indices, augmentation, geometry, rng);
    }

    /** The network's input geometry for images shown at {@code image}: the image itself, or a patch of it. */
    default Geometry networkGeometry(Geometry image) {
        return image;
    }

    /** Network inputs whose representations are averaged into an image's representation at evaluation. */
    default int representationInputs() {
        return 1;
    }

    /**
     * Writes the {@link #representationInputs()} evaluation inputs of image {@code i} (NHWC floats, the network's
     * {@code geometry}) at {@code off}: by default the central crop, without augmentation (paper.md §3.6).
     */
    default void representationInput(ImageSet images, int i, Augmentation augmentation, Geometry geometry,
                                     float[] out, int off) {
        representationInput(images, i, augmentation, geometry, out, off, null);
    }

    /**
     * As above; with {@code rng}, the evaluation crop at a random position rather than the centre: the official
     * linear evaluation's training input (its {@code crop} preprocessing is random in training).
     */
    default void representationInput(ImageSet images, int i, Augmentation augmentation, Geometry geometry,
                                     float[] out, int off, SplittableRandom rng) {
        augmentation.eval(images, i, out, off, geometry.height(), geometry.width(), rng);
    }

    /**
     * This task with the official evaluation's probe input where it differs from this one's (Exemplar: images scaled
     * to [-1, 1] without its per-image standardisation); the task itself for the others.
     */
    default PretextTask withOfficialProbeInput() {
        return this;
    }

    /** What sets this task's probe input apart, for the feature keys; empty for a task's own. */
    default String probeInputKey() {
        return "";
    }

    /**
     * The pretext accuracy of guessing: one over the head's classes; 0 for a task whose metric has no fixed chance
     * level (Exemplar's nearest-neighbour retrieval, which untrained weights already score well on). A trained
     * network that stays near it failed to learn its task.
     */
    double chance();

    /** Whether the task's network inputs are standardised per image or patch ({@code per_image_standardization}). */
    default boolean standardisesInputs() {
        return false;
    }

    /**
     * How many of the batch's {@code targets} the network's {@code logits} got right; by default the arg-max class.
     */
    default int correct(INDArray logits, PretextBatch batch) {
        long[] predicted = logits.argMax(1).toLongVector();
        int correct = 0;
        for (int j = 0; j < predicted.length; j++) {
            correct += predicted[j] == batch.targets()[j] ? 1 : 0;
        }
        return correct;
    }
}
