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
 * Rotation prediction (Gidaris et al.; paper.md §3.2): every image contributes all four rotations to the batch, after
 * one shared augmentation, with labels 0 = 0°, 1 = 90° counter-clockwise ({@code np.rot90(k=1)}), 2 = 180°,
 * 3 = 270° counter-clockwise.
 */
public final class RotationTask implements PretextTask {
    public static final String NAME = "rotation";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Head head(Geometry network) {
        return new Head.Softmax(4);
    }

    @Override
    public int inputsPerImage() {
        return 4;
    }

    @Override
    public PretextBatch batch(ImageSet images, int[] indices, Augmentation augmentation, Geometry geometry,
                              SplittableRandom rng) {
        int h = geometry.height();
        int w = geometry.width();
        int c = images.channels();
        if (h != w) {
            throw new IllegalArgumentException("rotation needs square inputs, geometry is " + h + "x" + w);
        }
        int size = h * w * c;
        float[] inputs = new float[indices.length * 4 * size];
        int[] targets = new int[indices.length * 4];
        float[] onehot = new float[targets.length * 4];
        SplittableRandom[] streams = ImageLoop.streams(rng, indices.length);
        ImageLoop.forEach(indices.length, size, j -> {
            float[] view = new float[size];
            if (rng == null) {
                augmentation.eval(images, indices[j], view, 0, h, w);
            } else {
                augmentation.train(images, indices[j], streams[j], view, 0, h, w);
            }
            for (int r = 0; r < 4; r++) {
                int n = j * 4 + r;
                rotate(view, inputs, n * size, h, c, r);
                targets[n] = r;
                onehot[n * 4 + r] = 1f;
            }
        });
        INDArray in = Networks.input(inputs, targets.length, h, w, c);
        INDArray labels = Nd4j.create(onehot, new long[] {targets.length, 4}, 'c');
        return new PretextBatch(in, labels, targets);
    }

    /** Writes {@code src} (n x n x c, row-major) rotated by {@code quarterTurns} x 90° counter-clockwise. */
    static void rotate(float[] src, float[] dst, int off, int n, int c, int quarterTurns) {
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                int sy;
                int sx;
                switch (quarterTurns) {
                    case 0 -> { sy = y; sx = x; }
                    case 1 -> { sy = x; sx = n - 1 - y; }
                    case 2 -> { sy = n - 1 - y; sx = n - 1 - x; }
                    case 3 -> { sy = n - 1 - x; sx = y; }
                    default -> throw new IllegalArgumentException("quarter turns must be 0..3, was " + quarterTurns);
                }
                System.arraycopy(src, (sy * n + sx) * c, dst, off + (y * n + x) * c, c);
            }
        }
    }

    @Override
    public double chance() {
        return 0.25;
    }

    @Override
    public String toString() {
        return "RotationTask{rotations=[0,90,180,270], shared augmentation per image}";
    }
}
