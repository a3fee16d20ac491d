package org.revisit.pretext;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.revisit.data.Augmentation;
import org.revisit.data.Image;
import org.revisit.data.ImageSet;
import org.revisit.data.PerImageStandardization;
import org.revisit.nets.Geometry;
import org.revisit.nets.Head;
import org.revisit.nets.Networks;

import java.util.SplittableRandom;

/**
 * Exemplar (paper.md §3.3): every image is its own class. Each image yields 8 copies, each an independent
 * Inception-style augmentation (crop, flip, brightness), all converted to grey with probability 0.66 (one decision per
 * source image, as the code does; a no-op for grey datasets), each standardised per image. With slim's preprocessing
 * (the paper scale) the source image is made grey before it is augmented, as the official pipeline orders it
 * ({@code to_gray, crop_inception_preprocess_patches}: config/exemplar/imagenet.sh:32); below it each augmented copy
 * is, which keeps the colour networks keyed before the option. The head is a linear 1000-d embedding
 * trained with the semi-hard triplet loss (margin 0.5) on L2-normalised embeddings (per embedding; at the paper
 * scale each dimension across the batch, as the official code). The pretext metric is how often an embedding's
 * nearest other embedding (cosine) is a copy of the same image.
 * <p>
 * At evaluation ({@code rng == null}) the copies are still random, but drawn from a generator seeded by the image
 * index, so the held-out metric is deterministic. The probe's input is the central crop, standardised as in
 * training: the paper's shared evaluation config feeds Exemplar models [-1, 1]-scaled images instead (paper.md §6 #6),
 * a mismatch the paper does not mention, which {@link #withOfficialProbeInput()} reproduces.
 */
public final class ExemplarTask implements PretextTask {
    public static final String NAME = "exemplar";
    public static final int COPIES = 8;
    public static final int EMBEDDING = 1000;
    public static final double GREY_PROBABILITY = 0.66;
    private final boolean officialProbeInput;
    private final double gamma;

    public ExemplarTask() {
        this(false, 1);
    }

    private ExemplarTask(boolean officialProbeInput, double gamma) {
        this.officialProbeInput = officialProbeInput;
        this.gamma = gamma;
    }

    /** Probed on [-1, 1]-scaled images, unstandardised, as config/evaluation/rotation_or_exemplar.sh:31 does. */
    @Override
    public PretextTask withOfficialProbeInput() {
        return new ExemplarTask(true, gamma);
    }

    /**
     * Each copy's intensities raised to a power drawn log-uniformly from [1 / g, g] before its standardisation (a
     * tone curve the standardisation cannot undo, where a brightness shift it removes): a recipe candidate for grey
     * images, not the paper's.
     */
    public ExemplarTask withGammaJitter(double g) {
        return new ExemplarTask(officialProbeInput, g);
    }

    @Override
    public String probeInputKey() {
        return officialProbeInput ? "[-1, 1] unstandardised" : "";
    }

    @Override
    public boolean standardisesInputs() {
        return true;
    }

    @Override
    public double chance() {
        return 0;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * The embedding and its triplet loss; at the paper's geometry normalised as the official code does (each
     * dimension across the batch), below it per embedding ({@link SemiHardTripletLoss.Normalisation}).
     */
    @Override
    public Head head(Geometry network) {
        return new Head.Embedding(EMBEDDING, new TripletLossFunction(SemiHardTripletLoss.PAPER_MARGIN,
                normalisation(network)));
    }

    public static SemiHardTripletLoss.Normalisation normalisation(Geometry network) {
        return network.equals(Geometry.paper(network.channels())) ? SemiHardTripletLoss.Normalisation.ACROSS_BATCH
                : SemiHardTripletLoss.Normalisation.PER_EMBEDDING;
    }

    @Override
    public int inputsPerImage() {
        return COPIES;
    }

    @Override
    public PretextBatch batch(ImageSet images, int[] indices, Augmentation augmentation, Geometry geometry,
                              SplittableRandom rng) {
        int h = geometry.height();
        int w = geometry.width();
        int c = images.channels();
        int size = h * w * c;
        int n = indices.length * COPIES;
        float[] inputs = new float[n * size];
        int[] targets = new int[n];
        float[] ids = new float[n];
        SplittableRandom[] streams = ImageLoop.streams(rng, indices.length);
        ImageLoop.forEach(indices.length, size, j -> {
            SplittableRandom r = rng != null ? streams[j] : new SplittableRandom(0x5EED_0000L + indices[j]);
            boolean grey = r.nextDouble() < GREY_PROBABILITY;
            boolean greyFirst = grey && augmentation.slim();
            Image source = greyFirst ? images.image(indices[j]).grey() : images.image(indices[j]);
            for (int copy = 0; copy < COPIES; copy++) {
                int row = j * COPIES + copy;
                int off = row * size;
                augmentation.train(source, r, inputs, off, h, w);
                if (gamma != 1) {
                    double power = Math.exp((r.nextDouble() * 2 - 1) * Math.log(gamma));
                    for (int k = off; k < off + size; k++) {
                        inputs[k] = (float) (2 * Math.pow(Math.min(1, Math.max(0, (inputs[k] + 1) / 2)), power) - 1);
                    }
                }
                if (grey && !greyFirst && c == 3) {
                    Augmentation.toGrey(inputs, off, h * w);
                }
                PerImageStandardization.apply(inputs, off, size);
                targets[row] = j;
                ids[row] = j;
            }
        });
        INDArray in = Networks.input(inputs, n, h, w, c);
        return new PretextBatch(in, Nd4j.create(ids, new long[] {n, 1}, 'c'), targets);
    }

    @Override
    public void representationInput(ImageSet images, int i, Augmentation augmentation, Geometry geometry,
                                    float[] out, int off, SplittableRandom rng) {
        augmentation.eval(images, i, out, off, geometry.height(), geometry.width(), rng);
        if (!officialProbeInput) {
            PerImageStandardization.apply(out, off, geometry.height() * geometry.width() * images.channels());
        }
    }

    /** Rows whose most similar other row (cosine) comes from the same image. */
    @Override
    public int correct(INDArray logits, PretextBatch batch) {
        INDArray e = logits.divColumnVector(logits.norm2(1).reshape(logits.size(0), 1).add(1e-12));
        float[][] sim = e.mmul(e.transpose()).toFloatMatrix();
        int[] ids = batch.targets();
        int correct = 0;
        for (int i = 0; i < sim.length; i++) {
            int best = -1;
            for (int j = 0; j < sim.length; j++) {
                if (j != i && (best < 0 || sim[i][j] > sim[i][best])) {
                    best = j;
                }
            }
            correct += best >= 0 && ids[best] == ids[i] ? 1 : 0;
        }
        return correct;
    }

    @Override
    public String toString() {
        return "ExemplarTask{copies=" + COPIES + ", embedding=" + EMBEDDING + ", grey p=" + GREY_PROBABILITY
                + " per source image, per-copy standardisation, loss=semi-hard triplet margin "
                + SemiHardTripletLoss.PAPER_MARGIN + " on L2-normalised embeddings (per embedding; each dimension across "
                + "the batch at the paper scale, as the official code), probe input "
                + (officialProbeInput ? "[-1, 1] unstandardised (the official evaluation's)" : "standardised")
                + (gamma == 1 ? "" : ", gamma jitter [1/" + gamma + ", " + gamma + "]") + "}";
    }
}
