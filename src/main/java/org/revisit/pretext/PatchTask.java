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
 * The machinery Jigsaw and Relative Patch Location share (paper.md §3.4-3.5, §3.6): the network sees patches; in
 * training an image is resized to the {@link PatchGrid}'s size, turned grey with probability 0.66 (the whole image,
 * as the code does; the text says per patch; a no-op for grey datasets), cut into nine jittered patches from a random
 * crop, each patch standardised; at evaluation nine adjacent patches (no jitter) are cut from the central crop, and
 * the image's representation is the mean of the nine patch representations.
 * <p>
 * As in the official code, each image's nine patches go through the shared trunk once (nine trunk passes per image);
 * an example is a sequence of those patches, given to the head as their rows in the batch ({@link
 * PretextBatch#order()}), whose embeddings the head concatenates ({@link Head.PatchClassifier}).
 */
abstract class PatchTask implements PretextTask {
    static final int PATCHES = PatchGrid.GRID * PatchGrid.GRID;
    static final double GREY_PROBABILITY = 0.66;

    /** Patches that make one example (9 for Jigsaw, 2 for a location pair). */
    abstract int patchesPerExample();

    abstract int classes();

    /**
     * The examples of one image whose nine patches are rows {@code first..first+8} of the batch, written from example
     * {@code e0}: each example's patch rows to {@code order} ({@link #patchesPerExample()} per example), its class
     * to {@code targets} and {@code onehot}.
     */
    abstract void examples(int first, int e0, float[] order, int[] targets, float[] onehot, int[] permutationSubset);

    /** Examples per image. */
    abstract int examplesPerImage();

    /** Jigsaw's permutation subset of a step or of a shard of it; none for the location task. */
    int[] permutationSubset(SplittableRandom rng) {
        return null;
    }

    /**
     * The paper's head (1000-d patch embeddings, FC 4096) on the paper's 64 px patches. Below the paper scale both
     * widths are a quarter, as the trunks are (k = 1 stands in for 4): the paper's head on a small trunk's 6 px
     * patches would hold 37.9 M of the network's 38 M parameters and take most of each step's time.
     */
    @Override
    public Head head(Geometry network) {
        return network.equals(Geometry.paperPatch(network.channels()))
                ? Head.PatchClassifier.paper(patchesPerExample(), classes())
                : Head.PatchClassifier.small(patchesPerExample(), classes());
    }

    /** The heads at both scales, for the task's description. */
    String headsText() {
        return "head " + Head.PatchClassifier.paper(patchesPerExample(), classes()) + " on 64 px patches, "
                + Head.PatchClassifier.small(patchesPerExample(), classes()) + " below the paper scale";
    }

    /** The nine patches, each through the trunk once. */
    @Override
    public int inputsPerImage() {
        return PATCHES;
    }

    /** The paper's 64 px patches of 224 px images; otherwise the {@link PatchGrid#scaledTo} patch size. */
    @Override
    public Geometry networkGeometry(Geometry image) {
        if (image.equals(Geometry.paper(image.channels()))) {
            return Geometry.paperPatch(image.channels());
        }
        return Geometry.smallPatch(PatchGrid.scaledTo(image.height()).patch(), image.channels());
    }

    /** The paper's grid for its 64 px patches; otherwise the chain scaled to the images, checked against the net. */
    static PatchGrid grid(Geometry network, ImageSet images) {
        if (network.equals(Geometry.paperPatch(network.channels()))) {
            return PatchGrid.paper();
        }
        PatchGrid g = PatchGrid.scaledTo(images.height());
        if (g.patch() != network.height()) {
            throw new IllegalArgumentException("the network takes " + network.height() + " px patches but "
                    + images.height() + " px images give " + g.patch() + " px patches (" + g + ")");
        }
        return g;
    }

    @Override
    public PretextBatch batch(ImageSet images, int[] indices, Augmentation augmentation, Geometry geometry,
                             SplittableRandom rng) {
        return batch(images, indices, augmentation, geometry, rng, 1);
    }

    /** Jigsaw's subset drawn per shard, as each core's {@code model_fn} drew its own; one shard draws it once. */
    @Override
    public PretextBatch batch(ImageSet images, int[] indices, Augmentation augmentation, Geometry geometry,
                             SplittableRandom rng, int shards) {
        if (shards < 1 || indices.length % shards != 0) {
            throw new IllegalArgumentException("a step of " + indices.length + " images cannot be cut into "
                    + shards + " replica shards of whole images");
        }
        int p = geometry.height();
        int c = images.channels();
        int patchSize = p * p * c;
        SplittableRandom r = rng != null ? rng : new SplittableRandom(0x9A7C_0000L + indices[0]);
        int[][] subsets = new int[shards][];
        for (int s = 0; s < shards; s++) {
            subsets[s] = permutationSubset(r);
        }
        int shardImages = indices.length / shards;
        int examples = indices.length * examplesPerImage();
        float[] inputs = new float[indices.length * PATCHES * patchSize];
        float[] order = new float[examples * patchesPerExample()];
        int[] targets = new int[examples];
        float[] onehot = new float[examples * classes()];
        PatchGrid grid = grid(geometry, images);
        // the official patch pipeline's resize to 292 px is TF1's resize_bilinear
        boolean tf1Resize = grid.equals(PatchGrid.paper());
        int imageValues = grid.imageSize() * grid.imageSize() * c;
        SplittableRandom[] streams = ImageLoop.streams(rng, indices.length);
        ImageLoop.forEach(indices.length, imageValues, j -> {
            SplittableRandom own = streams[j];
            float[] image = new float[imageValues];
            Image img = images.image(indices[j]);
            Augmentation.region(img, 0, 0, img.height(), img.width(), image, 0, grid.imageSize(), grid.imageSize(),
                    tf1Resize);
            if (own != null && c == 3 && own.nextDouble() < GREY_PROBABILITY) {
                Augmentation.toGrey(image, 0, grid.imageSize() * grid.imageSize());
            }
            int[][] pos = grid.positions(own);
            for (int q = 0; q < PATCHES; q++) {
                int off = (j * PATCHES + q) * patchSize;
                cut(image, grid.imageSize(), c, pos[q][0], pos[q][1], p, inputs, off);
                PerImageStandardization.apply(inputs, off, patchSize);
            }
            examples(j * PATCHES, j * examplesPerImage(), order, targets, onehot, subsets[j / shardImages]);
        });
        INDArray in = Networks.input(inputs, indices.length * PATCHES, p, p, c);
        return new PretextBatch(in, Nd4j.create(onehot, new long[] {examples, classes()}, 'c'), targets,
                Nd4j.create(order, new long[] {examples, patchesPerExample()}, 'c'));
    }

    /**
     * The evaluation patches (paper.md §3.6, the code's eval config): resize so that the central crop of 3 x 3 adjacent
     * patches keeps the code's 192 / 224 proportion, cut them without jitter, standardise each; colour is kept.
     */
    @Override
    public int representationInputs() {
        return PATCHES;
    }

    @Override
    public void representationInput(ImageSet images, int i, Augmentation augmentation, Geometry geometry,
                                    float[] out, int off, SplittableRandom rng) {
        int p = geometry.height();
        int c = images.channels();
        int crop = PatchGrid.GRID * p;
        double fraction = 192.0 / 224.0;
        Image img = images.image(i);
        // the code resizes the shorter side to 224 and crops 192 x 192: central, or at random in the linear
        // evaluation's training (config/evaluation/jigsaw_or_relative_patch_location.sh: resize_small, crop)
        double side = Math.min(img.height(), img.width()) * fraction;
        float[] region = new float[crop * crop * c];
        augmentation.evalSquare(img, side, region, 0, crop, crop, rng);
        int patchSize = p * p * c;
        for (int q = 0; q < PATCHES; q++) {
            int o = off + q * patchSize;
            cut(region, crop, c, (q / PatchGrid.GRID) * p, (q % PatchGrid.GRID) * p, p, out, o);
            PerImageStandardization.apply(out, o, patchSize);
        }
    }

    private static void cut(float[] image, int size, int c, int y0, int x0, int p, float[] out, int off) {
        for (int y = 0; y < p; y++) {
            System.arraycopy(image, ((y0 + y) * size + x0) * c, out, off + y * p * c, p * c);
        }
    }

    @Override
    public boolean standardisesInputs() {
        return true;
    }

    @Override
    public double chance() {
        return 1.0 / classes();
    }
}
