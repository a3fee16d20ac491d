package org.revisit.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * STL-10 in its binary format (https://cs.stanford.edu/~acoates/stl10/): {@code train_X.bin} (5,000 images),
 * {@code test_X.bin} (8,000) and {@code unlabeled_X.bin} (100,000), each a run of 96x96x3 images stored channel by
 * channel and, within a channel, column by column; {@code train_y.bin} and {@code test_y.bin} hold one label byte
 * 1..10 per image. The unlabelled split feeds pretext training. Images are streamed from the files, so reading only
 * the first {@code unlabeledLimit} of the 2.8 GB unlabelled split costs only those, and are scaled (area averaging)
 * to {@code size} px as they are read. The folder may be the archive's {@code stl10_binary} or the folder holding it.
 */
public final class Stl10 {
    public static final String NAME = "stl-10";
    public static final int SIZE = 96;
    public static final int CHANNELS = 3;
    public static final int CLASSES = 10;
    static final int IMAGE_BYTES = SIZE * SIZE * CHANNELS;
    static final List<String> CLASS_NAMES = List.of("airplane", "bird", "car", "cat", "deer", "dog", "horse",
            "monkey", "ship", "truck");

    /** The binary files, the unlabelled split's last. */
    static final List<String> FILE_NAMES = List.of("train_X.bin", "train_y.bin", "test_X.bin", "test_y.bin",
            "unlabeled_X.bin");
    static final String FILES = "STL-10's binary files (" + String.join(", ", FILE_NAMES) + ")";

    private Stl10() {
    }

    /**
     * @param size           the images' side after loading (96: as stored; smaller: area-averaged down)
     * @param unlabeledLimit how many of the unlabelled images to read (0: none, the pretext task then uses train)
     */
    public static DatasetSplits load(Path folder, int size, int unlabeledLimit, int valCount, long splitSeed) {
        Path dir = binaryFolder(folder);
        // the unlabelled split only when it is read
        DataFiles.requireFiles(dir, FILES, FILE_NAMES.subList(0, unlabeledLimit > 0 ? 5 : 4).toArray(String[]::new));
        ImageSet train = read(dir, "train", "train_X.bin", "train_y.bin", size, Integer.MAX_VALUE);
        ImageSet test = read(dir, "test", "test_X.bin", "test_y.bin", size, Integer.MAX_VALUE);
        ImageSet unlabeled = unlabeledLimit <= 0 ? null
                : read(dir, "unlabeled", "unlabeled_X.bin", null, size, unlabeledLimit);
        return DatasetSplits.carve(NAME, train, test, unlabeled, CLASS_NAMES, valCount, splitSeed);
    }

    static Path binaryFolder(Path folder) {
        return DataFiles.folderOrArchive(folder, "stl10_binary", "train_X.bin", FILES);
    }

    static ImageSet read(Path dir, String split, String imagesName, String labelsName, int size, int limit) {
        Path imagesFile = dir.resolve(imagesName);
        long bytes = DataFiles.size(imagesFile);
        if (bytes == 0 || bytes % IMAGE_BYTES != 0) {
            throw new DatasetFormatException(imagesFile, "size", bytes + " bytes is not a whole number of "
                    + IMAGE_BYTES + "-byte images (96x96x3): truncated or not STL-10 binary");
        }
        int count = (int) Math.min(limit, bytes / IMAGE_BYTES);
        int[] labels = new int[count];
        if (labelsName != null) {
            Path labelsFile = dir.resolve(labelsName);
            long labelBytes = DataFiles.size(labelsFile);
            if (labelBytes != bytes / IMAGE_BYTES) {
                throw new DatasetFormatException(labelsFile, "count", labelBytes + " labels but " + imagesName
                        + " holds " + bytes / IMAGE_BYTES + " images");
            }
            byte[] l = DataFiles.readAll(labelsFile);
            for (int i = 0; i < count; i++) {
                int v = l[i] & 0xff;
                if (v < 1 || v > CLASSES) {
                    throw new DatasetFormatException(labelsFile, "label " + i, "is " + v + ", expected 1.."
                            + CLASSES);
                }
                labels[i] = v - 1;
            }
        }
        int outBytes = size * size * CHANNELS;
        int perBlock = InMemoryImages.imagesPerBlock(outBytes);
        byte[][] blocks = new byte[(count + perBlock - 1) / perBlock][];
        byte[] record = new byte[IMAGE_BYTES];
        byte[] hwc = new byte[IMAGE_BYTES];
        try (InputStream in = new BufferedInputStream(Files.newInputStream(imagesFile), 1 << 20)) {
            for (int i = 0; i < count; i++) {
                if (i % perBlock == 0) {
                    blocks[i / perBlock] = new byte[Math.min(perBlock, count - i) * outBytes];
                }
                in.readNBytes(record, 0, IMAGE_BYTES);
                for (int c = 0; c < CHANNELS; c++) { // channel planes, column-major, to HWC
                    for (int x = 0; x < SIZE; x++) {
                        for (int y = 0; y < SIZE; y++) {
                            hwc[(y * SIZE + x) * CHANNELS + c] = record[c * SIZE * SIZE + x * SIZE + y];
                        }
                    }
                }
                byte[] out = size == SIZE ? hwc
                        : ImageDecoder.resize(new Image(hwc, 0, SIZE, SIZE, CHANNELS), 0, 0, SIZE, SIZE, size, size)
                        .pixels();
                System.arraycopy(out, 0, blocks[i / perBlock], (i % perBlock) * outBytes, outBytes);
            }
        } catch (IOException e) {
            throw DataFiles.unreadable(imagesFile, e);
        }
        return new InMemoryImages(NAME + "/" + split, blocks, perBlock, labels, size, size, CHANNELS,
                labelsName == null ? 0 : CLASSES);
    }
}
