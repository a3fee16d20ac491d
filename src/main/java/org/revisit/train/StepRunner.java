package org.revisit.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.revisit.pretext.PretextBatch;

/**
 * Computes a network's training steps as an {@link Execution} says, for one training run: as one {@code fit} on this
 * thread's device, in accumulated passes ({@link GradientAccumulation}), or on several devices ({@link DataParallel}).
 * Closing it leaves the graph with the run's replica shards installed, as the trainer installed them.
 */
public interface StepRunner extends AutoCloseable {
    /** One training step over {@code batch}; the graph's score is then the step's loss. */
    void fit(PretextBatch batch);

    @Override
    void close();

    /**
     * The runner of {@code execution} for {@code graph}, whose steps are {@code replicas} replica shards.
     *
     * @throws IllegalArgumentException when the devices and passes do not divide {@code replicas}
     */
    static StepRunner of(ComputationGraph graph, Execution execution, int replicas) {
        if (replicas % (execution.devices() * execution.passes()) != 0) {
            throw new IllegalArgumentException(execution + " cannot train a step of " + replicas + " replica shards");
        }
        if (execution.devices() > 1) {
            return new DataParallel(graph, execution, replicas);
        }
        if (execution.passes() > 1) {
            return new Accumulated(graph, execution, replicas);
        }
        return new OneFit(graph);
    }

    /** The step as DL4J's {@code fit} computes it. */
    record OneFit(ComputationGraph graph) implements StepRunner {
        @Override
        public void fit(PretextBatch b) {
            if (b.order() == null) {
                graph.fit(new DataSet(b.inputs(), b.labels()));
            } else {
                graph.fit(new MultiDataSet(b.networkInputs(), new INDArray[] {b.labels()}));
            }
        }

        @Override
        public void close() {
        }
    }

    /** The step in {@code passes} passes of whole shards, one update ({@link GradientAccumulation}). */
    final class Accumulated implements StepRunner {
        private final ComputationGraph graph;
        private final int passes;
        private final int replicas;

        Accumulated(ComputationGraph graph, Execution execution, int replicas) {
            this.graph = graph;
            this.passes = execution.passes();
            this.replicas = replicas;
            ReplicaShards.install(graph, execution.shardsPerPass(replicas));
        }

        @Override
        public void fit(PretextBatch b) {
            GradientAccumulation.fit(graph, StepShards.of(b, passes));
        }

        @Override
        public void close() {
            ReplicaShards.install(graph, replicas);
        }
    }
}
