package org.revisit.cost;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.revisit.data.Augmentation;
import org.revisit.data.ImageSet;
import org.revisit.nets.Geometry;
import org.revisit.nets.MomentsBatchNormHelper;
import org.revisit.nets.NetworkSize;
import org.revisit.nets.NetworkSpec;
import org.revisit.nets.Networks;
import org.revisit.pretext.RotationTask;
import org.revisit.probe.FeatureExtractor;
import org.revisit.probe.FeaturePooling;
import org.revisit.util.NativeBackend;
import org.revisit.util.ProcessMemory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;

/**
 * Measures a study network in DL4J exactly as the PyTorch peer measures its twin ({@code benchmarks/peer}): the
 * same fixed random batch, softmax head over {@code classes}, momentum SGD with weight decay; the median of
 * {@code steps} timed steps after {@code warmup} untimed ones (the first steps include workspace sizing and
 * oneDNN's JIT). Built DJL-style:
 * <pre>
 * NetworkThroughput t = ThroughputMeter.builder().setSpec(spec).setBatch(256).optSteps(5).build().measure();
 * </pre>
 */
public final class ThroughputMeter {
    private static final Logger log = LoggerFactory.getLogger(ThroughputMeter.class);
    public static final String FRAMEWORK = "dl4j";
    /** DL4J with its own oneDNN batch-norm helper: the "before" of {@link MomentsBatchNormHelper}. */
    public static final String STOCK = "dl4j (stock BN helper)";
    private final NetworkSpec spec;
    private final int batch;
    private final int classes;
    private final int warmup;
    private final int steps;
    private final ImageSet extractionImages;
    private final Augmentation augmentation;
    private final boolean fastBatchNorm;
    private final CNN2DFormat layout;

    private ThroughputMeter(Builder b) {
        this.layout = b.layout == null ? Networks.layout() : b.layout;
        this.fastBatchNorm = b.fastBatchNorm;
        this.spec = b.spec;
        this.batch = b.batch;
        this.classes = b.classes;
        this.warmup = b.warmup;
        this.steps = b.steps;
        this.extractionImages = b.extractionImages;
        this.augmentation = b.augmentation;
    }

    public static Builder builder() {
        return new Builder();
    }

    public NetworkThroughput measure() {
        NativeBackend.init();
        Geometry g = spec.geometry();
        NetworkSize size = NetworkSize.of(spec, classes);
        ProcessMemory.resetPeaks();
        StepWorkload w = StepWorkload.of(spec, batch, classes, fastBatchNorm, layout);
        ComputationGraph graph = w.graph();
        String what = "throughput " + spec.label() + " batch " + batch + (fastBatchNorm ? "" : " stock BN helper")
                + " " + layout;
        log.info("{}: {} warm-up and {} timed training steps", what, warmup, steps);
        double trainSeconds = medianSeconds(w::train);
        double inferSeconds = medianSeconds(w::infer);
        double extract = Double.NaN;
        if (extractionImages != null) {
            long t = System.nanoTime();
            INDArray f = FeatureExtractor.extract(graph, Networks.PRE_LOGITS, extractionImages, augmentation, g,
                    new RotationTask(), new FeaturePooling(FeaturePooling.PAPER_TARGET));
            extract = extractionImages.size() / ((System.nanoTime() - t) / 1e9);
            f.close();
        }
        w.close();
        NetworkThroughput r = new NetworkThroughput(framework(), spec.label(),
                spec.architecture().id(), spec.width(), g.name(), spec.depthLabel(), batch, classes, layout.name(),
                Nd4j.getEnvironment().maxMasterThreads(), size.parameters(), size.multiplyAdds(), trainSeconds,
                inferSeconds, extract, ProcessMemory.peakHeapBytes(), ProcessMemory.peakResidentBytes(), "");
        log.info("{}: train {} in/s ({} GFLOP/s), inference {} in/s, extraction {} img/s", what,
                String.format("%.1f", r.trainInputsPerSecond()), String.format("%.1f", r.trainGflops()),
                String.format("%.1f", r.inferInputsPerSecond()), String.format("%.1f", extract));
        return r;
    }

    /**
     * DL4J as the study runs it ({@link #FRAMEWORK}), with DL4J's own helper ({@link #STOCK}), or in the layout the
     * process does not use ("dl4j (NHWC)"): the label the report's rows carry.
     */
    private String framework() {
        String f = fastBatchNorm ? FRAMEWORK : STOCK;
        return layout == Networks.layout() ? f : f + " (" + layout + ")";
    }

    /** The median time of {@code steps} runs of {@code step} after {@code warmup} untimed ones. */
    private double medianSeconds(Runnable step) {
        double[] seconds = new double[steps];
        for (int i = 0; i < warmup + steps; i++) {
            long t = System.nanoTime();
            step.run();
            if (i >= warmup) {
                seconds[i - warmup] = (System.nanoTime() - t) / 1e9;
            }
        }
        return median(seconds);
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    @Override
    public String toString() {
        return "ThroughputMeter{spec=" + spec.label() + ", batch=" + batch + ", classes=" + classes + ", warmup="
                + warmup + ", steps=" + steps + ", fastBatchNorm=" + fastBatchNorm + ", layout=" + layout
                + ", extractionImages="
                + (extractionImages == null ? "none" : extractionImages.size()) + "}";
    }

    public static final class Builder {
        private NetworkSpec spec;
        private int batch;
        private int classes = 4;
        private int warmup = 3;
        private int steps = 5;
        private ImageSet extractionImages;
        private Augmentation augmentation;
        private boolean fastBatchNorm = true;
        private CNN2DFormat layout;

        private Builder() {
        }

        /** The activation layout; the process's ({@link Networks#layout()}) by default. */
        public Builder optLayout(CNN2DFormat layout) {
            this.layout = layout;
            return this;
        }

        public Builder setSpec(NetworkSpec spec) {
            this.spec = spec;
            return this;
        }

        public Builder setBatch(int batch) {
            this.batch = batch;
            return this;
        }

        /** Outputs of the softmax head; 4 (Rotation) by default. */
        public Builder optClasses(int classes) {
            this.classes = classes;
            return this;
        }

        public Builder optWarmup(int warmup) {
            this.warmup = warmup;
            return this;
        }

        public Builder optSteps(int steps) {
            this.steps = steps;
            return this;
        }

        /** Also time the study's feature extraction over these images (they must fit the spec's geometry). */
        public Builder optExtraction(ImageSet images, Augmentation augmentation) {
            this.extractionImages = images;
            this.augmentation = augmentation;
            return this;
        }

        /** Whether to train with {@link MomentsBatchNormHelper}, as the study does; true by default. */
        public Builder optFastBatchNorm(boolean fastBatchNorm) {
            this.fastBatchNorm = fastBatchNorm;
            return this;
        }

        public ThroughputMeter build() {
            if (spec == null) {
                throw new IllegalStateException("ThroughputMeter.builder(): setSpec is required");
            }
            if (batch < 1 || steps < 1 || warmup < 0 || classes < 2) {
                throw new IllegalStateException("ThroughputMeter.builder(): expected batch >= 1, steps >= 1, "
                        + "warmup >= 0, classes >= 2; was batch " + batch + ", steps " + steps + ", warmup " + warmup
                        + ", classes " + classes);
            }
            if (extractionImages != null && layout != null && layout != Networks.layout()) {
                throw new IllegalStateException("ThroughputMeter.builder(): extraction runs in the process's layout ("
                        + Networks.layout() + "), not in " + layout);
            }
            return new ThroughputMeter(this);
        }
    }
}
