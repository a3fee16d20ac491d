package org.revisit.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.deeplearning4j.parallelism.factory.TrainerContext;
import org.deeplearning4j.parallelism.trainer.DefaultTrainer;
import org.deeplearning4j.parallelism.trainer.Trainer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.revisit.pretext.PretextBatch;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One network trained on D devices at once with DL4J's own data parallelism ({@link ParallelWrapper}, parameter
 * averaging after every step, the updater state averaged too). Each step is cut into D consecutive shards of whole
 * images; device d's replica takes shard d, and its batch norm and Exemplar's triplet loss normalise and mine within
 * that shard, split further into the step's R / D remaining replica shards ({@link ReplicaShards}). After the step
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
 * scale a step is one replica (its batch norm over the whole step) and trains on one device.
 */
public final class DataParallel implements AutoCloseable {
    private final ComputationGraph graph;
    private final AveragingWrapper wrapper;
    private final int devices;

    private DataParallel(ComputationGraph graph, int devices, int replicas) {
        this.graph = graph;
        this.devices = devices;
        int shardsPerDevice = replicas / devices;
        this.wrapper = new AveragingWrapper(graph, devices, new ShardedTrainers(shardsPerDevice,
                new CountDownLatch(devices)));
    }

    /**
     * Trains {@code graph} on {@code devices} devices, each step in {@code replicas} replica shards.
     *
     * @throws IllegalArgumentException when {@code devices} does not divide {@code replicas}
     */
    public static DataParallel of(ComputationGraph graph, int devices, int replicas) {
        check(devices, replicas);
        return new DataParallel(graph, devices, replicas);
    }

    /**
     * The devices a step of {@code replicas} shards trains on: {@code requested} ({@code -Drevisit.devices}) when it
     * divides them, else an error naming the option; without a request the most of the backend's
     * {@code available} devices that divides them (1 on the CPU backend, which has one device).
     */
    public static int devicesFor(OptionalInt requested, int available, int replicas) {
        if (requested.isPresent()) {
            check(requested.getAsInt(), replicas);
            return requested.getAsInt();
        }
        for (int d = Math.min(available, replicas); d > 1; d--) {
            if (replicas % d == 0) {
                return d;
            }
        }
        return 1;
    }

    private static void check(int devices, int replicas) {
        if (devices < 1 || replicas % devices != 0) {
            throw new IllegalArgumentException("-Drevisit.devices=" + devices + ": a step of " + replicas
                    + " replica shard" + (replicas == 1 ? "" : "s") + " trains on a number of devices that divides "
                    + replicas + " (each device takes whole shards, so that its batch norm sees what it would on one"
                    + " device)" + (replicas == 1 ? "; below the paper scale a step is one shard: use 1" : ""));
        }
    }

    public int devices() {
        return devices;
    }

    /** One step: the batch cut into the devices' shards, trained, and the replicas averaged into the graph. */
    public void fit(PretextBatch batch) {
        wrapper.fit(new ShardIterator(shards(batch, devices)));
    }

    /** The step's mean loss over the replicas (each its shard's mean loss plus the L2 penalty), as one device's. */
    public double score() {
        return graph.score();
    }

    /**
     * {@code batch} as {@code n} consecutive shards of whole images: every input and the labels cut in n equal row
     * blocks; a patch task's order (rows of its patch input) renumbered from each shard's first patch.
     */
    static List<MultiDataSet> shards(PretextBatch batch, int n) {
        INDArray[] inputs = batch.networkInputs();
        List<MultiDataSet> out = new ArrayList<>(n);
        long patchRows = batch.inputs().size(0) / n;
        for (int s = 0; s < n; s++) {
            INDArray[] in = new INDArray[inputs.length];
            for (int k = 0; k < inputs.length; k++) {
                in[k] = block(inputs[k], s, n);
            }
            if (batch.order() != null) {
                in[1] = in[1].sub((double) s * patchRows);
            }
            out.add(new MultiDataSet(in, new INDArray[] {block(batch.labels(), s, n)}));
        }
        return out;
    }

    private static INDArray block(INDArray a, int s, int n) {
        long rows = a.size(0);
        if (rows % n != 0) {
            throw new IllegalArgumentException("a step of " + rows + " rows cannot be cut into " + n
                    + " equal device shards");
        }
        long r = rows / n;
        return a.get(NDArrayIndex.interval(s * r, (s + 1) * r)).dup();
    }

    @Override
    public void close() {
        wrapper.closeReplicas();
    }

    @Override
    public String toString() {
        return "DataParallel{devices=" + devices + ", ParallelWrapper parameter averaging every step, updaters "
                + "averaged}";
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
    private record ShardedTrainers(int shardsPerDevice, CountDownLatch copied) implements TrainerContext {
        @Override
        public void init(Model model, Object... args) {
        }

        @Override
        public Trainer create(String uuid, int threadId, Model model, int rootDevice, boolean useMDS,
                              ParallelWrapper wrapper, WorkspaceMode mode, int averagingFrequency) {
            ShardedTrainer t = new ShardedTrainer(shardsPerDevice, copied, model, threadId, wrapper, mode, useMDS,
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
        private final CountDownLatch copied;

        ShardedTrainer(int shards, CountDownLatch copied, Model model, int threadId, ParallelWrapper wrapper, WorkspaceMode mode,
                       boolean useMDS, int averagingFrequency) {
            this.shards = shards;
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
