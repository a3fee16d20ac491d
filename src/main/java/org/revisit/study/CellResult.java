package org.revisit.study;

import org.revisit.data.DatasetSplits.DatasetFingerprint;

import java.util.Map;

/**
 * The stored outcome of one cell: configuration, metrics, timings and provenance. Plain data; formatting lives in
 * the report package.
 */
public record CellResult(int formatVersion, String benchmark, String cellId, String cellKey, String networkKey,
                         String scale, String task, String architecture, int width, int paperWidth, String depth,
                         int representationSize,
                         String endPoint, long seed, String network, String training, String probe,
                         DatasetFingerprint dataset, Metrics metrics, Timings timings, Provenance provenance) {
    public static final int FORMAT_VERSION = 2;

    /**
     * @param multiplyAdds       forward multiply-adds of the network for one input ({@code NetworkSize})
     * @param probeTop1Untrained the same probe on the same network with its weights before training: the
     *                           control that shows what pretext training added
     */
    public record Metrics(double pretextAccuracy, int pretextEvalImages, double probeTop1, double probeTop1Untrained,
                          double chosenL2, Map<String, Double> validationTop1ByL2, int probeIterations,
                          boolean probeConverged, int probeTrainImages, int probeValImages, int testImages,
                          int features, long parameters, long multiplyAdds) {
    }

    /** Seconds and images per second; {@code networkFromCache} says the training figures come from an earlier run. */
    public record Timings(double trainSeconds, double trainImagesPerSecond, boolean networkFromCache,
                          double extractSeconds, double extractImagesPerSecond, double probeSeconds,
                          double wallSeconds) {
    }
}
