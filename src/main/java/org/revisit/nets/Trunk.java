package org.revisit.nets;

/** One architecture's layers from the input to the last feature map before global pooling. */
interface Trunk {
    /** Adds the layers to {@code t} and returns the name of the last 4-d activation. */
    String build(LayerGraph t, NetworkSpec spec);

    /**
     * The root of the residual networks: a conv of the geometry's kernel and stride, optionally BN + ReLU (v1
     * only), then the 3x3/2 max pool if the geometry has one. The last of these is the {@code after_root} end-point.
     */
    static String residualRoot(LayerGraph t, Geometry geo, int channels, boolean regularised, boolean bnRelu) {
        String x = t.conv("root_conv", Networks.INPUT, geo.rootKernel(), geo.rootStride(), channels, regularised);
        if (bnRelu) {
            x = t.relu(geo.rootMaxPool() ? "root_relu" : "after_root", t.bn("root_bn", x));
        }
        if (geo.rootMaxPool()) {
            // after v1's ReLU TF's padding zeros never win the maximum; before it (v2, RevNet) they do
            return bnRelu ? t.maxPool("after_root", x, 3, 2, 1) : t.maxPoolZeroPadded("after_root", x, 3, 2, 1);
        }
        // DL4J cannot return the output of a layer fed by the network input (output() fails and leaves a workspace
        // open: deeplearning4j#10034, #5981), so a bare root conv gets an identity layer as its end-point.
        return bnRelu ? x : t.identity("after_root", x);
    }

    /** One residual unit: adds its layers and returns its output's name. */
    interface Unit {
        String add(LayerGraph t, String name, String in, int inChannels, int out, int stride);
    }

    /**
     * The four stages of ResNet v1 and v2 after the root ({@code x}, {@code channels} wide): stage s has
     * {@code depth[s]} units of 64k * 2^s channels, the first carrying the stage's stride.
     */
    static String residualStages(LayerGraph t, NetworkSpec spec, String x, int channels, Unit unit) {
        int[] depth = spec.depth();
        int[] strides = spec.geometry().stageStrides();
        for (int stage = 0; stage < 4; stage++) {
            int out = 64 * spec.width() << stage;
            for (int u = 0; u < depth[stage]; u++) {
                x = unit.add(t, unitName(stage, u, depth[stage]), x, channels, out, u == 0 ? strides[stage] : 1);
                channels = out;
            }
        }
        return x;
    }

    /** End-point name of a residual unit: {@code blockS} for the last unit of stage S, else {@code blockS_unitU}. */
    static String unitName(int stage, int unit, int units) {
        return unit == units - 1 ? "block" + (stage + 1) : "block" + (stage + 1) + "_unit" + (unit + 1);
    }
}
