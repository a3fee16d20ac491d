package org.revisit.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fashion-MNIST (Zalando, MIT licence): 60,000 training and 10,000 test images, 28x28 grey, 10 classes.
 * The project ships it under {@code benchmarks/data/fashion-mnist/}; any folder with the same four IDX files
 * (gzip-compressed or raw) works.
 */
public final class FashionMnist {
    public static final String NAME = "fashion-mnist";
    public static final int CLASSES = 10;
    public static final Path DEFAULT_FOLDER = Path.of("benchmarks", "data", NAME);

    private FashionMnist() {
    }

    /** Loads the official splits and carves {@code valCount} training images out as the own validation split. */
    public static DatasetSplits load(Path folder, int valCount, long splitSeed) {
        if (!Files.isDirectory(folder)) {
            throw new DatasetFormatException(folder, "data folder", "does not exist or is not a folder; expected the "
                    + "four Fashion-MNIST IDX files (train-images-idx3-ubyte[.gz], ...)");
        }
        ImageSet train = read(folder, "train");
        ImageSet test = read(folder, "t10k");
        if (train.height() != test.height() || train.width() != test.width()) {
            throw new DatasetFormatException(folder, "image size", "train images are " + train.height() + "x"
                    + train.width() + " but test images are " + test.height() + "x" + test.width());
        }
        return DatasetSplits.carve(NAME, train, test, valCount, splitSeed);
    }

    static ImageSet read(Path folder, String prefix) {
        Path imagesFile = find(folder, prefix + "-images-idx3-ubyte");
        Path labelsFile = find(folder, prefix + "-labels-idx1-ubyte");
        IdxFile images = IdxFile.read(imagesFile, 3);
        IdxFile labels = IdxFile.read(labelsFile, 1);
        if (images.dims()[0] != labels.dims()[0]) {
            throw new DatasetFormatException(labelsFile, "count", labels.dims()[0] + " labels but "
                    + imagesFile.getFileName() + " holds " + images.dims()[0] + " images");
        }
        int[] l = new int[labels.dims()[0]];
        for (int i = 0; i < l.length; i++) {
            l[i] = labels.data()[i] & 0xff;
            if (l[i] >= CLASSES) {
                throw new DatasetFormatException(labelsFile, "label " + i, "is " + l[i] + ", expected 0.." + (CLASSES - 1));
            }
        }
        return ImageSet.of(NAME + "/" + prefix, images.data(), l, images.dims()[1], images.dims()[2], 1, CLASSES);
    }

    private static Path find(Path folder, String base) {
        for (String candidate : new String[] {base + ".gz", base}) {
            Path p = folder.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new DatasetFormatException(folder.resolve(base + ".gz"), "file",
                "does not exist (nor " + base + " uncompressed)");
    }
}
