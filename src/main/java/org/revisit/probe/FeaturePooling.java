package org.revisit.probe;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.revisit.util.NdArrays;

/**
 * The paper's reduction of a large feature map before the probe (paper.md §3.6, the code's
 * {@code apply_fractional_pooling} with {@code pool_mode max}): a map of H·W·C values above {@code target} is
 * max-pooled with kernel = stride = ⌈√(H·W·C / target)⌉, clipped to [1, H], VALID padding (trailing rows and columns
 * that do not fill a window are dropped). Vectors such as the pre-logits are never pooled.
 * <p>
 * The result is flattened channels-last (h, w, c), whatever the network's layout, so the features of a network do
 * not depend on the layout it ran in.
 */
public record FeaturePooling(int target) {
    /** The paper's target: about 9,000 values per image. */
    public static final int PAPER_TARGET = 9000;

    public FeaturePooling {
        if (target < 1) {
            throw new IllegalArgumentException("feature pooling: target must be at least 1 value; got " + target);
        }
    }

    /** The pooling window for an h x w x c map; 1 when the map is within the target. */
    public int kernel(long h, long w, long c) {
        long values = h * w * c;
        if (values <= target) {
            return 1;
        }
        int k = (int) Math.ceil(Math.sqrt((double) values / target));
        return (int) Math.max(1, Math.min(h, k));
    }

    /** Features per image after pooling an h x w x c map. */
    public long features(long h, long w, long c) {
        int k = kernel(h, w, c);
        return (h / k) * (w / k) * c;
    }

    /**
     * @param activations [n, features] (returned as is) or [n, c, h, w] / [n, h, w, c] per {@code format}
     * @return [n, features], channels-last order; a new array that owns its buffer unless it is {@code activations}
     */
    public INDArray apply(INDArray activations, CNN2DFormat format) {
        if (activations.rank() == 2) {
            return activations;
        }
        if (activations.rank() != 4) {
            throw new IllegalArgumentException("feature pooling: expected a [n, features] or an image-shaped "
                    + "[n, ., ., .] activation; got shape " + java.util.Arrays.toString(activations.shape()));
        }
        INDArray nhwc = format == CNN2DFormat.NHWC ? activations : activations.permute(0, 2, 3, 1);
        long n = nhwc.size(0);
        long h = nhwc.size(1);
        long w = nhwc.size(2);
        long c = nhwc.size(3);
        int k = kernel(h, w, c);
        // each intermediate is closed here (reshapes are views, so the result is copied out of the last one)
        if (k == 1) {
            INDArray copy = nhwc.dup('c');
            INDArray flat = copy.reshape('c', n, h * w * c).dup('c');
            NdArrays.close(copy);
            return flat;
        }
        long oh = h / k;
        long ow = w / k;
        INDArray valid = nhwc.get(NDArrayIndex.all(), NDArrayIndex.interval(0, oh * k),
                NDArrayIndex.interval(0, ow * k), NDArrayIndex.all()).dup('c');
        INDArray max = valid.reshape('c', n, oh, k, ow, k, c).max(2, 4);
        INDArray flat = max.reshape('c', n, oh * ow * c).dup('c');
        NdArrays.close(valid, max);
        return flat;
    }

    @Override
    public String toString() {
        return "FeaturePooling{max, kernel = stride = ceil(sqrt(HWC / " + target + ")), VALID}";
    }
}
