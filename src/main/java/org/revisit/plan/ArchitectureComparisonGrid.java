package org.revisit.plan;

import org.revisit.pretext.TaskName;
import org.revisit.nets.Architecture;
import org.revisit.nets.NetworkSpec;
import org.revisit.study.Cell;
import org.revisit.study.Scale;
import org.revisit.study.Study;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Table 1 / Figures 1-2: the four pretext tasks on every architecture and its "(-)" variant; the probe on the
 * pre-logits. Paper: the paper's widths per task. Small: every task on every architecture and "(-)" variant at
 * k = 1, and on its best architecture (the paper's, paper.md §1.1) at k = 2 as well (the width axis of Figures 4 and 7,
 * of Table 2 and of claim 6). Smoke: Rotation on RevNet and VGG (a network with skip connections and one without:
 * the layer-wise probe's networks at smoke), the other tasks on VGG, which learns most in a smoke run's 60 steps.
 */
final class ArchitectureComparisonGrid implements TableGrid {
    private static final Set<Architecture> SMOKE_ROTATION = Set.of(Architecture.REVNET, Architecture.VGG19_BN);

    @Override
    public Stream<Cell> cells(Study study) {
        Scale.Preset p = study.preset();
        return Grids.TASKS.stream().flatMap(task -> widths(study, task).boxed()
                .flatMap(k -> Grids.variants(p, k).stream().filter(spec -> inGrid(study, task, spec)))
                .map(spec -> Grids.cell(study, StudyTable.ARCHITECTURE_COMPARISON, task, spec)));
    }

    private static IntStream widths(Study study, TaskName task) {
        return study.scale() == Scale.PAPER ? Arrays.stream(Grids.paperWidths(task))
                : Arrays.stream(study.preset().widths());
    }

    private static boolean inGrid(Study study, TaskName task, NetworkSpec spec) {
        Architecture a = spec.architecture();
        return switch (study.scale()) {
            case PAPER -> true;
            case SMALL -> spec.width() == study.preset().widths()[0]
                    || (a == Grids.bestArchitecture(study, task) && spec.lastRelu());
            case SMOKE -> spec.lastRelu() && (a == Grids.bestArchitecture(study, task)
                    || (task == TaskName.ROTATION && SMOKE_ROTATION.contains(a)));
        };
    }

    /** The widths at which the grid has the task's best architecture, narrowest first (Figures 7 and 8, Table 2). */
    static int[] bestWidths(Study study, TaskName task) {
        return widths(study, task).filter(k -> inGrid(study, task, Grids.bestNetwork(study, task, k))).toArray();
    }
}
