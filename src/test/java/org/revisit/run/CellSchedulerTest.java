package org.revisit.run;

import org.revisit.pretext.TaskName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.revisit.faults.ExpectedFaults;
import org.junit.jupiter.api.io.TempDir;
import org.revisit.cost.CostModel;
import org.revisit.cost.CostModelTest;
import org.revisit.cost.Workers;
import org.revisit.data.DatasetSplits;
import org.revisit.data.FashionMnist;
import org.revisit.nets.Architecture;
import org.revisit.pretext.RotationTask;
import org.revisit.study.Cell;
import org.revisit.study.CellResult;
import org.revisit.study.ResultStore;
import org.revisit.study.Scale;
import org.revisit.study.Study;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cells of a real tiny study on two workers: each network trained once, failures kept per cell. */
class CellSchedulerTest {
    static final Scale.Preset TINY = CostModelTest.TINY;
    static DatasetSplits data;

    @BeforeAll
    static void load() {
        data = FashionMnist.load(FashionMnist.DEFAULT_FOLDER, TINY.valCount(), 0);
    }

    @Test
    @ExtendWith(ExpectedFaults.class)
    void twoWorkersComputeEveryCellOnceAndRecordTheirConcurrency(@TempDir Path dir) {
        Study study = new Study(Scale.SMOKE, TINY, data, new ResultStore(dir.resolve("results")));
        Cell revnet = study.cell("architecture_comparison", TaskName.ROTATION, TINY.network(Architecture.REVNET, 1), 0);
        Cell vgg = study.cell("architecture_comparison", TaskName.ROTATION, TINY.network(Architecture.VGG19_BN, 1), 0);
        // another end-point of the RevNet: the same job as its pre-logits cell (the network is not trained yet)
        Cell block3 = revnet.at("block3").withoutControl();
        // an end-point the network does not have fails after training; the other cells go on
        Cell broken = vgg.at("no_such_layer").withoutControl();
        List<Cell> cells = List.of(revnet, vgg, block3, broken);

        List<CellScheduler.Job> jobs = CellScheduler.jobs(study, cells);
        assertEquals(2, jobs.size(), "one job per network not trained yet: " + jobs);
        assertTrue(jobs.get(0).seconds() >= jobs.get(1).seconds(), "longest first: " + jobs);

        Map<String, RuntimeException> failures = CellScheduler.runAll(study, cells, 2);
        assertEquals(1, failures.size(), failures::toString);
        RuntimeException e = failures.get(CellScheduler.failureKey(broken));
        assertTrue(e.getMessage().contains("no_such_layer"), e::getMessage);

        for (Cell c : List.of(revnet, vgg, block3)) {
            assertTrue(study.status(c).done(), c.id());
            CellResult r = study.store().find(c.benchmark(), study.status(c).cellKey()).orElseThrow();
            assertEquals(2, r.timings().concurrentCells(), c.id());
        }
        assertFalse(study.status(broken).done());
        // the RevNet was trained once: the second cell of its job found it in the cache
        CellResult pre = study.run(revnet);
        CellResult b3 = study.run(block3);
        assertFalse(pre.timings().networkFromCache());
        assertTrue(b3.timings().networkFromCache());
        assertEquals(pre.networkKey(), b3.networkKey());
        // the cost model takes the RevNet's rate, measured beside another cell, as slower than alone
        double alone = TINY.pretextImages() * TINY.epochs()
                / (pre.timings().trainImagesPerSecond() * Workers.slowdown(2));
        double estimate = new CostModel(TINY, study.store().all(), List.of(), List.of(), 1)
                .estimate(study, List.of(revnet), true).get(0).trainSeconds();
        assertEquals(alone, estimate, 1e-9 * alone);
        // and a re-run has nothing left to do
        assertTrue(CellScheduler.runAll(study, List.of(revnet, vgg, block3), 2).isEmpty());
        // the failing cell fails again when its own test runs it, with the same message
        RuntimeException again = assertThrows(RuntimeException.class, () -> study.run(broken));
        assertEquals(e.getClass(), again.getClass());
    }

    @Test
    void workersMustBeAWholeNumber() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("revisit.workers", "two");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> org.revisit.study.RunConfig.from(p));
        assertTrue(e.getMessage().contains("-Drevisit.workers='two'"), e::getMessage);
        assertEquals(1, Workers.slowdown(1));
        assertEquals(2 / Workers.TWO_WORKER_SPEEDUP, Workers.slowdown(2), 1e-12);
    }
}
