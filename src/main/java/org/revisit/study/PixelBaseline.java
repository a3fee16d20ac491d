package org.revisit.study;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.revisit.data.DatasetSplits;
import org.revisit.data.DatasetSplits.DatasetFingerprint;
import org.revisit.data.ImageSet;
import org.revisit.pretext.PretextTask;
import org.revisit.pretext.TaskName;
import org.revisit.probe.Accuracy;
import org.revisit.probe.FeatureExtractor;
import org.revisit.probe.FeaturePooling;
import org.revisit.probe.Probe;
import org.revisit.probe.ProbeResult;
import org.revisit.util.Hashing;
import org.revisit.util.NdArrays;

import java.util.Locale;

/**
 * The raw-pixel baseline: the scale's L-BFGS probe on the images as they enter the networks (the evaluation's
 * central crop, no network at all), on the same probe splits and test images as every cell, its test hits stored so
 * that each network's comparison with it is paired. Features that do not beat it are not a learned representation.
 * Maps larger than the scale's pooling target are max-pooled as any end-point is.
 *
 * @param input     which probe input ({@link Input#id()})
 * @param key       what identifies the computation: input, probe, pooling, splits, evaluation crop and data
 * @param features  the probe's input dimension
 * @param top1Hits  which test images the probe got right ({@code Hits.encode})
 * @param seconds   features and probe, wall time
 */
public record PixelBaseline(int formatVersion, String key, Scale scale, String input, int features, String probe,
                            Accuracy top1, Accuracy top5, double chosenL2, String top1Hits, int probeTrainImages,
                            int probeValImages, int testImages, DatasetFingerprint dataset, double seconds,
                            Provenance provenance) {
    public static final int FORMAT_VERSION = 1;

    /**
     * The probe inputs the study's networks see: the whole image scaled to [-1, 1] (Rotation's input, and the image
     * the patch tasks cut their patches from), and the same standardised per image (Exemplar's below the paper
     * scale, where Revisit's evaluation feeds its networks what they were trained on).
     */
    public enum Input {
        SCALED("[-1, 1]", TaskName.ROTATION), STANDARDISED("standardised per image", TaskName.EXEMPLAR);

        private final String description;
        private final TaskName task;

        Input(String description, TaskName task) {
            this.description = description;
            this.task = task;
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public String description() {
            return description;
        }

        /** The task whose evaluation input these pixels are. */
        public TaskName task() {
            return task;
        }

        /** The pixel input a network of {@code task} is compared with at {@code scale}. */
        public static Input of(TaskName task, Scale scale) {
            return task == TaskName.EXEMPLAR && scale != Scale.PAPER ? STANDARDISED : SCALED;
        }

        public static Input parse(String id) {
            for (Input i : values()) {
                if (i.id().equals(id)) {
                    return i;
                }
            }
            throw new IllegalArgumentException("unknown pixel input '" + id + "'; expected one of "
                    + java.util.Arrays.stream(values()).map(Input::id).toList());
        }
    }

    /** The key of the pixel baseline of {@code input} at {@code preset} on {@code data}. */
    static String key(Input input, Scale.Preset preset, DatasetSplits data, Probe probe) {
        return Hashing.shortKey("pixels|input=" + input.id()
                + KeyFormat.standardisation(input.task().task().standardisesInputs()) + "|probe=" + KeyFormat.probe(probe) + "|pool="
                + KeyFormat.pooling(new FeaturePooling(preset.poolingTarget())) + "|sizes="
                + preset.probeTrainImages() + "," + preset.probeValImages() + "," + preset.testImages() + "|eval="
                + KeyFormat.augmentation(preset.augmentation()) + "|geometry=" + KeyFormat.geometry(preset.geometry())
                + "|data=" + KeyFormat.dataset(data.fingerprint()));
    }

    /** Computes the baseline: the pixels of the three probe splits, probed as a cell's features are. */
    static PixelBaseline compute(Input input, Scale scale, Scale.Preset preset, DatasetSplits data, Probe probe) {
        long start = System.nanoTime();
        PretextTask task = input.task().task();
        FeaturePooling pooling = new FeaturePooling(preset.poolingTarget());
        ImageSet train = data.train().head(preset.probeTrainImages());
        ImageSet val = data.val().head(preset.probeValImages());
        ImageSet test = data.test().head(preset.testImages());
        INDArray tr = pixels(train, task, preset, pooling);
        INDArray va = pixels(val, task, preset, pooling);
        INDArray te = pixels(test, task, preset, pooling);
        ProbeResult r = probe.evaluate(tr, train.labelsCopy(), va, val.labelsCopy(), te, test.labelsCopy(),
                test.numClasses());
        int features = (int) tr.size(1);
        NdArrays.close(tr, va, te);
        return new PixelBaseline(FORMAT_VERSION, key(input, preset, data, probe), scale, input.id(), features,
                probe.toString(), r.top1(), r.top5(), r.chosenL2(), r.top1Hits().encode(), r.trainCount(),
                r.valCount(), r.testCount(), data.fingerprint(), (System.nanoTime() - start) / 1e9,
                Provenance.capture());
    }

    /** [images, pixels]: each image's evaluation input as {@code task} makes it, pooled to the scale's target. */
    static INDArray pixels(ImageSet images, PretextTask task, Scale.Preset preset, FeaturePooling pooling) {
        return FeatureExtractor.extract(x -> x, "pixels", images, preset.augmentation(), preset.geometry(), task,
                pooling);
    }

    /** The input this row probed. */
    public Input pixelInput() {
        return Input.parse(input);
    }

    @Override
    public String toString() {
        return "PixelBaseline{input=" + input + ", scale=" + scale.id() + ", features=" + features + ", top1=" + top1
                + ", chosenL2=" + chosenL2 + ", probe=" + probe + ", key=" + key + "}";
    }
}
