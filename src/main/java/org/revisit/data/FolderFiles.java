package org.revisit.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** The files of one folder, shared by its splits and their subsets, with the decoded squares kept in memory. */
final class FolderFiles {
    private static final Logger log = LoggerFactory.getLogger(FolderFiles.class);
    private final Path root;
    private final ImageFolder.Decoding decoding;
    private final List<Path> building = new ArrayList<>();
    private final List<Integer> buildingLabels = new ArrayList<>();
    private Path[] files;
    private long[] sizes;
    private AtomicReferenceArray<Image> cache;

    FolderFiles(Path root, ImageFolder.Decoding decoding) {
        this.root = root;
        this.decoding = decoding;
    }

    void add(Path file, int label) {
        building.add(file);
        buildingLabels.add(label);
    }

    int count() {
        return building.size();
    }

    /** Files {@code from} (inclusive) to {@code to} (exclusive), in the order they were added, as a split. */
    FolderImages split(String name, int from, int to, int numClasses) {
        int[] files = java.util.stream.IntStream.range(from, to).toArray();
        int[] labels = buildingLabels.subList(from, to).stream().mapToInt(Integer::intValue).toArray();
        return new FolderImages(name, this, files, labels, numClasses);
    }

    void freeze() {
        files = building.toArray(new Path[0]);
        sizes = new long[files.length];
        for (int i = 0; i < files.length; i++) {
            sizes[i] = DataFiles.size(files[i]);
        }
        long squareBytes = (long) decoding.square() * decoding.square() * 3;
        boolean fits = decoding.square() > 0 && squareBytes * files.length <= decoding.cacheBytes();
        if (decoding.square() > 0 && !fits) {
            log.info("{}: {} images of {} px do not fit the {} MB decode cache; decoding on every use", root,
                    files.length, decoding.square(), decoding.cacheBytes() >> 20);
        }
        cache = fits ? new AtomicReferenceArray<>(files.length) : null;
    }

    Image image(int file) {
        if (cache != null) {
            Image hit = cache.get(file);
            if (hit != null) {
                return hit;
            }
        }
        Image decoded = ImageDecoder.decode(files[file]);
        if (decoding.square() > 0) {
            decoded = ImageDecoder.squareCrop(decoded, decoding.square());
        }
        if (cache != null) {
            cache.set(file, decoded);
        }
        return decoded;
    }

    /** Whether its images are decoded on every use (they do not fit the decode cache, or keep their own size). */
    boolean decodesOnUse() {
        return cache == null;
    }

    Path file(int index) {
        return files[index];
    }

    int height() {
        return decoding.square() > 0 ? decoding.square() : ImageSet.VARIES;
    }

    void digest(MessageDigest md, int file) {
        md.update(root.relativize(files[file]).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
        md.update(java.nio.ByteBuffer.allocate(8).putLong(sizes[file]).array());
    }
}
