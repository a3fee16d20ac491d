package org.revisit.nets.vertex;

import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Base of the parameter-free vertices that move channels of 4-d activations around (RevNet's split, coupling and
 * channel doubling). DL4J's own {@code SubsetVertex} always slices dimension 1, so it is wrong for NHWC; these know
 * the layout. Fields carry {@code @JsonProperty} for DL4J's JSON mapper, with a no-argument constructor.
 */
public abstract class ChannelVertex extends GraphVertex {
    @JsonProperty
    protected CNN2DFormat format = CNN2DFormat.NCHW;

    protected ChannelVertex() {
    }

    protected ChannelVertex(CNN2DFormat format) {
        this.format = format;
    }

    /** Output channels for the given input channels. */
    protected abstract long outputChannels(long... inputChannels);

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... inputs) throws InvalidInputTypeException {
        long[] channels = new long[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (!(inputs[i] instanceof InputType.InputTypeConvolutional c)) {
                throw new InvalidInputTypeException(getClass().getSimpleName() + " takes convolutional activations,"
                        + " got " + inputs[i]);
            }
            channels[i] = c.getChannels();
        }
        InputType.InputTypeConvolutional first = (InputType.InputTypeConvolutional) inputs[0];
        return InputType.convolutional(first.getHeight(), first.getWidth(), outputChannels(channels), format);
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputs) {
        return new LayerMemoryReport.Builder(null, getClass(), inputs[0], getOutputType(-1, inputs))
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    static int channelAxis(CNN2DFormat format) {
        return format == CNN2DFormat.NHWC ? 3 : 1;
    }

    /** Index of channels [from, to) of a 4-d array in the given layout. */
    static INDArrayIndex[] channels(CNN2DFormat format, long from, long to) {
        INDArrayIndex[] idx = {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()};
        idx[channelAxis(format)] = NDArrayIndex.interval(from, to);
        return idx;
    }

    static long channelCount(CNN2DFormat format, INDArray x) {
        if (x.rank() != 4) {
            throw new IllegalStateException("channel vertex expects 4-d activations, got shape "
                    + java.util.Arrays.toString(x.shape()));
        }
        return x.size(channelAxis(format));
    }

    static long[] withChannels(CNN2DFormat format, long[] shape, long channels) {
        long[] s = shape.clone();
        s[channelAxis(format)] = channels;
        return s;
    }
}
