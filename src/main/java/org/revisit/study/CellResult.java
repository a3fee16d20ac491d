package org.revisit.study;

import org.revisit.data.DatasetSplits.DatasetFingerprint;
import org.revisit.nets.Architecture;
import org.revisit.nets.NetworkSpec;
import org.revisit.pretext.TaskName;
import org.revisit.probe.Accuracy;

import java.util.List;
import java.util.Map;

/**
 * The stored outcome of one cell: what was run, its metrics, timings and provenance. Plain data; formatting lives in
 * the report package. Version 5 nests what was run ({@link Run}) and names the task, architecture, probe and scale by
 * their enums; files of versions 2-4 are read through {@link ResultUpgrade}.
 */
public record CellResult(int formatVersion, Run run, Metrics metrics, Timings timings, Provenance provenance) {
    public static final int FORMAT_VERSION = 5;

    public String benchmark() {
        return run.benchmark();
    }

    public String cellId() {
        return run.cellId();
    }

    public String cellKey() {
        return run.cellKey();
    }

    public String networkKey() {
        return run.networkKey();
    }

    public TaskName task() {
        return run.task();
    }

    public Network network() {
        return run.network();
    }

    public Probing probe() {
        return run.probe();
    }

    /** This result as a row of another benchmark: the same computation, shared between tables. */
    public CellResult inBenchmark(String otherBenchmark, String otherCellId) {
        Run r = run;
        return new CellResult(formatVersion, new Run(otherBenchmark, otherCellId, r.cellKey, r.networkKey, r.scale,
                r.task, r.seed, r.network, r.probe, r.descriptions, r.dataset, r.pretextDataset), metrics, timings,
                provenance);
    }

    /**
     * What was run: the cell, the keys it is stored and trained under, the network, the probe and the data.
     *
     * @param pretextDataset the dataset the network was trained on when it is not {@code dataset}, else null
     */
    public record Run(String benchmark, String cellId, String cellKey, String networkKey, Scale scale, TaskName task,
                      long seed, Network network, Probing probe, Descriptions descriptions, DatasetFingerprint dataset,
                      DatasetFingerprint pretextDataset) {
    }

    /**
     * The network as tables name it.
     *
     * @param lastRelu   false for the "(-)" variant, without the ReLU before global pooling
     * @param paperWidth the paper's width this network stands in for (-1 for none)
     * @param depth      units per stage (blocks for VGG), "(1,1,1,1)"
     */
    public record Network(Architecture architecture, boolean lastRelu, int width, int paperWidth, String depth,
                          int representationSize) {
        static Network of(NetworkSpec spec, int paperWidth) {
            return new Network(spec.architecture(), spec.lastRelu(), spec.width(), paperWidth, spec.depthLabel(),
                    spec.representationSize());
        }

        /** The architecture with its variant, as tables name it: "resnet50_v2 (-)". */
        public String variant() {
            return architecture.id() + (lastRelu ? "" : NetworkSpec.MINUS_MARK);
        }

        /** Whether the network is a "(-)" variant, without the ReLU before global pooling. */
        public boolean minusVariant() {
            return !lastRelu;
        }

        /** Whether the network is of architecture {@code a}, in either variant. */
        public boolean is(Architecture a) {
            return architecture == a;
        }
    }

    /**
     * How the features were probed.
     *
     * @param firstDecay    the SGD probes' first decay epoch (0 for L-BFGS)
     * @param labelFraction the share of the probe's training labels used
     * @param labelSubset   the fingerprint of the label subset's indices ({@code all} at 100 %)
     * @param poolingTarget the feature pooling target of the end-point's features (paper.md §3.6)
     * @param atStep        the training step whose weights were probed (a learning curve's point); null, as in
     *                      every result stored before learning curves, for the finished network
     */
    public record Probing(String endPoint, ProbeSetting.Kind kind, int firstDecay, double labelFraction,
                          String labelSubset, int poolingTarget, Integer atStep) {

        /** The finished network probed. */
        public Probing(String endPoint, ProbeSetting.Kind kind, int firstDecay, double labelFraction,
                       String labelSubset, int poolingTarget) {
            this(endPoint, kind, firstDecay, labelFraction, labelSubset, poolingTarget, null);
        }
    }

    /** Every hyper-parameter of the network, its training and its probe, as their classes describe themselves. */
    public record Descriptions(String network, String training, String probe) {
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
     * @param top1Hits              which test images the top-1 got right ({@code Hits.encode}); null in results
     *                              stored before it was recorded
     * @param top1UntrainedHits     the same for the untrained control; null without a control
     */
    public record Metrics(double pretextAccuracy, int pretextEvalImages, Accuracy top1, Accuracy top5,
                          Accuracy top1Untrained, Accuracy top5Untrained, double chosenL2,
                          Map<String, Double> validationTop1ByL2, List<Double> validationTop1ByEpoch,
                          int probeIterations, boolean probeConverged, int probeTrainImages, int probeValImages,
                          int testImages, int features, long parameters, long multiplyAdds, String top1Hits,
                          String top1UntrainedHits) {
        /** Without the test images' hits (results stored before they were recorded, and derived rows). */
        public Metrics(double pretextAccuracy, int pretextEvalImages, Accuracy top1, Accuracy top5,
                       Accuracy top1Untrained, Accuracy top5Untrained, double chosenL2,
                       Map<String, Double> validationTop1ByL2, List<Double> validationTop1ByEpoch,
                       int probeIterations, boolean probeConverged, int probeTrainImages, int probeValImages,
                       int testImages, int features, long parameters, long multiplyAdds) {
            this(pretextAccuracy, pretextEvalImages, top1, top5, top1Untrained, top5Untrained, chosenL2,
                    validationTop1ByL2, validationTop1ByEpoch, probeIterations, probeConverged, probeTrainImages,
                    probeValImages, testImages, features, parameters, multiplyAdds, null, null);
        }

        public double probeTop1() {
            return top1.value();
        }

        /** Whether both probes' test-image hits are stored, so the gain over the control is paired. */
        public boolean pairedHits() {
            return top1Hits != null && top1UntrainedHits != null;
        }

        /**
         * Top-1 minus the untrained control's over the same test images, paired image by image when both probes'
         * hits are stored; empty when either is not.
         */
        public java.util.Optional<org.revisit.probe.Hits.Paired> pairedGain() {
            if (!pairedHits()) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(org.revisit.probe.Hits.decode(top1Hits, "metrics.top1Hits").pairedGain(
                    org.revisit.probe.Hits.decode(top1UntrainedHits, "metrics.top1UntrainedHits")));
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
