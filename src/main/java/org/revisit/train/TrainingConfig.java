package org.revisit.train;

import java.util.Arrays;

/**
 * Pretext training hyper-parameters (paper.md §3.1): momentum SGD with lr = baseLr * batch / 256, linear warm-up, then
 * x0.1 decays. Epoch positions are fractions so that a shorter run keeps the paper's shape (5 warm-up epochs and
 * decays at 15 and 25 of 35). {@code bnDecay} is the batch-norm running-average momentum: the paper's 0.99
 * averages over ~100 steps, which is the whole of a smoke run, so short runs use a smaller value (recorded in the
 * configuration). {@code replicas} splits each step's images into that many shards for batch norm and Exemplar's
 * triplet mining, as the paper's TPU cores each computed on their share ({@link ReplicaShards}); 1 is the whole step.
 */
public record TrainingConfig(int epochs, int batchImages, double baseLr, int lrScaleBatch, double warmupEpochs,
                             double[] decayEpochs, double decayFactor, double momentum, double weightDecay,
                             double bnDecay, int trainImages, long seed, int replicas) {

    public TrainingConfig {
        if (replicas < 1 || batchImages % replicas != 0) {
            throw new IllegalArgumentException("training: replicas must be 1 or more and divide the " + batchImages
                    + " images of a step, not " + replicas);
        }
    }

    /** The whole step in one shard. */
    public TrainingConfig(int epochs, int batchImages, double baseLr, int lrScaleBatch, double warmupEpochs,
                          double[] decayEpochs, double decayFactor, double momentum, double weightDecay,
                          double bnDecay, int trainImages, long seed) {
        this(epochs, batchImages, baseLr, lrScaleBatch, warmupEpochs, decayEpochs, decayFactor, momentum,
                weightDecay, bnDecay, trainImages, seed, 1);
    }

    /** The paper's schedule shape compressed to {@code epochs}. */
    public static TrainingConfig paperShape(int epochs, int batchImages, double bnDecay, int trainImages, long seed) {
        double f = epochs / 35.0;
        return new TrainingConfig(epochs, batchImages, 0.1, 256, 5 * f, new double[] {15 * f, 25 * f}, 0.1, 0.9,
                1e-4, bnDecay, trainImages, seed);
    }

    /** This configuration with each step split into {@code r} replica shards. */
    public TrainingConfig withReplicas(int r) {
        return new TrainingConfig(epochs, batchImages, baseLr, lrScaleBatch, warmupEpochs, decayEpochs, decayFactor,
                momentum, weightDecay, bnDecay, trainImages, seed, r);
    }

    /** This configuration over {@code images} images per epoch (its decays stay at the same fractions of the run). */
    public TrainingConfig withImages(int images) {
        return new TrainingConfig(epochs, batchImages, baseLr, lrScaleBatch, warmupEpochs, decayEpochs, decayFactor,
                momentum, weightDecay, bnDecay, images, seed, replicas);
    }

    /** This configuration with another seed (initial weights, augmentation and sampling). */
    public TrainingConfig withSeed(long other) {
        return new TrainingConfig(epochs, batchImages, baseLr, lrScaleBatch, warmupEpochs, decayEpochs, decayFactor,
                momentum, weightDecay, bnDecay, trainImages, other, replicas);
    }

    /** This configuration with every learning rate times {@code factor}. */
    public TrainingConfig withRateTimes(double factor) {
        return new TrainingConfig(epochs, batchImages, baseLr * factor, lrScaleBatch, warmupEpochs, decayEpochs,
                decayFactor, momentum, weightDecay, bnDecay, trainImages, seed, replicas);
    }

    public double peakLr() {
        return baseLr * batchImages / lrScaleBatch;
    }

    /**
     * Whole batches per epoch when {@code availableImages} can be drawn: the configured images, or fewer when the
     * data holds fewer; 0 when a batch is larger than that (training refuses such a run, planning goes on).
     */
    public int stepsPerEpoch(int availableImages) {
        return Math.min(trainImages, availableImages) / batchImages;
    }

    public WarmupStepSchedule schedule(int stepsPerEpoch) {
        long[] decays = Arrays.stream(decayEpochs).mapToLong(e -> Math.round(e * stepsPerEpoch)).toArray();
        return new WarmupStepSchedule(peakLr(), Math.max(1, Math.round(warmupEpochs * stepsPerEpoch)), decays,
                decayFactor);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingConfig t && toString().equals(t.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "TrainingConfig{epochs=" + epochs + ", batchImages=" + batchImages + ", baseLr=" + baseLr
                + ", lrScaleBatch=" + lrScaleBatch + ", warmupEpochs=" + warmupEpochs + ", decayEpochs="
                + Arrays.toString(decayEpochs) + ", decayFactor=" + decayFactor + ", momentum=" + momentum
                + ", weightDecay=" + weightDecay + ", bnDecay=" + bnDecay + ", trainImages=" + trainImages + ", seed=" + seed
                + (replicas == 1 ? "" : ", replicas=" + replicas) + "}";
    }
}
