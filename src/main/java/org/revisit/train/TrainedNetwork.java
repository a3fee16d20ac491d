package org.revisit.train;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A pretext-trained network, the same network as it was before training (same weights at initialisation: the
 * control for what training added), and what training measured. {@code fromCache} says it was loaded.
 */
public record TrainedNetwork(ComputationGraph graph, ComputationGraph initial, TrainingRecord record,
                             boolean fromCache) {
}
