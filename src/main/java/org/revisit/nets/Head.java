package org.revisit.nets;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.distribution.TruncatedNormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.revisit.nets.vertex.PatchGatherVertex;

import java.util.Map;

/**
 * A pretext task's head on top of {@code pre_logits}; its output layer is always {@link Networks#LOGITS}.
 */
public sealed interface Head permits Head.Softmax, Head.Embedding, Head.PatchClassifier {

    /** Graph inputs the head reads besides the images, in order, with their types: none but the patch head's. */
    default Map<String, InputType> inputs() {
        return Map.of();
    }

    /** Adds the head's layers after {@code preLogits}. */
    void build(ComputationGraphConfiguration.GraphBuilder g, String preLogits, double weightDecay);

    /** Outputs of the {@code logits} layer. */
    int outputs();

    /** The code's 1x1-conv logits: a linear layer with bias and the trunk's L2, then softmax cross-entropy. */
    record Softmax(int classes) implements Head {
        @Override
        public void build(ComputationGraphConfiguration.GraphBuilder g, String preLogits, double weightDecay) {
            g.addLayer(Networks.LOGITS, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                    .activation(Activation.SOFTMAX).l2(weightDecay).build(), preLogits);
        }

        @Override
        public int outputs() {
            return classes;
        }
    }

    /** Exemplar: the logits layer is a linear {@code size}-d embedding trained by a metric loss. */
    record Embedding(int size, ILossFunction loss) implements Head {
        @Override
        public void build(ComputationGraphConfiguration.GraphBuilder g, String preLogits, double weightDecay) {
            g.addLayer(Networks.LOGITS, new OutputLayer.Builder(loss).nOut(size).activation(Activation.IDENTITY)
                    .l2(weightDecay).build(), preLogits);
        }

        @Override
        public int outputs() {
            return size;
        }
    }

    /**
     * Jigsaw and Relative Patch Location (paper.md §3.4-3.5): each image's nine patches go through the shared trunk
     * once, to a linear 1000-d {@code patch_embedding} each (the code's logits); the graph input {@link #PATCH_ORDER}
     * says which {@code patches} embeddings make each example, and they are concatenated in that order (Jigsaw: a
     * permutation of the nine; Relative Patch Location: a neighbour and the centre), as the official code builds its
     * examples from embeddings; then FC 4096 (truncated normal, std 0.005, bias 0.1), BN
     * (momentum 0.997, epsilon 1e-5), ReLU, dropout (keep {@code keep}; the paper's 0.5) and the softmax over
     * {@code classes}, with L2 5e-4 on the head.
     */
    record PatchClassifier(int patches, int classes, int embedding, int hidden, double keep) implements Head {
        public static final String PATCH_EMBEDDING = "patch_embedding";
        /** The graph input [examples, patches]: each example's patches as rows of the batch's patch inputs. */
        public static final String PATCH_ORDER = "patch_order";
        static final double HEAD_L2 = 5e-4;

        public static PatchClassifier paper(int patches, int classes) {
            return new PatchClassifier(patches, classes, 1000, 4096, 0.5);
        }

        /** A quarter of the paper's widths, for the small trunks that stand in for width 4 at width 1. */
        public static PatchClassifier small(int patches, int classes) {
            return new PatchClassifier(patches, classes, 250, 1024, 0.5);
        }

        @Override
        public void build(ComputationGraphConfiguration.GraphBuilder g, String preLogits, double weightDecay) {
            g.addLayer(PATCH_EMBEDDING, new DenseLayer.Builder().nOut(embedding).activation(Activation.IDENTITY)
                    .l2(weightDecay).build(), preLogits);
            g.addVertex("patch_concat", new PatchGatherVertex(patches), PATCH_EMBEDDING, PATCH_ORDER);
            g.addLayer("head_fc", new DenseLayer.Builder().nOut(hidden).activation(Activation.IDENTITY)
                    .weightInit(new TruncatedNormalDistribution(0, 0.005)).biasInit(0.1).l2(HEAD_L2).build(),
                    "patch_concat");
            g.addLayer("head_bn", new BatchNormalization.Builder().decay(0.997).eps(1e-5).build(), "head_fc");
            g.addLayer("head_relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), "head_bn");
            OutputLayer.Builder out = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                    .activation(Activation.SOFTMAX).weightInit(new TruncatedNormalDistribution(0, 0.005))
                    .l2(HEAD_L2);
            if (keep < 1) {
                out.dropOut(keep); // DL4J's dropOut is the probability of keeping, applied to the layer's input
            }
            g.addLayer(Networks.LOGITS, out.build(), "head_relu");
        }

        @Override
        public Map<String, InputType> inputs() {
            return Map.of(PATCH_ORDER, InputType.feedForward(patches));
        }

        @Override
        public int outputs() {
            return classes;
        }
    }
}
