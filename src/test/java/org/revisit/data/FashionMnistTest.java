package org.revisit.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FashionMnistTest {
    @TempDir
    Path dir;

    @Test
    void loadsTheShippedDataset() {
        DatasetSplits s = FashionMnist.load(FashionMnist.DEFAULT_FOLDER, 5_000, 0);
        assertEquals(55_000, s.train().size());
        assertEquals(5_000, s.val().size());
        assertEquals(10_000, s.test().size());
        assertEquals(28, s.train().height());
        assertEquals(10, s.train().numClasses());
        // the ten classes of Fashion-MNIST are balanced: 6,000 per class in the official training split
        int[] perClass = new int[10];
        for (ImageSet part : new ImageSet[] {s.train(), s.val()}) {
            for (int i = 0; i < part.size(); i++) {
                perClass[part.label(i)]++;
            }
        }
        for (int c : perClass) {
            assertEquals(6_000, c);
        }
    }

    @Test
    void validationSplitIsDeterministicBySeedAndDisjoint() throws IOException {
        IdxFixtures.folder(dir, 200, 20, true);
        DatasetSplits a = FashionMnist.load(dir, 50, 7);
        DatasetSplits b = FashionMnist.load(dir, 50, 7);
        DatasetSplits c = FashionMnist.load(dir, 50, 8);
        assertEquals(a.fingerprint(), b.fingerprint());
        assertEquals(a.fingerprint().contentSha256(), c.fingerprint().contentSha256());
        assertNotEquals(a.fingerprint().splitSha256(), c.fingerprint().splitSha256());
        assertEquals(150, a.train().size());
        Set<String> train = new HashSet<>();
        for (int i = 0; i < a.train().size(); i++) {
            train.add(signature(a.train(), i));
        }
        for (int i = 0; i < a.val().size(); i++) {
            assertTrue(!train.contains(signature(a.val(), i)), "image in both train and val");
        }
    }

    @Test
    void rawAndGzipFoldersGiveTheSameFingerprint() throws IOException {
        Path gz = Files.createDirectory(dir.resolve("gz"));
        Path raw = Files.createDirectory(dir.resolve("raw"));
        IdxFixtures.folder(gz, 60, 10, true);
        IdxFixtures.folder(raw, 60, 10, false);
        assertEquals(FashionMnist.load(gz, 10, 1).fingerprint(), FashionMnist.load(raw, 10, 1).fingerprint());
    }

    @Test
    void countMismatchNamesTheLabelFile() throws IOException {
        IdxFixtures.folder(dir, 60, 10, false);
        Files.write(dir.resolve("train-labels-idx1-ubyte"), IdxFixtures.idx(new int[] {59}, new byte[59]));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> FashionMnist.load(dir, 10, 0));
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte") && e.getMessage().contains("59 labels")
                && e.getMessage().contains("60 images"), e.getMessage());
    }

    @Test
    void labelOutOfRangeIsReported() throws IOException {
        IdxFixtures.folder(dir, 60, 10, false);
        byte[] labels = new byte[10];
        labels[3] = 12;
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxFixtures.idx(new int[] {10}, labels));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> FashionMnist.load(dir, 10, 0));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte: label 3: is 12, expected 0..9"), e.getMessage());
    }

    @Test
    void missingFolderAndFilesAreReported() throws IOException {
        Path missing = dir.resolve("absent");
        assertTrue(assertThrows(DatasetFormatException.class, () -> FashionMnist.load(missing, 10, 0))
                .getMessage().startsWith(missing + ": data folder"));
        IdxFixtures.folder(dir, 60, 10, true);
        Files.delete(dir.resolve("t10k-images-idx3-ubyte.gz"));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> FashionMnist.load(dir, 10, 0));
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte.gz: file: does not exist"), e.getMessage());
    }

    private static String signature(ImageSet s, int i) {
        StringBuilder b = new StringBuilder();
        for (int y = 0; y < s.height(); y++) {
            for (int x = 0; x < s.width(); x++) {
                b.append(s.pixel(i, y, x, 0)).append(',');
            }
        }
        return b.toString();
    }
}
