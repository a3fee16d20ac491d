package org.revisit.nets;

import java.util.Arrays;

/**
 * One network of the study (paper.md §4): architecture, width multiplier k, depth (units per stage, or convs per VGG
 * block), input geometry, whether a ReLU precedes global average pooling ({@code lastRelu = false} is the paper's
 * "(-)" variant), and an optional representation-size layer ({@code representationSize > 0}: a linear map from the
 * 512k-d pooled features to that many dimensions, batch-normalised, which becomes {@code pre_logits}; paper.md §4.4).
 */
public record NetworkSpec(Architecture architecture, int width, int[] depth, Geometry geometry, boolean lastRelu,
                          int representationSize) {

    public NetworkSpec {
        if (architecture == null || geometry == null) {
            throw new IllegalArgumentException("network spec: architecture and geometry are required");
        }
        if (width < 1) {
            throw new IllegalArgumentException(architecture.id() + ": width multiplier k must be >= 1, was " + width);
        }
        if (depth == null || depth.length != architecture.stages() || Arrays.stream(depth).anyMatch(u -> u < 1)) {
            throw new IllegalArgumentException(architecture.id() + ": depth must be " + architecture.stages()
                    + " counts >= 1 (the paper's is " + Arrays.toString(architecture.paperDepth()) + "), was "
                    + Arrays.toString(depth));
        }
        if (!lastRelu && !architecture.hasMinusVariant()) {
            throw new IllegalArgumentException(architecture.id() + " has no \"(-)\" variant: its last ReLU is part of"
                    + " every unit (only resnet50_v2 and revnet50 can drop the ReLU before pooling)");
        }
        if (representationSize < 0) {
            throw new IllegalArgumentException(architecture.id() + ": representation size must be > 0, or 0 for none;"
                    + " was " + representationSize);
        }
        depth = depth.clone();
    }

    public static NetworkSpec of(Architecture architecture, int width, int[] depth, Geometry geometry) {
        return new NetworkSpec(architecture, width, depth, geometry, true, 0);
    }

    /** The paper's network: ResNet50 / RevNet50 / VGG19 depth at 224 px. */
    public static NetworkSpec paper(Architecture architecture, int width) {
        return of(architecture, width, architecture.paperDepth(), Geometry.paper(3));
    }

    /** The "(-)" variant: no ReLU before global average pooling. */
    public NetworkSpec withoutLastRelu() {
        return new NetworkSpec(architecture, width, depth, geometry, false, representationSize);
    }

    public NetworkSpec withRepresentationSize(int size) {
        return new NetworkSpec(architecture, width, depth, geometry, lastRelu, size);
    }

    public NetworkSpec withGeometry(Geometry g) {
        return new NetworkSpec(architecture, width, depth, g, lastRelu, representationSize);
    }

    @Override
    public int[] depth() {
        return depth.clone();
    }

    /** Channels of the pooled features before any representation layer: 512k for every architecture. */
    public int pooledSize() {
        return 512 * width;
    }

    /** Size of {@code pre_logits}, the default representation. */
    public int preLogitsSize() {
        return representationSize > 0 ? representationSize : pooledSize();
    }

    /** What {@link #variant()} appends for the "(-)" variant. */
    public static final String MINUS_MARK = " (-)";

    /** The architecture with its variant, as tables name it: "resnet50_v2 (-)". */
    public String variant() {
        return architecture.id() + (lastRelu ? "" : MINUS_MARK);
    }

    /** The architecture's id of a {@link #variant()} name: "resnet50_v2 (-)" -> "resnet50_v2". */
    public static String architectureOf(String variant) {
        return variant.endsWith(MINUS_MARK) ? variant.substring(0, variant.length() - MINUS_MARK.length()) : variant;
    }

    /** A short name for tables: "resnet50_v2 (-) k=2 (1,1,1,1) d=512". */
    public String label() {
        return variant() + " k=" + width + " " + depthLabel() + (representationSize > 0 ? " d=" + representationSize : "");
    }

    public String depthLabel() {
        return Arrays.toString(depth).replace('[', '(').replace(']', ')').replace(" ", "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkSpec s && architecture == s.architecture && width == s.width
                && Arrays.equals(depth, s.depth) && geometry.equals(s.geometry) && lastRelu == s.lastRelu
                && representationSize == s.representationSize;
    }

    @Override
    public int hashCode() {
        return ((architecture.hashCode() * 31 + width) * 31 + Arrays.hashCode(depth)) * 31 + representationSize;
    }

    @Override
    public String toString() {
        return "NetworkSpec{architecture=" + architecture.id() + ", width=" + width + ", depth="
                + Arrays.toString(depth) + ", geometry=" + geometry + ", lastRelu=" + lastRelu
                + ", representationSize=" + representationSize + "}";
    }
}
