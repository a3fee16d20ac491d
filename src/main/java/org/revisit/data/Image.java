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

    /** A standalone copy of the pixels, {@code height * width * channels} bytes. */
    public byte[] copy() {
        byte[] b = new byte[height * width * channels];
        System.arraycopy(pixels, offset, b, 0, b.length);
        return b;
    }
}
