package org.revisit.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Image folders in the ImageNet layout written by the test (JPEG, PNG, grey, CMYK), then malformed ones. */
class ImageFolderTest {
    static final String[] CLASSES = ImageFolderFixtures.CLASSES;
    static final Color[] COLOURS = ImageFolderFixtures.COLOURS;

    @TempDir
    Path dir;

    static void write(Path file, int w, int h, Color colour, String format) throws IOException {
        ImageFolderFixtures.write(file, w, h, colour, format);
    }

    static Path imagenet(Path root, int perClass) throws IOException {
        return ImageFolderFixtures.imagenet(root, perClass);
    }

    @Test
    void classFoldersGiveSortedClassesLabelsAndImagesAtTheirOwnSize() throws IOException {
        ImageFolder.Listing l = ImageFolder.list("imagenet", imagenet(dir, 4), null, ImageFolder.Decoding.original());
        assertEquals(List.of(CLASSES), l.classes());
        assertEquals(12, l.train().size());
        assertEquals(6, l.val().size());
        assertEquals(ImageSet.VARIES, l.train().height());
        for (int i = 0; i < l.train().size(); i++) {
            int c = l.train().label(i);
            Image img = l.train().image(i);
            assertEquals(40 + 5 * c, img.height());
            assertEquals(3, img.channels());
            assertColour(COLOURS[c], img, 2, 2);
        }
        for (int i = 0; i < l.val().size(); i++) {
            assertColour(COLOURS[l.val().label(i)], l.val().image(i), 2, 2);
        }
    }

    /** Class folders list images class by class; the scales take the first N, so the splits come in a fixed random order. */
    @Test
    void splitsComeInAFixedRandomOrderNotClassByClass() throws IOException {
        imagenet(dir, 8);
        ImageFolder.Listing a = ImageFolder.list("imagenet", dir, null, ImageFolder.Decoding.original());
        ImageFolder.Listing b = ImageFolder.list("imagenet", dir, null, ImageFolder.Decoding.original());
        java.util.Set<Integer> firstHalf = new java.util.HashSet<>();
        boolean sorted = true;
        for (int i = 0; i < 24; i++) {
            assertEquals(((FolderImages) a.train()).file(i), ((FolderImages) b.train()).file(i));
            sorted &= i == 0 || a.train().label(i - 1) <= a.train().label(i);
            if (i < 12) {
                firstHalf.add(a.train().label(i));
            }
        }
        assertFalse(sorted, "not class by class");
        assertEquals(3, firstHalf.size(), "the first 12 of 24 training images cover every class");
        java.util.Set<Integer> firstVal = new java.util.HashSet<>();
        for (int i = 0; i < 3; i++) {
            firstVal.add(a.val().label(i));
        }
        assertTrue(firstVal.size() >= 2, "validation images are mixed too");
    }

    /** A batch decoded on every core holds the images and labels one-by-one decoding gives, in the batch's order. */
    @Test
    void batchesDecodeInParallelToTheSameImages() throws IOException {
        imagenet(dir, 5);
        ImageSet train = ImageFolder.list("imagenet", dir, null, ImageFolder.Decoding.original()).train();
        assertTrue(train.decodesOnUse());
        int[] idx = {7, 0, 14, 3, 3};
        ImageSet batch = train.decoded(idx);
        assertEquals(idx.length, batch.size());
        for (int j = 0; j < idx.length; j++) {
            assertEquals(train.label(idx[j]), batch.label(j));
            org.junit.jupiter.api.Assertions.assertArrayEquals(train.image(idx[j]).copy(), batch.image(j).copy());
        }
        ImageSet cached = ImageFolder.list("imagenet", dir, null, ImageFolder.Decoding.square(8, 1 << 20)).train();
        assertFalse(cached.decodesOnUse(), "squares that fit in memory are decoded once");
    }

