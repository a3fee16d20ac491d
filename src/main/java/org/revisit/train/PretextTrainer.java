package org.revisit.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.revisit.data.Augmentation;
import org.revisit.data.ImageSet;
import org.revisit.nets.MomentsBatchNormHelper;
import org.revisit.nets.NetworkSpec;
import org.revisit.nets.Networks;
import org.revisit.pretext.PretextBatch;
import org.revisit.pretext.PretextTask;
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
        // the batch statistics by libnd4j's moments op: 1-20 % faster training steps (MomentsBatchNormHelper)
        MomentsBatchNormHelper.install(graph);
        return graph;
    }

    public static int stepsPerEpoch(TrainingConfig config, ImageSet train) {
        int images = Math.min(config.trainImages(), train.size());
        int steps = images / config.batchImages();
        if (steps == 0) {
            throw new IllegalArgumentException("batch of " + config.batchImages() + " images is larger than the "
                    + images + " training images");
        }
        return steps;
    }

    /**
     * @param heldOut images never seen in training, for the pretext accuracy
     * @return the trained network with a copy of its initial weights (the control for what training added)
     */
    public static TrainedNetwork train(String key, NetworkSpec spec, PretextTask task, TrainingConfig config,
                                       Augmentation augmentation, ImageSet train, ImageSet heldOut) {
        int images = Math.min(config.trainImages(), train.size());
        int steps = stepsPerEpoch(config, train);
        ComputationGraph graph = untrained(spec, task, config, steps);
        ComputationGraph initial = graph.clone();
        String what = "train " + task.name() + " " + spec.label();
        log.info("{}: {} params, {} images x {} epochs, batch {} ({} inputs), {}", what, graph.numParams(), images,
                config.epochs(), config.batchImages(), config.batchImages() * task.inputsPerImage(), config);
        SplittableRandom rng = new SplittableRandom(config.seed());
        int total = steps * config.epochs();
        Progress progress = new Progress(log, what, (long) total * config.batchImages(), "img");
        double loss = Double.NaN;
        double lastFinite = Double.NaN;
        int[] order = Permutations.identity(images);
        int batchImages = config.batchImages();
        // shuffling and augmentation run one step ahead on their own thread, in the same order with the same random
        // stream as inline, so a seed gives the same batches; the step never waits for its batch
        Iterator<PretextBatch> source = IntStream.range(0, total).mapToObj(i -> {
            if (i % steps == 0) {
                Permutations.shuffle(order, rng);
            }
            int s = i % steps;
            return task.batch(train, Arrays.copyOfRange(order, s * batchImages, (s + 1) * batchImages), augmentation,
                    spec.geometry(), rng);
        }).iterator();
        try (Prefetcher<PretextBatch> batches = new Prefetcher<>("batches " + what, source, PREFETCH_DEPTH)) {
            for (int step = 1; step <= total; step++) {
                PretextBatch b = batches.next();
                graph.fit(new DataSet(b.inputs(), b.labels()));
                loss = graph.score();
                if (!Double.isFinite(loss)) {
                    throw new TrainingDivergedException(what, step, lastFinite);
                }
                lastFinite = loss;
                progress.update((long) step * batchImages, String.format("epoch %d/%d loss %.4f",
                        (step - 1) / steps + 1, config.epochs(), loss));
            }
        }
        double seconds = progress.elapsedSeconds();
        double accuracy = accuracy(graph, task, spec, augmentation, heldOut);
        log.info("{}: done in {} s, {} img/s, final loss {}, held-out pretext accuracy {}", what,
                String.format("%.1f", seconds), String.format("%.1f", total * config.batchImages() / seconds),
                String.format("%.4f", loss), String.format("%.4f", accuracy));
        return new TrainedNetwork(graph, initial, new TrainingRecord(key, spec.toString(), task.name(),
                config.toString(), total, loss, accuracy, heldOut.size(), seconds, total * config.batchImages() / seconds,
                graph.numParams()), false);
    }

    /** Pretext accuracy on {@code images} with the evaluation preprocessing. */
    public static double accuracy(ComputationGraph graph, PretextTask task, NetworkSpec spec,
                                  Augmentation augmentation, ImageSet images) {
        long correct = 0;
        long count = 0;
        for (int start = 0; start < images.size(); start += EVAL_BATCH) {
            int[] idx = new int[Math.min(EVAL_BATCH, images.size() - start)];
            for (int j = 0; j < idx.length; j++) {
                idx[j] = start + j;
            }
            PretextBatch b = task.batch(images, idx, augmentation, spec.geometry(), null);
            correct += task.correct(graph.outputSingle(false, b.inputs()), b);
            count += b.targets().length;
        }
        return (double) correct / count;
    }
}
