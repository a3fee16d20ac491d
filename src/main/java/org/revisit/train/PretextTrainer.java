package org.revisit.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.revisit.data.Augmentation;
import org.revisit.data.ImageSet;
import org.revisit.nets.NetworkSpec;
import org.revisit.nets.Networks;
import org.revisit.pretext.PretextBatch;
import org.revisit.pretext.PretextTask;
import org.revisit.util.Hashing;
import org.revisit.util.Permutations;
import org.revisit.util.Prefetcher;
import org.revisit.util.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Iterator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/** Trains a network on a pretext task from scratch and measures its pretext accuracy on held-out images. */
public final class PretextTrainer {
    private static final Logger log = LoggerFactory.getLogger(PretextTrainer.class);
    private static final int EVAL_BATCH = 128;
    private static final int PREFETCH_DEPTH = 2;
    private static final long EPOCH_STREAM = 0x5EED_E90CL;
    private static final long STEP_STREAM = 0x5EED_57E9L;

    private PretextTrainer() {
    }

    /** The network with the pretext head, initialised from {@code seed} and not trained. */
    static ComputationGraph untrained(NetworkSpec spec, PretextTask task, TrainingConfig config,
                                             int stepsPerEpoch) {
        ComputationGraph graph = new ComputationGraph(Networks.builder().setSpec(spec).setHead(task.head(spec.geometry()))
                .optSeed(config.seed())
                .optUpdater(new Momentum(config.peakLr(), config.schedule(stepsPerEpoch), config.momentum()))
                .optWeightDecay(config.weightDecay()).optBnDecay(config.bnDecay()).build());
        graph.init();
        // the batch statistics by libnd4j's moments op (1-20 % faster training steps: MomentsBatchNormHelper), in
        // the configuration's replica shards
        ReplicaShards.install(graph, config.replicas());
        return graph;
    }

    public static int stepsPerEpoch(TrainingConfig config, ImageSet train) {
        int steps = config.stepsPerEpoch(train.size());
        if (steps == 0) {
            throw new IllegalArgumentException("batch of " + config.batchImages() + " images is larger than the "
                    + Math.min(config.trainImages(), train.size()) + " training images");
        }
        return steps;
    }

    /** As {@link #train(String, NetworkSpec, PretextTask, TrainingConfig, Augmentation, ImageSet, ImageSet,
     * Checkpoints)} without checkpoints. */
    public static TrainedNetwork train(String key, NetworkSpec spec, PretextTask task, TrainingConfig config,
                                       Augmentation augmentation, ImageSet train, ImageSet heldOut) {
        return train(key, spec, task, config, augmentation, train, heldOut, Checkpoints.none());
    }

    /**
     * Trains from the start, or from the newest checkpoint of {@code key} when one exists: the network continues
     * with its updater state and iteration count, and the batches continue where they stopped (each epoch's order
     * and each step's augmentation have their own stream, split from the seed). In one JVM a resumed run gives
     * exactly the network of an uninterrupted one ({@code CheckpointResumeTest}). An interrupted thread saves a
     * checkpoint and stops with {@link TrainingInterruptedException}.
     *
     * @param heldOut images never seen in training, for the pretext accuracy
     * @return the trained network with a copy of its initial weights (the control for what training added)
     */
    public static TrainedNetwork train(String key, NetworkSpec spec, PretextTask task, TrainingConfig config,
                                       Augmentation augmentation, ImageSet train, ImageSet heldOut,
                                       Checkpoints checkpoints) {
        return train(key, spec, task, config, augmentation, train, heldOut, checkpoints, StepListener.NONE);
    }

    /** Told each step's loss (DL4J's score: the batch's mean loss plus the L2 penalty), step counted from 1. */
    @FunctionalInterface
    public interface StepListener {
        void step(int step, double loss);

        /** Told nothing. */
        StepListener NONE = (step, loss) -> { };
    }

