package org.revisit.study;

import org.revisit.data.DatasetSplits.DatasetFingerprint;
import org.revisit.nets.Architecture;
import org.revisit.nets.NetworkSpec;
import org.revisit.probe.Accuracy;

import java.util.List;
import java.util.Map;

/**
 * The stored outcome of one cell: configuration, metrics, timings and provenance. Plain data; formatting lives in
 * the report package. Version 3 added the probe setting, the label subset, top-5 and the intervals; version-2 files
 * are read through {@link ResultUpgrade}.
 *
 * @param probeKind     {@link ProbeSetting.Kind#id()}
 * @param labelFraction the share of the probe's training labels used
 * @param labelSubset   the fingerprint of the label subset's indices ({@code all} at 100 %)
 * @param poolingTarget the feature pooling target of the end-point's features (SPEC §3.6)
 */
public record CellResult(int formatVersion, String benchmark, String cellId, String cellKey, String networkKey,
                         String scale, String task, String architecture, int width, int paperWidth, String depth,
                         int representationSize,
                         String endPoint, String probeKind, int probeFirstDecay, double labelFraction,
                         String labelSubset, int poolingTarget, long seed, String network, String training,
                         String probe, DatasetFingerprint dataset, DatasetFingerprint pretextDataset,
                         Metrics metrics, Timings timings, Provenance provenance) {
    public static final int FORMAT_VERSION = 4;

    /** A result whose network was trained on the dataset it is probed on ({@code pretextDataset} null). */
    public CellResult(int formatVersion, String benchmark, String cellId, String cellKey, String networkKey,
                      String scale, String task, String architecture, int width, int paperWidth, String depth,
                      int representationSize, String endPoint, String probeKind, int probeFirstDecay,
                      double labelFraction, String labelSubset, int poolingTarget, long seed, String network,
                      String training, String probe, DatasetFingerprint dataset, Metrics metrics, Timings timings,
                      Provenance provenance) {
        this(formatVersion, benchmark, cellId, cellKey, networkKey, scale, task, architecture, width, paperWidth,
                depth, representationSize, endPoint, probeKind, probeFirstDecay, labelFraction, labelSubset,
                poolingTarget, seed, network, training, probe, dataset, null, metrics, timings, provenance);
    }

    /** The architecture's id without the variant {@link #architecture()} names: "resnet50_v2" for "resnet50_v2 (-)". */
    public String architectureId() {
        return NetworkSpec.architectureOf(architecture);
    }

    /** Whether the network is of architecture {@code a}, in either variant. */
    public boolean is(Architecture a) {
        return architectureId().equals(a.id());
    }

    /** Whether the network is a "(-)" variant, without the ReLU before global pooling. */
    public boolean minusVariant() {
        return architecture.endsWith(NetworkSpec.MINUS_MARK);
    }

    /** This result as a row of another benchmark: the same computation, shared between tables. */
    public CellResult inBenchmark(String otherBenchmark, String otherCellId) {
        return new CellResult(formatVersion, otherBenchmark, otherCellId, cellKey, networkKey, scale, task,
                architecture, width, paperWidth, depth, representationSize, endPoint, probeKind, probeFirstDecay,
                labelFraction, labelSubset, poolingTarget, seed, network, training, probe, dataset, pretextDataset,
                metrics, timings, provenance);
    }

    /**
     * @param top1Untrained         the same probe on the same network with its weights before training: the
     *                              control that shows what pretext training added (not measured for cells
     *                              without the control)
     * @param top5                  not measured with five classes or fewer
     * @param chosenL2              the L-BFGS probe's penalty (NaN for the SGD probes)
     * @param validationTop1ByEpoch the SGD probes' own-validation top-1 after each epoch (Figure 8)
     * @param probeIterations       L-BFGS iterations of the final fit, or SGD steps
     * @param multiplyAdds          forward multiply-adds of the network for one input ({@code NetworkSize})
     */
    public record Metrics(double pretextAccuracy, int pretextEvalImages, Accuracy top1, Accuracy top5,
                          Accuracy top1Untrained, Accuracy top5Untrained, double chosenL2,
                          Map<String, Double> validationTop1ByL2, List<Double> validationTop1ByEpoch, int probeIterations,
                          boolean probeConverged, int probeTrainImages, int probeValImages, int testImages,
                          int features, long parameters, long multiplyAdds) {
        public double probeTop1() {
            return top1.value();
        }
    }

    /**
     * Seconds and images per second; {@code networkFromCache} says the training figures come from an earlier run,
     * {@code featuresFromCache} that the end-point's features were read, not extracted, in this run.
     */
    public record Timings(double trainSeconds, double trainImagesPerSecond, boolean networkFromCache,
                          double extractSeconds, double extractImagesPerSecond, boolean featuresFromCache,
                          double probeSeconds, double wallSeconds, int concurrentCells) {
    }
}
