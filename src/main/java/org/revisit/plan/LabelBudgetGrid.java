package org.revisit.plan;

import org.revisit.study.Cell;
import org.revisit.study.Study;

import java.util.Arrays;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;

/**
 * Figure 7: the L-BFGS probe on 100, 10 and 5 % of the labels (a stratified, seeded subset of the training and
 * validation splits) across the widths Table 1 has for each task's best architecture. The 100 % rows are Table 1's
 * cells. Smoke: Rotation only.
 */
final class LabelBudgetGrid implements TableGrid {
    static final double[] FRACTIONS = {1.0, 0.1, 0.05};

    @Override
    public Stream<Cell> cells(Study study) {
        return Grids.tasks(study).stream().flatMap(task -> Arrays.stream(ArchitectureComparisonGrid
                .bestWidths(study, task)).boxed().flatMap(k -> {
            Cell base = Grids.cell(study, StudyTable.LABEL_BUDGET, task, Grids.bestNetwork(study, task, k));
            return DoubleStream.of(FRACTIONS).mapToObj(f -> base.with(base.probe().withLabels(f)));
        }));
    }
}
