package org.revisit.plan;

import org.revisit.pretext.TaskName;
import org.revisit.study.Cell;
import org.revisit.study.ProbeSetting;
import org.revisit.study.Study;

import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Figure 8: the linear model trained by momentum SGD, batch 2048, with its first decay after 30, 120 or 480 epochs
 * and 40 epochs after it (epochs multiplied by the scale's probe epoch scale below the paper scale), on each task's
 * best network (the widest of its best architecture, Table 2's); the validation top-1 after every epoch is the
 * figure's curve. The 480-epoch rows are Table 2's. Smoke: Rotation only.
 */
final class ProbeScheduleGrid implements TableGrid {
    static final int[] FIRST_DECAYS = {30, 120, 480};

    @Override
    public Stream<Cell> cells(Study study) {
        return Grids.tasks(study).stream().flatMap(task -> IntStream.of(FIRST_DECAYS)
                .mapToObj(d -> best(study, StudyTable.PROBE_SCHEDULE, task).with(ProbeSetting.sgd(d))));
    }

    /** The task's best network at this scale, probed at the pre-logits, beside its untrained control. */
    static Cell best(Study study, StudyTable table, TaskName task) {
        return Grids.cell(study, table, task, Grids.bestNetwork(study, task, Grids.widest(study, task)));
    }
}
