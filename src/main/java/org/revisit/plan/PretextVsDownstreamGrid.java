package org.revisit.plan;

import org.revisit.study.Cell;
import org.revisit.study.Study;

import java.util.stream.Stream;

/**
 * Figure 4: pretext accuracy against downstream probe accuracy for every trained network of the study (Table 1's
 * and Figure 6's), per task, by architecture. Every row shares the identical cell of those tables: nothing is
 * trained or probed twice.
 */
final class PretextVsDownstreamGrid implements TableGrid {
    @Override
    public Stream<Cell> cells(Study study) {
        return Stream.concat(StudyTable.ARCHITECTURE_COMPARISON.cells(study), StudyTable.WIDTH_SWEEP.cells(study))
                .map(c -> c.in(StudyTable.PRETEXT_VS_DOWNSTREAM.id())).distinct();
    }
}
