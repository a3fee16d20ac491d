package org.revisit.study;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;
import org.revisit.data.Augmentation;
import org.revisit.data.DatasetSplits;
import org.revisit.data.ImageSet;
import org.revisit.nets.NetworkSize;
import org.revisit.nets.NetworkSpec;
import org.revisit.pretext.PretextTask;
import org.revisit.probe.Accuracy;
import org.revisit.probe.FeatureCache;
import org.revisit.probe.Probe;
import org.revisit.probe.ProbeResult;
import org.revisit.train.Execution;
import org.revisit.train.NetworkCache;
import org.revisit.train.PretextTrainer;
import org.revisit.train.TrainedNetwork;
import org.revisit.train.TrainingRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.OptionalInt;

/**
 * A cell's computation, once {@link Study} found nothing stored for it: the network trained or loaded from the
 * network cache, the features of its trained and untrained weights extracted or read from the feature cache, both
 * probed, and the result stored.
 */
final class CellComputation {
    private static final Logger log = LoggerFactory.getLogger(CellComputation.class);
    private final Scale scale;
    private final Scale.Preset preset;
    private final DatasetSplits data;
    private final DatasetSplits pretextData;
    private final ResultStore store;
    private final NetworkCache networks;
    private final FeatureCache featureCache;
    private final OptionalInt devices;
    private final int accumulate;

    CellComputation(Scale scale, Scale.Preset preset, DatasetSplits data, DatasetSplits pretextData, ResultStore store,
                    NetworkCache networks, FeatureCache featureCache, OptionalInt devices, int accumulate) {
        this.scale = scale;
        this.preset = preset;
        this.data = data;
        this.pretextData = pretextData;
        this.store = store;
        this.networks = networks;
        this.featureCache = featureCache;
        this.devices = devices;
        this.accumulate = accumulate;
    }

