package org.revisit.cost;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.revisit.nets.Geometry;
import org.revisit.nets.MomentsBatchNormHelper;
import org.revisit.nets.NetworkSpec;
import org.revisit.nets.Networks;
import org.revisit.train.Momentum;
import org.revisit.util.NativeBackend;
import org.revisit.util.NdArrays;

import java.util.SplittableRandom;

/**
 * The training step every speed measurement of a study network times, in DL4J as the PyTorch peer times its twin: a
 * seeded network with a softmax head over {@code classes}, momentum SGD, one fixed batch of seeded uniform pixels
 * with labels {@code i % classes}. {@link #train()} is one step; {@link #close()} frees the batch.
 */
public final class StepWorkload implements AutoCloseable {
    private final ComputationGraph graph;
    private final INDArray x;
    private final INDArray y;
    private final DataSet batch;

    private StepWorkload(ComputationGraph graph, INDArray x, INDArray y) {
        this.graph = graph;
        this.x = x;
        this.y = y;
        this.batch = new DataSet(x, y);
    }

    /** {@code fastBatchNorm}: train with {@link MomentsBatchNormHelper}, as the study does; the process's layout. */
    public static StepWorkload of(NetworkSpec spec, int batch, int classes, boolean fastBatchNorm) {
        return of(spec, batch, classes, fastBatchNorm, Networks.layout());
    }

    /** As {@link #of(NetworkSpec, int, int, boolean)}, with the activations in {@code layout}. */
    public static StepWorkload of(NetworkSpec spec, int batch, int classes, boolean fastBatchNorm,
                                  CNN2DFormat layout) {
        NativeBackend.init();
        Geometry g = spec.geometry();
        ComputationGraph graph = new ComputationGraph(Networks.builder().setSpec(spec).setOutputs(classes)
                .optUpdater(new Momentum(0.01, null, 0.9)).optSeed(0).optFormat(layout).build());
        graph.init();
        if (fastBatchNorm) {
            MomentsBatchNormHelper.install(graph);
        }
        float[] pixels = new float[batch * g.height() * g.width() * g.channels()];
        SplittableRandom rng = new SplittableRandom(0);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) rng.nextDouble();
        }
        INDArray x = Networks.input(pixels, batch, g.height(), g.width(), g.channels(), layout);
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, classes);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, i % classes, 1f);
        }
        return new StepWorkload(graph, x, y);
    }

    public ComputationGraph graph() {
        return graph;
    }

    public INDArray inputs() {
        return x;
    }

    /** One training step on the fixed batch. */
    public void train() {
        graph.fit(batch);
    }

    /** One inference pass over the fixed batch. */
    public void infer() {
        graph.outputSingle(false, x).close();
    }

    @Override
    public void close() {
        NdArrays.close(x, y);
    }
}
