package org.revisit.probe;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

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
        int d = (int) x.size(1);
        INDArray y = oneHot(labels, classes);
        double n = x.size(0);
        // Each evaluation's arrays are closed at once: left to the garbage collector, the off-heap buffers of a few
        // thousand evaluations on 60,000 x 512 features grew one JVM to 19 GB and the kernel killed it.
        Lbfgs.Objective objective = (p, grad) -> {
            INDArray w = Nd4j.create(toFloat(p, 0, d * classes), new long[] {d, classes}, 'c');
            INDArray b = Nd4j.create(toFloat(p, d * classes, classes), new long[] {1, classes}, 'c');
            INDArray logits = x.mmul(w).addiRowVector(b);
            INDArray max = logits.max(1);
            INDArray shifted = logits.subColumnVector(max);
            INDArray exp = Transforms.exp(shifted, true);
            INDArray sum = exp.sum(1);
            INDArray logSum = Transforms.log(sum, true);
            double logSumExp = logSum.sumNumber().doubleValue();
            INDArray weighted = shifted.mul(y);
            double target = weighted.sumNumber().doubleValue();
            INDArray residual = exp.diviColumnVector(sum).subi(y);
            INDArray gw = x.transpose().mmul(residual).divi(n);
            INDArray gb = residual.sum(0).divi(n);
            INDArray gwc = gw.dup('c');
            double[] gwd = gwc.data().asDouble();
            double[] gbd = gb.data().asDouble();
            for (INDArray a : new INDArray[] {w, b, logits, max, shifted, sum, logSum, weighted, exp, gw, gb, gwc}) {
                a.close();
            }
            double penalty = 0;
            for (int i = 0; i < d * classes; i++) {
                grad[i] = gwd[i] + l2 * p[i];
                penalty += p[i] * p[i];
            }
            System.arraycopy(gbd, 0, grad, d * classes, classes);
            return (logSumExp - target) / n + 0.5 * l2 * penalty;
        };
        double[] start = warmStart != null ? warmStart.clone() : new double[d * classes + classes];
        Lbfgs.Result r = Lbfgs.scipyDefaults(maxIterations).minimize(objective, start);
        return new Fit(new SoftmaxRegression(d, classes, r.x()), r.iterations(), r.converged(), r.value());
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
