package org.revisit.nets;

import org.revisit.nets.vertex.ChannelSliceVertex;
import org.revisit.nets.vertex.ChannelZeroPadVertex;
import org.revisit.nets.vertex.ReversibleCouplingVertex;

/**
 * RevNet50 as the paper's code builds it (paper.md §4.2, {@code revnet}): a root conv to 64k channels with no BN, ReLU
 * or L2 (a fixed-width random projection), the max pool; units split the channels into x1, x2 and output
 * [x2, x1 + F(x2)], where F is the pre-activation bottleneck on C/2 channels without shortcut; between stages a
 * 2x2 average pool (when the stage strides) and zero-padding that doubles the channels, so no unit loses
 * information; after block4 BN and ReLU (absent in "(-)"). Same depth and channels as ResNet50.
 */
final class RevNet implements Trunk {

    @Override
    public String build(LayerGraph t, NetworkSpec spec) {
        Geometry geo = spec.geometry();
        int[] depth = spec.depth();
        int[] strides = geo.stageStrides();
        int channels = 64 * spec.width();
        String x = Trunk.residualRoot(t, geo, channels, false, false);
        for (int stage = 0; stage < 4; stage++) {
            if (stage > 0) {
                String transition = "block" + stage + "_to_" + (stage + 1);
                if (strides[stage] > 1) {
                    x = t.avgPoolSame(transition + "_pool", x, strides[stage]);
                }
                x = t.vertex(transition + "_double", new ChannelZeroPadVertex(t.format), x);
                channels *= 2;
            }
            for (int unit = 0; unit < depth[stage]; unit++) {
                x = unit(t, Trunk.unitName(stage, unit, depth[stage]), x, channels);
            }
        }
        return ResNetV2.finalActivation(t, x, spec.lastRelu());
    }

    private static String unit(LayerGraph t, String name, String in, int channels) {
        int half = channels / 2;
        String x2 = t.vertex(name + "_x2", new ChannelSliceVertex(half, channels, t.format), in);
        String f = ResNetV2.bottleneck(t, name + "_f", x2, half, half, 1, false);
        return t.vertex(name, new ReversibleCouplingVertex(t.format), in, f);
    }
}
