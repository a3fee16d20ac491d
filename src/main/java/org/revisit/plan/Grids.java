package org.revisit.plan;

import org.revisit.pretext.TaskName;
import org.revisit.nets.Architecture;
import org.revisit.nets.NetworkSpec;
import org.revisit.study.Cell;
import org.revisit.study.Scale;
import org.revisit.study.Study;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** What the tables' grids share: the study's tasks, the rows of Table 1 and each task's best architecture. */
public final class Grids {
    /** The seed of every cell of the study. */
    public static final long SEED = 0;
    /** Every registered pretext task, in Table 1's order. */
    public static final List<TaskName> TASKS = TaskName.pretextTasks();

    private Grids() {
    }

    /** The rows of Table 1 at width k: the architectures with their "(-)" variants where they exist. */
    public static List<NetworkSpec> variants(Scale.Preset p, int k) {
        return Arrays.stream(Architecture.values()).flatMap(a -> {
            NetworkSpec spec = p.network(a, k);
            return a.hasMinusVariant() ? Stream.of(spec, spec.withoutLastRelu()) : Stream.of(spec);
        }).toList();
    }

    /**
     * The architecture of the paper's best model for the task (paper.md §1.1: Table 2's networks); at the smoke scale
     * VGG19-BN, the one architecture every task trains there (of those measured, the one whose features gain most
     * over its untrained weights in so short a run, so CI sees every task learn).
     */
    public static Architecture bestArchitecture(Study study, TaskName task) {
        if (study.scale() == Scale.SMOKE) {
            return Architecture.VGG19_BN;
        }
        return task == TaskName.ROTATION ? Architecture.REVNET : Architecture.RESNET_V1;
    }

    /** The task's best architecture at width k, at this scale's depth and geometry. */
    public static NetworkSpec bestNetwork(Study study, TaskName task, int k) {
        return study.preset().network(bestArchitecture(study, task), k);
    }

    /** The tasks of a figure that runs on every task, except at the smoke scale: Rotation only. */
    public static List<TaskName> tasks(Study study) {
        return study.scale() == Scale.SMOKE ? List.of(TaskName.ROTATION) : TASKS;
    }

    /** The paper's widths of Table 1 for a task: configurations that did not fit in memory were skipped. */
    public static int[] paperWidths(TaskName task) {
        return switch (task) {
            case ROTATION -> new int[] {4, 8, 12, 16};
            case EXEMPLAR -> new int[] {4, 8, 12};
            default -> new int[] {4, 8};
        };
    }

    /** The widest network of the task's best architecture in Table 1's grid: Table 2's and Figure 8's network. */
    public static int widest(Study study, TaskName task) {
        int[] w = ArchitectureComparisonGrid.bestWidths(study, task);
        return w[w.length - 1];
    }

    /** The pre-logits cell of a task on a network, with the L-BFGS probe and the untrained control. */
    public static Cell cell(Study study, StudyTable table, TaskName task, NetworkSpec network) {
        return study.cell(table.id(), task, network, SEED);
    }
}
