package org.revisit.probe;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.revisit.data.Augmentation;
import org.revisit.data.ImageSet;
import org.revisit.nets.Geometry;
import org.revisit.pretext.PretextTask;
import org.revisit.util.NdArrays;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The official linear evaluation's training examples: every step, each image of the batch is cropped afresh at a
 * random position ({@code resize_small, crop}, random in training) and its features computed by the frozen network,
 * over the images of several splits together ({@code --train_split trainval}: the own training and validation
 * splits). Features are standardised with {@code standardizer} (fitted on the central crops), as the fixed ones are.
 */
public final class RandomCropFeatures {
    private final ComputationGraph graph;
    private final String endPoint;
    private final List<ImageSet> parts;
    private final Augmentation augmentation;
    private final Geometry geometry;
    private final PretextTask task;
    private final FeaturePooling pooling;
    private final FeatureStandardizer standardizer;
    private final int[] labels;
    private final int[] offsets;

    /** @param parts the splits trained on, in order; example {@code i} is image {@code i} of their concatenation */
    public RandomCropFeatures(ComputationGraph graph, String endPoint, List<ImageSet> parts, Augmentation augmentation,
                              Geometry geometry, PretextTask task, FeaturePooling pooling,
                              FeatureStandardizer standardizer) {
        this.graph = graph;
        this.endPoint = endPoint;
        this.parts = List.copyOf(parts);
        this.augmentation = augmentation;
        this.geometry = geometry;
        this.task = task;
        this.pooling = pooling;
        this.standardizer = standardizer;
        this.offsets = new int[parts.size() + 1];
        for (int p = 0; p < parts.size(); p++) {
            offsets[p + 1] = offsets[p] + parts.get(p).size();
        }
        this.labels = new int[offsets[parts.size()]];
        for (int p = 0; p < parts.size(); p++) {
            System.arraycopy(parts.get(p).labelsCopy(), 0, labels, offsets[p], parts.get(p).size());
        }
    }

    public int size() {
        return labels.length;
    }

    /** Every example's label, in order. */
    public int[] labels() {
        return labels.clone();
    }

    /** The standardised features of random crops of examples {@code rows}, in their order: [rows, features]. */
    public INDArray batch(int[] rows, SplittableRandom rng) {
        INDArray result = null;
        for (int p = 0; p < parts.size(); p++) {
            int from = offsets[p];
            int to = offsets[p + 1];
            int[] at = java.util.stream.IntStream.range(0, rows.length).filter(j -> rows[j] >= from && rows[j] < to)
                    .toArray();
            if (at.length == 0) {
                continue;
            }
            int[] images = java.util.Arrays.stream(at).map(j -> rows[j] - from).toArray();
            INDArray f = FeatureExtractor.features(graph, endPoint, parts.get(p), images, augmentation, geometry, task,
                    pooling, rng, null);
            if (result == null) {
                result = Nd4j.create(f.dataType(), rows.length, f.size(1));
            }
            for (int j = 0; j < at.length; j++) {
                result.get(NDArrayIndex.point(at[j]), NDArrayIndex.all()).assign(f.getRow(j));
            }
            NdArrays.close(f);
        }
        if (standardizer == null) {
            return result;
        }
        INDArray standardised = standardizer.apply(result);
        NdArrays.close(result);
        return standardised;
    }

    @Override
    public String toString() {
        return "random crops of " + parts.stream().map(s -> s.name() + " (" + s.size() + ")").toList() + " at "
                + endPoint;
    }
}
