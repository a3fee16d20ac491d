package org.revisit.train;

/**
 * What training a network measured, stored beside it so a cache hit reports the original run's figures.
 * {@code resumedFromStep} is the checkpoint step a killed run continued from (0: trained in one go; records written
 * before checkpoints existed read as 0); {@code trainSeconds} counts every segment.
 */
public record TrainingRecord(String key, String network, String task, String trainingConfig, int steps,
                             double finalLoss, double pretextAccuracy, int pretextEvalImages, double trainSeconds,
                             double trainImagesPerSecond, long parameters, int resumedFromStep) {
}
