package org.revisit.nets;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The study's architectures (paper.md §4), the one registry from a name to how the network is built. Depth means units
 * per stage for the residual networks ({3, 4, 6, 3} is the "50") and convolutions per block for VGG
 * ({2, 2, 4, 4, 4} is the "19").
 */
public enum Architecture {
    RESNET_V1("resnet50_v1", "ResNet50 v1", new int[] {3, 4, 6, 3}, false,
            List.of("after_root", "block1", "block2", "block3", "block4", "pre_logits")),
    RESNET_V2("resnet50_v2", "ResNet50 v2", new int[] {3, 4, 6, 3}, true,
            List.of("after_root", "block1", "block2", "block3", "block4", "pre_logits")),
    REVNET("revnet50", "RevNet50", new int[] {3, 4, 6, 3}, true,
            List.of("after_root", "block1", "block2", "block3", "block4", "pre_logits")),
    /**
     * End-points follow the paper's code: {@code block1..block5} are the inputs to max-pools 1-5, so the paper's
     * text and figures call the code's {@code block2..block5} "block1..block4" (paper.md §4.3, §6 #9); see
     * {@link #paperEndPoint(String)}.
     */
    VGG19_BN("vgg19_bn", "VGG19-BN", new int[] {2, 2, 4, 4, 4}, false,
            List.of("block1", "block2", "block3", "block4", "block5", "fc6", "pre_logits"));

    private final String id;
    private final String displayName;
    private final int[] paperDepth;
    private final boolean minusVariant;
    private final List<String> endPoints;

    Architecture(String id, String displayName, int[] paperDepth, boolean minusVariant, List<String> endPoints) {
        this.id = id;
        this.displayName = displayName;
        this.paperDepth = paperDepth;
        this.minusVariant = minusVariant;
        this.endPoints = endPoints;
    }

    /** The name used in configurations, cache keys and result files, e.g. {@code resnet50_v2}. */
    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
        return id;
    }

    /** The paper's name, e.g. "RevNet50". */
    public String displayName() {
        return displayName;
    }

    /** ResNet50 / RevNet50 / VGG19 depth. */
    public int[] paperDepth() {
        return paperDepth.clone();
    }

    /** How many numbers a depth has: four stages, or five VGG blocks. */
    public int stages() {
        return paperDepth.length;
    }

    /** Whether the "(-)" variant (no ReLU before global pooling) exists: v2 and RevNet only. */
    public boolean hasMinusVariant() {
        return minusVariant;
    }

    /** The named end-points a probe can read, input side first; {@code logits} is the pretext head. */
    public List<String> endPoints() {
        return endPoints;
    }

    /** The end-point's name as the paper's text and figures use it (only VGG's blocks differ: one lower). */
    public String paperEndPoint(String endPoint) {
        if (this == VGG19_BN && endPoint.matches("block[1-5]")) {
            int b = endPoint.charAt(5) - '0';
            return b == 1 ? "(before pool 1)" : "block" + (b - 1);
        }
        return endPoint;
    }

    public static Architecture parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (Architecture a : values()) {
            if (a.id.equals(n) || a.name().toLowerCase(Locale.ROOT).equals(n)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown architecture '" + name + "'; expected one of "
                + Arrays.stream(values()).map(Architecture::id).toList());
    }
}
