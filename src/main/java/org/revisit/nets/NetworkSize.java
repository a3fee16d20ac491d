package org.revisit.nets;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;

import java.util.Map;

/**
 * Size and cost of a network, read from its configuration without allocating it.
 *
 * @param parameters          trainable parameters: kernels, biases, BN scale and offset (as torchvision and Keras
 *                            count "params"; BN running statistics excluded)
 * @param batchNormStatistics BN running means and variances (DL4J stores them as parameters)
 * @param multiplyAdds        multiply-adds of one forward pass for one input, in convolutions and dense layers
 *                            (BN, ReLU, pooling and additions are not counted, as is customary)
 */
public record NetworkSize(long parameters, long batchNormStatistics, long multiplyAdds) {

    /** The network with a softmax head over {@code classes}. */
    public static NetworkSize of(NetworkSpec spec, int classes) {
        return of(spec, new Head.Softmax(classes));
    }

    public static NetworkSize of(NetworkSpec spec, Head head) {
        Geometry g = spec.geometry();
        java.util.List<InputType> inputs = new java.util.ArrayList<>();
        inputs.add(InputType.convolutional(g.height(), g.width(), g.channels(), Networks.layout()));
        inputs.addAll(head.inputs().values()); // the patch head's order
        return of(Networks.builder().setSpec(spec).setHead(head).build(), inputs.toArray(InputType[]::new));
    }

    /** @param inputs the types of the graph's inputs, in order: the images, then any the head reads */
    public static NetworkSize of(ComputationGraphConfiguration conf, InputType... inputs) {
        Map<String, InputType> types = conf.getLayerActivationTypes(inputs);
        long params = 0;
        long stats = 0;
        long macs = 0;
        for (var e : conf.getVertices().entrySet()) {
            if (!(e.getValue() instanceof LayerVertex v)) {
                continue;
            }
            Layer layer = v.getLayerConf().getLayer();
            long n = layer.initializer().numParams(v.getLayerConf());
            if (layer instanceof BatchNormalization bn) {
                stats += 2 * bn.getNOut();
                n -= 2 * bn.getNOut();
            }
            params += n;
            if (layer instanceof ConvolutionLayer c) {
                InputType.InputTypeConvolutional out = (InputType.InputTypeConvolutional) types.get(e.getKey());
                macs += (long) c.getKernelSize()[0] * c.getKernelSize()[1] * c.getNIn() * c.getNOut()
                        * out.getHeight() * out.getWidth();
            } else if (layer instanceof FeedForwardLayer f && !(layer instanceof BatchNormalization)) {
                macs += f.getNIn() * f.getNOut();
            }
        }
        return new NetworkSize(params, stats, macs);
    }

    /** Forward GFLOPs per input, counting a multiply-add as two operations. */
    public double forwardGflops() {
        return 2.0 * multiplyAdds / 1e9;
    }

    @Override
    public String toString() {
        return String.format("%,d parameters (+%,d BN statistics), %.3f GMACs = %.3f GFLOPs per input", parameters,
                batchNormStatistics, multiplyAdds / 1e9, forwardGflops());
    }
}
