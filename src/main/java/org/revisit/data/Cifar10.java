package org.revisit.data;

import java.nio.file.Path;

/**
 * CIFAR-10 in its binary format (https://www.cs.toronto.edu/~kriz/cifar.html, "binary version"): five training files
 * {@code data_batch_1.bin} ... {@code data_batch_5.bin} and {@code test_batch.bin}, each a run of 3,073-byte records:
 * the label (0-9), then the 32x32 red, green and blue planes, row-major. Read into NHWC bytes. The folder may be the
 * archive's {@code cifar-10-batches-bin} or the folder holding it.
 */
public final class Cifar10 {
    public static final String NAME = "cifar-10";
    public static final int SIZE = 32;
    public static final int CHANNELS = 3;
    public static final int CLASSES = 10;
    static final int PLANE = SIZE * SIZE;
    static final int RECORD = 1 + CHANNELS * PLANE;
    static final String[] TRAIN_FILES = {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
            "data_batch_4.bin", "data_batch_5.bin"};
    static final String TEST_FILE = "test_batch.bin";

    private Cifar10() {
    }

    /** The official splits, with {@code valCount} training images carved out by seed as the own validation split. */
    public static DatasetSplits load(Path folder, int valCount, long splitSeed) {
        Path dir = batchesFolder(folder);
        ImageSet train = read(dir, "train", TRAIN_FILES);
        ImageSet test = read(dir, "test", TEST_FILE);
        return DatasetSplits.carve(NAME, train, test, valCount, splitSeed);
    }

    static Path batchesFolder(Path folder) {
        return DataFiles.folderOrArchive(folder, "cifar-10-batches-bin", TEST_FILE,
                "CIFAR-10's binary files (data_batch_1.bin ... data_batch_5.bin, test_batch.bin)");
    }

    static ImageSet read(Path dir, String split, String... files) {
        byte[][] contents = new byte[files.length][];
        int images = 0;
        for (int f = 0; f < files.length; f++) {
            Path file = dir.resolve(files[f]);
            contents[f] = DataFiles.readAll(file);
            if (contents[f].length == 0 || contents[f].length % RECORD != 0) {
                throw new DatasetFormatException(file, "size", contents[f].length + " bytes is not a whole number "
                        + "of " + RECORD + "-byte records (label + 32x32x3 pixels): truncated or not CIFAR-10 binary");
            }
            images += contents[f].length / RECORD;
        }
        byte[] pixels = new byte[images * CHANNELS * PLANE];
        int[] labels = new int[images];
        int i = 0;
        for (int f = 0; f < files.length; f++) {
            byte[] b = contents[f];
            for (int r = 0; r < b.length / RECORD; r++, i++) {
                int at = r * RECORD;
                labels[i] = b[at] & 0xff;
                if (labels[i] >= CLASSES) {
                    throw new DatasetFormatException(dir.resolve(files[f]), "label of record " + r, "is " + labels[i]
                            + ", expected 0.." + (CLASSES - 1));
                }
                int out = i * CHANNELS * PLANE;
                for (int p = 0; p < PLANE; p++) { // planar RGB to interleaved (NHWC)
                    for (int c = 0; c < CHANNELS; c++) {
                        pixels[out + p * CHANNELS + c] = b[at + 1 + c * PLANE + p];
                    }
                }
            }
        }
        return ImageSet.of(NAME + "/" + split, pixels, labels, SIZE, SIZE, CHANNELS, CLASSES);
    }
}
