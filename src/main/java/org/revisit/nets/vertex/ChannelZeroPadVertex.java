package org.revisit.nets.vertex;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Doubles the channels with zeros, half before and half after the input's channels: RevNet's channel doubling
 * between stages ({@code tf.pad(x, [..., [C/2, C/2]])} in the paper's code), which keeps the units invertible.
 */
public class ChannelZeroPadVertex extends ChannelVertex {

    public ChannelZeroPadVertex() {
    }

    public ChannelZeroPadVertex(CNN2DFormat format) {
        super(format);
    }

    @Override
    protected long outputChannels(long... in) {
        if (in[0] % 2 != 0) {
            throw new IllegalArgumentException("channel doubling needs an even channel count, got " + in[0]);
        }
        return 2 * in[0];
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
        return new Impl(graph, name, idx, type, format);
    }

    @Override
    public ChannelZeroPadVertex clone() {
        return new ChannelZeroPadVertex(format);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelZeroPadVertex v && v.format == format;
    }

    @Override
    public int hashCode() {
        return format.hashCode();
    }

    @Override
    public String toString() {
        return "ChannelZeroPadVertex " + format;
    }

    static final class Impl extends ChannelVertexImpl {
        private final CNN2DFormat format;

        Impl(ComputationGraph graph, String name, int idx, DataType type, CNN2DFormat format) {
            super(graph, name, idx, type);
            this.format = format;
        }

        @Override
        public INDArray doForward(boolean training, LayerWorkspaceMgr mgr) {
            checkReady(true);
            long c = channelCount(format, inputs[0]);
            INDArray out = mgr.create(ArrayType.ACTIVATIONS, inputs[0].dataType(),
                    withChannels(format, inputs[0].shape(), 2 * c), 'c');
            out.get(channels(format, c / 2, c / 2 + c)).assign(inputs[0]);
            return out;
        }

        @Override
        public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr mgr) {
            checkReady(false);
            long c = channelCount(format, inputs[0]);
            INDArray grad = mgr.dup(ArrayType.ACTIVATION_GRAD, epsilon.get(channels(format, c / 2, c / 2 + c)));
            return new Pair<>(null, new INDArray[] {grad});
        }
    }
}
