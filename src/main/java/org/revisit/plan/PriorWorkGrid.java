package org.revisit.plan;

import org.revisit.study.Cell;
import org.revisit.study.ProbeSetting;
import org.revisit.study.Study;

import java.util.stream.Stream;

/**
 * Table 2: each task's best network (the paper's best architecture at the scale's widest width) with the linear
 * model trained by SGD on the longest schedule (first decay after 480 epochs), the protocol of the paper's
 * comparison with prior work. The report puts it beside the published "Prev." and "Ours" values. The rows are
 * Figure 8's 480-epoch cells, shared.
 */
final class PriorWorkGrid implements TableGrid {
    static final int SCHEDULE = 480;

    @Override
    public Stream<Cell> cells(Study study) {
        return Grids.TASKS.stream().map(task -> ProbeScheduleGrid.best(study, StudyTable.PRIOR_WORK, task)
                .with(ProbeSetting.sgd(SCHEDULE)));
    }
}
