package org.revisit.study;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.revisit.data.ImageSet;
import org.revisit.data.LabelBudget;
import org.revisit.pretext.PretextTask;
import org.revisit.probe.FeatureCache;
import org.revisit.probe.FeatureExtractor;
import org.revisit.probe.Probe;
import org.revisit.probe.ProbeResult;
import org.revisit.util.NdArrays;
import org.nd4j.linalg.factory.Nd4j;
import org.revisit.probe.FeatureStandardizer;
import org.revisit.probe.RandomCropFeatures;
import org.revisit.probe.SgdProbe;

import java.util.List;

/**
 * The probe's three splits' features of one set of a cell's weights at its end-point, with their labels; the
 * training and validation splits restricted to the cell's label budget. Read from the feature cache, or extracted
 * and stored there.
 *
 * @param fromCache whether all three splits came from the cache
 */
record CellFeatures(INDArray train, int[] trainLabels, INDArray val, int[] valLabels, INDArray test, int[] testLabels,
                    boolean fromCache) {

    /** @param weights {@code trained} or {@code initial} (part of the features' keys) */
    static CellFeatures of(ComputationGraph graph, String weights, Cell cell, CellKeys keys, PretextTask task,
                           FeatureCache cache, Scale.Preset preset) {
        boolean[] allCached = {true};
        java.util.function.Function<ImageSet, INDArray> get = images -> {
            String description = cell.endPoint() + " of " + images.name() + " (" + images.size() + " images)";
            return cache.getOrExtract(keys.featureKey(weights, cell.endPoint(), images, preset), description, () -> {
                allCached[0] = false;
                return FeatureExtractor.extract(graph, cell.endPoint(), images, preset.augmentation(),
                        cell.network().geometry(), task, keys.pooling());
            });
        };
        Labelled tr = Labelled.of(get.apply(keys.probeTrain()), keys.probeTrain().labelsCopy(), keys.budget());
        Labelled va = Labelled.of(get.apply(keys.probeVal()), keys.probeVal().labelsCopy(), keys.valBudget());
        INDArray test = get.apply(keys.test());
        return new CellFeatures(tr.features(), tr.labels(), va.features(), va.labels(), test,
                keys.test().labelsCopy(), allCached[0]);
    }

    /**
     * Probes these features; an SGD probe that trains on random crops ({@link SgdProbe.TrainingData}) crops the
     * training and validation images of {@code keys} afresh through {@code graph} every step, standardised with these
     * splits' central crops.
     */
    ProbeResult probe(Probe probe, int classes, ComputationGraph graph, Cell cell, CellKeys keys, PretextTask task,
                      Scale.Preset preset) {
        if (probe instanceof SgdProbe sgd && sgd.trainingData() == SgdProbe.TrainingData.RANDOM_CROPS_OF_TRAINVAL) {
            if (keys.budget() != null || keys.valBudget() != null) {
                throw new IllegalArgumentException("cell " + cell.id() + ": an SGD probe on random crops of train+val "
                        + "takes every label; a label budget (" + cell.probe().labelFraction() + ") needs the L-BFGS "
                        + "or the central-crop probe");
            }
            FeatureStandardizer standardizer = null;
            if (sgd.standardises()) {
                INDArray trainval = Nd4j.vstack(train, val);
                standardizer = FeatureStandardizer.fit(trainval);
                NdArrays.close(trainval);
            }
            RandomCropFeatures crops = new RandomCropFeatures(graph, cell.endPoint(), List.of(keys.probeTrain(),
                    keys.probeVal()), preset.augmentation(), cell.network().geometry(), task, keys.pooling(),
                    standardizer);
            return sgd.evaluate(crops, test, testLabels, classes, standardizer);
        }
        return probe.evaluate(train, trainLabels, val, valLabels, test, testLabels, classes);
    }

    void close() {
        NdArrays.close(train, val, test);
    }

    /** Features with their labels, restricted to a label budget's images (null: all of them). */
    private record Labelled(INDArray features, int[] labels) {
        static Labelled of(INDArray features, int[] labels, LabelBudget budget) {
            if (budget == null) {
                return new Labelled(features, labels);
            }
            int[] idx = budget.indices();
            INDArray subset = features.getRows(idx);
            NdArrays.close(features);
            int[] l = new int[idx.length];
            for (int i = 0; i < l.length; i++) {
                l[i] = labels[idx[i]];
            }
            return new Labelled(subset, l);
        }
    }
}
