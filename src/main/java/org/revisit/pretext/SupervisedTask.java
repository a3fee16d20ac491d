package org.revisit.pretext;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.revisit.data.Augmentation;
import org.revisit.data.ImageSet;
import org.revisit.nets.Geometry;
import org.revisit.nets.Head;
import org.revisit.nets.Networks;

import java.util.SplittableRandom;

/**
 * The supervised ceiling, not a pretext task: the same trunk trained on the images' own class labels with the
 * scale's recipe and augmentation, probed like any self-supervised network (the official code's
 * {@code config/supervised}: the task {@code supervised} on ResNet50 v2 with a softmax over the classes). It tells
 * how far the probe on a network can go when it was trained for the classes it is scored on. The head has
 * {@value #CLASSES} classes, the classes of every dataset below the paper scale; the paper's own supervised reference
 * (ImageNet, 1000 classes) is the paper's number and is not trained here.
 */
public final class SupervisedTask implements PretextTask {
    public static final String NAME = "supervised";
    /** The classes of Fashion-MNIST, CIFAR-10 and STL-10. */
    public static final int CLASSES = 10;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Head head(Geometry network) {
        return new Head.Softmax(CLASSES);
    }

    @Override
    public int inputsPerImage() {
        return 1;
    }

    @Override
    public double chance() {
        return 1.0 / CLASSES;
    }

    @Override
    public PretextBatch batch(ImageSet images, int[] indices, Augmentation augmentation, Geometry geometry,
                              SplittableRandom rng) {
        int h = geometry.height();
        int w = geometry.width();
        int c = images.channels();
        int size = h * w * c;
        float[] inputs = new float[indices.length * size];
        int[] targets = new int[indices.length];
        float[] onehot = new float[indices.length * CLASSES];
        for (int j = 0; j < indices.length; j++) {
            int label = images.label(indices[j]);
            if (label < 0 || label >= CLASSES) {
                throw new IllegalArgumentException("supervised training needs labels 0.." + (CLASSES - 1) + "; "
                        + images.name() + " image " + indices[j] + " has label " + label + " (of "
                        + images.numClasses() + " classes)");
            }
            targets[j] = label;
            onehot[j * CLASSES + label] = 1f;
        }
        SplittableRandom[] streams = ImageLoop.streams(rng, indices.length);
        ImageLoop.forEach(indices.length, size, j -> {
            if (rng == null) {
                augmentation.eval(images, indices[j], inputs, j * size, h, w);
            } else {
                augmentation.train(images, indices[j], streams[j], inputs, j * size, h, w);
            }
        });
        INDArray in = Networks.input(inputs, indices.length, h, w, c);
        INDArray labels = Nd4j.create(onehot, new long[] {indices.length, CLASSES}, 'c');
        return new PretextBatch(in, labels, targets);
    }

    @Override
    public String toString() {
        return "SupervisedTask{softmax over " + CLASSES + " classes, the images' own labels, the scale's "
                + "augmentation}";
    }
}
