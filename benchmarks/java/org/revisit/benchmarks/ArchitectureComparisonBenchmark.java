package org.revisit.benchmarks;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.revisit.nets.NetworkSpec;
import org.revisit.pretext.RotationTask;
import org.revisit.study.Cell;
import org.revisit.study.CellResult;
import org.revisit.study.Scale;
import org.revisit.study.Study;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Table 1 / Figures 1-2, the architecture comparison, restricted so far to Rotation x ResNet v2 at the scale's two
 * widths. Each cell trains (or reuses) a network, probes its pre-logits and stores a result for the report.
 */
@Tag("benchmark")
class ArchitectureComparisonBenchmark {
    static final String NAME = "architecture_comparison";
    static final long SEED = 0;

    static Stream<Cell> cells() {
        Study study = Study.fromSystemProperties();
        Scale.Preset p = study.preset();
        return Arrays.stream(p.widths()).mapToObj(k ->
                study.cell(NAME, RotationTask.NAME, NetworkSpec.resnetV2(k, p.unitsPerStage(), p.geometry()), SEED));
    }

    @ParameterizedTest(name = "[{index}] {argumentsWithNames}")
    @MethodSource("cells")
    void rotationResNetV2(Cell cell) {
        CellResult r = Study.fromSystemProperties().run(cell);
        double chance = 1.0 / r.dataset().classes();
        assertTrue(r.metrics().probeTop1() > chance, () -> cell.id() + ": probe top-1 " + r.metrics().probeTop1()
                + " is not above chance " + chance);
        assertTrue(r.metrics().pretextAccuracy() > 0.25, () -> cell.id() + ": rotation accuracy "
                + r.metrics().pretextAccuracy() + " is not above chance 0.25");
    }
}
