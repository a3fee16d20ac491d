package org.revisit.plan;

import org.revisit.study.Cell;
import org.revisit.study.Study;

import java.util.Locale;
import java.util.stream.Stream;

/**
 * The tables and figures of the paper the study reproduces, each with its grid of cells at every scale; the id names
 * its stored cells ({@code results/cells/<id>/}), its CSV in the report and its benchmark class.
 */
public enum StudyTable {
    BASELINES(new BaselinesGrid(), "not in the paper's tables", "Baselines",
            "What a representation must beat and how far it can go: the raw pixels (the same probe on the images "
                    + "as they enter the networks, no network) and the supervised ceiling (each architecture "
                    + "trained on the labels by the same recipe and budget, probed at the pre-logits), each beside "
                    + "its untrained control.",
            "The paper quotes fully supervised networks as the reference its best self-supervised model almost "
                    + "halves the gap to (paper.md §1.2); the official code trains them with config/supervised."),
    ARCHITECTURE_COMPARISON(new ArchitectureComparisonGrid(), "Table 1, Figures 1-2", "Architecture comparison",
            "Every pretext task on every architecture and its (-) variant, across widths: linear probe on the "
                    + "pre-logits (paper.md §1.1).",
            "The paper's grid (ImageNet, top-1 %) is below; only Rotation RevNet50 k=16 (53.7) and Rel. Patch Loc. ResNet50 v1 k=8 (50.5) are verified."),
    WIDTH_SWEEP(new WidthSweepGrid(), "Figure 6", "Width and representation size",
            "Each task on its best architecture with a linear layer that sets the pre-logits size, varied "
                    + "independently of the width (paper.md §4.4).",
            "Rotation on RevNet50 only: a very thin model improves from 31 % to 43 % top-1 by enlarging its representation, and accuracy improves along both axes [TXT §4.6]; the grid itself was not recovered."),
    LAYERWISE_PROBE(new LayerwiseProbeGrid(), "Figure 5", "Layer-wise probe",
            "The paper's five layers (block1-4, pre-logits) of ResNet50 v2, RevNet50 and VGG19-BN for each task "
                    + "(below the paper scale: the tasks on whole images), each beside the untrained control.",
            "VGG19-BN deteriorates towards the end of the network; ResNet consistently increases up to the pre-logits [TXT §4.5]. No numbers in the text."),
    PRETEXT_VS_DOWNSTREAM(new PretextVsDownstreamGrid(), "Figure 4", "Pretext vs downstream accuracy",
            "Pretext accuracy against probe accuracy for every trained network, per task, by architecture.",
            "Pretext performance is a good proxy only once the architecture is fixed; it cannot select the architecture [TXT §4.4]. No numbers in the text."),
    LABEL_BUDGET(new LabelBudgetGrid(), "Figure 7", "Label budget",
            "100, 10 and 5 % of the probe's labels across widths, on each task's best architecture.",
            "Increasing the widening factor consistently boosts performance in both the full- and low-data regimes [TXT §4.6]. No numbers in the text."),
    LINEAR_VS_MLP(new LinearVsMlpGrid(), "Figure 3", "Linear vs MLP probe",
            "The linear probe against an MLP probe (FC 1000 + ReLU) on the same frozen features.",
            "The MLP provides only marginal improvement over the linear evaluation; the relative performance of settings is mostly unchanged [TXT §4.3]. No numbers in the text."),
    PROBE_SCHEDULE(new ProbeScheduleGrid(), "Figure 8", "Probe schedule",
            "The linear model trained by SGD with its first decay after 30, 120 or 480 epochs (scaled below the "
                    + "paper scale).",
            "Very long training (about 500 epochs) gives higher accuracy [TXT §4.7]. No numbers in the text."),
    PRIOR_WORK(new PriorWorkGrid(), "Table 2", "Comparison with prior work",
            "Each task's best network, linear model by SGD on the longest schedule, beside the published values.",
            "The paper's values (ImageNet, official validation set, SGD-trained linear model) are below, all verified."),
    LEARNING_CURVE(new LearningCurveGrid(), "not in the paper", "Learning curves",
            "Each task on its best architecture: pretext accuracy and probe top-1 after step 0, along its one "
                    + "training run (the weights it kept at equal intervals) and at its end, beside the same "
                    + "untrained control: where self-supervision starts to pay, and whether the budget is past it.",
            "The paper shows no learning curves; its networks train 35 epochs on ImageNet (paper.md §3.1).");

    private final TableGrid grid;
    private final String paperRef;
    private final String title;
    private final String description;
    private final String paperSays;

    StudyTable(TableGrid grid, String paperRef, String title, String description, String paperSays) {
        this.grid = grid;
        this.paperRef = paperRef;
        this.title = title;
        this.description = description;
        this.paperSays = paperSays;
    }

    /** Every cell of the table at the study's scale, before {@code -Dcells} selects. */
    public Stream<Cell> cells(Study study) {
        return grid.cells(study);
    }

    /** The cells of the table this run computes: those {@code -Dcells} selects. */
    public Stream<Cell> selectedCells(Study study) {
        return cells(study).filter(c -> study.config().cells().selects(c.id()));
    }

    /** What the paper publishes for this table or figure: its values, or its statement where it gives none. */
    public String paperSays() {
        return paperSays;
    }

    /** "ArchitectureComparisonBenchmark": the simple name of the table's benchmark class, from its id. */
    public String benchmarkClass() {
        StringBuilder b = new StringBuilder();
        for (String part : id().split("_")) {
            b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return b.append("Benchmark").toString();
    }

    /** The table whose benchmark class has this simple name, if any. */
    public static java.util.Optional<StudyTable> ofBenchmarkClass(String simpleName) {
        return java.util.Arrays.stream(values()).filter(t -> t.benchmarkClass().equals(simpleName)).findFirst();
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
