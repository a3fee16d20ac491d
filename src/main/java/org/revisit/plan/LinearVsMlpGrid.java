package org.revisit.plan;

import org.revisit.study.Cell;
import org.revisit.study.ProbeSetting;
import org.revisit.study.Study;

import java.util.stream.Stream;

/**
 * Figure 3: on every Table 1 network at the scale's first width, the linear probe (L-BFGS, Table 1's cell, shared)
 * beside the MLP probe (FC 1000 + ReLU + dropout, then linear; SGD on the paper's shortest schedule) on the same
 * frozen pre-logits, each beside the same probe on the network's untrained weights.
 */
final class LinearVsMlpGrid implements TableGrid {
    static final int SCHEDULE = 30;

    @Override
    public Stream<Cell> cells(Study study) {
        int k = study.preset().widths()[0];
        String id = StudyTable.LINEAR_VS_MLP.id();
        return StudyTable.ARCHITECTURE_COMPARISON.cells(study)
                .filter(c -> c.network().width() == k && c.network().lastRelu())
                .flatMap(c -> Stream.of(c.in(id), c.in(id).with(ProbeSetting.mlp(SCHEDULE))));
    }
}
