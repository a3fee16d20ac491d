package org.revisit.benchmarks;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.revisit.nets.Architecture;
import org.revisit.nets.Head;
import org.revisit.nets.NetworkSpec;
import org.revisit.pretext.ExemplarTask;
import org.revisit.pretext.JigsawTask;
import org.revisit.pretext.PretextTasks;
import org.revisit.pretext.RelativePatchLocationTask;
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
 * Table 1 / Figures 1-2, the architecture comparison: the four pretext tasks on every architecture of the study and
 * its "(-)" variant, at the scale's widths. Each cell trains (or reuses) a network, probes its pre-logits and stores
 * a result for the report. Below the paper scale the three tasks other than Rotation run on RevNet only, for now:
 * on a CPU the whole grid would take about 300 hours at the small scale (README); CI's smoke run stays short.
 */
@Tag("benchmark")
class ArchitectureComparisonBenchmark {
    static final String NAME = "architecture_comparison";
    static final long SEED = 0;
    static final List<String> TASKS = List.of(RotationTask.NAME, ExemplarTask.NAME,
            RelativePatchLocationTask.NAME, JigsawTask.NAME);

    /** The rows of Table 1: the architectures with their "(-)" variants where they exist. */
    static List<NetworkSpec> variants(Scale.Preset p, int k) {
        return Arrays.stream(Architecture.values()).flatMap(a -> {
            NetworkSpec spec = p.network(a, k);
            return a.hasMinusVariant() ? Stream.of(spec, spec.withoutLastRelu()) : Stream.of(spec);
        }).toList();
    }

    static boolean inGrid(Scale scale, String task, NetworkSpec spec) {
        return scale == Scale.PAPER || task.equals(RotationTask.NAME)
                || (spec.architecture() == Architecture.REVNET && spec.lastRelu());
    }

    static Stream<Cell> cells() {
        Study study = Study.fromSystemProperties();
        Scale.Preset p = study.preset();
        return TASKS.stream().flatMap(task -> Arrays.stream(p.widths()).boxed()
                .flatMap(k -> variants(p, k).stream())
                .filter(spec -> inGrid(study.scale(), task, spec))
                .map(spec -> study.cell(NAME, task, spec, SEED))).filter(Study::selected);
    }

    // -Dcells may select no cell of this class
    @ParameterizedTest(name = "[{index}] {argumentsWithNames}", allowZeroInvocations = true)
    @MethodSource("cells")
    void pretextTaskThenLinearProbe(Cell cell) {
        CellResult r = Study.fromSystemProperties().run(cell);
        double chance = 1.0 / r.dataset().classes();
        assertTrue(r.metrics().probeTop1() > chance, () -> cell.id() + ": probe top-1 " + r.metrics().probeTop1()
                + " is not above chance " + chance);
        Head head = PretextTasks.get(cell.task()).head(cell.network().geometry());
        // classification tasks must beat guessing their classes; Exemplar's retrieval metric must be positive
        double pretextChance = head instanceof Head.Embedding ? 0 : 1.0 / head.outputs();
        assertTrue(r.metrics().pretextAccuracy() > pretextChance && r.metrics().pretextAccuracy() <= 1,
                () -> cell.id() + ": pretext accuracy " + r.metrics().pretextAccuracy() + " is not above chance "
                        + pretextChance);
    }
}
