package org.revisit.data;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * JPEG and PNG files to RGB bytes with the JDK's decoders (javax.imageio): no native library to install, and fast
 * enough for the CPU scales (docs/speed-and-cost.md gives images/s). Grey images become three equal channels,
 * alpha is dropped, and the CMYK JPEGs that ImageIO refuses (ImageNet's train split has 22) are converted from
 * their raw (Adobe, inverted) CMYK raster.
 */
public final class ImageDecoder {
    static {
        ImageIO.setUseCache(false); // the disk cache would write every decoded stream to a temporary file
    }

    private ImageDecoder() {
    }

    /** The image in {@code file} as 8-bit RGB at its own size. */
    public static Image decode(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new DatasetFormatException(file, "image", "cannot be opened");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new DatasetFormatException(file, "image", "is neither JPEG nor PNG (no decoder recognises "
                        + "its first bytes)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                try {
                    return rgb(reader.read(0));
                } catch (IIOException e) {
                    if (!String.valueOf(e.getMessage()).contains("Unsupported Image Type")) {
                        throw e;
                    }
                    return fromCmyk(reader.readRaster(0, null), file);
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DatasetFormatException d) {
                throw d;
            }
            throw new DatasetFormatException(file, "image", "cannot be decoded (truncated or corrupt JPEG/PNG?): "
                    + e.getMessage(), e);
        }
    }

    static Image rgb(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] out = new byte[w * h * 3];
        if (img.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            for (int p = 0; p < w * h; p++) {
                out[3 * p] = bgr[3 * p + 2];
                out[3 * p + 1] = bgr[3 * p + 1];
                out[3 * p + 2] = bgr[3 * p];
            }
        } else if (img.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            byte[] grey = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            for (int p = 0; p < w * h; p++) {
                out[3 * p] = grey[p];
                out[3 * p + 1] = grey[p];
                out[3 * p + 2] = grey[p];
            }
        } else {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                img.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    int at = 3 * (y * w + x);
                    out[at] = (byte) (row[x] >> 16);
                    out[at + 1] = (byte) (row[x] >> 8);
                    out[at + 2] = (byte) row[x];
                }
            }
        }
        return new Image(out, 0, h, w, 3);
    }

    /** Adobe CMYK JPEGs store inverted ink values: R = C' K' / 255 with C' = 255 - C. */
    static Image fromCmyk(Raster r, Path file) {
        if (r.getNumBands() != 4) {
            throw new DatasetFormatException(file, "image", "has an unsupported colour model with "
                    + r.getNumBands() + " bands (expected RGB, grey or CMYK)");
        }
        int w = r.getWidth();
        int h = r.getHeight();
        byte[] out = new byte[w * h * 3];
        int[] px = new int[4];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.getPixel(x + r.getMinX(), y + r.getMinY(), px);
                int at = 3 * (y * w + x);
                for (int c = 0; c < 3; c++) {
                    out[at + c] = (byte) (px[c] * px[3] / 255);
                }
            }
        }
        return new Image(out, 0, h, w, 3);
    }

    /**
     * The central square of {@code img} (side: its shorter side) scaled to {@code size x size} by area averaging
     * (the code's {@code resize_small} uses area interpolation): each output pixel is the mean of the source
     * pixels it covers, with fractional weights at its edges.
     */
    public static Image squareCrop(Image img, int size) {
        int side = Math.min(img.height(), img.width());
        return resize(img, (img.height() - side) / 2, (img.width() - side) / 2, side, side, size, size);
    }

    /** The region (y0, x0, h x w) of {@code img} scaled to {@code outH x outW} by area averaging. */
    public static Image resize(Image img, int y0, int x0, int h, int w, int outH, int outW) {
        int c = img.channels();
        Weights wy = Weights.of(y0, h, outH);
        Weights wx = Weights.of(x0, w, outW);
        float[] rows = new float[h * outW * c]; // horizontal pass over the region's rows
        byte[] px = img.pixels();
        int stride = img.width() * c;
        for (int y = 0; y < h; y++) {
            int row = img.offset() + (y0 + y) * stride;
            for (int ox = 0; ox < outW; ox++) {
                int o = (y * outW + ox) * c;
                for (int t = wx.start[ox]; t < wx.start[ox + 1]; t++) {
                    int src = row + wx.index[t] * c;
                    float wt = wx.weight[t];
                    for (int k = 0; k < c; k++) {
                        rows[o + k] += wt * (px[src + k] & 0xff);
                    }
                }
            }
        }
        byte[] out = new byte[outH * outW * c];
        float[] acc = new float[outW * c];
        for (int oy = 0; oy < outH; oy++) {
            java.util.Arrays.fill(acc, 0f);
            for (int t = wy.start[oy]; t < wy.start[oy + 1]; t++) {
                int sy = wy.index[t] - y0;
                float wt = wy.weight[t];
                for (int j = 0; j < acc.length; j++) {
                    acc[j] += wt * rows[sy * outW * c + j];
                }
            }
            for (int j = 0; j < acc.length; j++) {
                out[oy * outW * c + j] = (byte) Math.min(255, Math.max(0, Math.round(acc[j])));
            }
        }
        return new Image(out, 0, outH, outW, c);
    }

    /** For each output pixel along one axis, the source pixels it covers and their weights (summing to 1). */
    private record Weights(int[] start, int[] index, float[] weight) {
        static Weights of(int from, int length, int out) {
            double scale = (double) length / out;
            int[] start = new int[out + 1];
            Taps idx = new Taps();
            for (int o = 0; o < out; o++) {
                double a = o * scale;
                double b = (o + 1) * scale;
                start[o] = idx.size;
                for (int s = (int) Math.floor(a); s < Math.min(length, Math.ceil(b)); s++) {
                    double cover = Math.min(b, s + 1) - Math.max(a, s);
                    if (cover > 1e-9) {
                        idx.add(from + s, (float) (cover / scale));
                    }
                }
            }
            start[out] = idx.size;
            return new Weights(start, java.util.Arrays.copyOf(idx.index, idx.size),
                    java.util.Arrays.copyOf(idx.weight, idx.size));
        }
    }

    private static final class Taps {
        int[] index = new int[16];
        float[] weight = new float[16];
        int size;

        void add(int i, float w) {
            if (size == index.length) {
                index = java.util.Arrays.copyOf(index, size * 2);
                weight = java.util.Arrays.copyOf(weight, size * 2);
            }
            index[size] = i;
            weight[size++] = w;
        }
    }
}
