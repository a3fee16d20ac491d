package org.revisit.probe;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.revisit.util.NativeBackend;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProbeTest {
    @BeforeAll
    static void init() {
        NativeBackend.init();
    }

    @Test
    void lbfgsFindsTheMinimumOfAnIllConditionedQuadratic() {
        double[] scale = {1, 10, 100, 1000};
        double[] target = {1, -2, 3, -4};
        Lbfgs.Result r = Lbfgs.scipyDefaults(200).minimize((x, g) -> {
            double f = 0;
            for (int i = 0; i < x.length; i++) {
                double d = x[i] - target[i];
                f += 0.5 * scale[i] * d * d;
                g[i] = scale[i] * d;
            }
            return f;
        }, new double[4]);
        assertTrue(r.converged());
        for (int i = 0; i < 4; i++) {
            assertEquals(target[i], r.x()[i], 1e-6);
        }
    }

    @Test
    void separableDataIsClassifiedPerfectly() {
        Blobs b = new Blobs(3, 5, 300, 8.0, 1);
        SoftmaxRegression.Fit fit = SoftmaxRegression.fit(b.x, b.y, 3, 1e-4, 500, null);
        assertEquals(1.0, fit.model().accuracy(b.x, b.y), 0);
    }

    @Test
    void solutionIsStationaryForAnIndependentlyComputedObjective() {
        // with a penalty the optimum is unique: the finite-difference gradient of a plain-Java objective vanishes
        Blobs b = new Blobs(2, 3, 200, 1.0, 2);
        double l2 = 1e-2;
        SoftmaxRegression.Fit fit = SoftmaxRegression.fit(b.x, b.y, 2, l2, Lbfgs.scipyDefaults(800), null, null);
        double[] p = fit.model().parameters();
        double f0 = objective(b.x, b.y, 2, l2, p);
        for (int i = 0; i < p.length; i++) {
            double[] q = p.clone();
            q[i] += 1e-3;
            double[] r = p.clone();
            r[i] -= 1e-3;
            double grad = (objective(b.x, b.y, 2, l2, q) - objective(b.x, b.y, 2, l2, r)) / 2e-3;
            assertEquals(0, grad, 2e-4, "gradient component " + i);
        }
        assertEquals(f0, fit.loss(), 1e-5);
    }

    private static double objective(INDArray x, int[] y, int classes, double l2, double[] p) {
        int d = (int) x.size(1);
        double loss = 0;
        for (int i = 0; i < y.length; i++) {
            double[] logits = new double[classes];
            double max = -1e300;
            for (int c = 0; c < classes; c++) {
                logits[c] = p[d * classes + c];
                for (int j = 0; j < d; j++) {
                    logits[c] += x.getDouble(i, j) * p[j * classes + c];
                }
                max = Math.max(max, logits[c]);
            }
            double sum = 0;
            for (double l : logits) {
                sum += Math.exp(l - max);
            }
            loss += Math.log(sum) + max - logits[y[i]];
        }
        double pen = 0;
        for (int i = 0; i < d * classes; i++) {
            pen += p[i] * p[i];
        }
        return loss / y.length + 0.5 * l2 * pen;
    }

    /** Gaussian blobs: class c centred at {@code separation * e_c} in {@code dims} dimensions, unit noise. */
    static final class Blobs {
        final INDArray x;
        final int[] y;

        Blobs(int classes, int dims, int n, double separation, long seed) {
            Random r = new Random(seed);
            float[] data = new float[n * dims];
            y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = i % classes;
                for (int j = 0; j < dims; j++) {
                    data[i * dims + j] = (float) (r.nextGaussian() + (j == y[i] ? separation : 0));
                }
            }
            x = Nd4j.create(data, new long[] {n, dims}, 'c');
        }
    }

    /** Top-k against sorting each row's scores; top-1 equals the arg-max accuracy, top-C is 1, k grows monotone. */
    @Test
    void topKMatchesSortedScores() {
        Random r = new Random(4);
        int n = 300;
        int d = 6;
        int classes = 7;
        float[] xs = new float[n * d];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(classes);
            for (int j = 0; j < d; j++) {
                xs[i * d + j] = (float) (r.nextGaussian() + (j == labels[i] % d ? 1.0 : 0));
            }
        }
        INDArray x = Nd4j.create(xs, new long[] {n, d}, 'c');
        SoftmaxRegression m = SoftmaxRegression.fit(x, labels, classes, 1e-2, 100, null).model();
        float[] scores = m.logits(x).dup('c').data().asFloat();
        double previous = 0;
        for (int k = 1; k <= classes; k++) {
            int correct = 0;
            for (int i = 0; i < n; i++) {
                Integer[] order = new Integer[classes];
                for (int c = 0; c < classes; c++) {
                    order[c] = c;
                }
                final int row = i;
                java.util.Arrays.sort(order, (a, b) -> Float.compare(scores[row * classes + b], scores[row * classes + a]));
                for (int j = 0; j < k; j++) {
                    correct += order[j] == labels[i] ? 1 : 0;
                }
            }
            double topK = m.topK(x, labels, k);
            assertEquals((double) correct / n, topK, 1e-12, "k=" + k);
            assertTrue(topK >= previous);
            previous = topK;
        }
        assertEquals(m.accuracy(x, labels), m.topK(x, labels, 1), 1e-12);
        assertEquals(1.0, m.topK(x, labels, classes), 0);
        assertTrue(m.topK(x, labels, 1) < m.topK(x, labels, 5), "top-5 should exceed top-1 on noisy data");
    }

    /**
     * The penalty search: on a tiny, noisy training set (40 images, a third of the labels flipped, 60 mostly useless
     * features) the validation split prefers a strong penalty; on 4,000 clean images a weak one.
     */
    @Test
    void penaltySearchPrefersAStrongerPenaltyForTinyNoisyData() {
        double[] grid = {1e-4, 1e-3, 1e-2, 1e-1, 1};
        LinearProbe probe = new LinearProbe(grid, 800);
        Problem val = problem(2000, 0, 11);
        Problem test = problem(2000, 0, 12);
        Problem tiny = problem(40, 1.0 / 3, 13);
        Problem large = problem(4000, 0, 14);
        ProbeResult small = probe.evaluate(tiny.x, tiny.y, val.x, val.y, test.x, test.y, 3);
        ProbeResult big = probe.evaluate(large.x, large.y, val.x, val.y, test.x, test.y, 3);
        assertTrue(small.chosenL2() > big.chosenL2(), "tiny noisy set chose " + small.chosenL2()
                + ", large clean set " + big.chosenL2());
        assertTrue(small.chosenL2() >= 1e-1, "tiny noisy set chose " + small.chosenL2());
        assertTrue(big.top1().value() > small.top1().value());
    }

    /**
     * The Böhning preconditioner changes the path, not the minimum: on strongly correlated features both runs reach
     * the same loss and the same class probabilities, the preconditioned one in fewer iterations.
     */
    @Test
    void preconditionedLbfgsReachesTheSameMinimumInFewerIterations() {
        Random rng = new Random(5);
        int n = 3000;
        int d = 40;
        float[] x = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double common = rng.nextGaussian();
            y[i] = rng.nextInt(4);
            for (int j = 0; j < d; j++) { // every feature shares one strong factor: highly correlated columns
                x[i * d + j] = (float) (3 * common + 0.3 * rng.nextGaussian() + (j % 4 == y[i] ? 0.4 : 0));
            }
        }
        INDArray xs = FeatureStandardizer.standardise(Nd4j.create(x, new long[] {n, d}, 'c'),
                Nd4j.zeros(1, d), Nd4j.zeros(1, d)).train();
        Lbfgs tight = new Lbfgs(10, 3000, 1e-7, 1e-12);
        SoftmaxRegression.Fit plain = SoftmaxRegression.fit(xs, y, 4, 1e-2, tight, null, null);
        SoftmaxRegression.Fit pre = SoftmaxRegression.fit(xs, y, 4, 1e-2, tight, null, BohningPreconditioner.of(xs));
        assertEquals(plain.loss(), pre.loss(), 1e-6);
        // the minimum is flat along the shared factor, so compare what the model says, not each weight
        INDArray pa = org.nd4j.linalg.ops.transforms.Transforms.softmax(plain.model().logits(xs));
        INDArray pb = org.nd4j.linalg.ops.transforms.Transforms.softmax(pre.model().logits(xs));
        double diff = pa.sub(pb).amaxNumber().doubleValue();
        assertTrue(diff < 1e-3, "max probability difference " + diff + "; iterations " + plain.iterations() + " (" + plain.converged() + ") vs " + pre.iterations() + " (" + pre.converged() + ")");
        assertTrue(pre.iterations() < plain.iterations(), "preconditioned " + pre.iterations() + " vs plain "
                + plain.iterations() + " iterations");
    }

    @Test
    void lowerTriangularInverseIsExact() {
        double[] l = {2, 0, 0, 1, 3, 0, -1, 0.5, 4};
        double[] inv = BohningPreconditioner.invertLower(l, 3);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double sum = 0;
                for (int k = 0; k < 3; k++) {
                    sum += l[i * 3 + k] * inv[k * 3 + j];
                }
                assertEquals(i == j ? 1 : 0, sum, 1e-12);
            }
        }
    }

    /**
     * Our Cholesky factor reproduces M on a correlated matrix like the preconditioner's (one strong shared factor,
     * the matrix OpenBLAS 0.3.19's dpotrf rejects on AVX-512 CPUs), and a matrix that is not positive definite is
     * refused with the column where it fails.
     */
    @Test
    void choleskyFactorReproducesTheMatrixAndRefusesAnIndefiniteOne() {
        Random rng = new Random(3);
        int d = 67; // not a multiple of the dot product's four accumulators
        int n = 500;
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++) {
            double common = rng.nextGaussian();
            for (int j = 0; j < d; j++) {
                x[i * d + j] = 3 * common + 0.3 * rng.nextGaussian();
            }
        }
        double[] m = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += x[k * d + i] * x[k * d + j];
                }
                m[i * d + j] = 0.5 * s / n + (i == j ? 1e-2 : 0);
            }
        }
        double[] l = BohningPreconditioner.lowerCholesky(m, d);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += l[i * d + k] * l[j * d + k];
                }
                assertEquals(m[i * d + j], s, 1e-10, "(L Lᵀ)[" + i + "][" + j + "]");
                if (j > i) {
                    assertEquals(0, l[i * d + j], 0, "above the diagonal");
                }
            }
        }
        double[] indefinite = {1, 2, 2, 1}; // eigenvalues 3 and -1
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BohningPreconditioner.lowerCholesky(indefinite, 2));
        assertTrue(e.getMessage().contains("column 1"), e.getMessage());
    }

    private record Problem(INDArray x, int[] y) {
    }

    /** 3 classes separated along the first 2 of 60 features; {@code flip} of the labels replaced at random. */
    private static Problem problem(int n, double flip, long seed) {
        java.util.Random rng = new java.util.Random(seed);
        float[] x = new float[n * 60];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(3);
            for (int j = 0; j < 60; j++) {
                x[i * 60 + j] = (float) rng.nextGaussian();
            }
            x[i * 60] += (float) (1.5 * Math.cos(2 * Math.PI * c / 3));
            x[i * 60 + 1] += (float) (1.5 * Math.sin(2 * Math.PI * c / 3));
            y[i] = rng.nextDouble() < flip ? rng.nextInt(3) : c;
        }
        return new Problem(Nd4j.create(x, new long[] {n, 60}, 'c'), y);
    }
}
