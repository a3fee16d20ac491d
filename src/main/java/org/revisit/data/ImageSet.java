package org.revisit.data;

/**
 * Labelled images as unsigned bytes in NHWC order, all of one size. Immutable by convention: the arrays are not
 * copied on the way in, so a subset shares nothing it changes.
 */
public final class ImageSet {
    private final String name;
    private final byte[] pixels;
    private final int[] labels;
    private final int height;
    private final int width;
    private final int channels;
    private final int numClasses;

    public ImageSet(String name, byte[] pixels, int[] labels, int height, int width, int channels, int numClasses) {
        if ((long) labels.length * height * width * channels != pixels.length) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixel bytes for " + labels.length
                    + " images of " + height + "x" + width + "x" + channels);
        }
        this.name = name;
        this.pixels = pixels;
        this.labels = labels;
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.numClasses = numClasses;
    }

    public String name() { return name; }
    public int size() { return labels.length; }
    public int height() { return height; }
    public int width() { return width; }
    public int channels() { return channels; }
    public int numClasses() { return numClasses; }
    public int imageBytes() { return height * width * channels; }
    public int label(int i) { return labels[i]; }

    /** Pixel value (0..255) of image {@code i} at (y, x, c). */
    public int pixel(int i, int y, int x, int c) {
        return pixels[((i * height + y) * width + x) * channels + c] & 0xff;
    }

    /** The images at {@code indices}, in that order, as a new set called {@code newName}. */
    public ImageSet subset(String newName, int[] indices) {
        int bytes = imageBytes();
        byte[] p = new byte[indices.length * bytes];
        int[] l = new int[indices.length];
        for (int j = 0; j < indices.length; j++) {
            System.arraycopy(pixels, indices[j] * bytes, p, j * bytes, bytes);
            l[j] = labels[indices[j]];
        }
        return new ImageSet(newName, p, l, height, width, channels, numClasses);
    }

    /** The first {@code n} images (all of them when n >= size). */
    public ImageSet head(int n) {
        if (n >= size()) {
            return this;
        }
        return subset(name, org.revisit.util.Permutations.identity(n));
    }

    /** Feeds the content (sizes, pixels, labels) to a digest: equal content gives an equal fingerprint. */
    void digest(java.security.MessageDigest md) {
        md.update(java.nio.ByteBuffer.allocate(16).putInt(size()).putInt(height).putInt(width).putInt(channels).array());
        md.update(pixels);
        java.nio.ByteBuffer lb = java.nio.ByteBuffer.allocate(labels.length * 4);
        for (int l : labels) {
            lb.putInt(l);
        }
        md.update(lb.array());
    }

    @Override
    public String toString() {
        return name + "[" + size() + " x " + height + "x" + width + "x" + channels + ", " + numClasses + " classes]";
    }
}
