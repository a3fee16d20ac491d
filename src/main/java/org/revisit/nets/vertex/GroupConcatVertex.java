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
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Concatenates the feature vectors of each group of {@code groupSize} consecutive rows: [g*B, D] -> [B, g*D]. The
 * patch tasks run one trunk over all patches (weights shared, patches folded into the batch) and this vertex puts
 * each example's patch embeddings side by side, in input order, for the head (SPEC §3.4-3.5).
 */
public class GroupConcatVertex extends GraphVertex {
    @JsonProperty
    private int groupSize;

    public GroupConcatVertex() {
    }

    public GroupConcatVertex(int groupSize) {
        if (groupSize < 1) {
            throw new IllegalArgumentException("group size must be >= 1, was " + groupSize);
        }
        this.groupSize = groupSize;
    }

    @Override
    public GroupConcatVertex clone() {
        return new GroupConcatVertex(groupSize);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupConcatVertex v && v.groupSize == groupSize;
    }

    @Override
    public int hashCode() {
        return 31 + groupSize;
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 1;
    }

    @Override
    public int maxVertexInputs() {
        return 1;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                      INDArray params, boolean init, DataType type) {
        return new Impl(graph, name, idx, type, groupSize);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... inputs) throws InvalidInputTypeException {
        if (!(inputs[0] instanceof InputType.InputTypeFeedForward f)) {
            throw new InvalidInputTypeException("GroupConcatVertex takes feature vectors, got " + inputs[0]);
        }
        return InputType.feedForward(f.getSize() * groupSize);
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputs) {
        return new LayerMemoryReport.Builder(null, getClass(), inputs[0], getOutputType(-1, inputs))
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    @Override
    public String toString() {
        return "GroupConcatVertex(groupSize=" + groupSize + ")";
    }

    static final class Impl extends ChannelVertexImpl {
        private final int groupSize;

        Impl(ComputationGraph graph, String name, int idx, DataType type, int groupSize) {
            super(graph, name, idx, type);
            this.groupSize = groupSize;
        }

        @Override
        public INDArray doForward(boolean training, LayerWorkspaceMgr mgr) {
            checkReady(true);
            INDArray x = inputs[0];
            if (x.rank() != 2 || x.size(0) % groupSize != 0) {
                throw new IllegalStateException(vertexName + ": expected [" + groupSize + " x batch, features], got "
                        + java.util.Arrays.toString(x.shape()));
            }
            return mgr.dup(ArrayType.ACTIVATIONS, x, 'c').reshape('c', x.size(0) / groupSize, x.size(1) * groupSize);
        }

        @Override
        public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr mgr) {
            checkReady(false);
            INDArray x = inputs[0];
            INDArray grad = mgr.dup(ArrayType.ACTIVATION_GRAD, epsilon, 'c').reshape('c', x.size(0), x.size(1));
            return new Pair<>(null, new INDArray[] {grad});
        }
    }
}
