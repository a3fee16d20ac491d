package org.revisit.benchmarks;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * JPEGs shaped like ImageNet's training images for the decode benchmark, which cannot ship ImageNet: its common sizes
 * (500x375, 375x500, 500x333, 333x500) and its mean file size (about 110 kB, which sets the entropy decoder's work):
 * gradients and overlapping shapes with sensor-like noise, quality 0.95. Written once: a folder that holds them all
 * is used as it is.
 */
final class PhotoLikeJpegs {
    private static final int[][] SIZES = {{500, 375}, {375, 500}, {500, 333}, {333, 500}};

    private PhotoLikeJpegs() {
    }

    static List<Path> write(Path dir, int count, long seed) {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            files.add(dir.resolve(String.format("photo_%05d.jpg", i)));
        }
        if (files.stream().allMatch(Files::isRegularFile)) {
            return files;
        }
        // all of them from the seed, in order: file i's content depends on the random draws of the files before it
        Random r = new Random(seed);
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < count; i++) {
                int[] size = SIZES[i % SIZES.length];
                Path f = files.get(i);
                BufferedImage img = image(size[0], size[1], r);
                Path tmp = dir.resolve(f.getFileName() + ".tmp");
                jpeg(img, tmp, 0.95f);
                Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the decode benchmark's images to " + dir, e);
        }
        return files;
    }

    private static BufferedImage image(int w, int h, Random r) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, colour(r, 255), w, h, colour(r, 255)));
        g.fillRect(0, 0, w, h);
        for (int k = 0; k < 40; k++) {
            g.setColor(colour(r, 100 + r.nextInt(155)));
            int x = r.nextInt(w);
            int y = r.nextInt(h);
            int s = 10 + r.nextInt(150);
            if (k % 2 == 0) {
                g.fillOval(x - s / 2, y - s / 2, s, (int) (s * (0.3 + r.nextDouble())));
            } else {
                g.fillRect(x, y, s / 2, s);
            }
        }
        g.dispose();
        byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int p = 0; p < px.length; p++) {
            int v = (px[p] & 0xff) + (int) Math.round(r.nextGaussian() * 12);
            px[p] = (byte) Math.max(0, Math.min(255, v));
        }
        return img;
    }

    private static Color colour(Random r, int alpha) {
        return new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256), alpha);
    }

    private static void jpeg(BufferedImage img, Path file, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
