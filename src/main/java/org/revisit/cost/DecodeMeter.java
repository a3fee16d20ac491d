package org.revisit.cost;

import org.revisit.data.Augmentation;
import org.revisit.data.Image;
import org.revisit.data.ImageDecoder;
import org.revisit.data.ImageSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Times what an image folder costs before the network sees it: decoding alone, decoding into the small scales'
 * 32 px squares, and decoding into the paper's training input (an Inception crop resized to 224 x 224 floats,
 * paper.md §3.2), on one or more threads. One untimed pass over the files first, so the page cache holds them and the
 * JIT has compiled the decoder: the rows measure the CPU, not the disk.
 */
public final class DecodeMeter {
    /** What is done per image. */
    public enum Operation {
        DECODE("decode"),
        SQUARE_32("decode + 32 px square"),
        INCEPTION_224("decode + Inception crop to 224 px floats");

        private final String label;

        Operation(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private DecodeMeter() {
    }

    public static DecodeThroughput measure(List<Path> files, Operation op, int threads) {
        long bytes = 0;
        for (Path f : files) {
            try {
                bytes += Files.size(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        run(files, op, threads, new AtomicLong());
        AtomicLong pixels = new AtomicLong();
        long start = System.nanoTime();
        run(files, op, threads, pixels);
        double seconds = (System.nanoTime() - start) / 1e9;
        int n = files.size();
        return new DecodeThroughput(op.label(), threads, n, seconds, n / seconds, bytes / 1e6 / seconds,
                bytes / 1e3 / n, pixels.get() / 1e6 / n);
    }

    private static void run(List<Path> files, Operation op, int threads, AtomicLong pixels) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                done.add(pool.submit(() -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    float[] input = new float[224 * 224 * 3];
                    Augmentation inception = Augmentation.inception();
                    for (int i = next.getAndIncrement(); i < files.size(); i = next.getAndIncrement()) {
                        Image img = ImageDecoder.decode(files.get(i));
                        pixels.addAndGet((long) img.height() * img.width());
                        switch (op) {
                            case DECODE -> { }
                            case SQUARE_32 -> ImageDecoder.squareCrop(img, 32);
                            case INCEPTION_224 -> inception.train(one(img), 0, rng, input, 0, 224, 224);
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("decode benchmark interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("decoding failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static ImageSet one(Image img) {
        return ImageSet.of("decoded", new Image[] {img}, new int[] {0}, 1);
    }
}
