package org.revisit.nets;

/**
 * ResNet v2 (pre-activation) with bottleneck units, as the paper's code builds it (paper.md §4.1, {@code
 * bottleneck_v2}): root conv without BN/ReLU, then max pool; each unit BN, ReLU, then (projection shortcut taken from
 * the pre-activated input when the stride or channel count changes) conv1x1, BN, ReLU, conv3x3 (carrying the stride),
 * BN, ReLU, conv1x1, add; after block4 BN, ReLU (absent in the "(-)" variant).
 */
final class ResNetV2 implements Trunk {

    @Override
    public String build(LayerGraph t, NetworkSpec spec) {
        int root = 16 * spec.width();
        String x = Trunk.residualStages(t, spec, Trunk.residualRoot(t, spec.geometry(), root, true, false), root,
                (g, name, in, inChannels, out, stride) -> bottleneck(g, name, in, inChannels, out, stride, true));
        return finalActivation(t, x, spec.lastRelu());
    }

    /**
     * The pre-activation bottleneck. With {@code shortcut = false} it is RevNet's residual function F and returns
     * the last conv, named {@code name_conv3}; otherwise it returns the sum, named {@code name}.
     */
    static String bottleneck(LayerGraph t, String name, String in, int inChannels, int out, int stride,
                             boolean shortcut) {
        int inner = out / 4;
        String pre = t.relu(name + "_preact", t.bn(name + "_preact_bn", in));
        String skip = in;
        if (shortcut && (stride > 1 || inChannels != out)) {
            skip = t.conv(name + "_shortcut", pre, 1, stride, out);
        }
        String x = t.relu(name + "_relu1", t.bn(name + "_bn1", t.conv(name + "_conv1", pre, 1, 1, inner)));
        x = t.relu(name + "_relu2", t.bn(name + "_bn2", t.conv(name + "_conv2", x, 3, stride, inner)));
        x = t.conv(name + "_conv3", x, 1, 1, out);
        return shortcut ? t.add(name, x, skip) : x;
    }

    /** BN and, unless this is a "(-)" variant, ReLU after the last block (v2 and RevNet). */
    static String finalActivation(LayerGraph t, String x, boolean lastRelu) {
        String bn = t.bn("final_bn", x);
        return lastRelu ? t.relu("final_relu", bn) : bn;
    }
}
