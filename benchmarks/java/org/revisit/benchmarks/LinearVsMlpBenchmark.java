package org.revisit.benchmarks;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.revisit.study.Cell;
import org.revisit.study.CellResult;
import org.revisit.study.ProbeSetting;
import org.revisit.study.Study;
import org.revisit.study.StudyTable;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Figure 3: on every Table 1 network at the scale's first width, the linear probe (L-BFGS, Table 1's cell, shared)
 * beside the MLP probe (FC 1000 + ReLU + dropout, then linear; SGD on the paper's shortest schedule) on the same
 * frozen pre-logits. The MLP rows have no untrained control.
 */
@Tag("benchmark")
@Order(7)
class LinearVsMlpBenchmark {
    static final String NAME = StudyTable.LINEAR_VS_MLP.id();
    static final int SCHEDULE = 30;

    static Stream<Cell> cells() {
        Study study = StudyGrid.study();
        int k = study.preset().widths()[0];
        return StudyGrid.selected(ArchitectureComparisonBenchmark.cells()
                .filter(c -> c.network().width() == k && c.network().lastRelu())
                .flatMap(c -> Stream.of(c.in(NAME), c.in(NAME).with(ProbeSetting.mlp(SCHEDULE)).withoutControl())));
    }

    @BeforeAll
    static void computeOnWorkers() {
        StudyGrid.computeOnWorkers(cells());
    }

    // -Dcells may select no cell of this class
    @ParameterizedTest(name = "[{index}] {argumentsWithNames}", allowZeroInvocations = true)
    @MethodSource("cells")
    void linearAndMlp(Cell cell) {
        CellResult r = StudyGrid.runAndCheck(cell);
        if (cell.probe().kind() == ProbeSetting.Kind.MLP) {
            assertFalse(r.metrics().validationTop1ByEpoch().isEmpty(), "an SGD probe records its validation curve");
        }
    }
}
