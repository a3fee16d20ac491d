package org.revisit.data;

import java.security.MessageDigest;

/**
 * Labelled images, held in memory ({@link #of}) or decoded from files when asked for ({@link ImageFolder}).
 * {@link #height()} and {@link #width()} are the size of every image, or {@link #VARIES} when the images keep their
 * own sizes (an image folder decoded at full resolution): then only {@link #image(int)} knows an image's size.
 */
public abstract class ImageSet {
    /** The height or width of a set whose images differ in size. */
    public static final int VARIES = -1;

    private final String name;
    private final int[] labels;
    private final int height;
    private final int width;
    private final int channels;
    private final int numClasses;

    protected ImageSet(String name, int[] labels, int height, int width, int channels, int numClasses) {
        this.name = name;
        this.labels = labels;
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.numClasses = numClasses;
    }

    /** Images of one size in memory: {@code pixels} is NHWC, not copied. */
    public static ImageSet of(String name, byte[] pixels, int[] labels, int height, int width, int channels,
                              int numClasses) {
        return new InMemoryImages(name, new byte[][] {pixels}, labels.length, labels, height, width, channels,
                numClasses);
    }

    /**
     * Images already decoded, each at its own size ({@link #VARIES}), three channels: a batch of a folder's images,
     * or one decoded file.
     */
    public static ImageSet of(String name, Image[] images, int[] labels, int numClasses) {
        return new DecodedImages(name, images, labels, VARIES, numClasses);
    }

    public String name() { return name; }
    public int size() { return labels.length; }
    public int height() { return height; }
    public int width() { return width; }
    public int channels() { return channels; }
    public int numClasses() { return numClasses; }
    public int label(int i) { return labels[i]; }

    /** Whether every image has the set's {@link #height()} and {@link #width()}. */
    public boolean fixedSize() {
        return height != VARIES;
    }

    int[] labels() {
        return labels;
    }

    /** Every image's label, in order (a copy: the probes take labels as an array). */
    public int[] labelsCopy() {
        return labels.clone();
    }

    /** Image {@code i}: a view for in-memory sets, decoded for file-backed ones. */
    public abstract Image image(int i);

    /** Pixel value (0..255) of image {@code i} at (y, x, c). */
    public int pixel(int i, int y, int x, int c) {
        return image(i).pixel(y, x, c);
    }

    /** Whether {@link #image(int)} decodes a file on every call (an image folder too large to keep decoded). */
    public boolean decodesOnUse() {
        return false;
    }

    /**
     * The images at {@code indices}, decoded now (on every core, for file-backed sets), as a set indexed 0..n-1:
     * a training batch's or an extraction batch's images, so that decoding is not done one image at a time.
     */
    public ImageSet decoded(int[] indices) {
        return subset(name, indices);
    }

    /** The images at {@code indices}, in that order, as a new set called {@code newName}. */
    public abstract ImageSet subset(String newName, int[] indices);

    /** The first {@code n} images (all of them when n >= size). */
    public ImageSet head(int n) {
        if (n >= size()) {
            return this;
        }
        return subset(name, org.revisit.util.Permutations.identity(n));
    }

    /**
     * Feeds the set's identity to a digest: its size and labels, and the pixels of in-memory sets or the file list
     * and sizes of file-backed ones (reading every file of ImageNet to fingerprint it would take an hour).
     */
    abstract void digest(MessageDigest md);

    /** What {@link #digest} covers when it is not the pixels (null: pixels and labels). */
    String digestCovers() {
        return null;
    }

    final void digestShape(MessageDigest md) {
        md.update(java.nio.ByteBuffer.allocate(16).putInt(size()).putInt(height).putInt(width).putInt(channels).array());
    }

    final void digestLabels(MessageDigest md) {
        java.nio.ByteBuffer lb = java.nio.ByteBuffer.allocate(labels.length * 4);
        for (int l : labels) {
            lb.putInt(l);
        }
        md.update(lb.array());
    }

    @Override
    public String toString() {
        String size = fixedSize() ? height + "x" + width : "varying size";
        return name + "[" + size() + " x " + size + "x" + channels + ", " + numClasses + " classes]";
    }
}
