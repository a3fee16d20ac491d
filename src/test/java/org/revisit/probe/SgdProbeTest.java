package org.revisit.probe;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.revisit.util.NativeBackend;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SgdProbeTest {
    @BeforeAll
    static void init() {
        NativeBackend.init();
    }

    /** Gaussian blobs around per-class centres at distance {@code spread}. */
    private static INDArray blobs(int n, int d, int classes, double spread, int[] labels, long seed) {
        Random r = new Random(seed);
        double[][] centres = new double[classes][d];
        Random c = new Random(99);
        for (double[] centre : centres) {
            for (int j = 0; j < d; j++) {
                centre[j] = spread * c.nextGaussian();
            }
        }
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) (centres[labels[i]][j] + r.nextGaussian());
            }
        }
        return Nd4j.create(x, new long[] {n, d}, 'c');
    }

    @Test
    void separableDataIsClassifiedPerfectly() {
        int[] ytr = new int[600];
        int[] yte = new int[300];
        INDArray xtr = blobs(600, 8, 6, 12, ytr, 1);
        INDArray xte = blobs(300, 8, 6, 12, yte, 2);
        ProbeResult r = SgdProbe.builder().setEpochs(20).optBatch(64).build()
                .evaluate(xtr, ytr, xte, yte, xte, yte, 6);
        assertEquals(1.0, r.top1().value(), 0);
        assertEquals(1.0, r.top5().value(), 0);
        assertEquals(20, r.validationTop1ByEpoch().length);
    }

    /**
     * The same penalised objective (mean cross-entropy + l2/2 ||W||^2, bias free) minimised by L-BFGS and by a long
     * full-batch momentum run: the two solutions give the same class probabilities to 1e-3.
     */
    @Test
    void longRunSgdReachesTheLbfgsSolution() {
        int n = 400;
        int classes = 3;
        int[] y = new int[n];
        INDArray x = FeatureStandardizer.fit(blobs(n, 4, classes, 1.0, y, 3)).apply(blobs(n, 4, classes, 1.0, y, 3));
        double l2 = 1e-2;
        SoftmaxRegression lbfgs = SoftmaxRegression.fit(x, y, classes, l2, Lbfgs.scipyDefaults(2000), null, null).model();
        INDArray expected = Transforms.softmax(lbfgs.logits(x), true);
        SgdProbe sgd = SgdProbe.builder().setEpochs(600).optDecayEpochs(400, 500).optBatch(n).optL2(l2).build();
        MultiLayerNetwork net = sgd.fit(x, y, classes, x, y, new double[600]);
        INDArray actual = net.output(x, false);
        double diff = actual.sub(expected).amaxNumber().doubleValue();
        assertTrue(diff < 1e-3, "max probability difference " + diff);
    }

    /** Labels by the sign of x0 * x1 (XOR): no linear model beats chance by much; one hidden layer does. */
    @Test
    void mlpFitsWhatTheLinearModelCannot() {
        Random r = new Random(5);
        int n = 2000;
        float[] xs = new float[n * 2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            xs[2 * i] = (float) r.nextGaussian();
            xs[2 * i + 1] = (float) r.nextGaussian();
            y[i] = xs[2 * i] * xs[2 * i + 1] > 0 ? 1 : 0;
        }
        INDArray x = Nd4j.create(xs, new long[] {n, 2}, 'c');
        INDArray train = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1500),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        INDArray test = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1500, n),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        int[] ytr = java.util.Arrays.copyOfRange(y, 0, 1500);
        int[] yte = java.util.Arrays.copyOfRange(y, 1500, n);
        ProbeResult linear = SgdProbe.builder().setEpochs(20).optBatch(128).build()
                .evaluate(train, ytr, test, yte, test, yte, 2);
        ProbeResult mlp = SgdProbe.builder().setEpochs(20).optBatch(128).optHidden(100).build()
                .evaluate(train, ytr, test, yte, test, yte, 2);
        assertTrue(linear.top1().value() < 0.65, "linear " + linear.top1().value());
        assertTrue(mlp.top1().value() > 0.9, "mlp " + mlp.top1().value());
        assertTrue(Double.isNaN(mlp.top5().value()), "no top-5 with 2 classes");
    }

    @Test
    void papersSchedulesScaleAndBadSettingsAreRefused() {
        assertEquals("SgdProbe{linear, epochs=70, decayEpochs=[30.0, 50.0], batch=2048, lr=0.1 x batch/256, "
                + "momentum=0.9, l2=0.0, seed=0, standardised features}", SgdProbe.paperSchedule(30, 1).build()
                .toString());
        assertTrue(SgdProbe.paperSchedule(480, 0.1).build().toString().contains("epochs=52, decayEpochs=[48.0, 50.0]"));
        var e = assertThrows(IllegalArgumentException.class, () -> SgdProbe.builder().build());
        assertTrue(e.getMessage().contains("setEpochs"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SgdProbe.builder().setEpochs(1).optMomentum(1).build());
    }

    /** A learning rate far too high ends in a clear error, not in numbers (NaN scores once counted as correct). */
    @Test
    void divergedProbeStopsWithAClearError() {
        java.util.Random rng = new java.util.Random(3);
        int n = 256;
        float[] x = new float[n * 8];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(3);
            for (int j = 0; j < 8; j++) {
                x[i * 8 + j] = (float) (rng.nextGaussian() + (j == y[i] ? 2 : 0));
            }
        }
        INDArray f = Nd4j.create(x, new long[] {n, 8}, 'c');
        SgdProbe probe = SgdProbe.builder().setEpochs(30).optBatch(32).optHidden(64).optLearningRate(1e6).build();
        ProbeDivergedException e = assertThrows(ProbeDivergedException.class,
                () -> probe.evaluate(f, y, f, y, f, y, 3));
        assertTrue(e.getMessage().contains("diverged") && e.getMessage().contains("optLearningRate"),
                e.getMessage());
        INDArray nan = Nd4j.create(new float[] {Float.NaN, 0, 0, 1, 0, 0}, new long[] {2, 3}, 'c');
        assertEquals(0.5, TopK.accuracy(nan, new int[] {0, 0}, 1), 0, "a NaN row is never correct");
    }
}
