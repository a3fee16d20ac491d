package org.revisit.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.deeplearning4j.parallelism.factory.TrainerContext;
import org.deeplearning4j.parallelism.trainer.DefaultTrainer;
import org.deeplearning4j.parallelism.trainer.Trainer;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.revisit.pretext.PretextBatch;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One network trained on D devices at once with DL4J's own data parallelism ({@link ParallelWrapper}, parameter
 * averaging after every step, the updater state averaged too). Each step is cut into D consecutive shards of whole
 * images; device d's replica takes shard d, and its batch norm and Exemplar's triplet loss normalise and mine within
 * that shard, split further into the step's R / D remaining replica shards ({@link ReplicaShards}), in one pass or
 * several accumulated ones ({@link Execution#passes()}, {@link GradientAccumulation}). After the step
 * the replicas' parameters (batch norm's moving averages among them) and momentum accumulators are averaged.
 * <p>
 * Why that is the synchronous data-parallel step of the recipe: plain momentum ({@code a = m a + g; w -= lr a}),
 * weight decay and the moving averages are linear in the gradient and the batch statistics, and every shard has the
 * same size, so the average of D replicas' updates is the update by the mean of their gradients, which is the
 * gradient of the step in R replica shards on one device. It differs from that by floating-point rounding only
 * ({@code DataParallelTest} measures by how much).
 * <p>
 * Devices are an execution choice, never part of a network's identity (its cache key): a network trained on 2
 * devices is the network trained on 1. So a device takes whole replica shards, and D must divide R: below the paper
 * scale a step is one replica (its batch norm over the whole step) and trains on one device ({@link Execution}).
 */
public final class DataParallel implements StepRunner {
    private final ComputationGraph graph;
    private final AveragingWrapper wrapper;
    private final int replicas;

    /** Trains {@code graph} as {@code execution} says, each step in {@code replicas} replica shards. */
    DataParallel(ComputationGraph graph, Execution execution, int replicas) {
        this.graph = graph;
        this.replicas = replicas;
        int devices = execution.devices();
        this.wrapper = new AveragingWrapper(graph, devices, new ShardedTrainers(execution.shardsPerPass(replicas),
                execution.passes(), new CountDownLatch(devices)));
    }

    /**
     * One step: the batch cut into the devices' shards, trained, and the replicas averaged into the graph, whose score
     * is then the replicas' mean loss (each its shard's mean loss plus the L2 penalty), as one device's.
     */
    @Override
    public void fit(PretextBatch batch) {
        wrapper.fit(new ShardIterator(StepShards.of(batch, wrapper.workers())));
    }

    /** Stops the replicas; the graph keeps the averaged weights and gets the whole step's shards back. */
    @Override
    public void close() {
        wrapper.closeReplicas();
        ReplicaShards.install(graph, replicas); // the first replica installed its device's share
    }

    @Override
    public String toString() {
        return "DataParallel{devices=" + wrapper.workers() + ", ParallelWrapper parameter averaging every step, "
                + "updaters averaged}";
    }

    /**
     * ParallelWrapper in its parameter-averaging mode with our trainers: its builder replaces any trainer factory by
     * its default one in that mode, so the settings the builder would make are made here. Every step averages the
     * parameters and the updater state; no prefetching (the trainer builds steps ahead itself).
     */
    private static final class AveragingWrapper extends ParallelWrapper {
        AveragingWrapper(ComputationGraph graph, int workers, TrainerContext trainers) {
            super(graph, workers, 0);
            averagingFrequency = 1;
            averageUpdaters = true;
            reportScore = false;
            legacyAveraging = false;
            isMQ = false;
            workspaceMode = WorkspaceMode.ENABLED;
            trainerContext = trainers;
            gradientsAccumulator = null;
            init();
        }

        /**
         * Kept open between steps: DL4J's {@code fit} closes the wrapper when its iterator ends, which would stop the
         * replicas' threads and build every replica again from JSON for the next step.
         */
        @Override
        public void close() {
        }

        int workers() {
            return workers;
        }

        void closeReplicas() {
            try {
                super.close();
            } catch (Exception e) {
                throw new IllegalStateException("data-parallel replicas did not stop: " + e.getMessage(), e);
            }
        }
    }

    /**
     * DL4J's trainers, each installing the replica shards on its replica: the wrapper builds every replica but the
     * first from the network's JSON configuration, which carries neither our batch-norm helper nor the shards. And
     * each replica copies the network's weights when its thread starts, while the first trains the network itself:
     * {@code copied} holds the first step until every replica has its copy (else a late one copies updated weights).
     */
    private record ShardedTrainers(int shardsPerPass, int passes, CountDownLatch copied) implements TrainerContext {
        @Override
        public void init(Model model, Object... args) {
        }

        @Override
        public Trainer create(String uuid, int threadId, Model model, int rootDevice, boolean useMDS,
                              ParallelWrapper wrapper, WorkspaceMode mode, int averagingFrequency) {
            ShardedTrainer t = new ShardedTrainer(shardsPerPass, passes, copied, model, threadId, wrapper, mode, useMDS,
                    averagingFrequency);
            t.setName("data-parallel replica " + threadId);
            t.setDaemon(true);
            return t;
        }

        @Override
        public void finalizeRound(Model originalModel, Model... models) {
        }

        @Override
        public void finalizeTraining(Model originalModel, Model... models) {
        }
    }

    private static final class ShardedTrainer extends DefaultTrainer {
        private final int shards;
        private final int passes;
        private final CountDownLatch copied;

        ShardedTrainer(int shards, int passes, CountDownLatch copied, Model model, int threadId,
                       ParallelWrapper wrapper, WorkspaceMode mode,
                       boolean useMDS, int averagingFrequency) {
            this.shards = shards;
            this.passes = passes;
            this.copied = copied;
            this.originalModel = model;
            this.replicatedModel = model;
            this.threadId = threadId;
            this.parallelWrapper = wrapper;
            this.workspaceMode = mode;
            this.useMDS = useMDS;
            this.averagingFrequency = averagingFrequency;
            // what DefaultTrainer's builder defaults, in case its no-argument constructor leaves them unset
            if (queue == null) {
                queue = new LinkedBlockingQueue<>(1);
            }
            if (queueMDS == null) {
                queueMDS = new LinkedBlockingQueue<>(1);
            }
            if (running == null) {
                running = new AtomicInteger(0);
            }
            if (shouldUpdate == null) {
                shouldUpdate = new AtomicBoolean(false);
            }
            if (shouldStop == null) {
                shouldStop = new AtomicBoolean(false);
            }
            if (isStopped == null) {
                isStopped = new AtomicBoolean(false);
            }
            if (nullMode == null) {
                nullMode = new AtomicBoolean(false);
            }
            if (lastEtlTime == null) {
                lastEtlTime = new AtomicLong(0);
            }
        }

        @Override
        protected void postInit() {
            super.postInit();
            ReplicaShards.install((ComputationGraph) replicatedModel, shards);
            copied.countDown();
            try {
                copied.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("data-parallel replica " + threadId + " interrupted while the "
                        + "others copied the weights", e);
            }
        }

        /** The device's shard in {@link #passes} accumulated passes. */
        @Override
        protected void fit(org.nd4j.linalg.dataset.api.MultiDataSet shard) {
            if (passes == 1) {
                super.fit(shard);
            } else {
                GradientAccumulation.fit((ComputationGraph) replicatedModel, StepShards.of(shard, passes));
            }
        }
    }

    /** The step's shards, one pass, no reset or prefetch (the trainer's own prefetcher builds steps ahead). */
    private static final class ShardIterator implements MultiDataSetIterator {
        private final Iterator<MultiDataSet> it;

        ShardIterator(List<MultiDataSet> shards) {
            this.it = shards.iterator();
        }

        @Override
        public boolean hasNext() {
            return it.hasNext();
        }

        @Override
        public MultiDataSet next() {
            return it.next();
        }

        @Override
        public MultiDataSet next(int num) {
            return it.next();
        }

        @Override
        public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
            throw new UnsupportedOperationException("no pre-processing: shards are made ready");
        }

        @Override
        public MultiDataSetPreProcessor getPreProcessor() {
            return null;
        }

        @Override
        public boolean resetSupported() {
            return false;
        }

        @Override
        public boolean asyncSupported() {
            return false;
        }

        @Override
        public void reset() {
            throw new UnsupportedOperationException("one pass");
        }
    }
}
