package org.revisit.nets;

import org.revisit.util.Nd4jSeed;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;

import org.revisit.nets.vertex.PatchGatherVertex;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the study's networks (DJL-style: {@code setX} for required values, {@code optX} for optional ones):
 * <pre>
 * ComputationGraphConfiguration conf = Networks.builder().setSpec(spec).setOutputs(4)
 *         .optUpdater(momentum).optSeed(seed).build();
 * </pre>
 * Every network is its architecture's trunk ({@link ResNetV1}, {@link ResNetV2}, {@link RevNet}, {@link Vgg19Bn}),
 * global average pooling to the 512k-d {@code pre_logits}, the optional representation-size layer (a linear map to
 * d dimensions without bias; the pooled vector is then {@code global_pool} and the projection {@code pre_logits}),
 * and the task's {@link Head} ending in {@code logits} (by default softmax with bias and L2, as the code's 1x1-conv
 * logits). Kernels use TF's default
 * initialiser (Glorot uniform), as the paper's code does.
 */
public final class Networks {
    public static final String INPUT = "input";
    public static final String PRE_LOGITS = "pre_logits";
    public static final String GLOBAL_POOL = "global_pool";
    /** The representation-size layer's linear map, before the batch norm that makes it {@link #PRE_LOGITS}. */
    public static final String REPRESENTATION = "representation";
    public static final String LOGITS = "logits";
    /** TF batch-norm defaults used by the paper's code (paper.md §3.1): momentum 0.99, epsilon 1e-3. */
    public static final double PAPER_BN_DECAY = 0.99;
    public static final double PAPER_WEIGHT_DECAY = 1e-4;
    public static final double BN_EPS = 1e-3;
    /**
     * The process's activation layout ({@code -Drevisit.cnn.format=NCHW|NHWC}, set by the run's entry point through
     * {@link #useLayout} before the first network is built). NCHW is the default: it trained the small networks
     * faster than NHWC where last measured (docs/speed-and-cost.md), and the throughput benchmark measures the other
     * layout in every run, so a CPU where that turns shows it.
     */
    private static volatile CNN2DFormat layout = CNN2DFormat.NCHW;
    private static volatile boolean layoutUsed;

    private Networks() {
    }

    /** The activation layout every network of this process is built with, and its inputs and features use. */
    public static CNN2DFormat layout() {
        layoutUsed = true;
        return layout;
    }

