package org.revisit.probe;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.revisit.util.CorruptFileException;
import org.revisit.util.FileLocks;
import org.revisit.util.VerifiedFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Supplier;

/**
 * Frozen features stored once per (network, weights, end-point, split, pooling), so every probe of a network (linear,
 * MLP, SGD schedules, label budgets) and every later run reads them instead of running the network again:
 * {@code <root>/<key>.f32}, a 16-byte header ("RVF1", rows, columns, reserved) then the float32 matrix row-major,
 * little-endian, written atomically with a SHA-256 sidecar ({@code <key>.f32.sha256}). A file that does not match
 * its header or its checksum is reported, set aside and extracted again. Locked per key across threads and processes.
 */
public final class FeatureCache {
    private static final Logger log = LoggerFactory.getLogger(FeatureCache.class);
    private static final int MAGIC = 0x31465652; // "RVF1" little-endian
    private static final int HEADER = 16;

    private final Path root;

    public FeatureCache(Path root) {
        this.root = root;
    }

    public Path file(String key) {
        return root.resolve(key + ".f32");
    }

    /**
     * The features stored under {@code key}, or those {@code extraction} computes (then stored). Thread-safe: a second
     * caller for the same key waits for the first one's extraction and reads its file.
     */
    public INDArray getOrExtract(String key, String description, Supplier<INDArray> extraction) {
        return FileLocks.with(root.resolve(key + ".lock"), () -> readOrExtract(key, description, extraction));
    }

    private INDArray readOrExtract(String key, String description, Supplier<INDArray> extraction) {
        Path f = file(key);
        if (Files.isRegularFile(f)) {
            try {
                VerifiedFiles.verify(f);
                INDArray features = read(f);
                log.info("cache hit: features {} [{}] {}x{} read from {}", description, key, features.size(0),
                        features.size(1), f);
                return features;
            } catch (IllegalArgumentException | UncheckedIOException | CorruptFileException e) {
                log.warn("{}; extracting the features again", e.getMessage());
                VerifiedFiles.setAside(f);
            }
        }
        INDArray features = extraction.get();
        write(f, features);
        return features;
    }

    static void write(Path f, INDArray features) {
        if (features.rank() != 2) {
            throw new IllegalArgumentException("feature cache: expected a [rows, columns] matrix for " + f + "; got "
                    + java.util.Arrays.toString(features.shape()));
        }
        float[] data = features.castTo(DataType.FLOAT).dup('c').data().asFloat();
        VerifiedFiles.write(f, out -> {
            ByteBuffer head = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
            head.putInt(MAGIC).putInt((int) features.size(0)).putInt((int) features.size(1)).putInt(0);
            out.write(head.array());
            ByteBuffer chunk = ByteBuffer.allocate(4 << 20).order(ByteOrder.LITTLE_ENDIAN);
            for (int from = 0; from < data.length; from += chunk.capacity() / 4) {
                int count = Math.min(chunk.capacity() / 4, data.length - from);
                chunk.clear();
                chunk.asFloatBuffer().put(data, from, count);
                out.write(chunk.array(), 0, 4 * count);
            }
        });
    }

    static INDArray read(Path f) {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER) {
                throw new IllegalArgumentException(f + ": " + size + " bytes, shorter than the 16-byte header");
            }
            ByteBuffer head = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(head, 0);
            head.flip();
            int magic = head.getInt();
            int rows = head.getInt();
            int cols = head.getInt();
            if (magic != MAGIC || rows < 0 || cols < 0) {
                throw new IllegalArgumentException(f + ": header is not a Revisit feature file (magic \"RVF1\", "
                        + "non-negative rows and columns expected)");
            }
            long expected = HEADER + 4L * rows * cols;
            if (size != expected) {
                throw new IllegalArgumentException(f + ": " + size + " bytes, but the header's " + rows + " x " + cols
                        + " floats need " + expected);
            }
            float[] data = new float[rows * cols];
            ByteBuffer body = ch.map(FileChannel.MapMode.READ_ONLY, HEADER, 4L * rows * cols)
                    .order(ByteOrder.LITTLE_ENDIAN);
            body.asFloatBuffer().get(data);
            return Nd4j.create(data, new long[] {rows, cols}, 'c');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read features " + f, e);
        }
    }
}
