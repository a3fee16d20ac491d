package org.revisit.study;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revisit.data.Augmentation;
import org.revisit.data.DatasetSplits;
import org.revisit.data.FashionMnist;
import org.revisit.nets.Geometry;
import org.revisit.nets.Architecture;
import org.revisit.report.HtmlFormat;
import org.revisit.report.ReportMain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole path on a few real Fashion-MNIST images: train, cache, probe, store, re-run, report. */
class StudyTest {
    static DatasetSplits data;
    static final Scale.Preset TINY = new Scale.Preset(500, 64, 1, 32, Scale.smallDepths(), new int[] {1},
            new int[] {4}, 300, 100, 200, 64, Geometry.small(28, 1), Augmentation.smallImages(),
            new double[] {1e-2, 1e-1}, 50, 0.9);

    @BeforeAll
    static void load() {
        data = FashionMnist.load(FashionMnist.DEFAULT_FOLDER, TINY.valCount(), 0);
    }

    /** Exemplar through the whole cell: its triplet head trains, its nearest-neighbour metric is stored. */
    @Test
    void exemplarCellRunsEndToEnd(@TempDir Path dir) {
        Study study = new Study(Scale.SMOKE, TINY, data, new ResultStore(dir.resolve("results")));
        CellResult r = study.run(study.cell("architecture_comparison", "exemplar",
                TINY.network(Architecture.REVNET, 1), 0));
        assertEquals("exemplar", r.task());
        assertEquals(64, r.metrics().pretextEvalImages());
        assertTrue(r.metrics().pretextAccuracy() > 0 && r.metrics().pretextAccuracy() <= 1);
        assertTrue(r.metrics().probeTop1() > 0.1, "probe top-1 " + r.metrics().probeTop1());
    }

    @Test
    void cellRunsStoresAndIsReusedThenRendered(@TempDir Path dir) throws IOException {
        ResultStore store = new ResultStore(dir.resolve("results"));
        Study study = new Study(Scale.SMOKE, TINY, data, store);
        Cell cell = study.cell("architecture_comparison", "rotation",
                TINY.network(Architecture.RESNET_V2, 1), 0);
        CellResult first = study.run(cell);
        assertEquals(4, first.paperWidth());
        assertEquals("smoke", first.scale());
        assertFalse(first.timings().networkFromCache());
        assertTrue(first.metrics().probeTop1() > 0.1 && first.metrics().probeTop1() <= 1);
        assertEquals(200, first.metrics().testImages());
        assertEquals(512, first.metrics().features());
        assertEquals(data.fingerprint(), first.dataset());
        assertFalse(first.provenance().backend().isEmpty());

        // a second run computes nothing: the stored record comes back unchanged
        assertEquals(first, study.run(cell));
        assertEquals(1, store.all().size());

        // without the stored result, the network comes from the cache and the probe gives the same numbers
        try (Stream<Path> files = Files.walk(store.root().resolve("cells"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.delete(f);
            }
        }
        CellResult again = study.run(cell);
        assertTrue(again.timings().networkFromCache());
        assertEquals(first.metrics().pretextAccuracy(), again.metrics().pretextAccuracy());
        assertEquals(first.metrics().probeTop1(), again.metrics().probeTop1());
        assertEquals(first.metrics().probeTop1Untrained(), again.metrics().probeTop1Untrained());

        Path report = ReportMain.render(Scale.SMOKE, store, dir.resolve("report"), Path.of("templates"),
                HtmlFormat.Plotly.SIBLING);
        String html = Files.readString(report.resolve("index.html"));
        assertTrue(html.contains("rotation") && html.contains("resnet50_v2"));
        assertTrue(html.contains("Pretext tasks as run") && html.contains("RotationTask{"), "the task protocol is shown");
        assertTrue(html.contains(String.format("%.2f", 100 * again.metrics().probeTop1())));
        assertTrue(Files.size(report.resolve(HtmlFormat.PLOTLY_FILE)) > 1_000_000);
        String csv = Files.readString(report.resolve("architecture_comparison.csv"));
        assertTrue(csv.startsWith("task,architecture,k,paper k,"), csv);
        assertTrue(csv.contains("43.8"), "paper value for rotation / resnet50_v2 / k=4 beside the cell: " + csv);
    }

    @Test
    void cellOfAnotherScaleIsRefused(@TempDir Path dir) {
        Study study = new Study(Scale.SMOKE, TINY, data, new ResultStore(dir));
        Cell cell = study.cell("b", "rotation", TINY.network(Architecture.RESNET_V2, 1), 0);
        Cell other = new Cell(cell.benchmark(), cell.task(), cell.network(), 4, cell.training(), cell.endPoint(),
                Scale.SMALL);
        assertThrows(IllegalArgumentException.class, () -> study.run(other));
    }

    /** -Dcells selects cells by a pattern found in their id; a malformed pattern is refused with its text. */
    @Test
    void cellsPropertySelectsByPattern(@TempDir Path dir) {
        Study study = new Study(Scale.SMOKE, TINY, data, new ResultStore(dir.resolve("results")));
        Cell rotation = study.cell("b", "rotation", TINY.network(Architecture.REVNET, 1), 0);
        Cell minus = study.cell("b", "rotation", TINY.network(Architecture.REVNET, 1).withoutLastRelu(), 0);
        Cell jigsaw = study.cell("b", "jigsaw", TINY.network(Architecture.RESNET_V2, 1), 0);
        String saved = System.getProperty("cells");
        try {
            System.clearProperty("cells");
            assertTrue(Study.selected(rotation) && Study.selected(jigsaw));
            System.setProperty("cells", "^rotation revnet50 k=1 ");
            assertTrue(Study.selected(rotation));
            assertFalse(Study.selected(minus), minus.id());
            assertFalse(Study.selected(jigsaw));
            System.setProperty("cells", "jigsaw|\\(-\\)");
            assertEquals("rotation revnet50 (-) k=1 (1,1,1,1) @pre_logits", minus.id());
            assertTrue(Study.selected(jigsaw) && Study.selected(minus) && !Study.selected(rotation));
            System.setProperty("cells", "rotation(");
            var e = assertThrows(IllegalArgumentException.class, () -> Study.selected(rotation));
            assertTrue(e.getMessage().contains("-Dcells='rotation('"), e.getMessage());
        } finally {
            if (saved == null) {
                System.clearProperty("cells");
            } else {
                System.setProperty("cells", saved);
            }
        }
    }

    @Test
    void scalesParseAndUnknownNamesAreRefused() {
        assertEquals(Scale.SMALL, Scale.parse(""));
        assertEquals(Scale.SMOKE, Scale.parse(" Smoke "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scale.parse("huge"));
        assertEquals("unknown scale 'huge' (property -Dscale); expected one of [smoke, small, paper]", e.getMessage());
    }
}