    /** As above, telling {@code listener} every step's loss (the learning-parity benchmark compares them). */
    public static TrainedNetwork train(String key, NetworkSpec spec, PretextTask task, TrainingConfig config,
                                       Augmentation augmentation, ImageSet train, ImageSet heldOut,
                                       Checkpoints checkpoints, StepListener listener) {
        return train(key, spec, task, config, augmentation, train, heldOut, checkpoints, listener,
                Execution.SINGLE);
    }

    /**
     * As above with each step run as {@code execution} says ({@link StepRunner}). It divides the configuration's
     * replica shards, and is not part of the network's identity.
     */
    public static TrainedNetwork train(String key, NetworkSpec spec, PretextTask task, TrainingConfig config,
                                       Augmentation augmentation, ImageSet train, ImageSet heldOut,
                                       Checkpoints checkpoints, StepListener listener, Execution execution) {
        int images = Math.min(config.trainImages(), train.size());
        int steps = stepsPerEpoch(config, train);
        int total = steps * config.epochs();
        String what = "train " + task.name() + " " + spec.label();
        var resumed = checkpoints.latest(key, total);
        ComputationGraph graph;
        ComputationGraph initial;
        int done;
        double earlierSeconds;
        double lastFinite;
        if (resumed.isPresent()) {
            graph = resumed.get().graph();
            ReplicaShards.install(graph, config.replicas());
            initial = resumed.get().initial();
            done = resumed.get().checkpoint().step();
            earlierSeconds = resumed.get().checkpoint().trainSeconds();
            lastFinite = resumed.get().checkpoint().lastLoss();
            log.info("{}: resumed from the checkpoint at step {}/{} in {} ({} s of training before)", what, done,
                    total, checkpoints.dir(), String.format("%.1f", earlierSeconds));
        } else {
            graph = untrained(spec, task, config, steps);
            initial = graph.clone();
            done = 0;
            earlierSeconds = 0;
            lastFinite = Double.NaN;
        }
        log.info("{}: {} params, {} images x {} epochs, batch {} ({} inputs){}", what, graph.numParams(), images,
                config.epochs(), config.batchImages(), config.batchImages() * task.inputsPerImage(),
                execution.single() ? "" : ", " + execution);
        log.debug("{}: {}", what, config);
        int batchImages = config.batchImages();
        Progress progress = new Progress(log, what, (long) total * batchImages, (long) done * batchImages, "img");
        double loss = lastFinite;
        // built one step ahead on the prefetcher's thread: the step never waits for its batch
        Iterator<PretextBatch> source = batches(task, spec, config, augmentation, train, done);
        int savedAt = done;
        long savedNanos = System.nanoTime();
        try (StepRunner runner = StepRunner.of(graph, execution, config.replicas());
             Prefetcher<PretextBatch> batches = new Prefetcher<>("batches " + what, source, PREFETCH_DEPTH)) {
            for (int step = done + 1; step <= total; step++) {
                PretextBatch b = null;
                if (!Thread.currentThread().isInterrupted()) {
                    try {
                        b = batches.next();
                    } catch (IllegalStateException e) {
                        if (!Thread.currentThread().isInterrupted()) {
                            throw e;
                        }
                    }
                }
                if (b == null) { // interrupted: keep what the steps so far did, then stop
                    if (step - 1 > savedAt && checkpoints.enabled()) {
                        checkpoints.save(key, graph, initial, step - 1, total, lastFinite,
                                earlierSeconds + progress.elapsedSeconds());
                    }
                    throw new TrainingInterruptedException(what, step - 1);
                }
                runner.fit(b);
                loss = graph.score();
                if (!Double.isFinite(loss)) {
                    throw new TrainingDivergedException(what, step, lastFinite);
                }
                lastFinite = loss;
                listener.step(step, loss);
                progress.update((long) step * batchImages, String.format("epoch %d/%d loss %.4f",
                        (step - 1) / steps + 1, config.epochs(), loss));
                if (checkpoints.snapshots().due(step, total)) {
                    checkpoints.snapshots().save(step, graph);
                }
                if (step < total && checkpoints.due(step - savedAt, (System.nanoTime() - savedNanos) / 1e9)) {
                    checkpoints.save(key, graph, initial, step, total, loss,
                            earlierSeconds + progress.elapsedSeconds());
                    savedAt = step;
                    savedNanos = System.nanoTime();
                }
            }
        }
        double seconds = earlierSeconds + progress.elapsedSeconds();
        double accuracy = accuracy(graph, task, spec, augmentation, heldOut);
        log.info("{}: done in {} s, {} img/s, final loss {}, held-out pretext accuracy {}", what,
                String.format("%.1f", seconds), String.format("%.1f", total * batchImages / seconds),
                String.format("%.4f", loss), String.format("%.4f", accuracy));
        return new TrainedNetwork(graph, initial, new TrainingRecord(key, spec.toString(), task.name(),
                config + (execution.single() ? "" : " " + execution), total, loss, accuracy, heldOut.size(), seconds,
                total * batchImages / seconds, graph.numParams(), done), false);
    }

