package org.revisit.plan;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.revisit.data.DatasetSplits;
import org.revisit.data.FashionMnist;
import org.revisit.study.Cell;
import org.revisit.study.CellFilter;
import org.revisit.study.ResultStore;
import org.revisit.study.RunConfig;
import org.revisit.study.Scale;
import org.revisit.study.Study;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The study's plan as declared in main code: the size of every table's grid at each scale (the smoke and small
 * counts were 43 and 218 cells when the grids moved here from the benchmark classes; the learning curves added 9 and
 * 36), every cell named by its table, no cell twice in a table, and {@code -Dcells} selecting within a grid without
 * changing it.
 */
class StudyTableTest {
    private static DatasetSplits data;

    @BeforeAll
    static void load() {
        data = FashionMnist.load(FashionMnist.DEFAULT_FOLDER, 100, 0);
    }

    private static Study study(Scale scale, Path dir, String cells) {
        RunConfig config = RunConfig.defaults(scale).withCells(CellFilter.of(cells));
        ResultStore store = new ResultStore(dir.resolve("results"));
        return new Study(config, scale.preset(), data, data, store, store.networks());
    }

    private static Map<StudyTable, Integer> sizes(Study study) {
        Map<StudyTable, Integer> m = new EnumMap<>(StudyTable.class);
        for (StudyTable t : StudyTable.values()) {
            m.put(t, (int) t.cells(study).count());
        }
        return m;
    }

    @Test
    void everyScaleHasItsGrid(@TempDir Path dir) {
        // the learning curves: step 0, 7 snapshots and the last step of Rotation (smoke) or each task (small)
        assertEquals(List.of(1, 5, 2, 10, 6, 3, 10, 3, 4, 9),
                List.copyOf(sizes(study(Scale.SMOKE, dir, null)).values()),
                "smoke: the supervised ceiling, Table 1, Figures 6, 5, 4, 7, 3, 8, Table 2, learning curves");
        // the supervised ceiling: four architectures at k = 1, the tasks' two best at k = 2
        assertEquals(List.of(6, 28, 18, 60, 40, 24, 32, 12, 4, 36),
                List.copyOf(sizes(study(Scale.SMALL, dir, null)).values()), "small");
        // paper: Table 1 has 6 rows (4 architectures, 2 "(-)" variants) at 4 + 3 + 2 + 2 task widths = 66 cells;
        // Figure 6 every task at k = 4..16 with and without d = 512, 2048, 8192; Table 2 one cell per task
        Map<StudyTable, Integer> paper = sizes(study(Scale.PAPER, dir, null));
        assertEquals(66, paper.get(StudyTable.ARCHITECTURE_COMPARISON));
        assertEquals(4 * 4 * 4, paper.get(StudyTable.WIDTH_SWEEP));
        assertEquals(4, paper.get(StudyTable.PRIOR_WORK));
        assertEquals(4 * 3, paper.get(StudyTable.PROBE_SCHEDULE));
        assertEquals(4 * 2, paper.get(StudyTable.LEARNING_CURVE), "no snapshots at the paper scale: two ends");
        assertEquals(0, paper.get(StudyTable.BASELINES), "the paper's own supervised numbers are the ceiling");
    }

    @Test
    void eachTableNamesItsBenchmarkClass() {
        assertEquals("ArchitectureComparisonBenchmark", StudyTable.ARCHITECTURE_COMPARISON.benchmarkClass());
        assertEquals("PriorWorkBenchmark", StudyTable.PRIOR_WORK.benchmarkClass());
        for (StudyTable t : StudyTable.values()) {
            assertEquals(t, StudyTable.ofBenchmarkClass(t.benchmarkClass()).orElseThrow());
        }
        assertTrue(StudyTable.ofBenchmarkClass("ThroughputBenchmark").isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Scale.class)
    void everyCellIsNamedByItsTableAndPlannedOnce(Scale scale, @TempDir Path dir) {
        Study study = study(scale, dir, null);
        for (StudyTable t : StudyTable.values()) {
            List<Cell> cells = t.cells(study).toList();
            assertFalse(cells.isEmpty() && !(t == StudyTable.BASELINES && scale == Scale.PAPER), t + " at " + scale);
            Set<String> ids = new HashSet<>();
            for (Cell c : cells) {
                assertEquals(t.id(), c.benchmark(), c.id());
                assertTrue(ids.add(c.id() + " " + c.probe()), () -> t + " plans " + c.id() + " twice");
            }
        }
    }

    @Test
    void cellsSelectsWithinTheGrid(@TempDir Path dir) {
        Study all = study(Scale.SMOKE, dir, null);
        Study vgg = study(Scale.SMOKE, dir, "vgg19_bn");
        for (StudyTable t : StudyTable.values()) {
            List<Cell> selected = t.selectedCells(vgg).toList();
            assertEquals(t.cells(all).filter(c -> c.id().contains("vgg19_bn")).toList(), selected, t.id());
            assertEquals(t.cells(all).toList(), t.cells(vgg).toList(), "the grid itself ignores -Dcells");
        }
        assertTrue(StudyTable.LAYERWISE_PROBE.selectedCells(vgg).findAny().isPresent());
    }
}
