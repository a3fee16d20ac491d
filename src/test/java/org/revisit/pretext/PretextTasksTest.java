package org.revisit.pretext;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.revisit.data.Augmentation;
import org.revisit.data.DatasetSplits;
import org.revisit.data.FashionMnist;
import org.revisit.data.ImageSet;
import org.revisit.nets.Architecture;
import org.revisit.nets.Geometry;
import org.revisit.nets.Head;
import org.revisit.nets.NetworkSpec;
import org.revisit.nets.Networks;
import org.revisit.probe.FeaturePooling;
import org.revisit.util.NativeBackend;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PretextTasksTest {
    private static ImageSet images;

    @BeforeAll
    static void load() {
        NativeBackend.init();
        DatasetSplits data = FashionMnist.load(FashionMnist.DEFAULT_FOLDER, 100, 0);
        images = data.train().head(64);
    }

    /** The patch tasks' head is the paper's on the paper's 64 px patches and a quarter as wide below that scale. */
    @ParameterizedTest
    @ValueSource(strings = {JigsawTask.NAME, RelativePatchLocationTask.NAME})
    void patchHeadIsThePapersOnPaperPatchesAndAQuarterBelow(String name) {
        PretextTask task = TaskName.parse(name).task();
        int classes = task instanceof JigsawTask ? 100 : 8;
        int patches = task instanceof JigsawTask ? 9 : 2;
        assertEquals(new Head.PatchClassifier(patches, classes, 1000, 4096, 0.5),
                task.head(task.networkGeometry(Geometry.paper(3))));
        assertEquals(new Head.PatchClassifier(patches, classes, 250, 1024, 0.5),
                task.head(task.networkGeometry(Geometry.small(28, 1))));
        assertEquals(new Head.Softmax(4), TaskName.parse(RotationTask.NAME).task().head(Geometry.small(28, 1)));
    }

    /** On one fixed batch of real images a tiny network must fit the task: its loss falls over 20 steps. */
    @ParameterizedTest
    @ValueSource(strings = {RotationTask.NAME, ExemplarTask.NAME, JigsawTask.NAME, RelativePatchLocationTask.NAME})
    void lossFallsOnAFixedBatch(String name) {
        PretextTask task = TaskName.parse(name).task();
        Geometry geo = task.networkGeometry(Geometry.small(28, 1));
        ComputationGraph g = new ComputationGraph(Networks.builder()
                .setSpec(NetworkSpec.of(Architecture.RESNET_V2, 1, new int[] {1, 1, 1, 1}, geo)).setHead(task.head(geo))
                .optUpdater(new Adam(1e-3)).optBnDecay(0.9).optSeed(1).build());
        g.init();
        int[] batch = task instanceof JigsawTask ? new int[] {0, 1} : new int[] {0, 1, 2, 3};
        PretextBatch b = task.batch(images, batch, Augmentation.smallImages(), geo,
                new SplittableRandom(7));
        var d = new MultiDataSet(b.networkInputs(), new INDArray[] {b.labels()});
        g.fit(d);
        double first = g.score();
        double last = first;
        for (int step = 1; step < 20; step++) {
            g.fit(d);
            last = g.score();
        }
        System.out.printf("%s: loss %.4f -> %.4f over 20 steps%n", name, first, last);
        assertTrue(Double.isFinite(last) && last < 0.75 * first, name + ": loss " + first + " -> " + last);
    }

    @Test
    void exemplarMakesEightStandardisedCopiesPerImageLabelledByImage() {
        ExemplarTask task = new ExemplarTask();
        PretextBatch b = task.batch(images, new int[] {3, 9}, Augmentation.smallImages(), Geometry.small(28, 1),
                new SplittableRandom(1));
        assertEquals(16, b.inputs().size(0));
        assertEquals(16, b.labels().size(0));
        for (int row = 0; row < 16; row++) {
            assertEquals(row / 8, b.targets()[row]);
            assertEquals(row / 8, b.labels().getDouble(row, 0));
            INDArray copy = b.inputs().get(NDArrayIndex.point(row));
            assertEquals(0, copy.meanNumber().doubleValue(), 1e-4);
            assertEquals(1, copy.stdNumber().doubleValue(), 1e-2);
        }
        // Copies of one image differ (independent augmentations), and evaluation batches are reproducible.
        assertTrue(b.inputs().get(NDArrayIndex.point(0)).sub(b.inputs().get(NDArrayIndex.point(1))).amaxNumber()
                .doubleValue() > 0.1);
        float[] probeInput = new float[28 * 28];
        task.representationInput(images, 3, Augmentation.smallImages(), Geometry.small(28, 1), probeInput, 0);
        INDArray p = Nd4j.create(probeInput);
        assertEquals(0, p.meanNumber().doubleValue(), 1e-4);
        assertEquals(1, p.stdNumber().doubleValue(), 1e-2);
        PretextBatch e1 = task.batch(images, new int[] {3}, Augmentation.smallImages(), Geometry.small(28, 1), null);
        PretextBatch e2 = task.batch(images, new int[] {3}, Augmentation.smallImages(), Geometry.small(28, 1), null);
        assertEquals(e1.inputs(), e2.inputs());
    }

    /**
     * The gamma jitter bends each copy's tone curve (an intensity order-preserving map the standardisation keeps),
     * copies stay standardised, and the task without it is the paper's (its text, which the head key does not read,
     * unchanged).
     */
    @Test
    void exemplarGammaJitterBendsTheToneCurveOfEachCopy() {
        ExemplarTask plain = new ExemplarTask();
        ExemplarTask jitter = plain.withGammaJitter(2);
        PretextBatch a = plain.batch(images, new int[] {3}, Augmentation.smallImages(), Geometry.small(28, 1),
                new SplittableRandom(1));
        PretextBatch b = jitter.batch(images, new int[] {3}, Augmentation.smallImages(), Geometry.small(28, 1),
                new SplittableRandom(1));
        int bent = 0;
        for (int row = 0; row < 8; row++) {
            INDArray copy = b.inputs().get(NDArrayIndex.point(row));
            assertEquals(0, copy.meanNumber().doubleValue(), 1e-4);
            assertEquals(1, copy.stdNumber().doubleValue(), 1e-2);
            bent += copy.sub(a.inputs().get(NDArrayIndex.point(row))).amaxNumber().doubleValue() > 0.05 ? 1 : 0;
        }
        assertTrue(bent >= 6, bent + " of 8 copies changed");
        // the first copy has the same crop (the power is drawn after it): its pixels keep their order
        float[] x = a.inputs().get(NDArrayIndex.point(0)).dup().data().asFloat();
        float[] y = b.inputs().get(NDArrayIndex.point(0)).dup().data().asFloat();
        Integer[] order = new Integer[x.length];
        for (int i = 0; i < x.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (i, j) -> Float.compare(x[i], x[j]));
        for (int k = 1; k < order.length; k++) {
            assertTrue(y[order[k]] >= y[order[k - 1]] - 1e-4, "a tone curve keeps the order of intensities");
        }
        assertEquals(new ExemplarTask().toString(), plain.toString());
        assertTrue(jitter.toString().contains("gamma jitter [1/2.0, 2.0]"), jitter.toString());
    }

    @Test
    void exemplarMetricCountsNearestNeighboursFromTheSameImage() {
        ExemplarTask task = new ExemplarTask();
        // rows 0-1 are image 0 near (1, 0); rows 2-4 image 1, near (0, 1) except row 4, which is nearest row 0
        INDArray logits = Nd4j.create(new float[][] {{1, 0}, {1, 0.1f}, {0, 1}, {0.1f, 1}, {1, -0.5f}});
        PretextBatch b = new PretextBatch(Nd4j.zeros(5, 1), Nd4j.zeros(5, 1), new int[] {0, 0, 1, 1, 1});
        assertEquals(4, task.correct(logits, b));
    }

    /**
     * Jigsaw: each image's nine patches go through the trunk once (9 inputs per image, not 72); each example names
     * them in the order of its permutation, the batch's 8 permutations applied to every image.
     */
    @Test
    void jigsawExamplesArePermutationsOfEachImagesNinePatches() {
        JigsawTask task = new JigsawTask();
        Geometry geo = task.networkGeometry(Geometry.small(28, 1));
        assertEquals(6, geo.height());
        assertEquals(9, task.inputsPerImage());
        PretextBatch b = task.batch(images, new int[] {5, 6}, Augmentation.smallImages(), geo,
                new SplittableRandom(3));
        assertEquals(2 * JigsawTask.SUBSET, b.targets().length);
        assertEquals(2 * 9, b.inputs().size(0));
        assertArrayEquals(new long[] {2 * JigsawTask.SUBSET, 9}, b.order().shape());
        int[][] perms = JigsawPermutations.load();
        for (int e = 0; e < 2 * JigsawTask.SUBSET; e++) {
            int image = e / JigsawTask.SUBSET;
            assertEquals(b.targets()[e % JigsawTask.SUBSET], b.targets()[e], "every image gets the batch's subset");
            assertEquals(1.0, b.labels().getDouble(e, b.targets()[e]));
            for (int q = 0; q < 9; q++) {
                assertEquals(image * 9 + perms[b.targets()[e]][q], b.order().getInt(e, q), "example " + e);
            }
        }
        for (int q = 1; q < 18; q++) {
            assertTrue(b.inputs().get(NDArrayIndex.point(q)).sub(b.inputs().get(NDArrayIndex.point(q - 1)))
                    .amaxNumber().doubleValue() > 0, "patches " + (q - 1) + " and " + q + " differ");
        }
    }

    /**
     * Jigsaw over replica shards draws a subset per shard, as each of the paper's cores did: the images of a shard
     * share one, a step of 32 shards shows most of the 100 classes, and one shard is the plain step.
     */
    @Test
    void jigsawDrawsItsSubsetPerShard() {
        JigsawTask task = new JigsawTask();
        Geometry geo = task.networkGeometry(Geometry.small(28, 1));
        int[] eight = {0, 1, 2, 3, 4, 5, 6, 7};
        PretextBatch four = task.batch(images, eight, Augmentation.smallImages(), geo, new SplittableRandom(5), 4);
        java.util.List<java.util.Set<Integer>> perShard = new java.util.ArrayList<>();
        for (int shard = 0; shard < 4; shard++) {
            java.util.Set<Integer> classes = new java.util.TreeSet<>();
            for (int e = 0; e < 2 * JigsawTask.SUBSET; e++) {
                classes.add(four.targets()[shard * 2 * JigsawTask.SUBSET + e]);
            }
            assertEquals(JigsawTask.SUBSET, classes.size(), "the two images of shard " + shard + " share a subset");
            perShard.add(classes);
        }
        assertTrue(new java.util.HashSet<>(perShard).size() > 1, "the shards drew their own subsets: " + perShard);

        int[] all = java.util.stream.IntStream.range(0, 32).toArray();
        PretextBatch cores = task.batch(images, all, Augmentation.smallImages(), geo, new SplittableRandom(5), 32);
        long shown = java.util.Arrays.stream(cores.targets()).distinct().count();
        // expected 100 x (1 - 0.92^32) = 93 of the 100 classes
        assertTrue(shown > 80, "a step of 32 shards shows " + shown + " classes");

        PretextBatch one = task.batch(images, eight, Augmentation.smallImages(), geo, new SplittableRandom(5), 1);
        PretextBatch plain = task.batch(images, eight, Augmentation.smallImages(), geo, new SplittableRandom(5));
        assertArrayEquals(plain.targets(), one.targets());
        assertEquals(plain.inputs(), one.inputs());
        var odd = assertThrows(IllegalArgumentException.class,
                () -> task.batch(images, eight, Augmentation.smallImages(), geo, new SplittableRandom(5), 3));
        assertTrue(odd.getMessage().contains("8 images cannot be cut into 3 replica shards"), odd.getMessage());
    }

    /**
     * Relative Patch Location: each image's nine patches through the trunk once (9 inputs, not 16); 8 examples per
     * image, each (neighbour, centre) in row-major order skipping the centre, labels 0..7.
     */
    @Test
    void locationPairsNameEachNeighbourAndTheCentre() {
        RelativePatchLocationTask task = new RelativePatchLocationTask();
        Geometry geo = task.networkGeometry(Geometry.small(28, 1));
        assertEquals(9, task.inputsPerImage());
        PretextBatch b = task.batch(images, new int[] {5, 6}, Augmentation.smallImages(), geo,
                new SplittableRandom(3));
        assertEquals(18, b.inputs().size(0));
        assertArrayEquals(new long[] {16, 2}, b.order().shape());
        int[] neighbours = {0, 1, 2, 3, 5, 6, 7, 8};
        for (int e = 0; e < 16; e++) {
            int image = e / 8;
            assertEquals(e % 8, b.targets()[e]);
            assertEquals(image * 9 + neighbours[e % 8], b.order().getInt(e, 0), "example " + e + "'s neighbour");
            assertEquals(image * 9 + 4, b.order().getInt(e, 1), "example " + e + "'s centre");
        }
    }

    /** The patch tasks' image representation is the mean of the nine patch representations. */
    @Test
    void patchRepresentationIsTheMeanOverNinePatches() {
        JigsawTask task = new JigsawTask();
        Geometry geo = task.networkGeometry(Geometry.small(28, 1));
        ComputationGraph g = new ComputationGraph(Networks.builder()
                .setSpec(NetworkSpec.of(Architecture.RESNET_V1, 1, new int[] {1, 1, 1, 1}, geo)).setHead(task.head(geo))
                .build());
        g.init();
        ImageSet two = images.head(2);
        INDArray features = org.revisit.probe.FeatureExtractor.extract(g, Networks.PRE_LOGITS, two,
                Augmentation.smallImages(), geo, task);
        assertEquals(2, features.size(0));
        float[] patches = new float[9 * 36];
        task.representationInput(two, 1, Augmentation.smallImages(), geo, patches, 0);
        INDArray each = g.output(java.util.List.of(Networks.PRE_LOGITS), false,
                Networks.imagesOnly(g, Networks.input(patches, 9, 6, 6, 1)), null)[0];
        INDArray expected = each.mean(0);
        assertEquals(0, expected.sub(features.getRow(1)).amaxNumber().doubleValue(), 1e-5);

        // a feature map: each patch's map is pooled, then the nine are averaged
        FeaturePooling pooling = new FeaturePooling(100);
        INDArray maps = g.output(java.util.List.of("block1"), false,
                Networks.imagesOnly(g, Networks.input(patches, 9, 6, 6, 1)), null)[0];
        INDArray pooledMean = pooling.apply(maps, Networks.layout()).mean(0);
        INDArray pooledFeatures = org.revisit.probe.FeatureExtractor.extract(g, "block1", two,
                Augmentation.smallImages(), geo, task, pooling);
        assertEquals(pooledMean.length(), pooledFeatures.size(1));
        assertTrue(pooledMean.length() <= 100 && pooledMean.length() < maps.length() / 9, maps.shapeInfoToString());
        assertEquals(0, pooledMean.sub(pooledFeatures.getRow(1)).amaxNumber().doubleValue(), 1e-5);
    }

    /**
     * At the paper scale the patch tasks' probe input is resized by area averaging, as the official code's
     * resize_small 224: from a 672 px image the central 576 px become 192, each output pixel the mean of a 3 x 3 block.
     */
    @Test
    void paperScalePatchRepresentationAveragesAreas() {
        int size = 672;
        byte[] px = new byte[size * size];
        new SplittableRandom(4).nextBytes(px);
        ImageSet one = ImageSet.of("random", px, new int[1], size, size, 1, 1);
        JigsawTask task = new JigsawTask();
        Geometry geo = Geometry.paperPatch(1);
        float[] area = new float[9 * 64 * 64];
        task.representationInput(one, 0, Augmentation.inception(), geo, area, 0);
        float[] expected = new float[192 * 192];
        org.revisit.data.AreaResize.region(one.image(0), 48, 48, 576, 576, expected, 0, 192, 192);
        float[] topLeft = new float[64 * 64];
        for (int y = 0; y < 64; y++) {
            System.arraycopy(expected, y * 192, topLeft, y * 64, 64);
        }
        org.revisit.data.PerImageStandardization.apply(topLeft, 0, topLeft.length);
        assertArrayEquals(topLeft, java.util.Arrays.copyOf(area, 64 * 64), 1e-4f);
        float[] bilinear = new float[9 * 64 * 64];
        Augmentation noArea = new Augmentation(0.05, 1.0, 0.75, 1.33, true, 32.0 / 255, 0.875 * 0.875, 0.5, false,
                true);
        task.representationInput(one, 0, noArea, geo, bilinear, 0);
        assertTrue(Math.abs(bilinear[0] - area[0]) + Math.abs(bilinear[1] - area[1]) > 1e-3, "the resize differs");
    }

    @Test
    void unknownTaskNamesAreRefusedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskName.parse("jigsw").task());
        assertEquals("unknown pretext task 'jigsw'; known: [exemplar, jigsaw, relative_patch_location, rotation, supervised]",
                e.getMessage());
    }
}
