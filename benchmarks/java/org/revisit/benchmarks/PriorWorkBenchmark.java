package org.revisit.benchmarks;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.revisit.study.Cell;
import org.revisit.study.ProbeSetting;
import org.revisit.study.Study;
import org.revisit.study.StudyTable;

import java.util.stream.Stream;

/**
 * Table 2: each task's best network (the paper's best architecture at the scale's widest width) with the linear
 * model trained by SGD on the longest schedule (first decay after 480 epochs), the protocol of the paper's
 * comparison with prior work. The report puts it beside the published "Prev." and "Ours" values. The rows are
 * Figure 8's 480-epoch cells, shared.
 */
@Tag("benchmark")
@Order(9)
class PriorWorkBenchmark {
    static final String NAME = StudyTable.PRIOR_WORK.id();
    static final int SCHEDULE = 480;

    static Stream<Cell> cells() {
        Study study = StudyGrid.study();
        return StudyGrid.selected(StudyGrid.TASKS.stream()
                .map(task -> ProbeScheduleBenchmark.best(study, NAME, task).with(ProbeSetting.sgd(SCHEDULE))));
    }

    @BeforeAll
    static void computeOnWorkers() {
        StudyGrid.computeOnWorkers(cells());
    }

    // -Dcells may select no cell of this class
    @ParameterizedTest(name = "[{index}] {argumentsWithNames}", allowZeroInvocations = true)
    @MethodSource("cells")
    void bestNetworkLongSchedule(Cell cell) {
        StudyGrid.runAndCheck(cell);
    }
}