    /**
     * Sets the process's layout; a change after a network, input or feature has used the old one is refused (the
     * arrays of one process must agree).
     */
    public static synchronized void useLayout(CNN2DFormat format) {
        if (format != layout && layoutUsed) {
            throw new IllegalStateException("the activation layout is " + layout + " and already in use; "
                    + format + " must be chosen before the first network is built");
        }
        layout = format;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A batch of images given as NHWC floats, in the layout the networks take. */
    public static INDArray input(float[] nhwc, int n, int h, int w, int c) {
        return input(nhwc, n, h, w, c, layout());
    }

    /** A batch of images given as NHWC floats, in {@code format}. */
    public static INDArray input(float[] nhwc, int n, int h, int w, int c, CNN2DFormat format) {
        INDArray x = Nd4j.create(nhwc, new long[] {n, h, w, c}, 'c');
        if (format == CNN2DFormat.NHWC) {
            return x;
        }
        INDArray nchw = x.permute(0, 3, 1, 2).dup('c');
        x.close();
        return nchw;
    }

    /**
     * The inputs of a forward pass that reads the trunk only ({@code pre_logits} and earlier end-points): the images,
     * and where the head takes the patch order, a one-example order (patch 0 throughout) that no trunk layer reads.
     */
    public static INDArray[] imagesOnly(org.deeplearning4j.nn.graph.ComputationGraph graph, INDArray images) {
        if (graph.getNumInputArrays() == 1) {
            return new INDArray[] {images};
        }
        int patches = graph.getConfiguration().getVertices().values().stream()
                .filter(v -> v instanceof PatchGatherVertex).mapToInt(v -> ((PatchGatherVertex) v).patches())
                .findFirst().orElseThrow(() -> new IllegalArgumentException("a graph of "
                        + graph.getNumInputArrays() + " inputs without the patch head's"));
        return new INDArray[] {images, Nd4j.zeros(images.dataType(), 1, patches)};
    }

    static Trunk trunk(Architecture a) {
        return switch (a) {
            case RESNET_V1 -> new ResNetV1();
            case RESNET_V2 -> new ResNetV2();
            case REVNET -> new RevNet();
            case VGG19_BN -> new Vgg19Bn();
        };
    }

    public static final class Builder {
        private NetworkSpec spec;
        private Head head;
        private long seed;
        private IUpdater updater = new NoOp();
        private double weightDecay = PAPER_WEIGHT_DECAY;
        private double bnDecay = PAPER_BN_DECAY;
        private DataType dataType = DataType.FLOAT;
        private CNN2DFormat format = layout();

        private Builder() {
        }

        public Builder setSpec(NetworkSpec spec) {
            this.spec = spec;
            return this;
        }

        /** The pretext head on the pre-logits. */
        public Builder setHead(Head head) {
            this.head = head;
            return this;
        }

        /** Shorthand for a softmax head over {@code classes} ({@link Head.Softmax}). */
        public Builder setOutputs(int classes) {
            return setHead(new Head.Softmax(classes));
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The training updater; none ({@link NoOp}) by default, for networks that are only evaluated. */
        public Builder optUpdater(IUpdater updater) {
            this.updater = updater;
            return this;
        }

        /** L2 on conv kernels and the head, as TF's l2_regularizer (gradient = decay * w); 1e-4 by default. */
        public Builder optWeightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** Batch-norm running-average momentum; the paper's 0.99 by default. */
        public Builder optBnDecay(double bnDecay) {
            this.bnDecay = bnDecay;
            return this;
        }

        /** FLOAT by default; DOUBLE for gradient checks. */
        public Builder optDataType(DataType dataType) {
            this.dataType = dataType;
            return this;
        }

        /** The activation layout; {@link #layout()} by default. */
        public Builder optFormat(CNN2DFormat format) {
            this.format = format;
            return this;
        }

        public ComputationGraphConfiguration build() {
            if (spec == null) {
                throw new IllegalStateException("Networks.builder(): setSpec is required");
            }
            if (head == null || head.outputs() < 1) {
                throw new IllegalStateException("Networks.builder(): setHead (or setOutputs) with at least one output"
                        + " is required, was " + head);
            }
            Geometry geo = spec.geometry();
            ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                    .seed(Nd4jSeed.of(seed))
                    .dataType(dataType)
                    .updater(updater)
                    .weightInit(WeightInit.XAVIER_UNIFORM)
                    .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                    .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                    .graphBuilder()
                    .addInputs(INPUT)
                    .addInputs(head.inputs().keySet().toArray(String[]::new));
            List<InputType> types = new ArrayList<>();
            types.add(InputType.convolutional(geo.height(), geo.width(), geo.channels(), format));
            types.addAll(head.inputs().values());
            g.setInputTypes(types.toArray(InputType[]::new));
            LayerGraph t = new LayerGraph(g, format, weightDecay, bnDecay);
            String features = trunk(spec.architecture()).build(t, spec);
            int d = spec.representationSize();
            g.addLayer(d > 0 ? GLOBAL_POOL : PRE_LOGITS, new GlobalPoolingLayer.Builder(PoolingType.AVG).build(),
                    features);
            if (d > 0) {
                // batch norm after the linear map: without it the two linear maps in a row (this one and the
                // head's) start with outsized logits that the first steps at the task's full rate blow up
                // (docs/architectures.md); the normalised map carries the same information for a linear probe
                g.addLayer(REPRESENTATION, new DenseLayer.Builder().nOut(d).hasBias(false)
                        .activation(Activation.IDENTITY).l2(weightDecay).build(), GLOBAL_POOL);
                g.addLayer(PRE_LOGITS, new BatchNormalization.Builder().decay(bnDecay).eps(BN_EPS).build(),
                        REPRESENTATION);
            }
            head.build(g, PRE_LOGITS, weightDecay);
            g.setOutputs(LOGITS);
            return g.build();
        }
    }
}
