package org.revisit.data;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small image folders in the ImageNet layout, written by tests. */
public final class ImageFolderFixtures {
    public static final String[] CLASSES = {"n01440764", "n01443537", "n01484850"};
    /** Class c's images are filled with this colour, so a decoded pixel tells its class. */
    public static final Color[] COLOURS = {new Color(200, 30, 30), new Color(30, 200, 30), new Color(30, 30, 200)};

    private ImageFolderFixtures() {
    }

    public static void write(Path file, int w, int h, Color colour, String format) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, w, h);
        g.setColor(colour.darker());
        g.fillOval(w / 4, h / 4, w / 2, h / 3); // something off-centre, so orientation is visible
        g.dispose();
        Files.createDirectories(file.getParent());
        if (!ImageIO.write(img, format, file.toFile())) {
            throw new IllegalStateException("no " + format + " writer");
        }
    }

    /**
     * {@code perClass} training images per class (the first a PNG, the rest JPEGs, widths 60 + 10i, heights
     * 40 + 5c) and 2 validation JPEGs (50 x 70) per class in class folders.
     */
    public static Path imagenet(Path root, int perClass) throws IOException {
        for (int c = 0; c < CLASSES.length; c++) {
            for (int i = 0; i < perClass; i++) {
                String format = i == 0 ? "png" : "jpg";
                write(root.resolve("train").resolve(CLASSES[c]).resolve(CLASSES[c] + "_" + i + "." + format),
                        60 + 10 * i, 40 + 5 * c, COLOURS[c], format);
            }
            for (int i = 0; i < 2; i++) {
                write(root.resolve("val").resolve(CLASSES[c]).resolve("v" + c + i + ".JPEG"), 50, 70, COLOURS[c],
                        "jpg");
            }
        }
        return root;
    }
}
