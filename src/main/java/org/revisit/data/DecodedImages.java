package org.revisit.data;

import java.security.MessageDigest;

/** Images already decoded, each at its own size: a batch of a folder's images. */
final class DecodedImages extends ImageSet {
    private final Image[] images;

    DecodedImages(String name, Image[] images, int[] labels, int size, int numClasses) {
        super(name, labels, size, size, 3, numClasses);
        this.images = images;
    }

    @Override
    public Image image(int i) {
        return images[i];
    }

    @Override
    public ImageSet subset(String newName, int[] indices) {
        Image[] sub = new Image[indices.length];
        int[] l = new int[indices.length];
        for (int j = 0; j < indices.length; j++) {
            sub[j] = images[indices[j]];
            l[j] = label(indices[j]);
        }
        return new DecodedImages(newName, sub, l, height(), numClasses());
    }

    @Override
    void digest(MessageDigest md) {
        throw new UnsupportedOperationException("a decoded batch is not a dataset and has no fingerprint");
    }
}
