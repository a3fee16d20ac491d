package org.revisit.benchmarks;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.revisit.study.Cell;
import org.revisit.study.CellResult;
import org.revisit.study.Scale;
import org.revisit.study.Study;
import org.revisit.study.StudyTable;

import java.util.Arrays;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Figure 7: the L-BFGS probe on 100, 10 and 5 % of the labels (a stratified, seeded subset of the training and
 * validation splits) across the widths Table 1 has for each task's best architecture. The 100 % rows are Table 1's
 * cells.
 * Smoke: Rotation only.
 */
@Tag("benchmark")
@Order(6)
class LabelBudgetBenchmark {
    static final String NAME = StudyTable.LABEL_BUDGET.id();
    static final double[] FRACTIONS = {1.0, 0.1, 0.05};

    static Stream<Cell> cells() {
        Study study = StudyGrid.study();
        return StudyGrid.selected(StudyGrid.tasks(study).stream().flatMap(task -> Arrays.stream(ArchitectureComparisonBenchmark
                .bestWidths(study, task)).boxed().flatMap(k -> {
            Cell base = StudyGrid.cell(study, NAME, task, StudyGrid.bestNetwork(study, task, k));
            return DoubleStream.of(FRACTIONS).mapToObj(f -> base.with(base.probe().withLabels(f)));
        })));
    }

    @BeforeAll
    static void computeOnWorkers() {
        StudyGrid.computeOnWorkers(cells());
    }

    // -Dcells may select no cell of this class
    @ParameterizedTest(name = "[{index}] {argumentsWithNames}", allowZeroInvocations = true)
    @MethodSource("cells")
    void probeOnFewerLabels(Cell cell) {
        CellResult r = StudyGrid.runAndCheck(cell);
        Scale.Preset p = StudyGrid.study().preset();
        int classes = r.dataset().classes();
        assertTrue(Math.abs(r.metrics().probeTrainImages() - cell.probe().labelFraction() * p.probeTrainImages())
                <= classes, () -> cell.id() + ": " + r.metrics().probeTrainImages() + " training labels for a budget "
                + "of " + cell.probe().labelFraction() + " of " + p.probeTrainImages());
        assertTrue(Math.abs(r.metrics().probeValImages() - cell.probe().labelFraction() * p.probeValImages())
                <= classes, () -> cell.id() + ": " + r.metrics().probeValImages() + " validation labels for a "
                + "budget of " + cell.probe().labelFraction() + " of " + p.probeValImages());
    }
}
