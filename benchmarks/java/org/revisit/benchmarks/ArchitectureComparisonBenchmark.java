package org.revisit.benchmarks;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.revisit.nets.Architecture;
import org.revisit.nets.NetworkSpec;
import org.revisit.pretext.RotationTask;
import org.revisit.study.Cell;
import org.revisit.study.CellResult;
import org.revisit.study.Scale;
import org.revisit.study.Study;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Table 1 / Figures 1-2, the architecture comparison: every architecture of the study and its "(-)" variant at the
 * scale's widths, so far for Rotation. Each cell trains (or reuses) a network, probes its pre-logits and stores a
 * result for the report.
 */
@Tag("benchmark")
class ArchitectureComparisonBenchmark {
    static final String NAME = "architecture_comparison";
    static final long SEED = 0;

    /** The rows of Table 1: the architectures with their "(-)" variants where they exist. */
    static List<NetworkSpec> variants(Scale.Preset p, int k) {
        return Arrays.stream(Architecture.values()).flatMap(a -> {
            NetworkSpec spec = p.network(a, k);
            return a.hasMinusVariant() ? Stream.of(spec, spec.withoutLastRelu()) : Stream.of(spec);
        }).toList();
    }

    static Stream<Cell> cells() {
        Study study = Study.fromSystemProperties();
        Scale.Preset p = study.preset();
        return Arrays.stream(p.widths()).boxed().flatMap(k -> variants(p, k).stream())
                .map(spec -> study.cell(NAME, RotationTask.NAME, spec, SEED));
    }

    @ParameterizedTest(name = "[{index}] {argumentsWithNames}")
    @MethodSource("cells")
    void rotation(Cell cell) {
        CellResult r = Study.fromSystemProperties().run(cell);
        double chance = 1.0 / r.dataset().classes();
        assertTrue(r.metrics().probeTop1() > chance, () -> cell.id() + ": probe top-1 " + r.metrics().probeTop1()
                + " is not above chance " + chance);
        assertTrue(r.metrics().pretextAccuracy() > 0.25, () -> cell.id() + ": rotation accuracy "
                + r.metrics().pretextAccuracy() + " is not above chance 0.25");
    }
}
