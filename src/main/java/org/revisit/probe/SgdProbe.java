package org.revisit.probe;

import org.revisit.util.Nd4jSeed;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.revisit.train.Momentum;
import org.revisit.train.WarmupStepSchedule;
import org.revisit.util.Permutations;
import org.revisit.util.NdArrays;
import org.revisit.util.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A probe trained by momentum SGD on frozen features (paper.md §3.6, the code's {@code linear_eval.py}): the linear
 * model of Table 2 and Figure 8, or with {@code optHidden(1000)} the MLP of Figure 3 (FC 1000 + ReLU, dropout 0.5, FC
 * to the classes). Heavy-ball momentum 0.9, learning rate {@code lr x batch / 256} with x0.1 at each decay epoch, no
 * warm-up, L2 on the weights ({@code 0} in the code). It records the own validation split's top-1 after every epoch
 * (Figure 8's curves) and scores the test split at the end. Features are standardised ({@link FeatureStandardizer}).
 * <p>
 * Unlike {@link LinearProbe} there is no penalty search and no refit: the schedule is the hyper-parameter studied.
 * <p>
 * {@link TrainingData}: the official code trains it on random crops of the own training and validation splits
 * together, cropped afresh every step, and scores the test split after every epoch (the paper scale); below it, the
 * central crops' features of the training split are computed once and reused every epoch, which costs one forward
 * pass per image instead of one per image and epoch.
 */
public final class SgdProbe implements Probe {
    private static final Logger log = LoggerFactory.getLogger(SgdProbe.class);

    private final int epochs;
    private final double[] decayEpochs;
    private final int hidden;
    private final int batch;
    private final double baseLr;
    private final double momentum;
    private final double l2;
    private final long seed;
    private final TrainingData data;
    private final boolean standardise;
    /** The crops' random stream, apart from the shuffling's so that the central-crop probe draws as it always did. */
    private static final long CROP_STREAM = 0x5EED_C809L;

    /** What the probe trains on. */
    public enum TrainingData {
        /** The central crop's features of the training split, computed once; the curve on the validation split. */
        CENTRAL_CROPS_OF_TRAIN,
        /**
         * A random crop of each image of the training and validation splits every step, as the official code
         * ({@code --train_split trainval}, {@code resize_small, crop}); the curve on the test split, as its
         * evaluation job scores every checkpoint.
         */
        RANDOM_CROPS_OF_TRAINVAL
    }

    private SgdProbe(Builder b) {
        this.epochs = b.epochs;
        this.decayEpochs = b.decayEpochs.clone();
        this.hidden = b.hidden;
        this.batch = b.batch;
        this.baseLr = b.baseLr;
        this.momentum = b.momentum;
        this.l2 = b.l2;
        this.seed = b.seed;
        this.data = b.data;
        this.standardise = b.standardise;
    }

    /** Whether it trains on standardised features (Revisit's choice) or raw ones (the official code's). */
    public boolean standardises() {
        return standardise;
    }

    public TrainingData trainingData() {
        return data;
    }

    public int epochs() {
        return epochs;
    }

    public double[] decayEpochs() {
        return decayEpochs.clone();
    }

    public int hidden() {
        return hidden;
    }

    public int batch() {
        return batch;
    }

    public double baseLr() {
        return baseLr;
    }

    public double momentum() {
        return momentum;
    }

    public double l2() {
        return l2;
    }

    public long seed() {
        return seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The paper's schedules (Figure 8): first decay after {@code firstDecay} epochs (30, 120 or 480), the second 20
     * epochs later, 40 epochs after the first in all; {@code scale} multiplies every epoch count (at least 1 epoch).
     */
    public static Builder paperSchedule(int firstDecay, double scale) {
        double d1 = firstDecay * scale;
        double d2 = (firstDecay + 20) * scale;
        return builder().setEpochs(paperEpochs(firstDecay, scale)).optDecayEpochs(d1, d2);
    }

    /** The epochs of the paper's schedule with its first decay at {@code firstDecay}, times {@code scale}. */
    public static int paperEpochs(int firstDecay, double scale) {
        return (int) Math.max(1, Math.round((firstDecay + 40) * scale));
    }

    /** Trains on the central crops' features of the training split ({@link TrainingData#CENTRAL_CROPS_OF_TRAIN}). */
    @Override
    public ProbeResult evaluate(INDArray train, int[] trainLabels, INDArray val, int[] valLabels, INDArray test,
                           int[] testLabels, int classes) {
        if (data != TrainingData.CENTRAL_CROPS_OF_TRAIN) {
            throw new IllegalStateException(this + " trains on random crops: it needs the network and the images "
                    + "(evaluate(RandomCropFeatures, ...)), not fixed features");
        }
        long start = System.nanoTime();
        // raw: copies, so that the splits closed below are this probe's own either way
        FeatureStandardizer.Splits splits = standardise ? FeatureStandardizer.standardise(train, val, test)
                : new FeatureStandardizer.Splits(train.dup(), val.dup(), test.dup());
        INDArray tr = splits.train();
        ProbeResult r = score((rows, rng) -> tr.getRows(rows), trainLabels, (int) tr.size(1), splits.val(), valLabels,
                splits.test(), testLabels, classes, start);
        NdArrays.close(tr, splits.val(), splits.test());
        return r;
    }

    /**
     * Trains on random crops ({@link TrainingData#RANDOM_CROPS_OF_TRAINVAL}) and scores {@code test} (features of its
     * central crops, standardised as the crops are, or raw when {@code standardizer} is null) after every epoch and
     * at the end.
     */
    public ProbeResult evaluate(RandomCropFeatures train, INDArray test, int[] testLabels, int classes,
                                FeatureStandardizer standardizer) {
        if (data != TrainingData.RANDOM_CROPS_OF_TRAINVAL) {
            throw new IllegalStateException(this + " trains on fixed central-crop features, not on random crops");
        }
        long start = System.nanoTime();
        INDArray te = standardizer == null ? test.dup() : standardizer.apply(test);
        ProbeResult r = score(train::batch, train.labels(), (int) test.size(1), te, testLabels, te, testLabels, classes,
                start);
        NdArrays.close(te);
        return r;
    }

    /** A step's standardised training features of examples {@code rows}. */
    @FunctionalInterface
    interface TrainingBatches {
        INDArray rows(int[] rows, SplittableRandom cropRng);
    }

    private ProbeResult score(TrainingBatches train, int[] trainLabels, int features, INDArray curveOn,
                              int[] curveLabels, INDArray test, int[] testLabels, int classes, long start) {
        double[] curve = new double[epochs];
        MultiLayerNetwork net = fit(train, trainLabels, features, classes, curveOn, curveLabels, curve);
        INDArray scores = net.output(test, false);
        Hits hits = Hits.of(TopK.hits(scores, testLabels, 1));
        Accuracy top1 = Accuracy.of(hits.count(), testLabels.length);
        Accuracy top5 = Accuracy.topK(scores, testLabels, 5);
        NdArrays.close(scores);
        double seconds = (System.nanoTime() - start) / 1e9;
        log.info("{} probe: test top-1 {}, top-5 {}, {} s", hidden > 0 ? "mlp" : "sgd", top1, top5,
                String.format("%.1f", seconds));
        log.debug("{}", this);
        return new ProbeResult(top1, top5, hits, Double.NaN, java.util.Map.of(), curve,
                epochs * stepsPerEpoch(trainLabels.length), true, trainLabels.length,
                data == TrainingData.CENTRAL_CROPS_OF_TRAIN ? curveLabels.length : 0, testLabels.length, features,
                seconds);
    }

    /** Trains on (already standardised) features; writes the validation top-1 of each epoch to {@code curve}. */
    MultiLayerNetwork fit(INDArray train, int[] labels, int classes, INDArray val, int[] valLabels, double[] curve) {
        return fit((rows, rng) -> train.getRows(rows), labels, (int) train.size(1), classes, val, valLabels, curve);
    }

    private MultiLayerNetwork fit(TrainingBatches train, int[] labels, int features, int classes, INDArray val,
                                  int[] valLabels, double[] curve) {
        int n = labels.length;
        MultiLayerNetwork net = network(features, classes, stepsPerEpoch(n));
        INDArray onehot = SoftmaxRegression.oneHot(labels, classes);
        SplittableRandom rng = new SplittableRandom(seed);
        SplittableRandom crops = new SplittableRandom(seed ^ CROP_STREAM);
        int[] order = Permutations.identity(n);
        Progress progress = new Progress(log, "sgd probe " + (hidden > 0 ? "mlp" : "linear"), epochs, "epoch");
        for (int e = 0; e < epochs; e++) {
            Permutations.shuffle(order, rng);
            for (int s = 0; s < n; s += batch) {
                int[] idx = Arrays.copyOfRange(order, s, Math.min(n, s + batch));
                INDArray x = train.rows(idx, crops);
                INDArray y = onehot.getRows(idx);
                net.fit(new DataSet(x, y));
                NdArrays.close(x, y); // per step, or thousands of steps' batches wait for the garbage collector
            }
            INDArray scores = net.output(val, false);
            boolean finite = TopK.allFinite(scores);
            curve[e] = TopK.accuracy(scores, valLabels, 1);
            NdArrays.close(scores);
            if (!finite) {
                throw new ProbeDivergedException(this + " diverged: non-finite class scores on the validation split "
                        + "after epoch " + (e + 1) + " of " + epochs + "; lower its learning rate (optLearningRate)");
            }
            progress.update(e + 1, String.format("val top-1 %.4f", curve[e]));
        }
        return net;
    }

    private int stepsPerEpoch(long n) {
        return (int) ((n + batch - 1) / batch);
    }

    /** The model: [hidden ReLU layer with dropout after it,] softmax output. */
    MultiLayerNetwork network(int features, int classes, int stepsPerEpoch) {
        double lr = baseLr * batch / 256.0;
        long[] decays = Arrays.stream(decayEpochs).mapToLong(d -> Math.round(d * stepsPerEpoch)).toArray();
        var list = new NeuralNetConfiguration.Builder().seed(Nd4jSeed.of(seed)).dataType(DataType.FLOAT)
                .updater(new Momentum(lr, new WarmupStepSchedule(lr, 0, decays, 0.1), momentum))
                .weightInit(WeightInit.XAVIER_UNIFORM).l2(l2).list();
        OutputLayer.Builder out = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                .activation(Activation.SOFTMAX);
        if (hidden > 0) {
            list.layer(new DenseLayer.Builder().nIn(features).nOut(hidden).activation(Activation.RELU).build());
            out.nIn(hidden).dropOut(0.5); // DL4J's dropOut is the keep probability, applied to the layer's input
        } else {
            out.nIn(features);
        }
        MultiLayerConfiguration conf = list.layer(out.build()).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Override
    public String toString() {
        return "SgdProbe{" + (hidden > 0 ? "mlp hidden=" + hidden + " relu dropout 0.5" : "linear") + ", epochs="
                + epochs + ", decayEpochs=" + Arrays.toString(decayEpochs) + ", batch=" + batch + ", lr=" + baseLr
                + " x batch/256, momentum=" + momentum + ", l2=" + l2 + ", seed=" + seed
                + (standardise ? ", standardised features" : ", raw features") + (data == TrainingData.RANDOM_CROPS_OF_TRAINVAL
                ? ", random crops of train+val every step" : "") + "}";
    }

    public static final class Builder {
        private int epochs = -1;
        private double[] decayEpochs = new double[0];
        private int hidden;
        private int batch = 2048;
        private double baseLr = 0.1;
        private double momentum = 0.9;
        private double l2;
        private long seed;
        private TrainingData data = TrainingData.CENTRAL_CROPS_OF_TRAIN;
        private boolean standardise = true;

        /** Epochs of training (required). */
        public Builder setEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Epochs after which the learning rate drops x0.1; none by default. */
        public Builder optDecayEpochs(double... decayEpochs) {
            this.decayEpochs = decayEpochs.clone();
            return this;
        }

        /** A hidden ReLU layer of this width (the MLP probe, 1000 in the paper); 0 (the default) for linear. */
        public Builder optHidden(int hidden) {
            this.hidden = hidden;
            return this;
        }

        /** Mini-batch size; the paper's 2048 by default. */
        public Builder optBatch(int batch) {
            this.batch = batch;
            return this;
        }

        /** The learning rate at batch 256 (scaled linearly with the batch); 0.1 by default. */
        public Builder optLearningRate(double baseLr) {
            this.baseLr = baseLr;
            return this;
        }

        public Builder optMomentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        /** L2 on the weights, as (l2 / 2) ||W||^2 added to the mean loss; 0 by default, as the code. */
        public Builder optL2(double l2) {
            this.l2 = l2;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** What it trains on; the central crops of the training split by default. */
        public Builder optTrainingData(TrainingData data) {
            this.data = java.util.Objects.requireNonNull(data, "training data");
            return this;
        }

        /** Standardised features (true, the default: Revisit's choice) or raw ones (false: the official code's). */
        public Builder optStandardise(boolean standardise) {
            this.standardise = standardise;
            return this;
        }

        public SgdProbe build() {
            if (epochs < 1) {
                throw new IllegalArgumentException("sgd probe: setEpochs(n) with n >= 1 is required; got " + epochs);
            }
            if (batch < 1 || hidden < 0 || baseLr <= 0 || l2 < 0 || momentum < 0 || momentum >= 1) {
                throw new IllegalArgumentException("sgd probe: need batch >= 1, hidden >= 0, lr > 0, l2 >= 0 and "
                        + "0 <= momentum < 1; got batch " + batch + ", hidden " + hidden + ", lr " + baseLr + ", l2 "
                        + l2 + ", momentum " + momentum);
            }
            return new SgdProbe(this);
        }
    }
}
