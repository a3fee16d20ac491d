package org.revisit.nets;

import java.util.Arrays;

/**
 * Input size and down-sampling of a network, one preset per input kind (paper.md §4, models/utils.py).
 * <ul>
 * <li>{@link #paper}: 224 px images. ResNet/RevNet: 7x7/2 root conv and 3x3/2 max pool, stage strides (1,2,2,2).
 * VGG: five 2x2/2 max pools.</li>
 * <li>{@link #paperPatch}: the 64 px patches of Jigsaw and Relative Patch Location. The paper's code sets
 * {@code root_conv_stride=1, strides=(2,2,1)} for residual networks (64 -> pool 32 -> 32, 16, 8, 8) and leaves VGG
 * unchanged (64 -> 2x2 before fc6).</li>
 * <li>{@link #small}: 28-32 px images. The residual root keeps its conv (3x3, stride 1) without the max pool, so
 * block1 sees the full image and the stages, their strides and units are unchanged; VGG drops its first two pools,
 * the same factor 4 the residual root drops, so block3 sees the full image as ResNet's block1 does.</li>
 * <li>{@link #smallPatch}: patches cut from small images (7-9 px): the small root and the patch strides (2,2,1);
 * VGG keeps two pools, as three would leave no pixel before fc6.</li>
 * </ul>
 *
 * @param stageStrides   the first unit's stride in each of the four residual stages
 * @param vggPoolStrides the five VGG max pools (2 = a 2x2/2 pool, 1 = no pool)
 */
public record Geometry(String name, int height, int width, int channels, int rootKernel, int rootStride,
                       boolean rootMaxPool, int[] stageStrides, int[] vggPoolStrides) {
    private static final int[] FOUR_STAGES = {1, 2, 2, 2};
    private static final int[] PATCH_STAGES = {1, 2, 2, 1};
    private static final int[] FIVE_POOLS = {2, 2, 2, 2, 2};
    private static final int[] THREE_POOLS = {1, 1, 2, 2, 2};
    private static final int[] TWO_POOLS = {1, 1, 1, 2, 2};

    public Geometry {
        if (height < 1 || width < 1 || channels < 1) {
            throw new IllegalArgumentException("geometry " + name + ": input must be at least 1x1x1, was "
                    + height + "x" + width + "x" + channels);
        }
        if (stageStrides.length != 4 || vggPoolStrides.length != 5) {
            throw new IllegalArgumentException("geometry " + name + ": expected 4 stage strides and 5 VGG pools, got "
                    + Arrays.toString(stageStrides) + " and " + Arrays.toString(vggPoolStrides));
        }
        stageStrides = stageStrides.clone();
        vggPoolStrides = vggPoolStrides.clone();
    }

    public static Geometry paper(int channels) {
        return new Geometry("paper-224", 224, 224, channels, 7, 2, true, FOUR_STAGES, FIVE_POOLS);
    }

    public static Geometry paperPatch(int channels) {
        return new Geometry("paper-patch-64", 64, 64, channels, 7, 1, true, PATCH_STAGES, FIVE_POOLS);
    }

    public static Geometry small(int size, int channels) {
        return new Geometry("small-" + size, size, size, channels, 3, 1, false, FOUR_STAGES, THREE_POOLS);
    }

    public static Geometry smallPatch(int size, int channels) {
        return new Geometry("small-patch-" + size, size, size, channels, 3, 1, false, PATCH_STAGES, TWO_POOLS);
    }

    @Override
    public int[] stageStrides() {
        return stageStrides.clone();
    }

    @Override
    public int[] vggPoolStrides() {
        return vggPoolStrides.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Geometry g && name.equals(g.name) && height == g.height && width == g.width
                && channels == g.channels && rootKernel == g.rootKernel && rootStride == g.rootStride
                && rootMaxPool == g.rootMaxPool && Arrays.equals(stageStrides, g.stageStrides)
                && Arrays.equals(vggPoolStrides, g.vggPoolStrides);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + Arrays.hashCode(stageStrides)) * 31 + Arrays.hashCode(vggPoolStrides);
    }

    @Override
    public String toString() {
        return name + "(" + height + "x" + width + "x" + channels + ", root " + rootKernel + "x" + rootKernel + "/"
                + rootStride + (rootMaxPool ? " + maxpool 3x3/2" : "") + ", stage strides "
                + Arrays.toString(stageStrides) + ", vgg pools " + Arrays.toString(vggPoolStrides) + ")";
    }
}
