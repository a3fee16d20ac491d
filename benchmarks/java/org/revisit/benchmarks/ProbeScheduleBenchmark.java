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

import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Figure 8: the linear model trained by momentum SGD, batch 2048, with its first decay after 30, 120 or 480 epochs
 * and 40 epochs after it (epochs multiplied by the scale's probe epoch scale below the paper scale), on each task's
 * best network (the widest of its best architecture, Table 2's); the validation top-1 after every epoch is the
 * figure's curve. The 480-epoch rows are Table 2's. Smoke: Rotation only.
 */
@Tag("benchmark")
@Order(8)
class ProbeScheduleBenchmark {
    static final String NAME = StudyTable.PROBE_SCHEDULE.id();
    static final int[] FIRST_DECAYS = {30, 120, 480};

    static Stream<Cell> cells() {
        Study study = StudyGrid.study();
        return StudyGrid.selected(StudyGrid.tasks(study).stream().flatMap(task -> IntStream.of(FIRST_DECAYS)
                .mapToObj(d -> best(study, NAME, task).with(ProbeSetting.sgd(d)))));
    }

    /** The task's best network at this scale, probed at the pre-logits, without the control. */
    static Cell best(Study study, String benchmark, String task) {
        return StudyGrid.cell(study, benchmark, task, StudyGrid.bestNetwork(study, task,
                StudyGrid.widest(study, task))).withoutControl();
    }

    @BeforeAll
    static void computeOnWorkers() {
        StudyGrid.computeOnWorkers(cells());
    }

    // -Dcells may select no cell of this class
    @ParameterizedTest(name = "[{index}] {argumentsWithNames}", allowZeroInvocations = true)
    @MethodSource("cells")
    void sgdSchedule(Cell cell) {
        CellResult r = StudyGrid.runAndCheck(cell);
        int epochs = cell.probe().epochs(StudyGrid.study().preset());
        assertEquals(epochs, r.metrics().validationTop1ByEpoch().size(), 1,
                () -> cell.id() + ": one validation point per epoch");
    }
}
