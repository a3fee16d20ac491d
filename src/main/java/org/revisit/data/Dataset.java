package org.revisit.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The datasets a study can run on, one registry from name to loader. {@code -Ddataset=NAME} picks one (default:
 * Fashion-MNIST below the paper scale, ImageNet at it) and {@code -Ddata.NAME=DIR} says where it is; only
 * Fashion-MNIST ships with the project.
 */
public enum Dataset {
    FASHION_MNIST("fashion-mnist", 28, 1, 0),
    CIFAR_10("cifar-10", 32, 3, 0),
    STL_10("stl-10", 96, 3, 0),
    /** The paper's own validation split: 50,000 random training images (paper.md §3.1, TXT §3.4). */
    IMAGENET("imagenet", ImageSet.VARIES, 3, 50_000),
    /**
     * Places205's own validation split is drawn from its training split (TXT §3.4) at a size the paper does not
     * give: we hold out 20,500, the size of its official validation split (100 per class).
     */
    PLACES205("places205", ImageSet.VARIES, 3, 20_500);

    private final String id;
    private final int nativeSize;
    private final int channels;
    private final int paperValCount;

    Dataset(String id, int nativeSize, int channels, int paperValCount) {
        this.id = id;
        this.nativeSize = nativeSize;
        this.channels = channels;
        this.paperValCount = paperValCount;
    }

    public String id() {
        return id;
    }

    /** The stored images' side, or {@link ImageSet#VARIES} for image folders. */
    public int nativeSize() {
        return nativeSize;
    }

    public int channels() {
        return channels;
    }

    /** Whether this is an image folder in the ImageNet layout (decoded from JPEG/PNG files). */
    public boolean isImageFolder() {
        return nativeSize == ImageSet.VARIES;
    }

    /** The own validation split the paper carves out of the training split (0: the paper does not use it). */
    public int paperValCount() {
        return paperValCount;
    }

    /** The system property naming the dataset's folder: {@code data.<id>}. */
    public String folderProperty() {
        return "data." + id;
    }

    /**
     * What to load and how.
     *
     * @param imageSize      side the images are scaled to when loaded (their own size: 0)
     * @param valCount       training images held out as the own validation split (at most a fifth of them)
     * @param unlabeledLimit unlabelled images to read for pretext training (STL-10)
     * @param cacheBytes     decoded image folders are kept in memory up to this size
     * @param valLabels      image folders' validation label file, or null (val/ class folders or a file found)
     */
    public record Request(int imageSize, int valCount, int unlabeledLimit, long splitSeed, long cacheBytes,
                         Path valLabels) {
    }

    public DatasetSplits load(Path folder, Request r) {
        return switch (this) {
            case FASHION_MNIST -> FashionMnist.load(folder, r.valCount(), r.splitSeed());
            case CIFAR_10 -> Cifar10.load(folder, r.valCount(), r.splitSeed());
            case STL_10 -> Stl10.load(folder, r.imageSize() > 0 ? r.imageSize() : Stl10.SIZE, r.unlabeledLimit(),
                    r.valCount(), r.splitSeed());
            case IMAGENET, PLACES205 -> ImageFolder.load(id, folder, r.valLabels(), r.imageSize() > 0
                            ? ImageFolder.Decoding.square(r.imageSize(), r.cacheBytes())
                            : ImageFolder.Decoding.original(), r.valCount(), r.splitSeed());
        };
    }

    /**
     * The folder of this dataset when the run names none: the copy of Fashion-MNIST that ships with the project; the
     * other datasets must be named ({@code -Ddata.<id>=DIR}).
     */
    public Path shippedFolder() {
        if (this == FASHION_MNIST) {
            return FashionMnist.DEFAULT_FOLDER;
        }
        throw new IllegalArgumentException("dataset '" + id + "' has no folder: set -D" + folderProperty()
                + "=DIR (" + layout() + ")");
    }

    String layout() {
        return switch (this) {
            case FASHION_MNIST -> "the four IDX files";
            case CIFAR_10 -> "the binary version: data_batch_1.bin ... data_batch_5.bin, test_batch.bin";
            case STL_10 -> "the binary version: train_X.bin, train_y.bin, test_X.bin, test_y.bin, unlabeled_X.bin";
            case IMAGENET, PLACES205 -> "the ImageNet layout: train/<class>/*.jpg and val/<class>/*.jpg or val/ "
                    + "with a label file";
        };
    }

    /** A scale's default dataset: ImageNet at the paper scale, Fashion-MNIST below it. */
    public static Dataset standard(boolean paperScale) {
        return paperScale ? IMAGENET : FASHION_MNIST;
    }

    /** By id; the hyphens may be left out ({@code cifar10}, {@code stl10}, {@code fashionmnist}). */
    public static Dataset parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        for (Dataset d : values()) {
            if (d.id.replace("-", "").equals(n)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown dataset '" + name + "' (property -Ddataset); expected one of "
                + Arrays.stream(values()).map(Dataset::id).toList());
    }
}
