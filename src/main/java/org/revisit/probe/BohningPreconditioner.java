package org.revisit.probe;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.revisit.util.NdArrays;

/**
 * The fixed curvature of multinomial logistic regression for {@link Lbfgs}: Böhning's bound (1992) says the Hessian
 * of the mean cross-entropy is at most {@code ½ (XᵀX / n) ⊗ (I - 11ᵀ/C)}, so {@code M = ½ XᵀX / n + λ I} per class
 * (the coupling between classes dropped) captures how the features correlate, which is what makes the plain problem
 * ill-conditioned: pooled conv features are strongly correlated, and unpreconditioned L-BFGS needed 170 to 800
 * iterations per penalty on them. {@code XᵀX} is computed once per feature matrix; each penalty factors its own
 * {@code M} (D x D, Cholesky in double) and inverts the factor.
 */
public final class BohningPreconditioner implements AutoCloseable {
    private final double[] gram; // XᵀX / n, D x D row-major
    private final int d;
    private final double meanDiagonal;
    /** The native buffers of every penalty's preconditioner, freed by {@link #close()}. */
    private final java.util.List<INDArray> buffers = new java.util.ArrayList<>();

    private BohningPreconditioner(double[] gram, int d) {
        this.gram = gram;
        this.d = d;
        double trace = 0;
        for (int i = 0; i < d; i++) {
            trace += gram[i * d + i];
        }
        this.meanDiagonal = trace / d;
    }

    public static BohningPreconditioner of(INDArray x) {
        int d = (int) x.size(1);
        try (INDArray g = Nd4j.gemm(x, x, true, false)) {
            float[] v = g.dup('c').data().asFloat();
            double[] gram = new double[d * d];
            double n = x.size(0);
            for (int i = 0; i < gram.length; i++) {
                gram[i] = v[i] / n;
            }
            return new BohningPreconditioner(gram, d);
        }
    }

    /**
     * The inverse of the lower-triangular Cholesky factor (row-major; entries above the diagonal of {@code l} are
     * ignored), by forward substitution column by column: D³/6 multiply-adds, under a second for D = 1,600.
     */
    static double[] invertLower(double[] l, int d) {
        double[][] col = new double[d][]; // col[j][k] = (L^-1)[k][j], for k >= j
        for (int j = 0; j < d; j++) {
            double[] x = new double[d];
            x[j] = 1.0 / l[j * d + j];
            for (int i = j + 1; i < d; i++) {
                double sum = 0;
                int row = i * d;
                for (int k = j; k < i; k++) {
                    sum += l[row + k] * x[k];
                }
                x[i] = -sum / l[row + i];
            }
            col[j] = x;
        }
        double[] inv = new double[d * d];
        for (int j = 0; j < d; j++) {
            for (int k = j; k < d; k++) {
                inv[k * d + j] = col[j][k];
            }
        }
        return inv;
    }

    /** {@code M^-1} for penalty {@code l2} on parameters laid out as [W (D x C row-major), b (C)]. */
    public Lbfgs.Preconditioner forPenalty(double l2, int classes) {
        // a floor on the ridge keeps M invertible for constant (all-zero after standardising) features at l2 = 0
        double ridge = l2 + 1e-6 * Math.max(meanDiagonal, 1e-12);
        double[] m = new double[d * d];
        for (int i = 0; i < m.length; i++) {
            m[i] = 0.5 * gram[i];
        }
        for (int i = 0; i < d; i++) {
            m[i * d + i] += ridge;
        }
        // M = L Lᵀ (LAPACK potrf), then M^-1 q = L^-T (L^-1 q): two float GEMMs per application
        double[] lInv;
        try (INDArray md = Nd4j.create(m, new long[] {d, d}, 'f')) { // symmetric: either order holds M
            Nd4j.getBlasWrapper().lapack().potrf(md, true);
            INDArray factor = md.dup('c');
            lInv = invertLower(factor.data().asDouble(), d);
            NdArrays.close(factor);
        }
        float[] lInvF = new float[d * d];
        for (int i = 0; i < lInvF.length; i++) {
            lInvF[i] = (float) lInv[i];
        }
        INDArray lowerInverse = Nd4j.create(lInvF, new long[] {d, d}, 'c');
        INDArray mid = Nd4j.create(DataType.FLOAT, d, classes);
        int wCount = d * classes;
        INDArray in = Nd4j.create(DataType.FLOAT, d, classes);
        INDArray out = Nd4j.create(DataType.FLOAT, d, classes);
        buffers.addAll(java.util.List.of(lowerInverse, mid, in, out));
        float[] buffer = new float[wCount];
        return (q, r) -> {
            for (int i = 0; i < wCount; i++) {
                buffer[i] = (float) q[i];
            }
            in.data().setData(buffer);
            Nd4j.gemm(lowerInverse, in, mid, false, false, 1.0, 0.0);
            Nd4j.gemm(lowerInverse, mid, out, true, false, 1.0, 0.0);
            float[] o = out.data().asFloat();
            for (int i = 0; i < wCount; i++) {
                r[i] = o[i];
            }
            for (int c = 0; c < classes; c++) { // the bias: a constant feature, curvature at most ½
                r[wCount + c] = q[wCount + c] / 0.5;
            }
        };
    }

    /** Frees the buffers of every preconditioner made by {@link #forPenalty}; none may be used afterwards. */
    @Override
    public void close() {
        NdArrays.close(buffers.toArray(new INDArray[0]));
        buffers.clear();
    }
}
