package org.revisit.report;

import org.junit.jupiter.api.Test;
import org.revisit.claims.ClaimResult;
import org.revisit.claims.Verdict;
import org.revisit.data.DatasetSplits.DatasetFingerprint;
import org.revisit.nets.Architecture;
import org.revisit.paper.PaperValues;
import org.revisit.pretext.TaskName;
import org.revisit.probe.Accuracy;
import org.revisit.study.CellResult;
import org.revisit.study.ProbeSetting;
import org.revisit.study.Provenance;
import org.revisit.study.Scale;
import tech.tablesaw.api.Table;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a reader sees first: the headline, one-line claims, the decision columns, figures on their real axes. */
class ReadableReportTest {
    private static final int N = 10_000;

    /** A cell of {@code benchmark} with top-1 {@code top1} against an untrained control of 70 %. */
    private static CellResult cell(String benchmark, String id, int width, ProbeSetting.Kind kind, int firstDecay,
                                   double top1) {
        CellResult.Run run = new CellResult.Run(benchmark, id, "key-" + id, "net" + width, Scale.SMOKE,
                TaskName.ROTATION, 0, new CellResult.Network(Architecture.RESNET_V2, true, width, 4 * width,
                "(1,1,1,1)", 0), new CellResult.Probing("pre_logits", kind, firstDecay, 1.0, "all", 2250),
                new CellResult.Descriptions("net", "training", "probe"),
                new DatasetFingerprint("fashion-mnist", "abc", "def", 10, 5, 5, 28, 28, 1, 10), null);
        return new CellResult(CellResult.FORMAT_VERSION, run,
                new CellResult.Metrics(0.8, 100, Accuracy.of(Math.round(top1 * N), N), Accuracy.of(9_900, N),
                        Accuracy.of(7_000, N), Accuracy.notMeasured(), 0.01, Map.of("0.01", 0.75), List.of(), 40,
                        true, 10, 5, N, 512, 1000, 2_000_000),
                new CellResult.Timings(10, 50, false, 2, 100, false, 1, 14, 1),
                new Provenance("0123abcd", false, "mvn", "CpuBackend", "backend=CPU", true, "Test CPU", 2, 4096,
                        "JVM 17", "Linux", "2026-11-24T00:00:00Z"));
    }

    @Test
    void theHeadlineCountsTheNetworksAboveTheirControlAndEachTasksBest() {
        List<CellResult> results = List.of(
                cell("architecture_comparison", "a", 1, ProbeSetting.Kind.LBFGS, 0, 0.80),
                cell("architecture_comparison", "b", 2, ProbeSetting.Kind.LBFGS, 0, 0.705));
        List<ClaimResult> claims = List.of(new ClaimResult(1, "c", "t", "s", Verdict.REPRODUCED, "x", "smoke"),
                new ClaimResult(2, "c", "t", "s", Verdict.INCONCLUSIVE, "x", "smoke"));
        Headline h = Headline.of("smoke", claims, results);
        assertEquals(2, h.networks());
        assertEquals(1, h.learned(), "+0.5 points on 10,000 images is within the interval");
        assertEquals(5.25, h.meanGain(), 1e-9);
        assertEquals(1, h.bestGains().size());
        assertTrue(h.bestGains().get(0).startsWith("rotation +10.0 ["), h.bestGains().get(0));
        assertEquals("1 reproduced, 0 not reproduced, 1 inconclusive, 0 holding for untrained networks too",
                h.verdictCounts());
        assertTrue(h.line().contains("1 of 2 Table 1 networks beat their untrained control significantly (mean gain "
                + "+5.3 points)"), h.line());
    }

    @Test
    void aStudyTableLeadsWithItsDecisionColumns() {
        List<CellResult> results = List.of(
                cell("architecture_comparison", "a", 1, ProbeSetting.Kind.LBFGS, 0, 0.80),
                cell("architecture_comparison", "b", 2, ProbeSetting.Kind.LBFGS, 0, 0.705));
        Table full = ResultTables.studyTable("architecture_comparison", results, PaperValues.load());
        assertTrue(DecisionView.applies(full));
        Table view = DecisionView.of(full);
        assertEquals(List.of("task", "architecture", "k", "top-1 % [95 % CI]", "untrained %", "gain, pts [95 % CI]",
                "paper %"), view.columnNames().subList(0, 7), "the configuration that does not vary is folded away");
        assertTrue(full.columnCount() > 30);
        assertTrue(view.stringColumn("top-1 % [95 % CI]").get(0).matches("80\\.0 \\[79\\.\\d, 80\\.\\d\\]"),
                view.stringColumn("top-1 % [95 % CI]").get(0));
        assertEquals("70.0", view.stringColumn("untrained %").get(0));
        assertTrue(view.stringColumn("gain, pts [95 % CI]").get(0).startsWith("+10.0 [")
                && view.stringColumn("gain, pts [95 % CI]").get(0).endsWith("] *"), "learned: marked");
        assertTrue(view.stringColumn("gain, pts [95 % CI]").get(1).startsWith("+0.5 [-")
                && !view.stringColumn("gain, pts [95 % CI]").get(1).endsWith("*"), "not learned: unmarked");
    }

