package org.revisit.nets;

import java.util.Arrays;

/**
 * Input size and down-sampling of a network. The paper's networks take 224 px images and down-sample with a
 * 7x7/2 root conv and a 3x3/2 max pool before the stages; at 28-32 px that would leave a 7x7 map before block1,
 * so the small geometry keeps the root conv (3x3, stride 1) without the max pool: the four stages, their strides
 * and every unit are unchanged.
 */
public record Geometry(String name, int height, int width, int channels, int rootKernel, int rootStride,
                       boolean rootMaxPool, int[] stageStrides) {

    public static Geometry paper(int channels) {
        return new Geometry("paper-224", 224, 224, channels, 7, 2, true, new int[] {1, 2, 2, 2});
    }

    public static Geometry small(int size, int channels) {
        return new Geometry("small-" + size, size, size, channels, 3, 1, false, new int[] {1, 2, 2, 2});
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Geometry g && name.equals(g.name) && height == g.height && width == g.width
                && channels == g.channels && rootKernel == g.rootKernel && rootStride == g.rootStride
                && rootMaxPool == g.rootMaxPool && Arrays.equals(stageStrides, g.stageStrides);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(stageStrides);
    }

    @Override
    public String toString() {
        return name + "(" + height + "x" + width + "x" + channels + ", root " + rootKernel + "x" + rootKernel + "/"
                + rootStride + (rootMaxPool ? " + maxpool 3x3/2" : "") + ", stage strides "
                + Arrays.toString(stageStrides) + ")";
    }
}
