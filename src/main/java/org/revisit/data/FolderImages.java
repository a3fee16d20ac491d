package org.revisit.data;

import java.nio.file.Path;
import java.security.MessageDigest;

/** A split of an image folder: indices into the folder's files, decoded when used. */
final class FolderImages extends ImageSet {
    private final FolderFiles source;
    private final int[] files;

    FolderImages(String name, FolderFiles source, int[] files, int[] labels, int numClasses) {
        super(name, labels, source.height(), source.height(), 3, numClasses);
        this.source = source;
        this.files = files;
    }

    @Override
    public Image image(int i) {
        return source.image(files[i]);
    }

    @Override
    public boolean decodesOnUse() {
        return source.decodesOnUse();
    }

    @Override
    public ImageSet decoded(int[] indices) {
        Image[] images = new Image[indices.length];
        int[] labels = new int[indices.length];
        java.util.stream.IntStream.range(0, indices.length).parallel().forEach(j -> {
            images[j] = image(indices[j]);
            labels[j] = label(indices[j]);
        });
        return new DecodedImages(name(), images, labels, height(), numClasses());
    }

    /** The file of image {@code i}. */
    public Path file(int i) {
        return source.file(files[i]);
    }

    @Override
    public ImageSet subset(String newName, int[] indices) {
        int[] f = new int[indices.length];
        int[] l = new int[indices.length];
        for (int j = 0; j < indices.length; j++) {
            f[j] = files[indices[j]];
            l[j] = label(indices[j]);
        }
        return new FolderImages(newName, source, f, l, numClasses());
    }

    @Override
    String digestCovers() {
        return "file list, sizes and labels";
    }

    @Override
    void digest(MessageDigest md) {
        digestShape(md);
        for (int f : files) {
            source.digest(md, f);
        }
        digestLabels(md);
    }
}
