package org.revisit.probe;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.revisit.data.Augmentation;
import org.revisit.data.ImageSet;
import org.revisit.nets.Geometry;
import org.revisit.nets.Networks;
import org.revisit.pretext.PretextTask;
import org.revisit.util.NdArrays;
import org.revisit.util.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Features of a frozen network at a named end-point (BN in inference mode), from the evaluation preprocessing
 * (central crop, no augmentation; paper.md §3.6), averaged over the task's representation inputs. Uses
 * {@code output(List, ...)}: {@code feedForward} copies every activation and is several times slower.
 */
public final class FeatureExtractor {
    private static final Logger log = LoggerFactory.getLogger(FeatureExtractor.class);
    private static final int BATCH = 256;

    private FeatureExtractor() {
    }

    /**
     * @param task the pretext task the network was trained on: it says which inputs make an image's representation
     *             (one central crop, or the nine patches of the patch tasks, whose representations are averaged)
     * @return [images, features] float matrix, flattened per image
     */
    public static INDArray extract(ComputationGraph graph, String endPoint, ImageSet images, Augmentation augmentation,
                                   Geometry geometry, PretextTask task) {
        return extract(graph, endPoint, images, augmentation, geometry, task,
                new FeaturePooling(FeaturePooling.PAPER_TARGET));
    }

    /**
     * As above, with feature maps reduced by {@code pooling} (per input, before the patch average, as the code does).
     */
    public static INDArray extract(ComputationGraph graph, String endPoint, ImageSet images, Augmentation augmentation,
                                   Geometry geometry, PretextTask task, FeaturePooling pooling) {
        return extract(at(graph, endPoint), endPoint, images, augmentation, geometry, task, pooling);
    }

    /**
     * What a batch of evaluation inputs becomes before pooling: a network's activations at an end point, or the inputs
     * themselves (the raw-pixel baseline). The result may be the argument.
     */
    @FunctionalInterface
    public interface Activations {
        INDArray of(INDArray inputs);
    }

    /** The activations of {@code graph} at {@code endPoint}. */
    public static Activations at(ComputationGraph graph, String endPoint) {
        return x -> graph.output(List.of(endPoint), false, Networks.imagesOnly(graph, x), null)[0];
    }

    /**
     * The features of every image of {@code images}, {@link #BATCH} at a time: each image's evaluation inputs as
     * {@code task} makes them, through {@code activations}, reduced by {@code pooling} and averaged over the inputs.
     *
     * @param what names the features in the progress lines
     * @return [images, features]
     */
    public static INDArray extract(Activations activations, String what, ImageSet images, Augmentation augmentation,
                                   Geometry geometry, PretextTask task, FeaturePooling pooling) {
        int k = task.representationInputs();
        int size = geometry.height() * geometry.width() * images.channels();
        INDArray result = null;
        Progress progress = new Progress(log, "features " + what + " of " + images.name(), images.size(), "img");
        float[] buffer = new float[BATCH * k * size];
        for (int start = 0; start < images.size(); start += BATCH) {
            int n = Math.min(BATCH, images.size() - start);
            INDArray flat = features(activations, images, java.util.stream.IntStream.range(start, start + n)
                    .toArray(), augmentation, geometry, task, pooling, null, buffer);
            if (result == null) {
                result = Nd4j.create(flat.dataType(), images.size(), flat.size(1));
            }
            result.get(NDArrayIndex.interval(start, start + n), NDArrayIndex.all()).assign(flat);
            NdArrays.close(flat);
            progress.update(start + n, "");
        }
        return result;
    }

    /**
     * The features of images {@code rows} (at most {@link #BATCH}), each from its evaluation input, or with
     * {@code rng} from a randomly placed evaluation crop ({@link PretextTask#representationInput}).
     *
     * @param buffer room for {@code rows.length} images' inputs, or null
     * @return [rows, features]
     */
    public static INDArray features(ComputationGraph graph, String endPoint, ImageSet images, int[] rows,
                                    Augmentation augmentation, Geometry geometry, PretextTask task,
                                    FeaturePooling pooling, SplittableRandom rng, float[] buffer) {
        return features(at(graph, endPoint), images, rows, augmentation, geometry, task, pooling, rng, buffer);
    }

    private static INDArray features(Activations activations, ImageSet images, int[] rows, Augmentation augmentation,
                                     Geometry geometry, PretextTask task, FeaturePooling pooling,
                                     SplittableRandom rng, float[] buffer) {
        int n = rows.length;
        int k = task.representationInputs();
        int size = geometry.height() * geometry.width() * images.channels();
        float[] in = buffer != null && buffer.length >= n * k * size ? buffer : new float[n * k * size];
        // image files are decoded a batch at a time on every core
        ImageSet batch = images.decodesOnUse() ? images.decoded(rows) : images;
        for (int j = 0; j < n; j++) {
            task.representationInput(batch, batch == images ? rows[j] : j, augmentation, geometry, in, j * k * size,
                    rng);
        }
        INDArray x = Networks.input(in.length == n * k * size ? in : java.util.Arrays.copyOf(in, n * k * size),
                n * k, geometry.height(), geometry.width(), images.channels());
        INDArray a = activations.of(x);
        INDArray out = pooling.apply(a, Networks.layout());
        INDArray flat = out.reshape('c', n, k, out.size(1)).mean(1);
        NdArrays.close(x, a, out);
        return flat;
    }
}
