package org.revisit.probe;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Multinomial logistic regression: mean cross-entropy of softmax(X W + b) plus (l2 / 2) ||W||^2 (bias not
 * penalised), trained full-batch by {@link Lbfgs}. Parameters are [W row-major (D x C), b (C)].
 */
public final class SoftmaxRegression {
    private final int features;
    private final int classes;
    private final double[] params;

    private SoftmaxRegression(int features, int classes, double[] params) {
        this.features = features;
        this.classes = classes;
        this.params = params;
    }

    public record Fit(SoftmaxRegression model, int iterations, boolean converged, double loss) {
    }

    /** @param warmStart parameters to start from (e.g. the fit at a neighbouring penalty), or null for zeros */
    public static Fit fit(INDArray x, int[] labels, int classes, double l2, int maxIterations, double[] warmStart) {
        return fit(x, labels, classes, l2, maxIterations, warmStart, null);
    }

    /** As above, L-BFGS preconditioned by {@code curvature} (computed from these features or similar ones). */
    public static Fit fit(INDArray x, int[] labels, int classes, double l2, int maxIterations, double[] warmStart,
                          BohningPreconditioner curvature) {
        return fit(x, labels, classes, l2, Lbfgs.probeDefaults(maxIterations), warmStart, curvature);
    }

    /** As above with another solver setting (tests use a tighter tolerance than the probe's). */
    public static Fit fit(INDArray x, int[] labels, int classes, double l2, Lbfgs solver, double[] warmStart,
                          BohningPreconditioner curvature) {
        Lbfgs.Result r = solver.minimize(objective(x, labels, classes, l2),
                warmStart != null ? warmStart.clone() : new double[(int) x.size(1) * classes + classes],
                curvature == null ? null : curvature.forPenalty(l2, classes));
        return new Fit(new SoftmaxRegression((int) x.size(1), classes, r.x()), r.iterations(), r.converged(),
                r.value());
    }

    /**
     * The objective and its gradient at two passes over X per evaluation: logits = X W + b, then X^T P, both float32
     * GEMMs into buffers allocated once (the N x C work between them is small). The label terms use X^T Y and the
     * class counts, computed once: sum_i logit(i, y_i) = <X^T Y, W> + <counts, b>. Reductions are summed in double.
     */
    static Lbfgs.Objective objective(INDArray features, int[] labels, int classes, double l2) {
        INDArray x = features.dataType() == DataType.FLOAT && features.ordering() == 'c' ? features
                : features.castTo(DataType.FLOAT).dup('c');
        int n = (int) x.size(0);
        int d = (int) x.size(1);
        int wCount = d * classes;
        double[] xty = new double[wCount];
        try (INDArray y = oneHot(labels, classes); INDArray xtyArray = Nd4j.gemm(x, y, true, false)) {
            float[] v = xtyArray.dup('c').data().asFloat();
            for (int i = 0; i < wCount; i++) {
                xty[i] = v[i];
            }
        }
        double[] counts = new double[classes];
        for (int label : labels) {
            counts[label]++;
        }
        INDArray w = Nd4j.create(DataType.FLOAT, d, classes);
        INDArray logits = Nd4j.create(DataType.FLOAT, n, classes);
        INDArray gw = Nd4j.create(DataType.FLOAT, d, classes);
        float[] wBuffer = new float[wCount];
        float[] bBuffer = new float[classes];
        return (p, grad) -> {
            for (int i = 0; i < wCount; i++) {
                wBuffer[i] = (float) p[i];
            }
            for (int c = 0; c < classes; c++) {
                bBuffer[c] = (float) p[wCount + c];
            }
            w.data().setData(wBuffer);
            Nd4j.gemm(x, w, logits, false, false, 1.0, 0.0);
            double labelTerm = 0;
            double penalty = 0;
            for (int i = 0; i < wCount; i++) {
                labelTerm += xty[i] * p[i];
                penalty += p[i] * p[i];
            }
            for (int c = 0; c < classes; c++) {
                labelTerm += counts[c] * p[wCount + c];
            }
            // softmax in place, row by row on the Java side: N x C is small next to the two GEMMs
            float[] z = logits.data().asFloat();
            double logSumExp = 0;
            double[] colSum = new double[classes];
            for (int i = 0; i < n; i++) {
                int o = i * classes;
                float max = Float.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    z[o + c] += bBuffer[c];
                    max = Math.max(max, z[o + c]);
                }
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    double e = Math.exp(z[o + c] - max);
                    z[o + c] = (float) e;
                    sum += e;
                }
                logSumExp += max + Math.log(sum);
                for (int c = 0; c < classes; c++) {
                    z[o + c] = (float) (z[o + c] / sum);
                    colSum[c] += z[o + c];
                }
            }
            logits.data().setData(z);
            Nd4j.gemm(x, logits, gw, true, false, 1.0, 0.0);
            float[] g = gw.data().asFloat();
            for (int i = 0; i < wCount; i++) {
                grad[i] = (g[i] - xty[i]) / n + l2 * p[i];
            }
            for (int c = 0; c < classes; c++) {
                grad[wCount + c] = (colSum[c] - counts[c]) / n;
            }
            return (logSumExp - labelTerm) / n + 0.5 * l2 * penalty;
        };
    }

    /** [n, classes] scores X W + b. */
    public INDArray logits(INDArray x) {
        INDArray w = Nd4j.create(toFloat(params, 0, features * classes), new long[] {features, classes}, 'c');
        INDArray b = Nd4j.create(toFloat(params, features * classes, classes), new long[] {1, classes}, 'c');
        return x.mmul(w).addiRowVector(b);
    }

    public int[] predict(INDArray x) {
        long[] argmax = logits(x).argMax(1).toLongVector();
        int[] out = new int[argmax.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) argmax[i];
        }
        return out;
    }

    public double accuracy(INDArray x, int[] labels) {
        int[] p = predict(x);
        int correct = 0;
        for (int i = 0; i < p.length; i++) {
            correct += p[i] == labels[i] ? 1 : 0;
        }
        return (double) correct / p.length;
    }

    /** Top-k accuracy ({@link TopK}). */
    public double topK(INDArray x, int[] labels, int k) {
        return TopK.accuracy(logits(x), labels, k);
    }

    public double[] parameters() {
        return params.clone();
    }

    static INDArray oneHot(int[] labels, int classes) {
        float[] y = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            y[i * classes + labels[i]] = 1f;
        }
        return Nd4j.create(y, new long[] {labels.length, classes}, 'c').castTo(DataType.FLOAT);
    }

    private static float[] toFloat(double[] p, int from, int count) {
        float[] f = new float[count];
        for (int i = 0; i < count; i++) {
            f[i] = (float) p[from + i];
        }
        return f;
    }
}
