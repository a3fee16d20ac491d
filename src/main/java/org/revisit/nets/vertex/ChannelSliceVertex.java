package org.revisit.nets.vertex;

import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Channels [from, to) of its input, in either layout. */
public class ChannelSliceVertex extends ChannelVertex {
    @JsonProperty
    private long from;
    @JsonProperty
    private long to;

    public ChannelSliceVertex() {
    }

    public ChannelSliceVertex(long from, long to, CNN2DFormat format) {
        super(format);
        if (from < 0 || to <= from) {
            throw new IllegalArgumentException("channel slice [" + from + ", " + to + ") is empty or negative");
        }
        this.from = from;
        this.to = to;
    }

    @Override
    protected long outputChannels(long... in) {
        if (to > in[0]) {
            throw new IllegalArgumentException("channel slice [" + from + ", " + to + ") of " + in[0] + " channels");
        }
        return to - from;
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
        return new Impl(graph, name, idx, type, from, to, format);
    }

    @Override
    public ChannelSliceVertex clone() {
        return new ChannelSliceVertex(from, to, format);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelSliceVertex v && v.from == from && v.to == to && v.format == format;
    }

    @Override
    public int hashCode() {
        return (int) (from * 31 + to) * 31 + format.hashCode();
    }

    @Override
    public String toString() {
        return "ChannelSliceVertex[" + from + ", " + to + ") " + format;
    }

    static final class Impl extends ChannelVertexImpl {
        private final long from;
        private final long to;
        private final CNN2DFormat format;

        Impl(ComputationGraph graph, String name, int idx, DataType type, long from, long to, CNN2DFormat format) {
            super(graph, name, idx, type);
            this.from = from;
            this.to = to;
            this.format = format;
        }

        @Override
        public INDArray doForward(boolean training, LayerWorkspaceMgr mgr) {
            checkReady(true);
            channelCount(format, inputs[0]);
            return mgr.dup(ArrayType.ACTIVATIONS, inputs[0].get(channels(format, from, to)));
        }

        @Override
        public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr mgr) {
            checkReady(false);
            INDArray grad = mgr.create(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), inputs[0].shape(), 'c');
            grad.get(channels(format, from, to)).assign(epsilon);
            return new Pair<>(null, new INDArray[] {grad});
        }
    }
}
