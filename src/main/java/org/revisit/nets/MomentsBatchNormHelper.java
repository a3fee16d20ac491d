package org.revisit.nets;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.lang.reflect.Field;

/**
 * DL4J's oneDNN batch-norm helper with the training batch's statistics computed by libnd4j's {@code moments} op.
 * <p>
 * Why: in DL4J 1.0.0-M2.1 the oneDNN helper computes the batch mean and variance of an NCHW activation with
 * {@code INDArray.mean} and the generic {@code Variance} summary-stats reduction over axes (0, 2, 3), which a profile
 * of a small-scale training step puts at 14-28 % of the step (perf: {@code SummaryStatsVariance}, {@code Sum},
 * {@code Mean}). {@code moments} gives the same population mean and variance 2.5-4x faster (256 x 64 x 28 x 28:
 * 63 ms -> 23 ms). Everything else is the oneDNN helper's own: the normalisation and the backward pass (which reads
 * the statistics from the helper's caches, so they are stored there).
 * <p>
 * The statistics are accumulated in double. The backward pass's formula relies on them being the batch's exact mean
 * and variance: accumulated in float ({@code moments} on floats and DL4J's own path alike), they put the gradient of
 * a small-scale network's first layer 1.6-4 % off PyTorch's on the same weights and batch, compounding about 0.7 %
 * per batch-norm layer above it; accumulated in double, 0.07-0.6 % (found by the learning-parity benchmark;
 * {@code LearningParityTest}). PyTorch accumulates them in double on the CPU too.
 * <p>
 * <b>Replica shards</b> ({@code shards > 1}, a "ghost batch"): the batch's rows are split into that many consecutive
 * shards and each is normalised with its own statistics, and differentiated through them, as each TPU core of the
 * paper's data-parallel training normalised its share of the step. The running statistics then follow the shards'
 * mean mean and mean variance. One shard is the whole batch: DL4J's oneDNN path as above, unchanged.
 */
public final class MomentsBatchNormHelper extends MKLDNNBatchNormHelper {
    private static final Field MEAN_CACHE = field(MKLDNNBatchNormHelper.class, "meanCache");
    private static final Field VAR_CACHE = field(MKLDNNBatchNormHelper.class, "varCache");
    private static final Field LAYER_HELPER = field(BatchNormalization.class, "helper");
    private static final int[] NCHW_AXES = {0, 2, 3};
    private static final int[] NHWC_AXES = {0, 1, 2};
    /**
     * {@code -Drevisit.bn.dl4jNumerics=true} (set by the run's entry point through {@link #useFloatStatistics}): the
     * batch statistics accumulated in float, as before the learning-parity benchmark found their error; for
     * measuring that error only.
     */
    private static volatile boolean floatStatistics;
    private final boolean doubleStatistics;
    private final int shards;
    private INDArray mean;
    private INDArray variance;
    /** Each shard's mean and variance ([shards, channels]) of the last training forward pass, for its backward. */
    private INDArray shardMeans;
    private INDArray shardVariances;

    /** @param doubleStatistics accumulate the batch statistics in double (the study's default) or in float */
    public MomentsBatchNormHelper(DataType dataType, boolean doubleStatistics) {
        this(dataType, doubleStatistics, 1);
    }

    /** @param shards replica shards the batch is normalised in (1: the whole batch) */
    public MomentsBatchNormHelper(DataType dataType, boolean doubleStatistics, int shards) {
        super(dataType);
        if (shards < 1) {
            throw new IllegalArgumentException("replica shards must be 1 or more, not " + shards);
        }
        this.doubleStatistics = doubleStatistics;
        this.shards = shards;
    }

    public int shards() {
        return shards;
    }

    /**
     * Replaces the oneDNN helper of every batch-norm layer of {@code graph}; layers without it (other backends,
     * helpers off) keep theirs. Returns how many were replaced.
     */
    public static int install(ComputationGraph graph) {
        return install(graph, !floatStatistics);
    }

    /** Whether {@link #install(ComputationGraph)} keeps DL4J's float statistics (the process's setting). */
    public static void useFloatStatistics(boolean useFloat) {
        floatStatistics = useFloat;
    }

    /**
     * As {@link #install(ComputationGraph)} with every batch-norm layer normalising {@code shards} replica shards of
     * its batch. With more than one shard the helper goes on every batch-norm layer, whatever helper it had (the
     * shards need it on every backend: its ops are libnd4j's); with one, as {@link #install(ComputationGraph)}.
     */
    public static int install(ComputationGraph graph, int shards) {
        return install(graph, !floatStatistics, shards);
    }

    /** As {@link #install(ComputationGraph)}, with the statistics in float when {@code doubleStatistics} is false. */
    static int install(ComputationGraph graph, boolean doubleStatistics) {
        return install(graph, doubleStatistics, 1);
    }