    @Test
    void squaresAreTheCentralSquareScaledAndKeptInMemory() throws IOException {
        imagenet(dir, 2);
        Path striped = dir.resolve("train").resolve(CLASSES[0]).resolve("striped.png");
        BufferedImage img = new BufferedImage(90, 30, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 30, 30);
        g.setColor(Color.RED);
        g.fillRect(30, 0, 30, 30);
        g.setColor(Color.BLUE);
        g.fillRect(60, 0, 30, 30);
        g.dispose();
        ImageIO.write(img, "png", striped.toFile());
        ImageFolder.Listing l = ImageFolder.list("imagenet", dir, null, ImageFolder.Decoding.square(10, 1 << 20));
        int i = indexOf(l.train(), "striped");
        Image s = l.train().image(i);
        assertEquals(10, s.height());
        assertEquals(10, s.width());
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 10; x++) {
                assertColour(Color.RED, s, y, x); // the central square of the white-red-blue strip
            }
        }
        assertTrue(s == l.train().image(i), "a square that fits the cache is decoded once");
        assertEquals(10, l.train().height());
    }

    private static String fileName(ImageSet set, int i) {
        return ((FolderImages) set).file(i).getFileName().toString();
    }

    private static int indexOf(ImageSet set, String name) {
        for (int i = 0; i < set.size(); i++) {
            if (((FolderImages) set).file(i).getFileName().toString().startsWith(name)) {
                return i;
            }
        }
        throw new AssertionError(name + " not in " + set);
    }

    @Test
    void greyAlphaAndCmykImagesBecomeRgb() throws IOException {
        imagenet(dir, 2);
        Path cls = dir.resolve("train").resolve(CLASSES[1]);
        BufferedImage grey = new BufferedImage(20, 20, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = grey.createGraphics();
        g.setColor(new Color(90, 90, 90));
        g.fillRect(0, 0, 20, 20);
        g.dispose();
        ImageIO.write(grey, "jpg", cls.resolve("grey.jpg").toFile());
        BufferedImage argb = new BufferedImage(20, 20, BufferedImage.TYPE_INT_ARGB);
        g = argb.createGraphics();
        g.setColor(new Color(10, 120, 240, 128));
        g.fillRect(0, 0, 20, 20);
        g.dispose();
        ImageIO.write(argb, "png", cls.resolve("alpha.png").toFile());
        ImageFolder.Listing l = ImageFolder.list("imagenet", dir, null, ImageFolder.Decoding.original());
        assertColour(new Color(90, 90, 90), l.train().image(indexOf(l.train(), "grey")), 10, 10);
        assertColour(new Color(10, 120, 240), l.train().image(indexOf(l.train(), "alpha")), 10, 10);

        // Adobe CMYK stores inverted ink: C' = 255 - C; R = C' K' / 255
        java.awt.image.WritableRaster cmyk = java.awt.image.Raster.createInterleavedRaster(
                java.awt.image.DataBuffer.TYPE_BYTE, 4, 4, 4, null);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                cmyk.setPixel(x, y, new int[] {255, 128, 0, 200});
            }
        }
        Image rgb = ImageDecoder.fromCmyk(cmyk, cls.resolve("cmyk.jpg"));
        assertEquals(200, rgb.pixel(1, 1, 0));
        assertEquals(128 * 200 / 255, rgb.pixel(1, 1, 1));
        assertEquals(0, rgb.pixel(1, 1, 2));
    }

    @Test
    void validationByLabelFileWithSynsetsIndicesOrKaggleCsv() throws IOException {
        imagenet(dir, 2);
        Path val = dir.resolve("val");
        for (int c = 0; c < CLASSES.length; c++) {
            Path folder = val.resolve(CLASSES[c]);
            try (var s = Files.list(folder)) {
                for (Path p : s.toList()) {
                    Files.move(p, val.resolve(p.getFileName()));
                }
            }
            Files.delete(folder);
        }
        Files.writeString(dir.resolve("val_labels.txt"), "v00.JPEG n01440764\nv01.JPEG 0\nv10.JPEG n01443537\n"
                + "v11.JPEG 1\nv20.JPEG 2\n\nv21.JPEG n01484850\n");
        ImageFolder.Listing l = ImageFolder.list("imagenet", dir, null, ImageFolder.Decoding.original());
        assertEquals(6, l.val().size());
        for (int i = 0; i < 6; i++) {
            int c = fileName(l.val(), i).charAt(1) - '0'; // v<class><i>.JPEG
            assertEquals(c, l.val().label(i), fileName(l.val(), i));
            assertColour(COLOURS[c], l.val().image(i), 2, 2);
        }
        Files.delete(dir.resolve("val_labels.txt"));
        Files.writeString(dir.resolve("LOC_val_solution.csv"), "ImageId,PredictionString\n"
                + "v21,n01484850 1 2 3 4 n01484850 5 6 7 8\nv00,n01440764 1 2 3 4\n");
        l = ImageFolder.list("imagenet", dir, null, ImageFolder.Decoding.original());
        assertEquals(2, l.val().size());
        for (int i = 0; i < 2; i++) {
            assertEquals(fileName(l.val(), i).startsWith("v21") ? 2 : 0, l.val().label(i));
        }
    }

    @Test
    void theOwnValidationSplitIsDrawnFromTrainBySeedAndFingerprintedByFiles() throws IOException {
        imagenet(dir, 6);
        DatasetSplits a = ImageFolder.load("imagenet", dir, null, ImageFolder.Decoding.original(), 5, 7);
        DatasetSplits b = ImageFolder.load("imagenet", dir, null, ImageFolder.Decoding.original(), 5, 7);
        DatasetSplits c = ImageFolder.load("imagenet", dir, null, ImageFolder.Decoding.original(), 5, 8);
        assertEquals(13, a.train().size());
        assertEquals(5, a.val().size());
        assertEquals(6, a.test().size(), "the official validation split is the study's test split");
        assertEquals(a.fingerprint(), b.fingerprint());
        assertEquals(a.fingerprint().contentSha256(), c.fingerprint().contentSha256());
        assertNotEquals(a.fingerprint().splitSha256(), c.fingerprint().splitSha256());
        assertEquals("file list, sizes and labels", a.fingerprint().contentCovers());
        assertTrue(a.fingerprint().toString().contains("classListSha256="), a.fingerprint().toString());
        // one more byte in one file changes the content fingerprint
        Path f = dir.resolve("train").resolve(CLASSES[2]).resolve(CLASSES[2] + "_3.jpg");
        Files.write(f, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
        DatasetSplits d = ImageFolder.load("imagenet", dir, null, ImageFolder.Decoding.original(), 5, 7);
        assertNotEquals(a.fingerprint().contentSha256(), d.fingerprint().contentSha256());
    }

    @Test
    void malformedFoldersAndFilesNameTheFileAndField() throws IOException {
        var e = assertThrows(DatasetFormatException.class, () -> list(dir.resolve("missing")));
        assertTrue(e.getMessage().contains("missing: data folder: does not exist"), e.getMessage());
        e = assertThrows(DatasetFormatException.class, () -> list(dir));
        assertTrue(e.getMessage().contains(dir.resolve("train") + ": folder: does not exist"), e.getMessage());

        imagenet(dir, 2);
        Path empty = Files.createDirectories(dir.resolve("train").resolve("n09999999"));
        e = assertThrows(DatasetFormatException.class, () -> list(dir));
        assertTrue(e.getMessage().contains("n09999999: images: none"), e.getMessage());
        Files.delete(empty);

        Path stray = Files.createDirectories(dir.resolve("val").resolve("n08888888"));
        e = assertThrows(DatasetFormatException.class, () -> list(dir));
        assertTrue(e.getMessage().contains("n08888888: class folder: is not a class of train/"), e.getMessage());
        Files.delete(stray);

        // a truncated JPEG and a text file named .jpg fail when decoded, naming the file
        Path jpeg = dir.resolve("train").resolve(CLASSES[0]).resolve(CLASSES[0] + "_1.jpg");
        byte[] bytes = Files.readAllBytes(jpeg);
        Files.write(jpeg, java.util.Arrays.copyOf(bytes, 40));
        Path text = dir.resolve("train").resolve(CLASSES[1]).resolve("notes.jpg");
        Files.writeString(text, "not an image");
        ImageFolder.Listing l = list(dir);
        e = assertThrows(DatasetFormatException.class, () -> l.train().image(indexOf(l.train(), CLASSES[0] + "_1")));
        assertTrue(e.getMessage().startsWith(jpeg + ": image: cannot be decoded"), e.getMessage());
        e = assertThrows(DatasetFormatException.class, () -> l.train().image(indexOf(l.train(), "notes")));
        assertTrue(e.getMessage().startsWith(text + ": image: is neither JPEG nor PNG"), e.getMessage());

        // label files: an unknown class, a missing image, a line without a label
        Path val = dir.resolve("val");
        for (String c : CLASSES) {
            try (var s = Files.walk(val.resolve(c))) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        write(val.resolve("a.JPEG"), 8, 8, Color.RED, "jpg");
        e = assertThrows(DatasetFormatException.class, () -> list(dir));
        assertTrue(e.getMessage().contains("val: labels: val/ has no class folders and no label file"),
                e.getMessage());
        Path labels = dir.resolve("val.txt");
        Files.writeString(labels, "a.JPEG 0\nb.JPEG 1\n");
        e = assertThrows(DatasetFormatException.class, () -> list(dir));
        assertTrue(e.getMessage().contains(labels + ": line 2: image 'b.JPEG' is not in"), e.getMessage());
        Files.writeString(labels, "a.JPEG 0\na.JPEG n07777777\n");
        e = assertThrows(DatasetFormatException.class, () -> list(dir));
        assertTrue(e.getMessage().contains(labels + ": line 2: label 'n07777777' is neither a class folder of "
                + "train/ nor an index 0..2"), e.getMessage());
        Files.writeString(labels, "a.JPEG 0\na.JPEG\n");
        e = assertThrows(DatasetFormatException.class, () -> list(dir));
        assertTrue(e.getMessage().contains(labels + ": line 2: 'a.JPEG' has no label"), e.getMessage());
    }

    private static ImageFolder.Listing list(Path root) {
        return ImageFolder.list("imagenet", root, null, ImageFolder.Decoding.original());
    }

    /** JPEG is lossy: a flat colour comes back within a few levels. */
    static void assertColour(Color expected, Image img, int y, int x) {
        int[] e = {expected.getRed(), expected.getGreen(), expected.getBlue()};
        for (int c = 0; c < 3; c++) {
            assertTrue(Math.abs(e[c] - img.pixel(y, x, c)) <= 6, "channel " + c + " at (" + y + ", " + x + "): "
                    + img.pixel(y, x, c) + " expected about " + e[c]);
        }
    }
}
