package org.revisit.data;

/**
 * One image as unsigned bytes in HWC order, {@code height x width x channels} starting at {@code offset} of
 * {@code pixels} (a view: in-memory sets hand out slices of their storage without copying).
 */
public record Image(byte[] pixels, int offset, int height, int width, int channels) {

    public Image {
        if (height < 1 || width < 1 || channels < 1
                || offset < 0 || (long) offset + (long) height * width * channels > pixels.length) {
            throw new IllegalArgumentException("image " + height + "x" + width + "x" + channels + " at " + offset
                    + " does not fit " + pixels.length + " bytes");
        }
    }

    /** Pixel value (0..255) at (y, x, c). */
    public int pixel(int y, int x, int c) {
        return pixels[offset + (y * width + x) * channels + c] & 0xff;
    }

    /**
     * The official code's {@code to_gray} on the decoded bytes: each pixel's three channels replaced by their mean,
     * rounded down (TF's integer {@code reduce_mean} on uint8, widened so that it does not overflow, as XLA does on
     * the TPUs the paper ran on). Images with one channel are returned as they are.
     */
    public Image grey() {
        if (channels != 3) {
            return this;
        }
        byte[] g = new byte[height * width * 3];
        for (int p = 0, i = offset; p < g.length; p += 3, i += 3) {
            byte m = (byte) (((pixels[i] & 0xff) + (pixels[i + 1] & 0xff) + (pixels[i + 2] & 0xff)) / 3);
            g[p] = m;
            g[p + 1] = m;
            g[p + 2] = m;
        }
        return new Image(g, 0, height, width, 3);
    }

    /** A standalone copy of the pixels, {@code height * width * channels} bytes. */
    public byte[] copy() {
        byte[] b = new byte[height * width * channels];
        System.arraycopy(pixels, offset, b, 0, b.length);
        return b;
    }
}
