package org.revisit.cost;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The arrays exchanged with the PyTorch twin ({@code benchmarks/peer/pytorch_parity.py}): a file is a sequence of
 * arrays, each {@code "RVA1"}, int32 type (0 float32, 1 int32), int32 rank, int32 dims, then the values, little
 * endian, row-major. numpy reads it without a parser of its own.
 */
final class ArrayFile {
    private static final byte[] MAGIC = {'R', 'V', 'A', '1'};

    /** One array: float values (type 0) or int values (type 1), and its shape. */
    record Array(long[] shape, float[] floats, int[] ints) {
        static Array of(float[] values, long... shape) {
            return new Array(shape, values, null);
        }

        static Array of(int[] values, long... shape) {
            return new Array(shape, null, values);
        }

        int rows() {
            return (int) shape[0];
        }

        int columns() {
            return (int) (Arrays.stream(shape).reduce(1, (a, b) -> a * b) / shape[0]);
        }
    }

    private ArrayFile() {
    }

    static final class Writer implements AutoCloseable {
        private final OutputStream out;

        Writer(Path file) throws IOException {
            out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
        }

        void write(Array a) throws IOException {
            int n = a.floats != null ? a.floats.length : a.ints.length;
            long count = Arrays.stream(a.shape).reduce(1, (x, y) -> x * y);
            if (count != n) {
                throw new IllegalArgumentException("array of " + n + " values with shape " + Arrays.toString(a.shape));
            }
            ByteBuffer head = ByteBuffer.allocate(12 + 4 * a.shape.length).order(ByteOrder.LITTLE_ENDIAN);
            head.put(MAGIC).putInt(a.floats != null ? 0 : 1).putInt(a.shape.length);
            for (long d : a.shape) {
                head.putInt(Math.toIntExact(d));
            }
            out.write(head.array());
            ByteBuffer body = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
            if (a.floats != null) {
                body.asFloatBuffer().put(a.floats);
            } else {
                body.asIntBuffer().put(a.ints);
            }
            out.write(body.array());
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** Every array of {@code file}; a file that is not a sequence of whole arrays fails naming it and the byte. */
    static List<Array> read(Path file) throws IOException {
        List<Array> arrays = new ArrayList<>();
        long size = Files.size(file);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            DataInputStream data = new DataInputStream(in);
            long pos = 0;
            while (pos < size) {
                byte[] magic = new byte[4];
                try {
                    data.readFully(magic);
                    if (!Arrays.equals(magic, MAGIC)) {
                        throw new IOException(file + ": expected an array header \"RVA1\" at byte " + pos);
                    }
                    int type = Integer.reverseBytes(data.readInt());
                    int rank = Integer.reverseBytes(data.readInt());
                    if ((type != 0 && type != 1) || rank < 1 || rank > 8) {
                        throw new IOException(file + ": array at byte " + pos + ": expected type 0 or 1 and rank 1-8, "
                                + "was type " + type + " rank " + rank);
                    }
                    long[] shape = new long[rank];
                    long n = 1;
                    for (int i = 0; i < rank; i++) {
                        shape[i] = Integer.reverseBytes(data.readInt());
                        n *= shape[i];
                    }
                    byte[] bytes = new byte[Math.toIntExact(4 * n)];
                    data.readFully(bytes);
                    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
                    if (type == 0) {
                        float[] v = new float[(int) n];
                        b.asFloatBuffer().get(v);
                        arrays.add(new Array(shape, v, null));
                    } else {
                        int[] v = new int[(int) n];
                        b.asIntBuffer().get(v);
                        arrays.add(new Array(shape, null, v));
                    }
                    pos += 12 + 4L * rank + 4 * n;
                } catch (EOFException e) {
                    throw new IOException(file + ": truncated array at byte " + pos + " of " + size, e);
                }
            }
        }
        return arrays;
    }
}
