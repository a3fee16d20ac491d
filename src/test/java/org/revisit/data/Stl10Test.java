package org.revisit.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** STL-10 binary files written by the test: a few images per split, then malformed ones. */
class Stl10Test {
    @TempDir
    Path dir;

    /** Pixel (y, x, c) of image i: (i + 3y + 5x + 7c) mod 256. */
    static int value(int i, int y, int x, int c) {
        return (i + 3 * y + 5 * x + 7 * c) & 0xff;
    }

    /** {@code n} images in STL-10's order: channel planes, each column by column. */
    static byte[] images(int first, int n) {
        byte[] b = new byte[n * Stl10.IMAGE_BYTES];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < 3; c++) {
                for (int x = 0; x < 96; x++) {
                    for (int y = 0; y < 96; y++) {
                        b[r * Stl10.IMAGE_BYTES + c * 96 * 96 + x * 96 + y] = (byte) value(first + r, y, x, c);
                    }
                }
            }
        }
        return b;
    }

    static byte[] labels(int n) {
        byte[] l = new byte[n];
        for (int i = 0; i < n; i++) {
            l[i] = (byte) (i % 10 + 1);
        }
        return l;
    }

    static Path folder(Path dir) throws IOException {
        Files.write(dir.resolve("train_X.bin"), images(0, 20));
        Files.write(dir.resolve("train_y.bin"), labels(20));
        Files.write(dir.resolve("test_X.bin"), images(100, 10));
        Files.write(dir.resolve("test_y.bin"), labels(10));
        Files.write(dir.resolve("unlabeled_X.bin"), images(200, 12));
        return dir;
    }

    @Test
    void readsColumnMajorPlanesAsNhwcWithLabelsFromOne() throws IOException {
        DatasetSplits d = Stl10.load(folder(dir), 96, 5, 4, 0);
        assertEquals(16, d.train().size());
        assertEquals(4, d.val().size());
        ImageSet test = d.test();
        assertEquals(10, test.size());
        for (int i = 0; i < test.size(); i++) {
            assertEquals(i % 10, test.label(i), "labels 1..10 become 0..9");
            assertEquals(value(100 + i, 4, 9, 2), test.pixel(i, 4, 9, 2));
            assertEquals(value(100 + i, 95, 0, 0), test.pixel(i, 95, 0, 0));
            assertEquals(value(100 + i, 0, 95, 1), test.pixel(i, 0, 95, 1));
        }
        assertEquals(5, d.unlabeled().size(), "only the first 5 unlabelled images are read");
        assertEquals(value(204, 7, 3, 1), d.unlabeled().pixel(4, 7, 3, 1));
        assertSame(d.unlabeled(), d.pretextTrain(), "pretext training uses the unlabelled split");
        assertEquals(5, d.fingerprint().unlabeled());
        assertTrue(d.fingerprint().toString().contains("unlabeled=5"));
    }

    @Test
    void scalesToTheRequestedSizeByAreaAveraging() throws IOException {
        DatasetSplits d = Stl10.load(folder(dir), 32, 0, 4, 0);
        assertNull(d.unlabeled());
        assertSame(d.train(), d.pretextTrain());
        assertEquals(32, d.test().height());
        // a 3x3 block of (i + 3y + 5x + 7c) averages to its centre's value
        for (int c = 0; c < 3; c++) {
            assertEquals(value(100, 4, 4, c), d.test().pixel(0, 1, 1, c));
        }
    }

    @Test
    void theArchiveFolderOrItsParent() throws IOException {
        Path nested = Files.createDirectories(dir.resolve("stl10_binary"));
        folder(nested);
        assertEquals(10, Stl10.load(dir, 96, 0, 4, 0).test().size());
    }

    /** An empty folder names every missing file, not only the first. */
    @Test
    void aFolderWithoutTheFilesNamesEveryMissingOne(@org.junit.jupiter.api.io.TempDir Path empty) {
        var e = assertThrows(DatasetFormatException.class, () -> Stl10.load(empty, 96, 10, 4, 0));
        assertTrue(e.getMessage().contains("files: missing train_X.bin, train_y.bin, test_X.bin, test_y.bin, "
                + "unlabeled_X.bin"), e.getMessage());
        e = assertThrows(DatasetFormatException.class, () -> Stl10.load(empty, 96, 0, 4, 0));
        assertTrue(e.getMessage().contains("files: missing train_X.bin, train_y.bin, test_X.bin, test_y.bin of"),
                e.getMessage());
    }

    @Test
    void malformedFilesNameTheFileAndField() throws IOException {
        folder(dir);
        Files.write(dir.resolve("test_X.bin"), java.util.Arrays.copyOf(images(0, 3), Stl10.IMAGE_BYTES * 3 - 7));
        var e = assertThrows(DatasetFormatException.class, () -> Stl10.load(dir, 96, 0, 4, 0));
        assertTrue(e.getMessage().contains("test_X.bin: size:") && e.getMessage().contains("27648-byte"),
                e.getMessage());

        folder(dir);
        Files.write(dir.resolve("train_y.bin"), labels(19));
        e = assertThrows(DatasetFormatException.class, () -> Stl10.load(dir, 96, 0, 4, 0));
        assertTrue(e.getMessage().contains("train_y.bin: count: 19 labels but train_X.bin holds 20"), e.getMessage());

        folder(dir);
        byte[] l = labels(20);
        l[7] = 0;
        Files.write(dir.resolve("train_y.bin"), l);
        e = assertThrows(DatasetFormatException.class, () -> Stl10.load(dir, 96, 0, 4, 0));
        assertTrue(e.getMessage().contains("train_y.bin: label 7: is 0, expected 1..10"), e.getMessage());

        folder(dir);
        Files.delete(dir.resolve("unlabeled_X.bin"));
        e = assertThrows(DatasetFormatException.class, () -> Stl10.load(dir, 96, 3, 4, 0));
        assertTrue(e.getMessage().contains("files: missing unlabeled_X.bin of"), e.getMessage());

        e = assertThrows(DatasetFormatException.class, () -> Stl10.load(dir.resolve("nope"), 96, 0, 4, 0));
        assertTrue(e.getMessage().contains("nope: data folder"), e.getMessage());
    }
}