    @Test
    void aClaimIsOneLineWithItsComparisonsFolded() {
        ClaimResult c = new ClaimResult(6, "Wider is better.", "the test", "paper.md §5.6", Verdict.INCONCLUSIVE,
                "3 of 4 steps up, 1 significantly: a +1.0 pts; b -0.5 pts || on the controls: inconclusive", "small");
        Map<String, Object> m = HtmlFormat.claimModel(c);
        assertEquals("3 of 4 steps up, 1 significantly", m.get("summary"));
        assertEquals(List.of("a +1.0 pts", "b -0.5 pts", "on the controls: inconclusive"), m.get("details"));
    }

    @Test
    void figure8IsOrderedByTheEpochOfTheFirstDecayOnALogAxis() {
        List<CellResult> results = List.of(
                cell("probe_schedule", "s120", 1, ProbeSetting.Kind.SGD, 120, 0.80),
                cell("probe_schedule", "s30", 1, ProbeSetting.Kind.SGD, 30, 0.78),
                cell("probe_schedule", "s480", 1, ProbeSetting.Kind.SGD, 480, 0.81));
        Table t = ResultTables.studyTable("probe_schedule", results, PaperValues.load());
        StudyFigures.Plot p = StudyFigures.schedule(t);
        Matcher x = Pattern.compile("x: \\[([^\\]]*)\\]").matcher(p.figure().asJavascript("figSchedule"));
        assertTrue(x.find());
        assertEquals(List.of(30.0, 120.0, 480.0), Pattern.compile(",").splitAsStream(x.group(1))
                .map(v -> Double.parseDouble(v.replace("\"", "").trim())).toList(),
                "30 -> 120 -> 480, not sgd(120) first");
        String patch = p.patch().json();
        assertTrue(patch.startsWith("{\"traces\":[{\"line\":{\"color\":\"#1f77b4\",\"dash\":\"solid\"},"),
                "one order of keys, so a report is the same bytes in every JVM: " + patch);
        assertTrue(patch.contains("\"type\":\"log\"") && patch.contains("\"tickvals\":[30.0,120.0,480.0]")
                && patch.contains("\"error_y\""), patch);
    }

    /**
     * A grid the scale cannot fill is not drawn as a map: a single row or column, or mostly empty cells, says why
     * instead; a full 2 x 2 grid is drawn.
     */
    @Test
    void aDegenerateHeatmapIsNotDrawnButSaysWhy() {
        Table oneRow = heatmapFrame(new String[] {"rotation", "rotation"}, new String[] {"revnet50", "vgg19_bn"});
        assertTrue(StudyFigures.table1Heatmap(oneRow).figure() == null);
        assertTrue(StudyFigures.table1Heatmap(oneRow).notDrawn().startsWith("1 x 2 grid with 2 measured cells"),
                StudyFigures.table1Heatmap(oneRow).notDrawn());
        Table sparse = heatmapFrame(new String[] {"rotation", "jigsaw", "exemplar"},
                new String[] {"revnet50", "vgg19_bn", "resnet50_v1"});
        assertTrue(StudyFigures.table1Heatmap(sparse).notDrawn().startsWith("3 x 3 grid with 3 measured cells"));
        Table full = heatmapFrame(new String[] {"rotation", "rotation", "jigsaw", "jigsaw"},
                new String[] {"revnet50", "vgg19_bn", "revnet50", "vgg19_bn"});
        assertTrue(StudyFigures.table1Heatmap(full).figure() != null && StudyFigures.table1Heatmap(full)
                .notDrawn() == null);
    }

    private static Table heatmapFrame(String[] tasks, String[] architectures) {
        double[] top1 = new double[tasks.length];
        java.util.Arrays.fill(top1, 80);
        return Table.create("architecture_comparison", tech.tablesaw.api.StringColumn.create("task", tasks),
                tech.tablesaw.api.StringColumn.create("architecture", architectures),
                tech.tablesaw.api.IntColumn.create("k", new int[tasks.length]),
                tech.tablesaw.api.DoubleColumn.create(StudyFigures.TOP1, top1));
    }
}
