package org.revisit.nets;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * ResNet v2 (pre-activation) with bottleneck units, as the paper's code builds it (SPEC §4.1): root conv without
 * BN/ReLU; each unit is BN, ReLU, then (projection shortcut taken from the pre-activated input when the stride or
 * channel count changes) conv1x1, BN, ReLU, conv3x3 (carrying the stride), BN, ReLU, conv1x1, add; after block4
 * BN, ReLU (absent in the "(-)" variant) and global average pooling to the 512k-d pre-logits. Layer names are the
 * end-points: {@code after_root},
 * {@code block1}..{@code block4}, {@code pre_logits}, {@code logits}.
 */
public final class ResNetV2 {
    public static final String INPUT = "input";
    public static final String PRE_LOGITS = "pre_logits";
    public static final String LOGITS = "logits";
    /**
     * Activation layout, {@code -Drevisit.cnn.format=NCHW|NHWC}. NCHW is the default because it trains faster on
     * this project's AVX2 machines (k=1, batch 256 at 28 px: 118 vs 87 inputs/s; k=2: 49 vs 34), although
     * channels-last was faster on the AVX-512 machine of shared/notes.
     */
    public static final CNN2DFormat FORMAT = CNN2DFormat.valueOf(System.getProperty("revisit.cnn.format", "NCHW"));
    /** TF batch-norm defaults used by the paper's code (SPEC §3.1): momentum 0.99, epsilon 1e-3. */
    public static final double PAPER_BN_DECAY = 0.99;
    static final double BN_EPS = 1e-3;

    private ResNetV2() {
    }

    /**
     * @param outputs     classes of the head ({@code logits}, softmax + cross-entropy)
     * @param weightDecay L2 on conv kernels and the head, as TF's l2_regularizer (gradient = decay * w)
     * @param bnDecay     batch-norm running-average momentum (the paper: {@link #PAPER_BN_DECAY})
     */
    public static ComputationGraphConfiguration configuration(NetworkSpec spec, int outputs, long seed,
                                                              IUpdater updater, double weightDecay, double bnDecay) {
        if (!NetworkSpec.RESNET_V2.equals(spec.architecture())) {
            throw new IllegalArgumentException("ResNetV2 cannot build architecture '" + spec.architecture() + "'");
        }
        Geometry geo = spec.geometry();
        int k = spec.width();
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(updater)
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(geo.height(), geo.width(), geo.channels(), FORMAT));


        String x = geo.rootMaxPool() ? "root_conv" : "after_root";
        g.addLayer(x, conv(geo.rootKernel(), geo.rootStride(), 16 * k, weightDecay), INPUT);
        if (geo.rootMaxPool()) {
            g.addLayer("after_root", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2)
                    .dataFormat(FORMAT).build(), x);
            x = "after_root";
        }
        int channels = 16 * k;
        for (int stage = 0; stage < 4; stage++) {
            int out = 64 * k << stage;
            for (int unit = 0; unit < spec.unitsPerStage()[stage]; unit++) {
                int stride = unit == 0 ? geo.stageStrides()[stage] : 1;
                boolean last = unit == spec.unitsPerStage()[stage] - 1;
                String name = last ? "block" + (stage + 1) : "block" + (stage + 1) + "_unit" + (unit + 1);
                x = unit(g, name, x, channels, out, stride, weightDecay, bnDecay);
                channels = out;
            }
        }
        g.addLayer("final_bn", bn(bnDecay), x);
        String pooled = "final_bn";
        if (spec.lastRelu()) {
            g.addLayer("final_relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), "final_bn");
            pooled = "final_relu";
        }
        g.addLayer(PRE_LOGITS, new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), pooled);
        g.addLayer(LOGITS, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(outputs)
                .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).l2(weightDecay).build(), PRE_LOGITS);
        g.setOutputs(LOGITS);
        return g.build();
    }

    /** A batch of images given as NHWC floats, in the layout the networks take. */
    public static INDArray input(float[] nhwc, int n, int h, int w, int c) {
        INDArray x = Nd4j.create(nhwc, new long[] {n, h, w, c}, 'c');
        return FORMAT == CNN2DFormat.NHWC ? x : x.permute(0, 3, 1, 2).dup('c');
    }

    private static String unit(ComputationGraphConfiguration.GraphBuilder g, String name, String in, int inChannels,
                               int out, int stride, double wd, double bnDecay) {
        int inner = out / 4;
        g.addLayer(name + "_preact_bn", bn(bnDecay), in);
        g.addLayer(name + "_preact", relu(), name + "_preact_bn");
        String shortcut = in;
        if (stride > 1 || inChannels != out) {
            g.addLayer(name + "_shortcut", conv(1, stride, out, wd), name + "_preact");
            shortcut = name + "_shortcut";
        }
        g.addLayer(name + "_conv1", conv(1, 1, inner, wd), name + "_preact");
        g.addLayer(name + "_bn1", bn(bnDecay), name + "_conv1");
        g.addLayer(name + "_relu1", relu(), name + "_bn1");
        g.addLayer(name + "_conv2", conv(3, stride, inner, wd), name + "_relu1");
        g.addLayer(name + "_bn2", bn(bnDecay), name + "_conv2");
        g.addLayer(name + "_relu2", relu(), name + "_bn2");
        g.addLayer(name + "_conv3", conv(1, 1, out, wd), name + "_relu2");
        g.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), name + "_conv3", shortcut);
        return name;
    }

    private static ConvolutionLayer conv(int kernel, int stride, int out, double wd) {
        return new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).nOut(out).hasBias(false)
                .activation(Activation.IDENTITY).dataFormat(FORMAT).l2(wd).build();
    }

    private static BatchNormalization bn(double decay) {
        return new BatchNormalization.Builder().decay(decay).eps(BN_EPS).dataFormat(FORMAT).build();
    }

    private static ActivationLayer relu() {
        return new ActivationLayer.Builder().activation(Activation.RELU).build();
    }
}