    /** Trains (or loads) the network, extracts (or reads) the features, probes them and stores the result. */
    CellResult compute(Cell cell, CellKeys keys, int concurrentCells) {
        long start = System.nanoTime();
        Scale.Preset p = preset;
        PretextTask task = cell.task().task();
        String networkKey = keys.networkKey();
        String cellKey = keys.cellKey();
        Probe probe = keys.probe();
        ImageSet test = keys.test();
        log.debug("cell {} [{}]: {} | probe {}", cell.id(), cellKey, cell, probe);

        ImageSet pretextEval = pretextData.val().head(p.pretextEvalImages());
        Execution execution = Execution.forStep(devices, Nd4j.getAffinityManager().getNumberOfDevices(),
                accumulate, cell.training().replicas());
        TrainedNetwork entry = networks.getOrTrain(networkKey, cell.id(), checkpoints ->
                PretextTrainer.train(networkKey, cell.network(), task, cell.training(), p.augmentation(),
                        pretextData.pretextTrain().head(cell.training().trainImages()), pretextEval, checkpoints,
                        PretextTrainer.StepListener.NONE, execution));
        TrainingRecord tr = entry.record();

        long extractStart = System.nanoTime();
        // the task as the probe's inputs are made (the official evaluation's Exemplar input: CellKeys)
        PretextTask probeTask = keys.probeTask();
        Weights probed = Weights.of(cell, entry, networks, networkKey, task, p.augmentation(), pretextEval);
        CellFeatures trainedFeatures = CellFeatures.of(probed.graph(), probed.name(), cell, keys, probeTask,
                featureCache, p);
        double extractSeconds = (System.nanoTime() - extractStart) / 1e9;
        ProbeResult trained = trainedFeatures.probe(probe, test.numClasses(), probed.graph(), cell, keys, probeTask,
                p);
        trainedFeatures.close();
        probed.close();
        ProbeResult untrained = null;
        if (cell.control() && probed.name().equals("initial")) {
            untrained = trained; // a learning curve's step 0 probes the initial weights: its control is that probe
        } else if (cell.control()) {
            CellFeatures initialFeatures = CellFeatures.of(entry.initial(), "initial", cell, keys, probeTask,
                    featureCache, p);
            untrained = initialFeatures.probe(probe, test.numClasses(), entry.initial(), cell, keys, probeTask, p);
            initialFeatures.close();
        }
        Accuracy untrainedTop1 = untrained == null ? Accuracy.notMeasured() : untrained.top1();
        Accuracy untrainedTop5 = untrained == null ? Accuracy.notMeasured() : untrained.top5();
        String untrainedHits = untrained == null ? null : untrained.top1Hits().encode();

        int extracted = keys.probeTrain().size() + keys.probeVal().size() + test.size();
        NetworkSpec net = cell.network();
        ProbeSetting setting = cell.probe();
        CellResult.Run run = new CellResult.Run(cell.benchmark(), cell.id(), cellKey, networkKey, scale, cell.task(),
                cell.training().seed(), CellResult.Network.of(net, cell.paperWidth()),
                new CellResult.Probing(cell.endPoint(), setting.kind(), setting.firstDecay(), setting.labelFraction(),
                        keys.labelSubset(), keys.pooling().target(), cell.atStep() < 0 ? null : cell.atStep()),
                new CellResult.Descriptions(net.toString(), cell.training().toString(), probe.toString()),
                data.fingerprint(), pretextData == data ? null : pretextData.fingerprint());
        CellResult result = new CellResult(CellResult.FORMAT_VERSION, run,
                new CellResult.Metrics(probed.pretextAccuracy(), tr.pretextEvalImages(), trained.top1(), trained.top5(),
                        untrainedTop1, untrainedTop5, trained.chosenL2(), trained.validationTop1ByL2(),
                        java.util.Arrays.stream(trained.validationTop1ByEpoch()).boxed().toList(),
                        trained.iterations(), trained.converged(),
                        trained.trainCount(), trained.valCount(), trained.testCount(), trained.features(),
                        tr.parameters(), NetworkSize.of(net, task.head(net.geometry())).multiplyAdds(),
                        trained.top1Hits().encode(), untrainedHits),
                new CellResult.Timings(tr.trainSeconds(), tr.trainImagesPerSecond(), entry.fromCache(), extractSeconds,
                        extracted / extractSeconds, trainedFeatures.fromCache(), trained.seconds(),
                        (System.nanoTime() - start) / 1e9, concurrentCells),
                Provenance.capture());
        store.write(result);
        // the cell's one line at INFO
        log.info("cell {}: result stored in {} | top-1 {} trained vs {} untrained, pretext accuracy {}", cell.id(),
                store.root(), trained.top1(), cell.control() ? untrainedTop1 : "(no control)",
                String.format("%.4f", probed.pretextAccuracy()));
        return result;
    }

    /**
     * The weights a cell probes: the finished network, or for a learning curve's point the weights after its step
     * (the initial weights at 0, a kept snapshot inside the run, the network at its end), with their pretext
     * accuracy on the held-out images; {@code name} keys their features, so a curve's ends share the trained and
     * initial weights' feature files.
     */
    private record Weights(ComputationGraph graph, String name, double pretextAccuracy, boolean owned) {
        static Weights of(Cell cell, TrainedNetwork entry, NetworkCache networks, String networkKey, PretextTask task,
                          Augmentation augmentation, ImageSet heldOut) {
            int step = cell.atStep();
            int total = entry.record().steps();
            String name = CellKeys.probedWeights(cell, total);
            if (step < 0 || step == total) {
                return new Weights(entry.graph(), name, entry.record().pretextAccuracy(), false);
            }
            if (step > total) {
                throw new IllegalArgumentException("cell " + cell.id() + ": step " + step + " is past the end of its "
                        + "network's " + total + " training steps");
            }
            ComputationGraph g = step == 0 ? entry.initial() : networks.snapshots(networkKey).load(step)
                    .orElseThrow(() -> new IllegalStateException("cell " + cell.id() + ": network " + networkKey
                            + " has no snapshot of step " + step + " (kept: every 1/"
                            + networks.snapshots(networkKey).points() + " of a run trained since snapshots exist); "
                            + "delete the network's folder to train it again with its snapshots"));
            double accuracy = PretextTrainer.accuracy(g, task, cell.network(), augmentation, heldOut);
            return new Weights(g, name, accuracy, step != 0);
        }

        void close() {
            if (owned) {
                graph.close();
            }
        }
    }
}