    static int install(ComputationGraph graph, boolean doubleStatistics, int shards) {
        int installed = 0;
        for (org.deeplearning4j.nn.api.Layer layer : graph.getLayers()) {
            // oneDNN's helper, or ours (then with other shards: one graph trained in R shards, then R / D per device)
            if (layer instanceof BatchNormalization bn && (shards > 1
                    || bn.getHelper() instanceof MKLDNNBatchNormHelper)) {
                set(LAYER_HELPER, bn, new MomentsBatchNormHelper(bn.getParam("gamma") == null
                        ? DataType.FLOAT : bn.getParam("gamma").dataType(), doubleStatistics, shards));
                installed++;
            }
        }
        return installed;
    }

    @Override
    public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta,
                              INDArray globalMean, INDArray globalVar, double decay, double eps, CNN2DFormat format,
                              LayerWorkspaceMgr workspaceMgr) {
        if (shards > 1 && training) {
            return shardedPreOutput(x, gamma, beta, eps, format, workspaceMgr);
        }
        if (!training || x.rank() != 4 || x.dataType() != DataType.FLOAT) {
            return super.preOutput(x, training, shape, gamma, beta, globalMean, globalVar, decay, eps, format,
                    workspaceMgr);
        }
        int[] axes = format == CNN2DFormat.NCHW ? NCHW_AXES : NHWC_AXES;
        long channels = x.size(axis(x, format));
        if (mean == null || mean.length() != channels) {
            try (var ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                mean = Nd4j.createUninitialized(DataType.FLOAT, channels);
                variance = Nd4j.createUninitialized(DataType.FLOAT, channels);
            }
        }
        if (!doubleStatistics) {
            Nd4j.exec(DynamicCustomOp.builder("moments").addInputs(x).addOutputs(mean, variance)
                    .addIntegerArguments(axes).build());
        } else {
            // accumulated in double: the backward pass assumes these are the batch's exact mean and variance, and
            // float sums over a channel's 10^4-10^5 values miss them by enough to put the input gradient of a
            // ResNet's first layers 1-3 % off PyTorch's (0.02-0.07 % in double; class comment)
            try (var ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                INDArray xd = x.castTo(DataType.DOUBLE);
                INDArray md = Nd4j.createUninitialized(DataType.DOUBLE, channels);
                INDArray vd = Nd4j.createUninitialized(DataType.DOUBLE, channels);
                Nd4j.exec(DynamicCustomOp.builder("moments").addInputs(xd).addOutputs(md, vd)
                        .addIntegerArguments(axes).build());
                mean.assign(md);
                variance.assign(vd);
                org.revisit.util.NdArrays.close(xd, md, vd);
            }
        }
        set(MEAN_CACHE, this, mean);
        set(VAR_CACHE, this, variance);
        // "not training" makes the oneDNN helper normalise with the statistics it is given: the batch's
        return super.preOutput(x, false, shape, gamma, beta, mean, variance, decay, eps, format, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
                                                     INDArray beta, INDArray dGammaView, INDArray dBetaView,
                                                     double eps, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        if (shards == 1) {
            return super.backpropGradient(input, epsilon, shape, gamma, beta, dGammaView, dBetaView, eps, format,
                    workspaceMgr);
        }
        INDArray x = defaultStrides(input);
        INDArray dy = defaultStrides(epsilon);
        long rows = x.size(0) / shards;
        int axis = axis(x, format);
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape());
        INDArray g = gamma == null ? null : gamma.reshape(gamma.length());
        INDArray b = beta == null ? null : beta.reshape(beta.length());
        INDArray dGamma = dGammaView == null ? null : dGammaView.reshape(dGammaView.length()).assign(0);
        INDArray dBeta = dBetaView == null ? null : dBetaView.reshape(dBetaView.length()).assign(0);
        long channels = x.size(axis);
        INDArray dMean = Nd4j.createUninitialized(x.dataType(), channels);
        INDArray dVar = Nd4j.createUninitialized(x.dataType(), channels);
        INDArray dGammaShard = Nd4j.createUninitialized(x.dataType(), channels);
        INDArray dBetaShard = Nd4j.createUninitialized(x.dataType(), channels);
        for (int r = 0; r < shards; r++) {
            var op = DynamicCustomOp.builder("batchnorm_bp").addInputs(inputs(shard(x, r, rows), r, g, b,
                            shard(dy, r, rows)))
                    .addIntegerArguments(g == null ? 0 : 1, b == null ? 0 : 1, axis).addFloatingPointArguments(eps)
                    .build();
            op.setOutputArgument(0, shard(dx, r, rows));
            op.setOutputArgument(1, dMean);
            op.setOutputArgument(2, dVar);
            if (dGamma != null) {
                op.setOutputArgument(3, dGammaShard);
                op.setOutputArgument(4, dBetaShard);
            }
            Nd4j.exec(op);
            if (dGamma != null) {
                dGamma.addi(dGammaShard);
                dBeta.addi(dBetaShard);
            }
        }
        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
        gradient.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
        return new Pair<>(gradient, dx);
    }

    /**
     * Normalises each replica shard of {@code input} with its own mean and variance; the caches DL4J's running
     * averages read get the shards' mean mean and mean variance.
     */
    private INDArray shardedPreOutput(INDArray input, INDArray gamma, INDArray beta, double eps, CNN2DFormat format,
                                      LayerWorkspaceMgr workspaceMgr) {
        INDArray x = defaultStrides(input);
        long n = x.size(0);
        if (n % shards != 0) {
            throw new IllegalStateException("a batch of " + n + " rows cannot be split into " + shards
                    + " equal replica shards for batch norm: the step's images must be a multiple of the replicas");
        }
        long rows = n / shards;
        int axis = axis(x, format);
        long[] split = new long[x.rank() + 1];
        split[0] = shards;
        split[1] = rows;
        System.arraycopy(x.shape(), 1, split, 2, x.rank() - 1);
        int[] reduce = new int[x.rank() - 1];
        for (int d = 0, k = 0; d < x.rank(); d++) {
            if (d != axis) {
                reduce[k++] = d + 1;
            }
        }
        long channels = x.size(axis);
        try (var ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            DataType acc = doubleStatistics ? DataType.DOUBLE : x.dataType();
            INDArray xs = (x.dataType() == acc ? x : x.castTo(acc)).reshape('c', split);
            INDArray m = Nd4j.createUninitialized(acc, shards, channels);
            INDArray v = Nd4j.createUninitialized(acc, shards, channels);
            Nd4j.exec(DynamicCustomOp.builder("moments").addInputs(xs).addOutputs(m, v).addIntegerArguments(reduce)
                    .build());
            shardMeans = m.castTo(x.dataType());
            shardVariances = v.castTo(x.dataType());
            mean = shardMeans.mean(0);
            variance = shardVariances.mean(0);
        }
        set(MEAN_CACHE, this, mean);
        set(VAR_CACHE, this, variance);
        INDArray g = gamma == null ? null : gamma.reshape(gamma.length());
        INDArray b = beta == null ? null : beta.reshape(beta.length());
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape());
        for (int r = 0; r < shards; r++) {
            Nd4j.exec(DynamicCustomOp.builder("batchnorm").addInputs(inputs(shard(x, r, rows), r, g, b, null))
                    .addOutputs(shard(out, r, rows)).addIntegerArguments(g == null ? 0 : 1, b == null ? 0 : 1, axis)
                    .addFloatingPointArguments(eps).build());
        }
        return out;
    }

    /** The batch-norm op's inputs for shard {@code r}: its rows, its statistics, gamma and beta, then the gradient. */
    private INDArray[] inputs(INDArray rows, int r, INDArray gamma, INDArray beta, INDArray gradient) {
        var in = new java.util.ArrayList<INDArray>(6);
        in.add(rows);
        in.add(shardMeans.get(NDArrayIndex.point(r), NDArrayIndex.all()).dup());
        in.add(shardVariances.get(NDArrayIndex.point(r), NDArrayIndex.all()).dup());
        if (gamma != null) {
            in.add(gamma);
        }
        if (beta != null) {
            in.add(beta);
        }
        if (gradient != null) {
            in.add(gradient);
        }
        return in.toArray(new INDArray[0]);
    }

    /** Rows {@code r * rows .. (r + 1) * rows - 1}: a contiguous view of a C-ordered array. */
    private static INDArray shard(INDArray a, int r, long rows) {
        return a.get(NDArrayIndex.interval((long) r * rows, (long) (r + 1) * rows));
    }

    private static INDArray defaultStrides(INDArray a) {
        return Shape.hasDefaultStridesForShape(a) && a.ordering() == 'c' ? a : a.dup('c');
    }

    /** The channel axis: 1 for NCHW and for DL4J's [N, C, 1, 1] view of dense activations, 3 for NHWC. */
    private static int axis(INDArray x, CNN2DFormat format) {
        return x.rank() != 4 || format == CNN2DFormat.NCHW ? 1 : 3;
    }

    private static Field field(Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(owner.getName() + " has no field " + name + ": this helper is written "
                    + "for DL4J 1.0.0-M2.1", e);
        }
    }

    private static void set(Field f, Object target, Object value) {
        try {
            f.set(target, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot set " + f, e);
        }
    }
}
