package org.revisit.study;

import java.util.Locale;

/**
 * The tables and figures of the paper the study reproduces, one benchmark class each; the id names the benchmark's
 * stored cells ({@code results/cells/<id>/}) and its CSV in the report.
 */
public enum StudyTable {
    ARCHITECTURE_COMPARISON("Table 1, Figures 1-2", "Architecture comparison",
            "Every pretext task on every architecture and its (-) variant, across widths: linear probe on the "
                    + "pre-logits (SPEC §1.1)."),
    WIDTH_SWEEP("Figure 6", "Width and representation size",
            "Each task on its best architecture with a linear layer that sets the pre-logits size, varied "
                    + "independently of the width (SPEC §4.4)."),
    LAYERWISE_PROBE("Figure 5", "Layer-wise probe",
            "Every end-point of ResNet50 v2, RevNet50 and VGG19-BN for each task."),
    PRETEXT_VS_DOWNSTREAM("Figure 4", "Pretext vs downstream accuracy",
            "Pretext accuracy against probe accuracy for every trained network, per task, by architecture."),
    LABEL_BUDGET("Figure 7", "Label budget",
            "100, 10 and 5 % of the probe's labels across widths, on each task's best architecture."),
    LINEAR_VS_MLP("Figure 3", "Linear vs MLP probe",
            "The linear probe against an MLP probe (FC 1000 + ReLU) on the same frozen features."),
    PROBE_SCHEDULE("Figure 8", "Probe schedule",
            "The linear model trained by SGD with its first decay after 30, 120 or 480 epochs (scaled below the "
                    + "paper scale)."),
    PRIOR_WORK("Table 2", "Comparison with prior work",
            "Each task's best network, linear model by SGD on the longest schedule, beside the published values.");

    private final String paperRef;
    private final String title;
    private final String description;

    StudyTable(String paperRef, String title, String description) {
        this.paperRef = paperRef;
        this.title = title;
        this.description = description;
    }

    /** "architecture_comparison": the benchmark name of its cells and the report's CSV name. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String paperRef() {
        return paperRef;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }
}
