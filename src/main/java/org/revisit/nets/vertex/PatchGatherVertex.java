package org.revisit.nets.vertex;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Builds the patch tasks' examples from patch embeddings computed once, as the official code does: input 0 holds
 * one embedding per patch [R, D] (each image's nine patches went through the trunk once), input 1 the order
 * [M, P] (row indices into input 0, as numbers); example m is the concatenation of rows order[m, 0..P-1]: [M, P*D].
 * Jigsaw's examples are an image's nine embeddings in a permutation's order, Relative Patch Location's a (neighbour,
 * centre) pair. The gradient of a patch's embedding is the sum over every example that used it; the order gets none.
 */
public class PatchGatherVertex extends GraphVertex {
    @JsonProperty
    private int patches;

    public PatchGatherVertex() {
    }

    /** @param patches P, the patches that make one example */
    public PatchGatherVertex(int patches) {
        if (patches < 1) {
            throw new IllegalArgumentException("patches per example must be >= 1, was " + patches);
        }
        this.patches = patches;
    }

    /** P, the patches that make one example. */
    public int patches() {
        return patches;
    }

    @Override
    public PatchGatherVertex clone() {
        return new PatchGatherVertex(patches);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PatchGatherVertex v && v.patches == patches;
    }

    @Override
    public int hashCode() {
        return 37 + patches;
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 2;
    }

    @Override
    public int maxVertexInputs() {
        return 2;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                      INDArray params, boolean init, DataType type) {
        return new Impl(graph, name, idx, type, patches);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... inputs) throws InvalidInputTypeException {
        if (!(inputs[0] instanceof InputType.InputTypeFeedForward f)) {
            throw new InvalidInputTypeException("PatchGatherVertex takes patch embeddings, got " + inputs[0]);
        }
        return InputType.feedForward(f.getSize() * patches);
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputs) {
        return new LayerMemoryReport.Builder(null, getClass(), inputs[0], getOutputType(-1, inputs))
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    @Override
    public String toString() {
        return "PatchGatherVertex(patches=" + patches + ")";
    }

    static final class Impl extends ChannelVertexImpl {
        private final int patches;

        Impl(ComputationGraph graph, String name, int idx, DataType type, int patches) {
            super(graph, name, idx, type);
            this.patches = patches;
        }

        /** The order as row indices, checked against the embeddings' rows. */
        private int[] rows() {
            INDArray order = inputs[1];
            long rows = inputs[0].size(0);
            if (order.rank() != 2 || order.size(1) != patches) {
                throw new IllegalStateException(vertexName + ": expected the patch order as [examples, " + patches
                        + "], got " + java.util.Arrays.toString(order.shape()));
            }
            int[] idx = order.dup('c').reshape(new long[] {order.length()}).toIntVector();
            for (int r : idx) {
                if (r < 0 || r >= rows) {
                    throw new IllegalStateException(vertexName + ": patch row " + r + " outside the " + rows
                            + " embeddings of the batch");
                }
            }
            return idx;
        }

        @Override
        public INDArray doForward(boolean training, LayerWorkspaceMgr mgr) {
            checkReady(true);
            INDArray e = inputs[0];
            int[] idx = rows();
            INDArray gathered = Nd4j.pullRows(e, 1, idx, 'c');
            INDArray out = gathered.reshape('c', idx.length / patches, e.size(1) * patches);
            return mgr.leverageTo(ArrayType.ACTIVATIONS, out);
        }

        @Override
        public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr mgr) {
            checkReady(false);
            INDArray e = inputs[0];
            int[] idx = rows();
            int d = (int) e.size(1);
            INDArray eps = epsilon.dup('c');
            INDArray grad = mgr.create(ArrayType.ACTIVATION_GRAD, e.dataType(), e.shape(), 'c');
            if (e.dataType() == DataType.DOUBLE) {
                double[] g = new double[(int) e.length()];
                double[] in = eps.data().asDouble();
                for (int j = 0; j < idx.length; j++) {
                    int to = idx[j] * d;
                    int from = j * d;
                    for (int c = 0; c < d; c++) {
                        g[to + c] += in[from + c];
                    }
                }
                grad.assign(Nd4j.create(g, e.shape(), 'c'));
            } else {
                float[] g = new float[(int) e.length()];
                float[] in = eps.data().asFloat();
                for (int j = 0; j < idx.length; j++) {
                    int to = idx[j] * d;
                    int from = j * d;
                    for (int c = 0; c < d; c++) {
                        g[to + c] += in[from + c];
                    }
                }
                grad.assign(Nd4j.create(g, e.shape(), 'c').castTo(e.dataType()));
            }
            INDArray noGradient = mgr.create(ArrayType.ACTIVATION_GRAD, inputs[1].dataType(), inputs[1].shape(),
                    'c').assign(0);
            return new Pair<>(null, new INDArray[] {grad, noGradient});
        }
    }
}
