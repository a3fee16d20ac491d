package org.revisit.plan;

import org.revisit.pretext.TaskName;
import org.revisit.nets.NetworkSpec;
import org.revisit.study.Cell;
import org.revisit.study.Study;

import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Figure 6: width and representation size varied independently. Each task on its best architecture at each width,
 * with a bias-free linear layer that sets the pre-logits to d dimensions (and, as the reference row, the network
 * without it, whose pre-logits are the 512k pooled features: Table 1's cell, shared). Paper: k = 4, 8, 12, 16 and
 * d = 512, 2048, 8192 (the paper's exact grid was not recovered, paper.md §2). Small: d = 128, 2048, the paper's
 * extremes over 4 as the small networks' channels are, at k = 1, 2 for Rotation (the paper's own Figure 6) and
 * Relative Patch Location, and at k = 1 for Exemplar and Jigsaw, whose k = 2 ResNet v1 trains at 5.5 images/s beside
 * another cell (their four networks would put the small study over two hours). Smoke: Rotation, k = 1, d = 64.
 */
final class WidthSweepGrid implements TableGrid {
    private record Sweep(int[] widths, int[] sizes) {
    }

    /** The task's grid at a scale; empty where the scale does not sweep the task. */
    private static Sweep sweep(Study study, TaskName task) {
        return switch (study.scale()) {
            case PAPER -> new Sweep(new int[] {4, 8, 12, 16}, new int[] {512, 2048, 8192});
            case SMALL -> new Sweep(task == TaskName.EXEMPLAR || task == TaskName.JIGSAW
                    ? new int[] {study.preset().widths()[0]} : study.preset().widths(), new int[] {128, 2048});
            case SMOKE -> task == TaskName.ROTATION ? new Sweep(study.preset().widths(), new int[] {64})
                    : new Sweep(new int[0], new int[0]);
        };
    }

    @Override
    public Stream<Cell> cells(Study study) {
        return Grids.TASKS.stream().flatMap(task -> {
            Sweep sweep = sweep(study, task);
            return Arrays.stream(sweep.widths()).boxed().flatMap(k -> {
                NetworkSpec plain = Grids.bestNetwork(study, task, k);
                return Stream.concat(Stream.of(plain), IntStream.of(sweep.sizes())
                        .mapToObj(plain::withRepresentationSize));
            }).map(spec -> Grids.cell(study, StudyTable.WIDTH_SWEEP, task, spec));
        });
    }
}
