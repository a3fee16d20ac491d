package org.revisit.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Images in the ImageNet folder layout, used for ImageNet and Places205:
 * <pre>
 * ROOT/train/&lt;class&gt;/*.{jpg,jpeg,png}       one folder per class; the sorted folder names are the classes
 * ROOT/val/&lt;class&gt;/*.{jpg,jpeg,png}         validation by folder, or
 * ROOT/val/*.{jpg,jpeg,png} + a label file    one line per image: "name label" or "name,label ..."
 * </pre>
 * A label is a class folder name (ImageNet's synset, e.g. {@code n01440764}) or a 0-based class index; an image name
 * may omit its extension, so Kaggle's {@code LOC_val_solution.csv} (header line, first synset of each row) works as
 * it is. The files are listed, not read, when the folder is loaded; an image is decoded when it is used
 * ({@link ImageDecoder}), at its own size or to a square, and squares are kept in memory while they fit.
 */
public final class ImageFolder {
    private static final Logger log = LoggerFactory.getLogger(ImageFolder.class);
    /** Label files looked for in ROOT (then ROOT/val) when val has no class folders. */
    static final String[] LABEL_FILES = {"val_labels.txt", "val.txt", "LOC_val_solution.csv"};
    /** The seed of the order images are listed in (not the split seed: the own validation split is drawn later). */
    static final long ORDER_SEED = 0x1A6E_F01DL;

    private ImageFolder() {
    }

    /** How images are decoded: at their own size, or scaled and centre-cropped to {@code square x square}. */
    public record Decoding(int square, long cacheBytes) {
        /** Each image at its own size, decoded on every use (ImageNet does not fit in memory). */
        public static Decoding original() {
            return new Decoding(0, 0);
        }

        /** Squares of {@code size} px, kept in memory up to {@code cacheBytes}. */
        public static Decoding square(int size, long cacheBytes) {
            if (size < 1) {
                throw new IllegalArgumentException("square size must be at least 1 px, was " + size);
            }
            return new Decoding(size, cacheBytes);
        }
    }

    /** The official train split, the validation split (the study's test split) and the class names. */
    public record Listing(ImageSet train, ImageSet val, List<String> classes) {
    }

    /**
     * Loads {@code root} and carves {@code valCount} training images out by seed as the own validation split (the
     * paper's 50,000 for ImageNet).
     *
     * @param labelFile the validation labels, or null to use ROOT/val's class folders or a label file found there
     */
    public static DatasetSplits load(String dataset, Path root, Path labelFile, Decoding decoding, int valCount,
                                     long seed) {
        Listing l = list(dataset, root, labelFile, decoding);
        return DatasetSplits.carve(dataset, l.train(), l.val(), null, l.classes(), valCount, seed);
    }

    public static Listing list(String dataset, Path root, Path labelFile, Decoding decoding) {
        if (!Files.isDirectory(root)) {
            throw new DatasetFormatException(root, "data folder", "does not exist or is not a folder; expected "
                    + "train/<class>/*.jpg and val/ in the ImageNet layout");
        }
        Path trainDir = root.resolve("train");
        if (!Files.isDirectory(trainDir)) {
            throw new DatasetFormatException(trainDir, "folder", "does not exist; expected one folder of JPEG/PNG "
                    + "images per class (ImageNet layout)");
        }
        long start = System.nanoTime();
        List<String> classes = subfolders(trainDir);
        if (classes.isEmpty()) {
            throw new DatasetFormatException(trainDir, "class folders", "none found; expected one folder of "
                    + "JPEG/PNG images per class");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            index.put(classes.get(c), c);
        }
        FolderFiles source = new FolderFiles(root, decoding);
        for (int c = 0; c < classes.size(); c++) {
            Path dir = trainDir.resolve(classes.get(c));
            List<Path> images = images(dir);
            if (images.isEmpty()) {
                throw new DatasetFormatException(dir, "images", "none (no .jpg, .jpeg or .png file); every class "
                        + "folder of train/ needs at least one image");
            }
            for (Path p : images) {
                source.add(p, c);
            }
        }
        int trainCount = source.count();
        Path valDir = root.resolve("val");
        if (!Files.isDirectory(valDir)) {
            throw new DatasetFormatException(valDir, "folder", "does not exist; expected val/<class>/ folders or "
                    + "val/ images with a label file (" + String.join(", ", LABEL_FILES) + ")");
        }
        List<String> valClasses = subfolders(valDir);
        Path labels = labelFile != null ? labelFile : valClasses.isEmpty() ? findLabelFile(root, valDir) : null;
        if (labels == null) {
            for (String name : valClasses) {
                Integer c = index.get(name);
                if (c == null) {
                    throw new DatasetFormatException(valDir.resolve(name), "class folder", "is not a class of "
                            + "train/ (" + classes.size() + " classes, e.g. " + classes.get(0) + ")");
                }
                for (Path p : images(valDir.resolve(name))) {
                    source.add(p, c);
                }
            }
        } else {
            readLabelFile(labels, valDir, index, classes, source);
        }
        int valCount = source.count() - trainCount;
        if (valCount == 0) {
            throw new DatasetFormatException(valDir, "images", "none found; expected val/<class>/ folders or val/ "
                    + "images with a label file");
        }
        source.freeze();
        log.info("{}: {} classes, {} train and {} validation images listed in {} s", root, classes.size(),
                trainCount, valCount, String.format("%.1f", (System.nanoTime() - start) / 1e9));
        int n = classes.size();
        ImageSet train = source.split(dataset + "/train", 0, trainCount, n);
        ImageSet val = source.split(dataset + "/val", trainCount, source.count(), n);
        return new Listing(shuffled(train), shuffled(val), List.copyOf(classes));
    }

