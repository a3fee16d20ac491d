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
 *
 * <p>The Cholesky factorisation is our own, not LAPACK's {@code dpotrf}: the OpenBLAS 0.3.19 that ND4J 1.0.0-M2.1
 * bundles fails it on AVX-512 CPUs (its SkylakeX kernels; OpenBLAS issue 3534): on an Intel Sapphire Rapids it
 * reported "not positive definite" at column 11 to 25 for every matrix tried, D = 40 to 2,250, with eigenvalues of at
 * least 0.01, while the same matrices factor under {@code OPENBLAS_CORETYPE=Haswell} and here. A broken kernel may
 * as well return a wrong factor without failing, so it is not used at all.
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
     * The lower-triangular Cholesky factor L of a symmetric positive definite matrix (row-major, D x D; only its lower
     * triangle is read), M = L Lᵀ, column by column with row-contiguous dot products: D³/6 multiply-adds, 1.2 s for
     * D = 2,250 on one core here (OpenBLAS's dpotrf with its Haswell kernels: 0.1-0.5 s).
     *
     * @throws IllegalArgumentException if a pivot is not positive: M is not positive definite (to working precision)
     */
    static double[] lowerCholesky(double[] m, int d) {
        double[] l = new double[d * d];
        for (int j = 0; j < d; j++) {
            int rowJ = j * d;
            double pivot = m[rowJ + j] - dot(l, rowJ, l, rowJ, j);
            if (!(pivot > 0)) {
                throw new IllegalArgumentException("Cholesky: the " + d + " x " + d + " matrix is not positive "
                        + "definite: pivot " + pivot + " at column " + j);
            }
            double diagonal = Math.sqrt(pivot);
            l[rowJ + j] = diagonal;
            for (int i = j + 1; i < d; i++) {
                int rowI = i * d;
                l[rowI + j] = (m[rowI + j] - dot(l, rowI, l, rowJ, j)) / diagonal;
            }
        }
        return l;
    }

    /** {@code Σ a[ia + k] b[ib + k]} for k < n, on four accumulators (a single one is latency-bound). */
    private static double dot(double[] a, int ia, double[] b, int ib, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < n; k += 4) {
            s0 += a[ia + k] * b[ib + k];
            s1 += a[ia + k + 1] * b[ib + k + 1];
            s2 += a[ia + k + 2] * b[ib + k + 2];
            s3 += a[ia + k + 3] * b[ib + k + 3];
        }
        for (; k < n; k++) {
            s0 += a[ia + k] * b[ib + k];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * The inverse of the lower-triangular Cholesky factor (row-major; entries above the diagonal of {@code l} are
     * ignored), by forward substitution column by column: D³/6 multiply-adds.
     */
    static double[] invertLower(double[] l, int d) {
        double[][] col = new double[d][]; // col[j][k] = (L^-1)[k][j], for k >= j
        for (int j = 0; j < d; j++) {
            double[] x = new double[d];
            x[j] = 1.0 / l[j * d + j];
            for (int i = j + 1; i < d; i++) {
                x[i] = -dot(l, i * d + j, x, j, i - j) / l[i * d + i];
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
        // M = L Lᵀ, then M^-1 q = L^-T (L^-1 q): two float GEMMs per application
        double[] lInv = invertLower(lowerCholesky(m, d), d);
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
