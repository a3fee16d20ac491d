package org.revisit.nets;

import java.util.Arrays;

/**
 * One network of the study: architecture, width multiplier k (root 16k channels, stages 64k..512k, pre-logits 512k),
 * units per stage ({3, 4, 6, 3} is ResNet50), input geometry, and whether a ReLU precedes global average pooling
 * ({@code lastRelu = false} is the paper's "(-)" variant).
 */
public record NetworkSpec(String architecture, int width, int[] unitsPerStage, Geometry geometry, boolean lastRelu) {
    public static final String RESNET_V2 = "resnet_v2";

    public NetworkSpec {
        if (width < 1) {
            throw new IllegalArgumentException("width multiplier k must be >= 1, was " + width);
        }
        if (unitsPerStage.length != 4 || Arrays.stream(unitsPerStage).anyMatch(u -> u < 1)) {
            throw new IllegalArgumentException("units per stage must be four counts >= 1, was "
                    + Arrays.toString(unitsPerStage));
        }
    }

    public static NetworkSpec resnetV2(int width, int[] unitsPerStage, Geometry geometry) {
        return new NetworkSpec(RESNET_V2, width, unitsPerStage.clone(), geometry, true);
    }

    public int preLogitsSize() {
        return 512 * width;
    }

    /** A short name for tables: "resnet_v2 k=2 (1,1,1,1)". */
    public String label() {
        return architecture + (lastRelu ? "" : " (-)") + " k=" + width + " "
                + Arrays.toString(unitsPerStage).replace('[', '(').replace(']', ')').replace(" ", "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkSpec s && architecture.equals(s.architecture) && width == s.width
                && Arrays.equals(unitsPerStage, s.unitsPerStage) && geometry.equals(s.geometry) && lastRelu == s.lastRelu;
    }

    @Override
    public int hashCode() {
        return (architecture.hashCode() * 31 + width) * 31 + Arrays.hashCode(unitsPerStage);
    }

    @Override
    public String toString() {
        return "NetworkSpec{architecture=" + architecture + ", width=" + width + ", unitsPerStage="
                + Arrays.toString(unitsPerStage) + ", geometry=" + geometry + ", lastRelu=" + lastRelu + "}";
    }
}
