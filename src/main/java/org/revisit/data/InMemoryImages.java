package org.revisit.data;

import java.security.MessageDigest;

/**
 * Images of one size in memory, NHWC, in blocks of whole images: one Java array holds at most 2 GB, and STL-10's
 * unlabelled split alone is 2.8 GB.
 */
final class InMemoryImages extends ImageSet {
    /** Images per block for a set larger than one array; a power of two keeps the lookup a shift. */
    private final byte[][] blocks;
    private final int perBlock;

    InMemoryImages(String name, byte[][] blocks, int perBlock, int[] labels, int height, int width, int channels,
                   int numClasses) {
        super(name, labels, height, width, channels, numClasses);
        long bytes = 0;
        for (byte[] b : blocks) {
            bytes += b.length;
        }
        if ((long) labels.length * height * width * channels != bytes) {
            throw new IllegalArgumentException(name + ": " + bytes + " pixel bytes for " + labels.length
                    + " images of " + height + "x" + width + "x" + channels);
        }
        this.blocks = blocks;
        this.perBlock = Math.max(1, perBlock);
    }

    /** How many images of {@code imageBytes} one block holds (about 1 GB). */
    static int imagesPerBlock(int imageBytes) {
        return Math.max(1, (1 << 30) / imageBytes);
    }

    private int imageBytes() {
        return height() * width() * channels();
    }

    @Override
    public Image image(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("image " + i + " of " + size() + " in " + name());
        }
        return new Image(blocks[i / perBlock], (i % perBlock) * imageBytes(), height(), width(), channels());
    }

    @Override
    public int pixel(int i, int y, int x, int c) {
        int bytes = imageBytes();
        return blocks[i / perBlock][(i % perBlock) * bytes + (y * width() + x) * channels() + c] & 0xff;
    }

    @Override
    public ImageSet subset(String newName, int[] indices) {
        int bytes = imageBytes();
        int per = imagesPerBlock(bytes);
        int count = (indices.length + per - 1) / per;
        byte[][] out = new byte[Math.max(1, count)][];
        if (indices.length == 0) {
            out[0] = new byte[0];
        }
        int[] l = new int[indices.length];
        for (int b = 0; b < count; b++) {
            int n = Math.min(per, indices.length - b * per);
            out[b] = new byte[n * bytes];
            for (int j = 0; j < n; j++) {
                int src = indices[b * per + j];
                System.arraycopy(blocks[src / perBlock], (src % perBlock) * bytes, out[b], j * bytes, bytes);
                l[b * per + j] = label(src);
            }
        }
        return new InMemoryImages(newName, out, per, l, height(), width(), channels(), numClasses());
    }

    @Override
    void digest(MessageDigest md) {
        digestShape(md);
        for (byte[] b : blocks) {
            md.update(b);
        }
        digestLabels(md);
    }
}
