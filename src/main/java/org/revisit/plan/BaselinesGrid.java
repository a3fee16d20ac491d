package org.revisit.plan;

import org.revisit.nets.Architecture;
import org.revisit.pretext.TaskName;
import org.revisit.study.Cell;
import org.revisit.study.Scale;
import org.revisit.study.Study;

import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The supervised ceiling (the official code's {@code config/supervised}): each architecture trained on the labels by
 * the scale's recipe and budget, probed at the pre-logits like Table 1's networks, beside its untrained control.
 * Table 1 reads each network against its architecture's ceiling at its width (the "(-)" variants against the plain
 * architecture's). Small: the four architectures at k = 1, and the best architectures of the tasks (ResNet50 v1,
 * RevNet50) at k = 2. Smoke: VGG19-BN, the smoke scale's one architecture of every task. The paper scale's ceiling
 * is the paper's own supervised number: none is trained there. The raw-pixel baseline needs no network and is not a
 * cell ({@link org.revisit.study.PixelBaseline}).
 */
final class BaselinesGrid implements TableGrid {
    @Override
    public Stream<Cell> cells(Study study) {
        Scale.Preset p = study.preset();
        return switch (study.scale()) {
            case PAPER -> Stream.empty();
            case SMOKE -> Stream.of(cell(study, Architecture.VGG19_BN, p.widths()[0]));
            case SMALL -> Arrays.stream(p.widths()).boxed().flatMap(k -> Arrays.stream(Architecture.values())
                    .filter(a -> k == p.widths()[0] || Grids.TASKS.stream()
                            .anyMatch(t -> Grids.bestArchitecture(study, t) == a))
                    .map(a -> cell(study, a, k)));
        };
    }

    private static Cell cell(Study study, Architecture a, int k) {
        return Grids.cell(study, StudyTable.BASELINES, TaskName.SUPERVISED, study.preset().network(a, k));
    }
}
