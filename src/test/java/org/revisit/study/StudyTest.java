package org.revisit.study;

import org.revisit.pretext.TaskName;
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
            new double[] {1e-2, 1e-1}, 50, 0.9, 2250, 0.05, 64);

    @BeforeAll
    static void load() {
        data = FashionMnist.load(FashionMnist.DEFAULT_FOLDER, TINY.valCount(), 0);
    }

    /** Exemplar through the whole cell: its triplet head trains, its nearest-neighbour metric is stored. */
    @Test
    void exemplarCellRunsEndToEnd(@TempDir Path dir) {
        Study study = new Study(Scale.SMOKE, TINY, data, new ResultStore(dir.resolve("results")));
        CellResult r = study.run(study.cell("architecture_comparison", TaskName.EXEMPLAR,
                TINY.network(Architecture.REVNET, 1), 0));
        assertEquals("exemplar", r.task().id());
        assertEquals(64, r.metrics().pretextEvalImages());
        assertTrue(r.metrics().pretextAccuracy() > 0 && r.metrics().pretextAccuracy() <= 1);
        assertTrue(r.metrics().probeTop1() > 0.1, "probe top-1 " + r.metrics().probeTop1());
    }

    /**
     * A learning curve's points: step 0 probes the initial weights (its top-1 is its control's), the snapshot inside
     * the run is read from the network's folder, the last step is the finished network of Table 1's cell, each point
     * has its own key and the finished network's cell keeps its key without a step mark.
     */
    @Test
    void learningCurvePointsReadTheOneTrainingRun(@TempDir Path dir) {
        Study study = new Study(Scale.SMOKE, TINY, data, new ResultStore(dir.resolve("results")));
        Cell base = study.cell("learning_curve", TaskName.ROTATION, TINY.network(Architecture.REVNET, 1), 0);
        assertEquals(2, study.trainingSteps(base), "64 images in batches of 32, one epoch");
        CellResult finished = study.run(base);
        CellResult start = study.run(base.afterStep(0));
        CellResult middle = study.run(base.afterStep(1));
        CellResult end = study.run(base.afterStep(2));
        assertEquals(0, start.probe().atStep());
        assertEquals(1, middle.probe().atStep());
        assertEquals(null, finished.probe().atStep());
        assertEquals(start.metrics().top1Untrained().value(), start.metrics().top1().value(), 0.0,
                "step 0 is the control");
        assertEquals(finished.metrics().top1().value(), end.metrics().top1().value(), 0.0);
        assertEquals(finished.metrics().pretextAccuracy(), end.metrics().pretextAccuracy(), 0.0);
        assertEquals(finished.metrics().top1Untrained().value(), middle.metrics().top1Untrained().value(), 0.0,
                "one control for the whole curve");
        assertTrue(middle.timings().networkFromCache(), "nothing trained twice");
        assertEquals(4, java.util.Set.of(finished.cellKey(), start.cellKey(), middle.cellKey(), end.cellKey())
                .size());
        assertTrue(middle.cellId().endsWith(" step 1"), middle.cellId());
        // which test images each probe got right is stored, so the gain over the control is paired
        org.revisit.probe.Hits.Paired atStart = study.run(base.afterStep(0)).metrics().pairedGain().orElseThrow();
        assertEquals(0, atStart.onlyA() + atStart.onlyB(), "step 0 is its own control, image by image");
        org.revisit.probe.Hits.Paired atEnd = study.run(base).metrics().pairedGain().orElseThrow();
        assertEquals(finished.metrics().top1().value() - finished.metrics().top1Untrained().value(), atEnd.value(),
                1e-9, "read back from the store");
        assertThrows(RuntimeException.class, () -> study.run(base.afterStep(3)), "past the run's end");
    }

    @Test
    void cellRunsStoresAndIsReusedThenRendered(@TempDir Path dir) throws IOException {
        ResultStore store = new ResultStore(dir.resolve("results"));
        Study study = new Study(Scale.SMOKE, TINY, data, store);
        Cell cell = study.cell("architecture_comparison", TaskName.ROTATION,
                TINY.network(Architecture.RESNET_V2, 1), 0);
        CellResult first = study.run(cell);
        assertEquals(4, first.network().paperWidth());
        assertEquals("smoke", first.run().scale().id());
        assertFalse(first.timings().networkFromCache());
        assertTrue(first.metrics().probeTop1() > 0.1 && first.metrics().probeTop1() <= 1);
        assertEquals(200, first.metrics().testImages());
        assertEquals(512, first.metrics().features());
        assertEquals(data.fingerprint(), first.run().dataset());
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
        assertTrue(again.timings().featuresFromCache(), "the features come from the feature cache");
        assertFalse(first.timings().featuresFromCache());
        assertEquals(first.metrics().probeTop1(), again.metrics().probeTop1());
        assertEquals(first.metrics().top1Untrained(), again.metrics().top1Untrained());
        assertEquals(first.metrics().top5(), again.metrics().top5());
        assertTrue(first.metrics().top5().value() >= first.metrics().top1().value());

        Path report = ReportMain.render(Scale.SMOKE, store, dir.resolve("report"), Path.of("templates"),
                HtmlFormat.Plotly.SIBLING);
        String html = Files.readString(report.resolve("index.html"));
        assertTrue(html.contains("rotation") && html.contains("resnet50_v2"));
        assertTrue(html.contains("Pretext tasks as run") && html.contains("rotations=[0,90,180,270]")
                && !html.contains("RotationTask{"), "the task protocol is shown as its settings");
        assertTrue(html.contains(String.format("%.2f", 100 * again.metrics().probeTop1())));
        assertTrue(Files.size(report.resolve(HtmlFormat.PLOTLY_FILE)) > 1_000_000);
        String csv = Files.readString(report.resolve("architecture_comparison.csv"));
        assertTrue(csv.startsWith("task,architecture,k,paper k,"), csv);
        assertTrue(csv.contains("43.8"), "paper value for rotation / resnet50_v2 / k=4 beside the cell: " + csv);
    }

    /**
     * The protocols of one network: other end-points, the SGD and MLP probes and a label budget reuse the trained
     * network; each end-point's features are pooled to the target; the budget records its subset.
     */
    @Test
    void probeSettingsShareTheNetwork(@TempDir Path dir) {
        Study study = new Study(Scale.SMOKE, TINY, data, new ResultStore(dir.resolve("results")));
        Cell base = study.cell("probe_protocols", TaskName.ROTATION, TINY.network(Architecture.REVNET, 1), 0);
        CellResult pre = study.run(base);
        assertEquals("lbfgs", pre.probe().kind().id());
        assertEquals("all", pre.probe().labelSubset());

        CellResult block1 = study.run(base.at("block1"));
        assertTrue(block1.timings().networkFromCache());
        // RevNet k=1 at 28 px: block1 is 28 x 28 x 64 = 50,176 values; kernel ceil(sqrt(50176 / 2250)) = 5
        assertEquals(new org.revisit.probe.FeaturePooling(2250).features(28, 28, 64), block1.metrics().features());
        assertEquals(5 * 5 * 64, block1.metrics().features());
        assertEquals(2250, block1.probe().poolingTarget());

        CellResult mlp = study.run(base.with(ProbeSetting.mlp(30)));
        assertEquals("mlp", mlp.probe().kind().id());
        assertEquals(Math.round(70 * TINY.probeEpochScale()), mlp.metrics().validationTop1ByEpoch().size());
        assertTrue(Double.isNaN(mlp.metrics().chosenL2()));
        assertTrue(mlp.run().descriptions().probe().contains("hidden=1000"), mlp.run().descriptions().probe());

        Cell tenth = base.with(ProbeSetting.lbfgs().withLabels(0.1));
        assertEquals("rotation revnet50 k=1 (1,1,1,1) @pre_logits lbfgs 10% labels", tenth.id());
        CellResult budget = study.run(tenth);
        assertEquals(30, budget.metrics().probeTrainImages(), 10); // 10 % of 300, rounded per class
        assertEquals(0.1, budget.probe().labelFraction());
        assertEquals(10, budget.metrics().probeValImages(), 5); // the validation split is drawn down too
        assertTrue(budget.probe().labelSubset().contains("+"), budget.probe().labelSubset());
        assertTrue(budget.timings().featuresFromCache(), "the pre-logits features of the first cell are reused");
        assertEquals(4, study.store().all().size());
    }

    @Test
    void probeSettingsAreCheckedAndNamed() {
        assertEquals("", ProbeSetting.lbfgs().label());
        assertEquals(" sgd(480)", ProbeSetting.sgd(480).label());
        assertEquals(" mlp(30) 5% labels", ProbeSetting.mlp(30).withLabels(0.05).label());
        var e = assertThrows(IllegalArgumentException.class, () -> ProbeSetting.lbfgs().withLabels(0));
        assertTrue(e.getMessage().contains("labelFraction must be in (0, 1]; got 0.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProbeSetting.lbfgs().withLabels(1.5));
        assertThrows(IllegalArgumentException.class, () -> ProbeSetting.sgd(0));
        assertThrows(IllegalArgumentException.class, () -> new ProbeSetting(ProbeSetting.Kind.LBFGS, 30, 1.0));
        String sgd = ProbeSetting.sgd(30).build(TINY, 0).toString();
        assertTrue(sgd.contains("linear") && sgd.contains("epochs=" + Math.round(70 * TINY.probeEpochScale()))
                && sgd.contains("batch=64"), sgd);
    }

    @Test
    void cellOfAnotherScaleIsRefused(@TempDir Path dir) {
        Study study = new Study(Scale.SMOKE, TINY, data, new ResultStore(dir));
        Cell cell = study.cell("b", TaskName.ROTATION, TINY.network(Architecture.RESNET_V2, 1), 0);
        Cell other = new Cell(cell.benchmark(), cell.task(), cell.network(), 4, cell.training(), cell.endPoint(),
                cell.probe(), Scale.SMALL, true);
        assertThrows(IllegalArgumentException.class, () -> study.run(other));
    }

    /** -Dcells selects cells by a pattern found in their id; a malformed pattern is refused with its text. */
    @Test
    void cellsPropertySelectsByPattern(@TempDir Path dir) {
        Study study = new Study(Scale.SMOKE, TINY, data, new ResultStore(dir.resolve("results")));
        Cell rotation = study.cell("b", TaskName.ROTATION, TINY.network(Architecture.REVNET, 1), 0);
        Cell minus = study.cell("b", TaskName.ROTATION, TINY.network(Architecture.REVNET, 1).withoutLastRelu(), 0);
        Cell jigsaw = study.cell("b", TaskName.JIGSAW, TINY.network(Architecture.RESNET_V2, 1), 0);
        CellFilter all = CellFilter.of("");
        assertTrue(all.selectsAll() && all.selects(rotation) && all.selects(jigsaw));
        CellFilter revnet = CellFilter.of("^rotation revnet50 k=1 ");
        assertTrue(revnet.selects(rotation));
        assertFalse(revnet.selects(minus), minus.id());
        assertFalse(revnet.selects(jigsaw));
        CellFilter either = CellFilter.of("jigsaw|\\(-\\)");
        assertEquals("rotation revnet50 (-) k=1 (1,1,1,1) @pre_logits", minus.id());
        assertTrue(either.selects(jigsaw) && either.selects(minus) && !either.selects(rotation));
        var e = assertThrows(IllegalArgumentException.class, () -> CellFilter.of("rotation("));
        assertTrue(e.getMessage().contains("-Dcells='rotation('"), e.getMessage());
    }

    @Test
    void scalesParseAndUnknownNamesAreRefused() {
        assertEquals(Scale.SMALL, Scale.parse(""));
        assertEquals(Scale.SMOKE, Scale.parse(" Smoke "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scale.parse("huge"));
        assertEquals("unknown scale 'huge' (property -Dscale); expected one of [smoke, small, paper]", e.getMessage());
    }
}
