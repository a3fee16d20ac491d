package org.revisit.study;

import org.revisit.data.DatasetSplits;
import org.revisit.data.ImageSet;
import org.revisit.nets.NetworkSize;
import org.revisit.nets.NetworkSpec;
import org.revisit.pretext.PretextTask;
import org.revisit.probe.Accuracy;
import org.revisit.probe.FeatureCache;
import org.revisit.probe.Probe;
import org.revisit.probe.ProbeResult;
import org.revisit.train.NetworkCache;
import org.revisit.train.PretextTrainer;
import org.revisit.train.TrainedNetwork;
import org.revisit.train.TrainingRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    CellComputation(Scale scale, Scale.Preset preset, DatasetSplits data, DatasetSplits pretextData, ResultStore store,
                    NetworkCache networks, FeatureCache featureCache) {
        this.scale = scale;
        this.preset = preset;
        this.data = data;
        this.pretextData = pretextData;
        this.store = store;
        this.networks = networks;
        this.featureCache = featureCache;
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
        log.info("cell {} [{}]: {} | probe {}", cell.id(), cellKey, cell, probe);

        ImageSet pretextEval = pretextData.val().head(p.pretextEvalImages());
        TrainedNetwork entry = networks.getOrTrain(networkKey, cell.id(), checkpoints ->
                PretextTrainer.train(networkKey, cell.network(), task, cell.training(), p.augmentation(),
                        pretextData.pretextTrain().head(p.pretextImages()), pretextEval, checkpoints));
        TrainingRecord tr = entry.record();

        long extractStart = System.nanoTime();
        // the task as the probe's inputs are made (the official evaluation's Exemplar input: CellKeys)
        PretextTask probeTask = keys.probeTask();
        CellFeatures trainedFeatures = CellFeatures.of(entry.graph(), "trained", cell, keys, probeTask, featureCache,
                p);
        double extractSeconds = (System.nanoTime() - extractStart) / 1e9;
        ProbeResult trained = trainedFeatures.probe(probe, test.numClasses(), entry.graph(), cell, keys, probeTask,
                p);
        trainedFeatures.close();
        Accuracy untrainedTop1 = Accuracy.notMeasured();
        Accuracy untrainedTop5 = Accuracy.notMeasured();
        if (cell.control()) {
            CellFeatures initialFeatures = CellFeatures.of(entry.initial(), "initial", cell, keys, probeTask,
                    featureCache, p);
            ProbeResult untrained = initialFeatures.probe(probe, test.numClasses(), entry.initial(), cell, keys,
                    probeTask, p);
            initialFeatures.close();
            untrainedTop1 = untrained.top1();
            untrainedTop5 = untrained.top5();
        }
        log.info("cell {}: probe top-1 {} trained vs {} with its initial weights; pretext accuracy {}", cell.id(),
                trained.top1(), cell.control() ? untrainedTop1 : "(no control)",
                String.format("%.4f", tr.pretextAccuracy()));

        int extracted = keys.probeTrain().size() + keys.probeVal().size() + test.size();
        NetworkSpec net = cell.network();
        ProbeSetting setting = cell.probe();
        CellResult.Run run = new CellResult.Run(cell.benchmark(), cell.id(), cellKey, networkKey, scale, cell.task(),
                cell.training().seed(), CellResult.Network.of(net, cell.paperWidth()),
                new CellResult.Probing(cell.endPoint(), setting.kind(), setting.firstDecay(), setting.labelFraction(),
                        keys.labelSubset(), keys.pooling().target()),
                new CellResult.Descriptions(net.toString(), cell.training().toString(), probe.toString()),
                data.fingerprint(), pretextData == data ? null : pretextData.fingerprint());
        CellResult result = new CellResult(CellResult.FORMAT_VERSION, run,
                new CellResult.Metrics(tr.pretextAccuracy(), tr.pretextEvalImages(), trained.top1(), trained.top5(),
                        untrainedTop1, untrainedTop5, trained.chosenL2(), trained.validationTop1ByL2(),
                        java.util.Arrays.stream(trained.validationTop1ByEpoch()).boxed().toList(),
                        trained.iterations(), trained.converged(),
                        trained.trainCount(), trained.valCount(), trained.testCount(), trained.features(),
                        tr.parameters(), NetworkSize.of(net, task.head(net.geometry())).multiplyAdds()),
                new CellResult.Timings(tr.trainSeconds(), tr.trainImagesPerSecond(), entry.fromCache(), extractSeconds,
                        extracted / extractSeconds, trainedFeatures.fromCache(), trained.seconds(),
                        (System.nanoTime() - start) / 1e9, concurrentCells),
                Provenance.capture());
        store.write(result);
        log.info("cell {}: result stored in {}", cell.id(), store.root());
        return result;
    }
}
