package org.revisit.nets;

/**
 * ResNet v1 (post-activation) with bottleneck units (paper.md §4.1, {@code bottleneck_v1}): root conv, BN, ReLU, max
 * pool; each unit conv1x1-BN-ReLU, conv3x3 (carrying the stride)-BN-ReLU, conv1x1-BN, plus the shortcut (a 1x1
 * conv + BN when the stride or channel count changes), then ReLU. The last ReLU belongs to every unit, so v1 has no
 * "(-)" variant ({@link NetworkSpec} refuses it).
 */
final class ResNetV1 implements Trunk {

    @Override
    public String build(LayerGraph t, NetworkSpec spec) {
        int root = 16 * spec.width();
        return Trunk.residualStages(t, spec, Trunk.residualRoot(t, spec.geometry(), root, true, true), root,
                ResNetV1::unit);
    }

    private static String unit(LayerGraph t, String name, String in, int inChannels, int out, int stride) {
        int inner = out / 4;
        String shortcut = in;
        if (stride > 1 || inChannels != out) {
            shortcut = t.bn(name + "_shortcut_bn", t.conv(name + "_shortcut", in, 1, stride, out));
        }
        String x = t.relu(name + "_relu1", t.bn(name + "_bn1", t.conv(name + "_conv1", in, 1, 1, inner)));
        x = t.relu(name + "_relu2", t.bn(name + "_bn2", t.conv(name + "_conv2", x, 3, stride, inner)));
        x = t.bn(name + "_bn3", t.conv(name + "_conv3", x, 1, 1, out));
        return t.relu(name, t.add(name + "_add", x, shortcut));
    }
}