    /**
     * A listing is grouped by class; the scales take the first N images of a split (the binary formats store theirs
     * in random order), so each split is put in an order fixed by {@link #ORDER_SEED}, the same on every machine.
     */
    private static ImageSet shuffled(ImageSet s) {
        int[] order = org.revisit.util.Permutations.identity(s.size());
        org.revisit.util.Permutations.shuffle(order, new java.util.SplittableRandom(ORDER_SEED));
        return s.subset(s.name(), order);
    }

    private static Path findLabelFile(Path root, Path valDir) {
        for (Path dir : new Path[] {root, valDir}) {
            for (String name : LABEL_FILES) {
                if (Files.isRegularFile(dir.resolve(name))) {
                    return dir.resolve(name);
                }
            }
        }
        throw new DatasetFormatException(valDir, "labels", "val/ has no class folders and no label file ("
                + String.join(", ", LABEL_FILES) + " in " + root + " or val/) was found");
    }

    /**
     * Lines {@code name label} (whitespace or comma separated; further fields ignored); blank lines and a header
     * whose label is not a class (Kaggle's "ImageId,PredictionString") are skipped only on the first line.
     */
    private static void readLabelFile(Path file, Path valDir, Map<String, Integer> index, List<String> classes,
                                      FolderFiles source) {
        Map<String, Path> byName = new HashMap<>();
        for (Path p : images(valDir)) {
            String name = p.getFileName().toString();
            byName.put(name, p);
            byName.putIfAbsent(stripExtension(name), p);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DatasetFormatException(file, "label file", "cannot be read: " + e, e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("[\\s,]+");
            Integer c = f.length < 2 ? null : classOf(f[1], index, classes.size());
            if (c == null && i == 0) {
                continue; // a header line
            }
            if (f.length < 2) {
                throw new DatasetFormatException(file, "line " + (i + 1), "'" + line + "' has no label; expected "
                        + "'<image name> <class folder name or 0-based index>'");
            }
            if (c == null) {
                throw new DatasetFormatException(file, "line " + (i + 1), "label '" + f[1] + "' is neither a class "
                        + "folder of train/ nor an index 0.." + (classes.size() - 1));
            }
            Path image = byName.get(f[0]);
            if (image == null) {
                throw new DatasetFormatException(file, "line " + (i + 1), "image '" + f[0] + "' is not in " + valDir);
            }
            source.add(image, c);
        }
    }

    private static Integer classOf(String label, Map<String, Integer> index, int classes) {
        Integer c = index.get(label);
        if (c != null) {
            return c;
        }
        try {
            int k = Integer.parseInt(label);
            return k >= 0 && k < classes ? k : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String stripExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static List<String> subfolders(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new DatasetFormatException(dir, "folder", "cannot be listed: " + e, e);
        }
    }

    static boolean isImageName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png");
    }

    private static List<Path> images(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> isImageName(p.getFileName().toString()) && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new DatasetFormatException(dir, "folder", "cannot be listed: " + e, e);
        }
    }
}
