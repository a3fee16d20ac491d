package org.revisit.nets;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.nd4j.linalg.activations.Activation;

/**
 * A graph under construction with the paper's layer conventions (models/resnet.py, models/vggnet.py): convolutions
 * without bias, padded as TF's {@code fixed_padding} + VALID (symmetric (k-1)/2, so a stride-2 3x3 conv on 56 px
 * gives 28 with the same alignment as the paper), L2 on conv kernels, batch norm with TF's defaults. Each method
 * adds one layer and returns its name, so the architectures read as the paper's code does.
 */
final class LayerGraph {
    final ComputationGraphConfiguration.GraphBuilder graph;
    final CNN2DFormat format;
    private final double weightDecay;
    private final double bnDecay;

    LayerGraph(ComputationGraphConfiguration.GraphBuilder graph, CNN2DFormat format, double weightDecay,
               double bnDecay) {
        this.graph = graph;
        this.format = format;
        this.weightDecay = weightDecay;
        this.bnDecay = bnDecay;
    }

    /** A k x k convolution (k odd) padded by (k-1)/2 on each side; {@code regularised = false} drops the L2. */
    String conv(String name, String in, int kernel, int stride, int out, boolean regularised) {
        int pad = (kernel - 1) / 2;
        graph.addLayer(name, new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).padding(pad, pad)
                .convolutionMode(ConvolutionMode.Truncate).nOut(out).hasBias(false).activation(Activation.IDENTITY)
                .dataFormat(format).l2(regularised ? weightDecay : 0).build(), in);
        return name;
    }

    String conv(String name, String in, int kernel, int stride, int out) {
        return conv(name, in, kernel, stride, out, true);
    }

    /** An unpadded kh x kw convolution: VGG's fc6, whose kernel is the whole remaining feature map. */
    String convValid(String name, String in, int kh, int kw, int out) {
        graph.addLayer(name, new ConvolutionLayer.Builder(kh, kw).stride(1, 1).convolutionMode(ConvolutionMode.Truncate)
                .nOut(out).hasBias(false).activation(Activation.IDENTITY).dataFormat(format).l2(weightDecay)
                .build(), in);
        return name;
    }

    String bn(String name, String in) {
        graph.addLayer(name, new BatchNormalization.Builder().decay(bnDecay).eps(Networks.BN_EPS).dataFormat(format)
                .build(), in);
        return name;
    }

    String relu(String name, String in) {
        graph.addLayer(name, new ActivationLayer.Builder().activation(Activation.RELU).build(), in);
        return name;
    }

    /**
     * Max pooling padded symmetrically by {@code pad}, floor division of the size, the padding ignored: TF's VALID
     * after fixed_padding where the map has no negative values (after a ReLU), since TF's zeros then never win.
     */
    String maxPool(String name, String in, int kernel, int stride, int pad) {
        graph.addLayer(name, new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(kernel, kernel)
                .stride(stride, stride).padding(pad, pad).convolutionMode(ConvolutionMode.Truncate).dataFormat(format)
                .build(), in);
        return name;
    }

    /**
     * TF's {@code fixed_padding} then VALID max pooling, for maps with negative values (the v2 and RevNet roots,
     * which have no ReLU before the pool): {@code pad} zeros each side, which count in the maximum as TF's do, then
     * the pool without padding.
     */
    String maxPoolZeroPadded(String name, String in, int kernel, int stride, int pad) {
        String padded = name + "_zero_padding";
        graph.addLayer(padded, new ZeroPaddingLayer.Builder(pad, pad).dataFormat(format).build(), in);
        return maxPool(name, padded, kernel, stride, 0);
    }

    /** TF's SAME average pooling: ceil division, padding at the end, padding not counted in the mean. */
    String avgPoolSame(String name, String in, int kernel) {
        graph.addLayer(name, new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(kernel, kernel)
                .stride(kernel, kernel).convolutionMode(ConvolutionMode.Same).avgPoolIncludePadInDivisor(false)
                .dataFormat(format).build(), in);
        return name;
    }

    String identity(String name, String in) {
        graph.addLayer(name, new ActivationLayer.Builder().activation(Activation.IDENTITY).build(), in);
        return name;
    }

    String add(String name, String a, String b) {
        graph.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), a, b);
        return name;
    }

    String vertex(String name, GraphVertex vertex, String... inputs) {
        graph.addVertex(name, vertex, inputs);
        return name;
    }
}
