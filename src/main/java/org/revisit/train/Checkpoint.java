package org.revisit.train;

/**
 * The state of an unfinished training run ({@code checkpoint.json}): the network file holding weights and updater
 * state after {@code step} steps, the last loss, and the training seconds spent so far (a resumed run's time and
 * rate count both segments). The batches need no state of their own: each step's are a function of the seed and
 * the step.
 */
public record Checkpoint(int formatVersion, String key, int step, int totalSteps, double lastLoss,
                         double trainSeconds, String networkFile) {
    public static final int FORMAT_VERSION = 1;
}
