package org.revisit.nets;

/**
 * VGG19 with batch norm as the paper's code builds it (paper.md §4.3, models/vggnet.py): five blocks of 3x3
 * conv-BN-ReLU (2, 2, 4, 4, 4 convs; widths w, 2w, 4w, 8w, 8w with w = 8k), each followed by a 2x2/2 max pool;
 * fc6 is a conv whose kernel covers the remaining map, fc7 a 1x1 conv, both 512k channels + BN + ReLU, no dropout.
 * End-points {@code block1..block5} are the inputs to the pools (the code's naming; the paper's block1..block4 are
 * block2..block5), {@code fc6}, and {@code fc7} pooled to a vector as {@code pre_logits}.
 */
final class Vgg19Bn implements Trunk {

    @Override
    public String build(LayerGraph t, NetworkSpec spec) {
        Geometry geo = spec.geometry();
        int[] depth = spec.depth();
        int[] pools = geo.vggPoolStrides();
        int w = 8 * spec.width();
        int[] widths = {w, 2 * w, 4 * w, 8 * w, 8 * w};
        int h = geo.height();
        int wd = geo.width();
        String x = Networks.INPUT;
        for (int b = 0; b < 5; b++) {
            String block = "block" + (b + 1);
            for (int c = 0; c < depth[b]; c++) {
                String conv = block + "_conv" + (c + 1);
                String bn = t.bn(conv + "_bn", t.conv(conv, x, 3, 1, widths[b]));
                x = t.relu(c == depth[b] - 1 ? block : conv + "_relu", bn);
            }
            if (pools[b] > 1) {
                x = t.maxPool("pool" + (b + 1), x, pools[b], pools[b], 0);
                h /= pools[b];
                wd /= pools[b];
            }
        }
        if (h < 1 || wd < 1) {
            throw new IllegalArgumentException("vgg19_bn: the " + geo + " input is too small for its pools");
        }
        x = t.relu("fc6", t.bn("fc6_bn", t.convValid("fc6_conv", x, h, wd, 512 * spec.width())));
        return t.relu("fc7", t.bn("fc7_bn", t.conv("fc7_conv", x, 1, 1, 512 * spec.width())));
    }
}
