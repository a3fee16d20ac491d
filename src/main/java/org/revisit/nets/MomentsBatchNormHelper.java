package org.revisit.nets;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

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
 */
public final class MomentsBatchNormHelper extends MKLDNNBatchNormHelper {
    private static final Field MEAN_CACHE = field(MKLDNNBatchNormHelper.class, "meanCache");
    private static final Field VAR_CACHE = field(MKLDNNBatchNormHelper.class, "varCache");
    private static final Field LAYER_HELPER = field(BatchNormalization.class, "helper");
    private static final int[] NCHW_AXES = {0, 2, 3};
    /**
     * {@code -Drevisit.bn.dl4jNumerics=true} (set by the run's entry point through {@link #useFloatStatistics}): the
     * batch statistics accumulated in float, as before the learning-parity benchmark found their error; for
     * measuring that error only.
     */
    private static volatile boolean floatStatistics;
    private final boolean doubleStatistics;
    private INDArray mean;
    private INDArray variance;

    /** @param doubleStatistics accumulate the batch statistics in double (the study's default) or in float */
    public MomentsBatchNormHelper(DataType dataType, boolean doubleStatistics) {
        super(dataType);
        this.doubleStatistics = doubleStatistics;
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

    /** As {@link #install(ComputationGraph)}, with the statistics in float when {@code doubleStatistics} is false. */
    static int install(ComputationGraph graph, boolean doubleStatistics) {
        int installed = 0;
        for (org.deeplearning4j.nn.api.Layer layer : graph.getLayers()) {
            if (layer instanceof BatchNormalization bn && bn.getHelper() != null
                    && bn.getHelper().getClass() == MKLDNNBatchNormHelper.class) {
                set(LAYER_HELPER, bn, new MomentsBatchNormHelper(bn.getParam("gamma") == null
                        ? DataType.FLOAT : bn.getParam("gamma").dataType(), doubleStatistics));
                installed++;
            }
        }
        return installed;
    }

    @Override
    public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta,
                              INDArray globalMean, INDArray globalVar, double decay, double eps, CNN2DFormat format,
                              LayerWorkspaceMgr workspaceMgr) {
        if (!training || x.rank() != 4 || format != CNN2DFormat.NCHW || x.dataType() != DataType.FLOAT) {
            return super.preOutput(x, training, shape, gamma, beta, globalMean, globalVar, decay, eps, format,
                    workspaceMgr);
        }
        long channels = x.size(1);
        if (mean == null || mean.length() != channels) {
            try (var ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                mean = Nd4j.createUninitialized(DataType.FLOAT, channels);
                variance = Nd4j.createUninitialized(DataType.FLOAT, channels);
            }
        }
        if (!doubleStatistics) {
            Nd4j.exec(DynamicCustomOp.builder("moments").addInputs(x).addOutputs(mean, variance)
                    .addIntegerArguments(NCHW_AXES).build());
        } else {
            // accumulated in double: the backward pass assumes these are the batch's exact mean and variance, and
            // float sums over a channel's 10^4-10^5 values miss them by enough to put the input gradient of a
            // ResNet's first layers 1-3 % off PyTorch's (0.02-0.07 % in double; class comment)
            try (var ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                INDArray xd = x.castTo(DataType.DOUBLE);
                INDArray md = Nd4j.createUninitialized(DataType.DOUBLE, channels);
                INDArray vd = Nd4j.createUninitialized(DataType.DOUBLE, channels);
                Nd4j.exec(DynamicCustomOp.builder("moments").addInputs(xd).addOutputs(md, vd)
                        .addIntegerArguments(NCHW_AXES).build());
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
