package org.revisit.cost;

import org.revisit.pretext.TaskName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revisit.data.Augmentation;
import org.revisit.data.DatasetSplits;
import org.revisit.data.FashionMnist;
import org.revisit.nets.Architecture;
import org.revisit.nets.Geometry;
import org.revisit.nets.NetworkSize;
import org.revisit.pretext.RotationTask;
import org.revisit.study.Cell;
import org.revisit.study.CellResult;
import org.revisit.study.ProbeSetting;
import org.revisit.study.ResultStore;
import org.revisit.study.Scale;
import org.revisit.study.Study;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cost model on a real tiny study: FLOPs before anything ran, the cell's own measurements after. */
public class CostModelTest {
    public static final Scale.Preset TINY = new Scale.Preset(500, 64, 1, 32, Scale.smallDepths(), new int[] {1, 2},
            new int[] {4, 8}, 300, 100, 200, 64, Geometry.small(28, 1), Augmentation.smallImages(),
            new double[] {1e-2, 1e-1}, 50, 0.9, 2250, 0.05, 64);
    static DatasetSplits data;

    @BeforeAll
    static void load() {
        data = FashionMnist.load(FashionMnist.DEFAULT_FOLDER, TINY.valCount(), 0);
    }

    @Test
    void forecastsFromFlopsThenFromTheCellsOwnMeasurements(@TempDir Path dir) {
        Study study = new Study(Scale.SMOKE, TINY, data, new ResultStore(dir.resolve("results")));
        Cell k1 = study.cell("architecture_comparison", TaskName.ROTATION, TINY.network(Architecture.RESNET_V2, 1), 0);
        Cell k2 = study.cell("architecture_comparison", TaskName.ROTATION, TINY.network(Architecture.RESNET_V2, 2), 0);
        Cell mlp = k1.with(ProbeSetting.mlp(30));
        List<Cell> cells = List.of(k1, k2, mlp);

        List<CellEstimate> before = CostModel.of(study).estimate(study, cells, false);
        assertTrue(before.get(0).basis().startsWith("FLOPs at "), before.get(0).basis());
        // the wider network costs more in proportion to its training FLOPs
        double flops1 = NetworkSize.of(k1.network(), new RotationTask().head(k1.network().geometry())).multiplyAdds();
        double flops2 = NetworkSize.of(k2.network(), new RotationTask().head(k2.network().geometry())).multiplyAdds();
        assertEquals(flops2 / flops1, before.get(1).trainSeconds() / before.get(0).trainSeconds(), 1e-9);
        // the MLP cell shares k1's network and features: it only pays its probe
        assertEquals(0, before.get(2).trainSeconds());
        assertEquals(0, before.get(2).extractSeconds());
        assertTrue(before.get(2).probeSeconds() > 0);

        CellResult r = study.run(k1);
        // another table's identical cell shares the stored result instead of computing it again
        CellResult shared = study.run(k1.in("pretext_vs_downstream"));
        assertEquals("pretext_vs_downstream", shared.benchmark());
        assertEquals(r.cellKey(), shared.cellKey());
        assertEquals(r.timings(), shared.timings());
        assertTrue(study.store().find("pretext_vs_downstream", r.cellKey()).isPresent());
        CostModel after = CostModel.of(study);
        List<CellEstimate> remaining = after.estimate(study, cells, false);
        assertTrue(remaining.get(0).done());
        assertEquals(0, remaining.get(0).totalSeconds());
        assertEquals("cached", remaining.get(2).basis(), "k1's network is cached now");
        assertEquals(0, remaining.get(2).trainSeconds());

        List<CellEstimate> scratch = after.estimate(study, cells, true);
        assertEquals("measured cell", scratch.get(0).basis());
        // an estimate is the cell's share of the run's wall time: its time alone over the workers' speed-up
        double expected = TINY.pretextImages() * TINY.epochs() / r.timings().trainImagesPerSecond()
                / Workers.speedup(after.workers());
        assertEquals(expected, scratch.get(0).trainSeconds(), 1e-6 * expected);
        assertTrue(StudyPlan.total(scratch) > StudyPlan.total(remaining));
    }

    @Test
    void sharedCellsAreFreeAndTheControlCostsItsOwnFeaturesAndProbe(@TempDir Path dir) {
        Study study = new Study(Scale.SMOKE, TINY, data, new ResultStore(dir.resolve("results")));
        Cell base = study.cell("architecture_comparison", TaskName.ROTATION, TINY.network(Architecture.REVNET, 1), 0);
        Cell shared = base.in("pretext_vs_downstream");
        Cell withoutControl = base.at("block1").withoutControl();
        Cell withControl = base.at("block1");
        List<CellEstimate> e = CostModel.of(study).estimate(study, List.of(base, shared, withoutControl,
                withControl), true);
        assertTrue(e.get(1).done(), "the same key in another table is computed once");
        assertEquals(0, e.get(1).totalSeconds());
        assertTrue(e.get(2).extractSeconds() > 0 && e.get(2).probeSeconds() > 0);
        // the control's cell adds the initial weights' features (the trained ones are counted) and a second probe
        assertEquals(e.get(2).extractSeconds(), e.get(3).extractSeconds(), 1e-9);
        assertEquals(2 * e.get(2).probeSeconds(), e.get(3).probeSeconds(), 1e-9);
    }
}
