package org.revisit.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CIFAR-10 binary files written by the test: a few images per file, then malformed ones. */
class Cifar10Test {
    @TempDir
    Path dir;

    /** {@code n} records; image i has label i % 10 and pixel (y, x, c) = (i + 3y + 5x + 7c) mod 256. */
    static byte[] batch(int first, int n) {
        byte[] b = new byte[n * Cifar10.RECORD];
        for (int r = 0; r < n; r++) {
            int i = first + r;
            int at = r * Cifar10.RECORD;
            b[at] = (byte) (i % 10);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        b[at + 1 + c * 1024 + y * 32 + x] = (byte) (i + 3 * y + 5 * x + 7 * c);
                    }
                }
            }
        }
        return b;
    }

    static Path folder(Path dir, int perBatch) throws IOException {
        for (int f = 0; f < 5; f++) {
            Files.write(dir.resolve(Cifar10.TRAIN_FILES[f]), batch(f * perBatch, perBatch));
        }
        Files.write(dir.resolve(Cifar10.TEST_FILE), batch(1000, perBatch));
        return dir;
    }

    @Test
    void readsPlanarRgbAsNhwcWithLabels() throws IOException {
        DatasetSplits d = Cifar10.load(folder(dir, 6), 5, 0);
        assertEquals(25, d.train().size());
        assertEquals(5, d.val().size());
        assertEquals(6, d.test().size());
        ImageSet test = d.test();
        assertEquals(32, test.height());
        assertEquals(3, test.channels());
        for (int i = 0; i < test.size(); i++) {
            int image = 1000 + i;
            assertEquals(image % 10, test.label(i));
            assertEquals((image + 3 * 4 + 5 * 9 + 7 * 2) & 0xff, test.pixel(i, 4, 9, 2));
            assertEquals((image + 3 * 31) & 0xff, test.pixel(i, 31, 0, 0));
        }
        assertEquals("cifar-10", d.fingerprint().dataset());
        assertEquals(3, d.fingerprint().channels());
        assertNotEquals(d.fingerprint(), Cifar10.load(folder(dir, 7), 5, 0).fingerprint(), "other content");
    }

    @Test
    void acceptsTheArchiveFolder() throws IOException {
        Path nested = Files.createDirectory(dir.resolve("cifar-10-batches-bin"));
        folder(nested, 3);
        assertEquals(folder(Files.createDirectory(dir.resolve("flat")), 3).getFileName().toString(), "flat");
        assertEquals(Cifar10.load(dir, 2, 1).fingerprint(), Cifar10.load(dir.resolve("flat"), 2, 1).fingerprint());
    }

    @Test
    void malformedFilesNameTheFileTheFieldAndWhatWasExpected() throws IOException {
        folder(dir, 4);
        Path truncated = dir.resolve("data_batch_3.bin");
        byte[] b = Files.readAllBytes(truncated);
        Files.write(truncated, java.util.Arrays.copyOf(b, b.length - 100));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Cifar10.load(dir, 2, 0));
        assertEquals(truncated + ": size: 12192 bytes is not a whole number of 3073-byte records (label + 32x32x3 "
                + "pixels): truncated or not CIFAR-10 binary", e.getMessage());

        folder(dir, 4);
        Path test = dir.resolve(Cifar10.TEST_FILE);
        byte[] t = Files.readAllBytes(test);
        t[2 * Cifar10.RECORD] = 10;
        Files.write(test, t);
        e = assertThrows(DatasetFormatException.class, () -> Cifar10.load(dir, 2, 0));
        assertEquals(test + ": label of record 2: is 10, expected 0..9", e.getMessage());

        folder(dir, 4);
        Files.delete(dir.resolve("data_batch_5.bin"));
        e = assertThrows(DatasetFormatException.class, () -> Cifar10.load(dir, 2, 0));
        assertEquals(dir.resolve("data_batch_5.bin") + ": file: does not exist", e.getMessage());

        Files.write(dir.resolve("data_batch_5.bin"), new byte[0]);
        assertTrue(assertThrows(DatasetFormatException.class, () -> Cifar10.load(dir, 2, 0)).getMessage()
                .contains("data_batch_5.bin: size: 0 bytes"));

        Path missing = dir.resolve("absent");
        assertTrue(assertThrows(DatasetFormatException.class, () -> Cifar10.load(missing, 2, 0)).getMessage()
                .startsWith(missing + ": data folder: does not exist"));
    }
}
