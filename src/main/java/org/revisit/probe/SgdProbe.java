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
 * A probe trained by momentum SGD on frozen features (SPEC §3.6, the code's {@code linear_eval.py}): the linear
 * model of Table 2 and Figure 8, or with {@code optHidden(1000)} the MLP of Figure 3 (FC 1000 + ReLU, dropout 0.5, FC
 * to the classes). Heavy-ball momentum 0.9, learning rate {@code lr x batch / 256} with x0.1 at each decay epoch, no
 * warm-up, L2 on the weights ({@code 0} in the code). It records the own validation split's top-1 after every epoch
 * (Figure 8's curves) and scores the test split at the end. Features are standardised ({@link FeatureStandardizer}).
 * <p>
 * Unlike {@link LinearProbe} there is no penalty search and no refit: the schedule is the hyper-parameter studied.
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

    private SgdProbe(Builder b) {
        this.epochs = b.epochs;
        this.decayEpochs = b.decayEpochs.clone();
        this.hidden = b.hidden;
        this.batch = b.batch;
        this.baseLr = b.baseLr;
        this.momentum = b.momentum;
        this.l2 = b.l2;
        this.seed = b.seed;
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

    @Override
    public ProbeResult evaluate(INDArray train, int[] trainLabels, INDArray val, int[] valLabels, INDArray test,
                           int[] testLabels, int classes) {
        long start = System.nanoTime();
        FeatureStandardizer.Splits splits = FeatureStandardizer.standardise(train, val, test);
        INDArray tr = splits.train();
        INDArray va = splits.val();
        INDArray te = splits.test();
        double[] curve = new double[epochs];
        MultiLayerNetwork net = fit(tr, trainLabels, classes, va, valLabels, curve);
        INDArray scores = net.output(te, false);
        Accuracy top1 = Accuracy.topK(scores, testLabels, 1);
        Accuracy top5 = Accuracy.topK(scores, testLabels, 5);
        NdArrays.close(scores, tr, va, te);
        double seconds = (System.nanoTime() - start) / 1e9;
        log.info("{}: test top-1 {}, top-5 {}, {} s", this, top1, top5, String.format("%.1f", seconds));
        return new ProbeResult(top1, top5, Double.NaN, java.util.Map.of(), curve,
                epochs * stepsPerEpoch(tr.size(0)), true, trainLabels.length, valLabels.length, testLabels.length,
                (int) tr.size(1), seconds);
    }

    /** Trains on (already standardised) features; writes the validation top-1 of each epoch to {@code curve}. */
    MultiLayerNetwork fit(INDArray train, int[] labels, int classes, INDArray val, int[] valLabels, double[] curve) {
        MultiLayerNetwork net = network((int) train.size(1), classes, stepsPerEpoch(train.size(0)));
        INDArray onehot = SoftmaxRegression.oneHot(labels, classes);
        SplittableRandom rng = new SplittableRandom(seed);
        int n = (int) train.size(0);
        int[] order = Permutations.identity(n);
        Progress progress = new Progress(log, "sgd probe " + (hidden > 0 ? "mlp" : "linear"), epochs, "epoch");
        for (int e = 0; e < epochs; e++) {
            Permutations.shuffle(order, rng);
            for (int s = 0; s < n; s += batch) {
                int[] idx = Arrays.copyOfRange(order, s, Math.min(n, s + batch));
                INDArray x = train.getRows(idx);
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
                + ", standardised features}";
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
