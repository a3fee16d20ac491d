package org.revisit.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests. */
public final class IdxFixtures {
    private IdxFixtures() {
    }

    public static byte[] idx(int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt(0x0800 | dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    public static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bos)) {
            out.write(raw);
        }
        return bos.toByteArray();
    }

    /** A Fashion-MNIST-shaped folder: {@code train} and {@code test} images of 4x4 with labels i % 10. */
    public static Path folder(Path dir, int train, int test, boolean gz) throws IOException {
        write(dir, "train", train, gz);
        write(dir, "t10k", test, gz);
        return dir;
    }

    private static void write(Path dir, String prefix, int n, boolean gz) throws IOException {
        byte[] pixels = new byte[n * 16];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7);
        }
        for (int i = 0; i < n; i++) { // every image distinct
            pixels[i * 16] = (byte) i;
            pixels[i * 16 + 1] = (byte) (i >> 8);
        }
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
        }
        byte[] img = idx(new int[] {n, 4, 4}, pixels);
        byte[] lab = idx(new int[] {n}, labels);
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte" + (gz ? ".gz" : "")), gz ? gzip(img) : img);
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte" + (gz ? ".gz" : "")), gz ? gzip(lab) : lab);
    }
}
