package org.revisit.pretext;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;

/**
 * Exemplar's loss (paper.md §3.3): TensorFlow's {@code triplet_semihard_loss} with margin 0.5 on L2-normalised
 * embeddings. Every ordered pair (anchor a, positive p) of copies of the same image is a term
 * max(0, margin + d(a,p) - d(a,n)) with squared Euclidean distances d, where n is the semi-hard negative: the
 * closest negative farther from a than p, or, when there is none, the farthest negative. The loss is the mean over
 * the pairs.
 * <p>
 * {@link Normalisation}: the paper's code normalises along the batch axis ({@code l2_normalize(axis=0)}: each
 * dimension has unit length over the batch; self_supervision/exemplar.py:134), which the paper does not mention and
 * is probably unintended (paper.md §6 #5); the paper scale does as the code, below it each embedding has unit length.
 */
public final class SemiHardTripletLoss {
    public static final double PAPER_MARGIN = 0.5;
    private final double margin;
    private final Normalisation normalisation;

    /** Which vectors the L2 normalisation gives unit length. */
    public enum Normalisation {
        /** Each embedding (row): the usual metric-learning normalisation, and the study's below the paper scale. */
        PER_EMBEDDING,
        /** Each dimension over the batch (column): the official code's {@code l2_normalize(axis=0)}. */
        ACROSS_BATCH
    }

    public SemiHardTripletLoss(double margin) {
        this(margin, Normalisation.PER_EMBEDDING);
    }

    public SemiHardTripletLoss(double margin, Normalisation normalisation) {
        this.margin = margin;
        this.normalisation = normalisation;
    }

    /** The mean loss and its gradient with respect to the embeddings before normalisation. */
    public record Result(double loss, INDArray gradient, int pairs, int activePairs) {
    }

    /**
     * The loss of a step split into {@code shards} consecutive replica shards, each normalised and mined on its own
     * (as each TPU core of the paper's training computed its share), averaged over the shards as the cores'
     * gradients were. One shard is {@link #compute(INDArray, int[])}.
     */
    public Result compute(INDArray embeddings, int[] ids, int shards) {
        if (shards == 1) {
            return compute(embeddings, ids);
        }
        int n = (int) embeddings.size(0);
        if (n % shards != 0) {
            throw new IllegalArgumentException("triplet loss: " + n + " embeddings cannot be split into " + shards
                    + " equal replica shards");
        }
        int rows = n / shards;
        double loss = 0;
        int pairs = 0;
        int active = 0;
        INDArray gradient = Nd4j.create(DataType.DOUBLE, embeddings.shape());
        for (int r = 0; r < shards; r++) {
            INDArrayIndex at = NDArrayIndex.interval((long) r * rows, (long) (r + 1) * rows);
            Result s = compute(embeddings.get(at, NDArrayIndex.all()),
                    Arrays.copyOfRange(ids, r * rows, (r + 1) * rows));
            loss += s.loss() / shards;
            pairs += s.pairs();
            active += s.activePairs();
            gradient.get(at, NDArrayIndex.all()).assign(s.gradient().divi(shards));
        }
        return new Result(loss, gradient, pairs, active);
    }

    /**
     * @param embeddings [n, d] raw embeddings (the network's output)
     * @param ids        the source image of each row; rows with equal ids are positives of each other
     */
    public Result compute(INDArray embeddings, int[] ids) {
        int n = (int) embeddings.size(0);
        if (ids.length != n) {
            throw new IllegalArgumentException("triplet loss: " + ids.length + " ids for " + n + " embeddings");
        }
        INDArray x = embeddings.castTo(DataType.DOUBLE);
        boolean rows = normalisation == Normalisation.PER_EMBEDDING;
        INDArray norms = rows ? x.norm2(1).reshape(n, 1).addi(1e-12) : x.norm2(0).reshape(1, x.size(1)).addi(1e-12);
        INDArray e = rows ? x.divColumnVector(norms) : x.divRowVector(norms);
        double[][] dist = distances(e);
        double[][] w = new double[n][n];
        double total = 0;
        int pairs = 0;
        int active = 0;
        double[] negatives = new double[n];
        for (int a = 0; a < n; a++) {
            int count = 0;
            for (int j = 0; j < n; j++) {
                if (ids[j] != ids[a]) {
                    negatives[count++] = dist[a][j];
                }
            }
            double[] sorted = Arrays.copyOf(negatives, count);
            Arrays.sort(sorted);
            for (int p = 0; p < n; p++) {
                if (p == a || ids[p] != ids[a]) {
                    continue;
                }
                pairs++;
                if (count == 0) {
                    continue;
                }
                double dap = dist[a][p];
                int above = firstAbove(sorted, dap);
                double dan = above < count ? sorted[above] : sorted[count - 1];
                double term = margin + dap - dan;
                if (term <= 0) {
                    continue;
                }
                total += term;
                active++;
                int neg = indexOf(dist[a], ids, ids[a], dan);
                // d(a,p) - d(a,n) = |a-p|^2 - |a-n|^2; its gradient, written as g = W e.
                w[a][neg] += 2;
                w[a][p] -= 2;
                w[p][p] += 2;
                w[p][a] -= 2;
                w[neg][a] += 2;
                w[neg][neg] -= 2;
            }
        }
        if (pairs == 0) {
            throw new IllegalArgumentException("triplet loss: no two rows share an id, so there is no positive pair");
        }
        INDArray ge = Nd4j.create(w).mmul(e).divi(pairs);
        // Through the normalisation e = x / |x| of each normalised vector (row or column): dx = (g - e (e . g)) / |x|.
        INDArray gx = rows
                ? ge.sub(e.mulColumnVector(ge.mul(e).sum(true, 1))).divColumnVector(norms)
                : ge.sub(e.mulRowVector(ge.mul(e).sum(true, 0))).divRowVector(norms);
        return new Result(total / pairs, gx.castTo(embeddings.dataType()), pairs, active);
    }

    private static double[][] distances(INDArray e) {
        INDArray gram = e.mmul(e.transpose());
        int n = (int) e.size(0);
        double[][] g = gram.toDoubleMatrix();
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                d[i][j] = Math.max(g[i][i] + g[j][j] - 2 * g[i][j], 0);
            }
        }
        return d;
    }

    /** Index of the first value strictly greater than {@code v} in ascending {@code sorted}. */
    private static int firstAbove(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] > v) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private static int indexOf(double[] row, int[] ids, int anchorId, double value) {
        for (int j = 0; j < row.length; j++) {
            if (ids[j] != anchorId && row[j] == value) {
                return j;
            }
        }
        throw new IllegalStateException("negative at distance " + value + " not found");
    }

    @Override
    public String toString() {
        return "SemiHardTripletLoss{margin=" + margin + ", normalisation=" + (normalisation
                == Normalisation.PER_EMBEDDING ? "per-embedding L2" : "L2 of each dimension across the batch")
                + ", distance=squared L2}";
    }
}
