package org.revisit.study;

import org.revisit.pretext.TaskName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.revisit.data.Dataset;
import org.revisit.data.DatasetSplits;
import org.revisit.data.FashionMnist;
import org.revisit.data.ImageSet;
import org.revisit.nets.Architecture;
import org.revisit.nets.Geometry;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A whole cell on each file format, from real images: Fashion-MNIST written by the test as CIFAR-10 binary batches,
 * STL-10 binary files and a JPEG folder in the ImageNet layout, then loaded as the scale loads them (32 px colour),
 * trained, probed and stored. A probe far above chance shows pixels and labels arrive together.
 */
class DatasetFormatsStudyTest {
    static final int TRAIN = 900;
    static final int TEST = 200;
    static final String[] CLASS_NAMES = {"t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt",
            "sneaker", "bag", "ankle-boot"};
    static DatasetSplits fashion;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        fashion = FashionMnist.load(FashionMnist.DEFAULT_FOLDER, 10_000, 0);
    }

    @ParameterizedTest
    @EnumSource(value = Dataset.class, names = {"CIFAR_10", "STL_10", "IMAGENET"})
    void aCellRunsOnEachFormat(Dataset dataset) throws IOException {
        ImageSet train = fashion.train().head(TRAIN);
        ImageSet test = fashion.test().head(TEST);
        switch (dataset) {
            case CIFAR_10 -> writeCifar(dir, train, test);
            case STL_10 -> writeStl(dir, train, test);
            default -> writeFolder(dir, train, test);
        }
        Scale.Preset p = StudyTest.TINY.forDataset(Scale.SMOKE, dataset);
        assertEquals(Geometry.small(32, 3), p.geometry());
        DatasetSplits data = dataset.load(dir, Study.request(p, dataset, RunConfig.defaults(Scale.SMOKE)));
        Study.checkImageSize(dir, data, Scale.SMOKE, p);
        assertEquals(32, data.train().height());
        assertEquals(TEST, data.test().size());
        for (ImageSet split : new ImageSet[] {data.train().head(100), data.test().head(100)}) {
            assertEquals(10, java.util.Arrays.stream(split.labelsCopy()).distinct().count(),
                    split.name() + ": the first 100 images cover every class (the scales take the first N)");
        }

        Study study = new Study(Scale.SMOKE, p, data, new ResultStore(dir.resolve("results")));
        CellResult r = study.run(study.cell("architecture_comparison", TaskName.ROTATION,
                p.network(Architecture.RESNET_V2, 1), 0));
        assertEquals(dataset.id(), r.run().dataset().dataset());
        assertEquals(3, r.run().dataset().channels());
        assertEquals(32, r.run().dataset().height());
        assertEquals(dataset == Dataset.IMAGENET ? "file list, sizes and labels" : null,
                r.run().dataset().contentCovers());
        assertTrue(r.metrics().probeTop1() > 0.3, dataset + ": probe top-1 " + r.metrics().probeTop1()
                + " (chance 0.1)");
    }

    /**
     * The paper's Places205 protocol in small: networks trained on one dataset (here CIFAR-10 files) probed on another
     * (a JPEG folder), sharing the network the first dataset's own study trained.
     */
    @org.junit.jupiter.api.Test
    void networksTrainedOnOneDatasetProbeAnother() throws IOException {
        writeCifar(Files.createDirectories(dir.resolve("cifar")), fashion.train().head(TRAIN),
                fashion.test().head(TEST));
        writeFolder(dir.resolve("folder"), fashion.train().head(2 * TRAIN), fashion.test().head(2 * TEST));
        Scale.Preset p = StudyTest.TINY.forDataset(Scale.SMOKE, Dataset.CIFAR_10);
        DatasetSplits cifar = Dataset.CIFAR_10.load(dir.resolve("cifar"), Study.request(p,
                Dataset.CIFAR_10, RunConfig.defaults(Scale.SMOKE)));
        DatasetSplits folder = Dataset.IMAGENET.load(dir.resolve("folder"), Study.request(p,
                Dataset.IMAGENET, RunConfig.defaults(Scale.SMOKE)));
        ResultStore own = new ResultStore(dir.resolve("a"));
        Study onCifar = new Study(Scale.SMOKE, p, cifar, own);
        Cell cell = onCifar.cell("architecture_comparison", TaskName.ROTATION, p.network(Architecture.REVNET, 1), 0);
        CellResult a = onCifar.run(cell);

        Study across = new Study(RunConfig.defaults(Scale.SMOKE), p, folder, cifar, new ResultStore(dir.resolve("b")),
                own.networks(), 0);
        CellResult b = across.run(cell);
        assertEquals(a.networkKey(), b.networkKey(), "the same network");
        assertTrue(b.timings().networkFromCache(), "trained once, by the CIFAR-10 study");
        assertTrue(!a.cellKey().equals(b.cellKey()), "another probe dataset, another cell");
        assertEquals("imagenet", b.run().dataset().dataset());
        assertEquals(cifar.fingerprint(), b.run().pretextDataset());
        assertEquals(null, a.run().pretextDataset());
        assertEquals(a.metrics().pretextAccuracy(), b.metrics().pretextAccuracy());
        assertEquals(p.testImages(), b.metrics().testImages());
        assertTrue(b.metrics().probeTop1() > 0.3, "probe top-1 " + b.metrics().probeTop1());
        assertEquals("small-imagenet-from-cifar-10", ResultStore.runName(Scale.SMALL, Dataset.IMAGENET,
                Dataset.CIFAR_10));
        assertEquals("paper-places205-from-imagenet", ResultStore.runName(Scale.PAPER, Dataset.PLACES205,
                Dataset.IMAGENET));
    }


    /** Grey 28 px in the middle of a black 32 px RGB image, planar, one label byte first. */
    private static void writeCifar(Path dir, ImageSet train, ImageSet test) throws IOException {
        for (int f = 0; f < 5; f++) {
            int per = train.size() / 5;
            Files.write(dir.resolve("data_batch_" + (f + 1) + ".bin"), cifar(train, f * per, per));
        }
        Files.write(dir.resolve("test_batch.bin"), cifar(test, 0, test.size()));
    }

    private static byte[] cifar(ImageSet s, int first, int n) {
        byte[] b = new byte[n * 3073];
        for (int r = 0; r < n; r++) {
            int i = first + r;
            b[r * 3073] = (byte) s.label(i);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 28; x++) {
                        b[r * 3073 + 1 + c * 1024 + (y + 2) * 32 + x + 2] = (byte) s.pixel(i, y, x, 0);
                    }
                }
            }
        }
        return b;
    }

    /** Each pixel as a 3 x 3 block (84 px) in the middle of a 96 px image, channel planes, column-major. */
    private static void writeStl(Path dir, ImageSet train, ImageSet test) throws IOException {
        Files.write(dir.resolve("train_X.bin"), stl(train));
        Files.write(dir.resolve("train_y.bin"), labels(train, 1));
        Files.write(dir.resolve("test_X.bin"), stl(test));
        Files.write(dir.resolve("test_y.bin"), labels(test, 1));
        Files.write(dir.resolve("unlabeled_X.bin"), stl(fashion.val().head(100)));
    }

    private static byte[] stl(ImageSet s) {
        int bytes = 96 * 96 * 3;
        byte[] b = new byte[s.size() * bytes];
        for (int i = 0; i < s.size(); i++) {
            for (int c = 0; c < 3; c++) {
                for (int x = 0; x < 84; x++) {
                    for (int y = 0; y < 84; y++) {
                        b[i * bytes + c * 96 * 96 + (x + 6) * 96 + y + 6] = (byte) s.pixel(i, y / 3, x / 3, 0);
                    }
                }
            }
        }
        return b;
    }

    private static byte[] labels(ImageSet s, int offset) {
        byte[] l = new byte[s.size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = (byte) (s.label(i) + offset);
        }
        return l;
    }

    /** Grey JPEGs in class folders for train; validation images in val/ with a label file of class names. */
    private static void writeFolder(Path dir, ImageSet train, ImageSet test) throws IOException {
        for (int i = 0; i < train.size(); i++) {
            jpeg(train, i, dir.resolve("train").resolve(CLASS_NAMES[train.label(i)]).resolve("img" + i + ".jpg"));
        }
        StringBuilder labels = new StringBuilder();
        // listed class by class, as ImageNet's label files are not; the loader's order must not depend on it
        Integer[] byClass = new Integer[test.size()];
        for (int i = 0; i < byClass.length; i++) {
            byClass[i] = i;
        }
        java.util.Arrays.sort(byClass, java.util.Comparator.comparingInt(test::label));
        for (int i : byClass) {
            jpeg(test, i, dir.resolve("val").resolve("val" + i + ".JPEG"));
            labels.append("val").append(i).append(".JPEG ").append(CLASS_NAMES[test.label(i)]).append('\n');
        }
        Files.writeString(dir.resolve("val_labels.txt"), labels);
    }

    private static void jpeg(ImageSet s, int i, Path file) throws IOException {
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int v = s.pixel(i, y, x, 0);
                img.getRaster().setSample(x, y, 0, v);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "jpg", file.toFile());
    }
}
