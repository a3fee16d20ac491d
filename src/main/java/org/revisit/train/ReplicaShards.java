package org.revisit.train;

import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.revisit.nets.MomentsBatchNormHelper;
import org.revisit.pretext.TripletLossFunction;

/**
 * A training step as R data-parallel replicas compute it, on one device (a "ghost batch"): the step's inputs are
 * split into R consecutive shards, and every batch-norm layer normalises, and Exemplar's triplet loss normalises and
 * mines, within a shard; gradients are the shards' mean. The paper trained on 32-128 TPU cores whose
 * {@code model_fn} each saw only its share of the step, so its batch statistics and triplets came from 8-32 images;
 * this reproduces that whatever devices run the step. The tasks lay a step out image by image, so a shard is whole
 * images with all their copies, rotations or patches. One shard is the whole step: the helpers as without it.
 * <p>
 * Neither setting is stored with the network: the trainer installs them on every graph it trains, new or resumed.
 */
public final class ReplicaShards {
    private ReplicaShards() {
    }

    /** Sets {@code replicas} shards on every batch-norm layer and triplet loss of {@code graph}. */
    public static void install(ComputationGraph graph, int replicas) {
        MomentsBatchNormHelper.install(graph, replicas);
        for (var layer : graph.getLayers()) {
            if (layer.conf().getLayer() instanceof BaseOutputLayer out
                    && out.getLossFn() instanceof TripletLossFunction triplet) {
                triplet.setShards(replicas);
            }
        }
    }
}
