package org.revisit.train;

/** What training a network measured, stored beside it so a cache hit reports the original run's figures. */
public record TrainingRecord(String key, String network, String task, String trainingConfig, int steps,
                             double finalLoss, double pretextAccuracy, int pretextEvalImages, double trainSeconds,
                             double trainImagesPerSecond, long parameters) {
}