    /**
     * The training batches of steps {@code from} to the end, in order: each epoch's order and each step's
     * augmentation draw from their own stream, split from the seed by position, so a seed gives the same batches
     * and a resumed run starts at its step without redoing the batches before it (at the paper scale that would
     * decode every image the done steps saw). The learning-parity benchmark feeds the PyTorch twin these batches.
     */
    public static Iterator<PretextBatch> batches(PretextTask task, NetworkSpec spec, TrainingConfig config,
                                                 Augmentation augmentation, ImageSet train, int from) {
        int images = Math.min(config.trainImages(), train.size());
        int steps = stepsPerEpoch(config, train);
        int total = steps * config.epochs();
        int batchImages = config.batchImages();
        int[] order = new int[images];
        int[] orderEpoch = {-1};
        return IntStream.range(from, total).mapToObj(i -> {
            int epoch = i / steps;
            if (epoch != orderEpoch[0]) {
                System.arraycopy(Permutations.identity(images), 0, order, 0, images);
                Permutations.shuffle(order, stream(config.seed(), EPOCH_STREAM, epoch));
                orderEpoch[0] = epoch;
            }
            int s = i % steps;
            int[] indices = Arrays.copyOfRange(order, s * batchImages, (s + 1) * batchImages);
            SplittableRandom rng = stream(config.seed(), STEP_STREAM, i);
            if (train.decodesOnUse()) { // image files: decode the batch's images on every core first
                return task.batch(train.decoded(indices), Permutations.identity(indices.length), augmentation,
                        spec.geometry(), rng, config.replicas());
            }
            return task.batch(train, indices, augmentation, spec.geometry(), rng, config.replicas());
        }).iterator();
    }

    /**
     * The random stream number {@code index} of kind {@code kind} under {@code seed}. Its seed is hashed: streams of
     * SplittableRandom whose seeds differ by a multiple of its increment would be shifted copies of each other.
     */
    static SplittableRandom stream(long seed, long kind, long index) {
        return new SplittableRandom(Hashing.mix64(Hashing.mix64(seed ^ kind) + index));
    }

    /** Pretext accuracy on {@code images} with the evaluation preprocessing. */
    public static double accuracy(ComputationGraph graph, PretextTask task, NetworkSpec spec,
                                  Augmentation augmentation, ImageSet images) {
        long correct = 0;
        long count = 0;
        for (PretextBatch b : (Iterable<PretextBatch>) heldOutBatches(task, spec, augmentation, images)::iterator) {
            correct += task.correct(graph.output(false, b.networkInputs())[0], b);
            count += b.targets().length;
            b.close();
        }
        return (double) correct / count;
    }

    /**
     * The batches the pretext accuracy is measured on, built lazily (at the paper scale they would not fit in
     * memory together): {@code images} in order, evaluation preprocessing.
     */
    public static java.util.stream.Stream<PretextBatch> heldOutBatches(PretextTask task, NetworkSpec spec,
                                                                       Augmentation augmentation, ImageSet images) {
        int batches = (images.size() + EVAL_BATCH - 1) / EVAL_BATCH;
        return IntStream.range(0, batches).mapToObj(k -> task.batch(images, IntStream.range(k * EVAL_BATCH,
                Math.min(images.size(), (k + 1) * EVAL_BATCH)).toArray(), augmentation, spec.geometry(), null));
    }
}
