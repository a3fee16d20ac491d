package org.revisit.benchmarks;

import org.revisit.cost.Workers;
import org.revisit.nets.Head;
import org.revisit.plan.Grids;
import org.revisit.pretext.TaskName;
import org.revisit.run.CellScheduler;
import org.revisit.study.Cell;
import org.revisit.study.CellResult;
import org.revisit.study.ProbeSetting;
import org.revisit.study.RunConfig;
import org.revisit.study.Scale;
import org.revisit.study.Study;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the study's benchmark classes share: the run's {@link Study}, the selection of rows by {@code -Dcells}, the
 * cells computed ahead on the study's workers and the checks every stored cell must pass. The grids themselves are
 * declared in {@code org.revisit.plan}.
 */
final class StudyGrid {
    private StudyGrid() {
    }

    private static Study study;

    /** The run's study: the {@link RunConfig} of the JVM's system properties, parsed once. */
    static synchronized Study study() {
        if (study == null) {
            study = Study.of(RunConfig.fromSystemProperties());
        }
        return study;
    }

    /** Whether the run computes the row {@code id} ({@code -Dcells}). */
    static boolean selected(String id) {
        return study().config().cells().selects(id);
    }

    private static boolean pixelsReady;

    /** The raw-pixel baselines every table is read beside, computed once per run when not stored. */
    private static synchronized void pixelBaselines(Study study) {
        if (!pixelsReady) {
            study.pixelBaselines();
            pixelsReady = true;
        }
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
        pixelBaselines(study);
        List<Cell> cells = planned.isEmpty() ? classCells.toList() : planned;
        FAILURES.putAll(CellScheduler.runAll(study, cells, Workers.workers(study)));
    }

    /**
     * Runs a cell (or reads it, or shares another table's identical cell) and checks what every stored row must
     * satisfy: the probe beats guessing the classes, its interval holds its value, a classification pretext task
     * beats guessing its classes and Exemplar's retrieval metric is positive (a learning curve's points excepted); at
     * the smoke scale the Rotation network of the smoke's best architecture beats its untrained control at the
     * pre-logits; an SGD or MLP probe has its validation curve, a label budget its share of the labels.
     */
    static CellResult runAndCheck(Cell cell) {
        RuntimeException failed = FAILURES.remove(CellScheduler.failureKey(cell));
        if (failed != null) {
            throw failed;
        }
        CellResult r = study().run(cell);
        double chance = 1.0 / r.run().dataset().classes();
        assertTrue(r.metrics().probeTop1() > chance, () -> cell.id() + ": probe top-1 " + r.metrics().probeTop1()
                + " is not above chance " + chance);
        var top1 = r.metrics().top1();
        assertTrue(top1.low() <= top1.value() && top1.value() <= top1.high(), () -> cell.id() + ": interval " + top1);
        Head head = cell.task().task().head(cell.network().geometry());
        double pretextChance = head instanceof Head.Embedding ? 0 : 1.0 / head.outputs();
        if (cell.atStep() < 0) { // a learning curve's first points may be at chance
            assertTrue(r.metrics().pretextAccuracy() > pretextChance && r.metrics().pretextAccuracy() <= 1,
                    () -> cell.id() + ": pretext accuracy " + r.metrics().pretextAccuracy() + " is not above chance "
                            + pretextChance);
        }
        if (study().scale() == Scale.SMOKE && cell.task() == TaskName.ROTATION && cell.control()
                && cell.network().architecture() == Grids.bestArchitecture(study(), TaskName.ROTATION)
                && cell.atStep() < 0 && cell.probe().kind() == ProbeSetting.Kind.LBFGS
                && cell.probe().labelFraction() == 1.0 && cell.endPoint().equals("pre_logits")) {
            // CI's guard on the recipe: a trained Rotation network that does not beat its own untrained weights
            // means pretext training stopped adding anything
            assertTrue(top1.value() > r.metrics().top1Untrained().value(), () -> cell.id() + ": trained top-1 "
                    + top1 + " does not beat its untrained control " + r.metrics().top1Untrained());
        }
        Scale.Preset p = study().preset();
        if (cell.probe().kind() != ProbeSetting.Kind.LBFGS) {
            int epochs = cell.probe().epochs(p);
            assertEquals(epochs, r.metrics().validationTop1ByEpoch().size(), 1,
                    () -> cell.id() + ": an SGD probe records one validation point per epoch");
        }
        double fraction = cell.probe().labelFraction();
        if (fraction < 1) {
            int classes = r.run().dataset().classes();
            assertTrue(Math.abs(r.metrics().probeTrainImages() - fraction * p.probeTrainImages()) <= classes,
                    () -> cell.id() + ": " + r.metrics().probeTrainImages() + " training labels for a budget of "
                            + fraction + " of " + p.probeTrainImages());
            assertTrue(Math.abs(r.metrics().probeValImages() - fraction * p.probeValImages()) <= classes,
                    () -> cell.id() + ": " + r.metrics().probeValImages() + " validation labels for a budget of "
                            + fraction + " of " + p.probeValImages());
        }
        return r;
    }
}
