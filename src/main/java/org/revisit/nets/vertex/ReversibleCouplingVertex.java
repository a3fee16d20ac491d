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
 * The output of a RevNet unit (paper.md §4.2, {@code bottleneck_rev}): inputs are the unit's input x = [x1, x2] and
 * F(x2); the output is [x2, x1 + F(x2)], the halves swapped. Given the output [y1, y2], the input is recovered as
 * x2 = y1 and x1 = y2 - F(y1).
 */
public class ReversibleCouplingVertex extends ChannelVertex {

    public ReversibleCouplingVertex() {
    }

    public ReversibleCouplingVertex(CNN2DFormat format) {
        super(format);
    }

    @Override
    protected long outputChannels(long... in) {
        if (in[0] != 2 * in[1]) {
            throw new IllegalArgumentException("reversible coupling: F(x2) must have half the " + in[0]
                    + " channels of x, has " + in[1]);
        }
        return in[0];
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
        return new Impl(graph, name, idx, type, format);
    }

    @Override
    public ReversibleCouplingVertex clone() {
        return new ReversibleCouplingVertex(format);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReversibleCouplingVertex v && v.format == format;
    }

    @Override
    public int hashCode() {
        return 7 + format.hashCode();
    }

    @Override
    public String toString() {
        return "ReversibleCouplingVertex " + format;
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
            INDArray x = inputs[0];
            long h = channelCount(format, x) / 2;
            INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape(), 'c');
            out.get(channels(format, 0, h)).assign(x.get(channels(format, h, 2 * h)));
            out.get(channels(format, h, 2 * h)).assign(x.get(channels(format, 0, h))).addi(inputs[1]);
            return out;
        }

        @Override
        public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr mgr) {
            checkReady(false);
            long h = channelCount(format, inputs[0]) / 2;
            INDArray first = epsilon.get(channels(format, 0, h));
            INDArray second = epsilon.get(channels(format, h, 2 * h));
            INDArray dx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), inputs[0].shape(), 'c');
            dx.get(channels(format, 0, h)).assign(second);
            dx.get(channels(format, h, 2 * h)).assign(first);
            INDArray df = mgr.dup(ArrayType.ACTIVATION_GRAD, second);
            return new Pair<>(null, new INDArray[] {dx, df});
        }
    }
}
