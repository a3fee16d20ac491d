package org.revisit.benchmarks;

import org.revisit.cost.Workers;
import org.revisit.run.CellScheduler;
import org.revisit.nets.Architecture;
import org.revisit.nets.Head;
import org.revisit.nets.NetworkSpec;
import org.revisit.pretext.ExemplarTask;
import org.revisit.pretext.JigsawTask;
import org.revisit.pretext.PretextTasks;
import org.revisit.pretext.RelativePatchLocationTask;
import org.revisit.pretext.RotationTask;
import org.revisit.study.Cell;
import org.revisit.study.CellResult;
import org.revisit.study.Scale;
import org.revisit.study.RunConfig;
import org.revisit.study.Study;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the benchmark classes share: the study's tasks, the rows of Table 1, each task's best architecture in the
 * paper, and the checks every stored cell must pass. Each class declares only its own grid.
 */
final class StudyGrid {
    static final long SEED = 0;
    static final List<String> TASKS = List.of(RotationTask.NAME, ExemplarTask.NAME,
            RelativePatchLocationTask.NAME, JigsawTask.NAME);

    private StudyGrid() {
    }

    private static Study study;
    /** True while {@link StudyPlanListener} collects the whole grid, which {@code -Dcells} does not filter. */
    private static volatile boolean wholeGrid;

    /** The run's study: the {@link RunConfig} of the JVM's system properties, parsed once. */
    static synchronized Study study() {
        if (study == null) {
            study = Study.of(RunConfig.fromSystemProperties());
        }
        return study;
    }

    /** Whether the run computes the cell or row {@code id} ({@code -Dcells}). */
    static boolean selected(String id) {
        return wholeGrid || study().config().cells().selects(id);
    }

    /** What {@code grid} gives with every cell selected, whatever {@code -Dcells} says. */
    static synchronized <T> T wholeGrid(java.util.function.Supplier<T> grid) {
        wholeGrid = true;
        try {
            return grid.get();
        } finally {
            wholeGrid = false;
        }
    }

    /** The rows of Table 1 at width k: the architectures with their "(-)" variants where they exist. */
    static List<NetworkSpec> variants(Scale.Preset p, int k) {
        return Arrays.stream(Architecture.values()).flatMap(a -> {
            NetworkSpec spec = p.network(a, k);
            return a.hasMinusVariant() ? Stream.of(spec, spec.withoutLastRelu()) : Stream.of(spec);
        }).toList();
    }

    /**
     * The architecture of the paper's best model for the task (SPEC §1.1: Table 2's networks); at the smoke scale
     * RevNet, the one architecture every task trains there.
     */
    static Architecture bestArchitecture(Study study, String task) {
        if (study.scale() == Scale.SMOKE) {
            return Architecture.REVNET;
        }
        return task.equals(RotationTask.NAME) ? Architecture.REVNET : Architecture.RESNET_V1;
    }

    /** The task's best architecture at width k, at this scale's depth and geometry. */
    static NetworkSpec bestNetwork(Study study, String task, int k) {
        return study.preset().network(bestArchitecture(study, task), k);
    }

    /** The tasks of a figure that runs on every task, except at the smoke scale: Rotation only. */
    static List<String> tasks(Study study) {
        return study.scale() == Scale.SMOKE ? List.of(RotationTask.NAME) : TASKS;
    }

    /** The paper's widths of Table 1 for a task: configurations that did not fit in memory were skipped. */
    static int[] paperWidths(String task) {
        return switch (task) {
            case RotationTask.NAME -> new int[] {4, 8, 12, 16};
            case ExemplarTask.NAME -> new int[] {4, 8, 12};
            default -> new int[] {4, 8};
        };
    }

    /** The widest network of the task's best architecture in Table 1's grid: Table 2's and Figure 8's network. */
    static int widest(Study study, String task) {
        int[] w = ArchitectureComparisonBenchmark.bestWidths(study, task);
        return w[w.length - 1];
    }

    /** The pre-logits cell of a task on a network, with the L-BFGS probe and the untrained control. */
    static Cell cell(Study study, String benchmark, String task, NetworkSpec network) {
        return study.cell(benchmark, task, network, SEED);
    }

    static Stream<Cell> selected(Stream<Cell> cells) {
        return cells.filter(c -> selected(c.id()));
    }

    /** Failures of cells computed ahead by {@link #computeOnWorkers}, rethrown by the cell's own test. */
    private static final Map<String, RuntimeException> FAILURES = new ConcurrentHashMap<>();
    /** Every cell of the run's benchmark classes, as {@link StudyPlanListener} planned them; empty without it. */
    private static volatile List<Cell> planned = List.of();

    static void planned(List<Cell> cells) {
        planned = List.copyOf(cells);
    }

    /**
     * Computes the cells of the whole run ahead of the tests, on the study's workers ({@link CellScheduler}): the
     * first class to ask computes every planned cell, so a table with one network (Figure 6 at smoke) or one
     * end-point (Figure 8) runs beside the others instead of alone; each test then reads its stored result and
     * checks it, or rethrows its cell's failure. Without a plan (a class run outside Maven's listener) it computes
     * the class's own cells. With one worker the tests compute their cells themselves, one after the other.
     */
    static void computeOnWorkers(Stream<Cell> classCells) {
        Study study = study();
        List<Cell> cells = planned.isEmpty() ? classCells.toList() : planned;
        FAILURES.putAll(CellScheduler.runAll(study, cells, Workers.workers(study)));
    }

    /**
     * Runs a cell (or reads it, or shares another table's identical cell) and checks what every stored row must
     * satisfy: the probe beats guessing the classes, its interval holds its value, a classification pretext task
     * beats guessing its classes and Exemplar's retrieval metric is positive.
     */
    static CellResult runAndCheck(Cell cell) {
        RuntimeException failed = FAILURES.remove(CellScheduler.failureKey(cell));
        if (failed != null) {
            throw failed;
        }
        CellResult r = study().run(cell);
        double chance = 1.0 / r.dataset().classes();
        assertTrue(r.metrics().probeTop1() > chance, () -> cell.id() + ": probe top-1 " + r.metrics().probeTop1()
                + " is not above chance " + chance);
        var top1 = r.metrics().top1();
        assertTrue(top1.low() <= top1.value() && top1.value() <= top1.high(), () -> cell.id() + ": interval " + top1);
        Head head = PretextTasks.get(cell.task()).head(cell.network().geometry());
        double pretextChance = head instanceof Head.Embedding ? 0 : 1.0 / head.outputs();
        assertTrue(r.metrics().pretextAccuracy() > pretextChance && r.metrics().pretextAccuracy() <= 1,
                () -> cell.id() + ": pretext accuracy " + r.metrics().pretextAccuracy() + " is not above chance "
                        + pretextChance);
        return r;
    }
}
