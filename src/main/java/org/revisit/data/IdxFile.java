package org.revisit.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * An IDX file (the MNIST format) of unsigned bytes: a 4-byte magic number (0, 0, type 0x08, number of dimensions),
 * the dimensions as big-endian ints, then the data. Read raw or gzip-compressed (detected from the content).
 */
public record IdxFile(Path path, int[] dims, byte[] data) {
    private static final int UNSIGNED_BYTE = 0x08;

    /** Reads {@code file} and checks that it holds exactly an array of {@code expectedDims} dimensions. */
    public static IdxFile read(Path file, int expectedDims) {
        byte[] bytes = readMaybeGzip(file);
        if (bytes.length < 4) {
            throw new DatasetFormatException(file, "header", "file has " + bytes.length + " bytes, expected at least 4");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        int magic = buf.getInt();
        int expectedMagic = (UNSIGNED_BYTE << 8) | expectedDims;
        if (magic != expectedMagic) {
            throw new DatasetFormatException(file, "magic number", String.format(
                    "found 0x%08X, expected 0x%08X (unsigned bytes, %d dimension%s)",
                    magic, expectedMagic, expectedDims, expectedDims == 1 ? "" : "s"));
        }
        if (bytes.length < 4 + 4 * expectedDims) {
            throw new DatasetFormatException(file, "dimensions", "header truncated: " + bytes.length
                    + " bytes, expected " + (4 + 4 * expectedDims));
        }
        int[] dims = new int[expectedDims];
        long expectedData = 1;
        for (int i = 0; i < expectedDims; i++) {
            dims[i] = buf.getInt();
            if (dims[i] <= 0) {
                throw new DatasetFormatException(file, "dimension " + i, "is " + dims[i] + ", expected > 0");
            }
            expectedData *= dims[i];
        }
        long actual = bytes.length - buf.position();
        if (actual != expectedData) {
            throw new DatasetFormatException(file, "data", "found " + actual + " bytes, expected "
                    + expectedData + " for dimensions " + Arrays.toString(dims)
                    + (actual < expectedData ? " (file truncated)" : " (trailing bytes)"));
        }
        byte[] data = Arrays.copyOfRange(bytes, buf.position(), bytes.length);
        return new IdxFile(file, dims, data);
    }

    private static byte[] readMaybeGzip(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            if (!gzip) {
                return raw.readAllBytes();
            }
            try (InputStream in = new GZIPInputStream(raw, 1 << 16)) {
                return in.readAllBytes();
            } catch (EOFException e) {
                throw new DatasetFormatException(file, "gzip stream", "truncated: ended before its end marker", e);
            } catch (ZipException e) {
                throw new DatasetFormatException(file, "gzip stream", "corrupt: " + e.getMessage(), e);
            }
        } catch (IOException e) {
            throw DataFiles.unreadable(file, e);
        }
    }
}
