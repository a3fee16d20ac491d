package org.revisit.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revisit.data.DatasetSplits.DatasetFingerprint;
import org.revisit.nets.Architecture;
import org.revisit.nets.NetworkSpec;
import org.revisit.pretext.TaskName;
import org.revisit.probe.Accuracy;
import org.revisit.study.Baselines;
import org.revisit.study.CellResult;
import org.revisit.study.ProbeSetting;
import org.revisit.study.Provenance;
import org.revisit.study.ResultStore;
import org.revisit.study.Scale;
import org.revisit.util.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {
    static CellResult result(String command, int width, int paperWidth, double top1) {
        return result(command, "cell " + width, 0, width, paperWidth, top1);
    }

    static CellResult result(String command, String cellId, long seed, int width, int paperWidth, double top1) {
        int n = 10_000;
        CellResult.Run run = new CellResult.Run("architecture_comparison", cellId, "key" + width + "s" + seed,
                "net" + width, Scale.SMOKE, TaskName.ROTATION, seed,
                new CellResult.Network(Architecture.RESNET_V2, true, width, paperWidth, "(1,1,1,1)", 0),
                new CellResult.Probing("pre_logits", ProbeSetting.Kind.LBFGS, 0, 1.0, "all", 2250),
                new CellResult.Descriptions("net", "training", "probe"),
                new DatasetFingerprint("fashion-mnist", "abc", "def", 10, 5, 5, 28, 28, 1, 10), null);
        return new CellResult(CellResult.FORMAT_VERSION, run,
                new CellResult.Metrics(0.8, 100, Accuracy.of(Math.round(top1 * n), n),
                        Accuracy.of(Math.round(0.99 * n), n), Accuracy.of(7_000, n), Accuracy.notMeasured(), 0.01,
                        Map.of("0.01", 0.75), java.util.List.of(), 40, true, 10, 5, n, 512, 1000, 2_000_000),
                new CellResult.Timings(10, 50, false, 2, 100, false, 1, 14, 1),
                new Provenance("0123abcd", false, command, "CpuBackend", "backend=CPU", true, "Test CPU", 2, 4096,
                        "JVM 17", "Linux", "2026-11-24T00:00:00Z"));
    }

    /** The paper banner names the pretext batches the results record: the released configs' or the recalled. */
    @Test
    void thePretextBatchesAreReadOffTheResults() {
        for (var batches : org.revisit.study.PaperBatches.values()) {
            Scale.Preset p = Scale.PAPER.preset().withPaperBatches(batches);
            List<CellResult> rows = new java.util.ArrayList<>();
            for (TaskName t : List.of(TaskName.ROTATION, TaskName.JIGSAW)) {
                CellResult r = result("mvn verify", 1, 4, 0.8);
                CellResult.Run run = r.run();
                rows.add(new CellResult(r.formatVersion(), new CellResult.Run(run.benchmark(), t.id(), run.cellKey(),
                        run.networkKey(), Scale.PAPER, t, run.seed(), run.network(), run.probe(),
                        new CellResult.Descriptions("net", p.training(t, Architecture.RESNET_V1, 0).toString(),
                                "probe"), run.dataset(), null), r.metrics(), r.timings(), r.provenance()));
            }
            String shown = new Report("paper", rows, Baselines.none(), Map.of(), List.of(), "now").pretextBatches();
            assertEquals(batches == org.revisit.study.PaperBatches.RELEASED
                    ? "the released configs' batches: rotation 64 images on 8 cores, jigsaw 128 images on 8 cores"
                    : "the paper's batches as recalled (unverified): rotation 1024 images on 128 cores, jigsaw 1024 "
                    + "images on 32 cores", shown);
        }
        assertEquals("other batches: rotation 32 images on 1 core",
                new Report("smoke", List.of(result("mvn verify", 1, 4, 0.8)).stream().map(r -> new CellResult(
                        r.formatVersion(), new CellResult.Run(r.run().benchmark(), r.cellId(), r.cellKey(),
                        r.networkKey(), Scale.SMOKE, TaskName.ROTATION, 0, r.network(), r.probe(),
                        new CellResult.Descriptions("net", Scale.SMOKE.preset().training(TaskName.ROTATION,
                                Architecture.RESNET_V2, 0).toString(), "probe"), r.run().dataset(), null),
                        r.metrics(), r.timings(), r.provenance())).toList(), Baselines.none(), Map.of(), List.of(),
                        "now").pretextBatches());
    }

    /** A learning curve's rows come in step order, numerically (0, 192, 1152), whatever order the store lists. */
    @Test
    void learningCurveRowsAreInStepOrder() {
        List<CellResult> rows = new java.util.ArrayList<>();
        for (int step : new int[] {1152, 0, 192}) {
            CellResult r = result("mvn verify", 1, 4, 0.8);
            CellResult.Run run = r.run();
            CellResult.Probing p = run.probe();
            rows.add(new CellResult(r.formatVersion(), new CellResult.Run("learning_curve", "curve " + step,
                    run.cellKey() + step, run.networkKey(), run.scale(), run.task(), run.seed(), run.network(),
                    new CellResult.Probing(p.endPoint(), p.kind(), p.firstDecay(), p.labelFraction(), p.labelSubset(),
                            p.poolingTarget(), step), run.descriptions(), run.dataset(), null), r.metrics(),
                    r.timings(), r.provenance()));
        }
        var t = ResultTables.studyTable("learning_curve", rows, org.revisit.paper.PaperValues.load());
        assertEquals(List.of(0, 192, 1152), t.intColumn("training step").asList());
    }

    /** Names inside the figures' scripts cannot end the script element, whatever a results file holds. */
    @Test
    void namesInFiguresCannotCloseTheirScript(@TempDir Path dir) throws IOException {
        ResultStore store = new ResultStore(dir.resolve("results"));
        CellResult r = result("mvn verify", 1, 4, 0.8);
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Json.write(r));
        // task and architecture are enums; the end-point is a name from the file, shown in Figure 3 and its table
        ObjectNode run = (ObjectNode) tree.get("run");
        run.put("benchmark", "layerwise_probe");
        ((ObjectNode) run.get("probe")).put("endPoint", "block1</script><img src=x onerror=alert(1)>");
        Path f = dir.resolve("results/cells/layerwise_probe/x.json");
        Files.createDirectories(f.getParent());
        Files.writeString(f, tree.toString());
        Path out = ReportMain.render(Scale.SMOKE, store, dir.resolve("report"), Path.of("templates"),
                HtmlFormat.Plotly.SIBLING);
        String html = Files.readString(out.resolve("index.html"));
        assertFalse(html.contains("</script><img"), "a name closed a script element");
        assertTrue(html.contains("&lt;/script&gt;&lt;img"), "the table shows the name escaped");
        assertTrue(html.contains("<\\/script><img"), "the figure keeps the name as a JavaScript string");
        assertEquals(count(html, "<script"), count(html, "</script>"), "every script element still closes");
    }

    /** A results file naming no known architecture is refused with the file, the field and the known names. */
    @Test
    void unknownArchitectureInAResultsFileNamesFileFieldAndKnownNames(@TempDir Path dir) throws IOException {
        var tree = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                Json.write(result("mvn verify", 1, 4, 0.8)));
        ((ObjectNode) tree.get("run").get("network")).put("architecture", "resnet51");
        Path f = dir.resolve("results/cells/architecture_comparison/x.json");
        Files.createDirectories(f.getParent());
        Files.writeString(f, tree.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ResultStore(dir.resolve("results")).all());
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("run.network.architecture"), e.getMessage());
        assertTrue(e.getMessage().contains("resnet51") && e.getMessage().contains("revnet50"), e.getMessage());
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void reportEscapesUserStringsAndMakesNoNetworkRequest(@TempDir Path dir) throws IOException {
        ResultStore store = new ResultStore(dir.resolve("results"));
        store.write(result("mvn -Dx=<script>alert('x')</script> & more", 1, 4, 0.8123));
        store.write(result("mvn verify", 2, 8, 0.8456));
        Path out = ReportMain.render(Scale.SMOKE, store, dir.resolve("report"), Path.of("templates"),
                HtmlFormat.Plotly.INLINE);
        String html = Files.readString(out.resolve("index.html"));
        assertFalse(html.contains("<script>alert"), "user string must be escaped");
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"));
        assertTrue(html.contains("81.23") && html.contains("84.56"));
        assertTrue(html.contains("43.8") && html.contains("47.5") && html.contains("(unverified)"),
                "paper values for k=4 and k=8 with their status");
        assertTrue(html.contains("not comparable"), "a smoke report says it is not the paper's scale");
        for (org.revisit.plan.StudyTable t : org.revisit.plan.StudyTable.values()) {
            assertTrue(html.contains("<h2 id=\"" + t.id() + "\">"), "a section for " + t.id());
            assertTrue(Files.exists(out.resolve(t.id() + ".csv")), "the CSV of " + t.id());
        }
        assertEquals(org.revisit.claims.Claims.all().size(), html.split("<tr data-claim=").length - 1,
                "a row per claim");
        assertTrue(html.contains("figTable1Heatmap") && html.contains("figTable1Bars"), "Table 1's figures");
        assertFalse(Files.exists(out.resolve(HtmlFormat.PLOTLY_FILE)), "inlined, no sibling file");
        assertTrue(html.length() > 10_000_000, "plotly.js inlined");
        // the page's own markup (everything but the inlined library) loads nothing remote, and its content
        // security policy forbids any fetch the library might attempt (connect-src falls back to 'none')
        String library = HtmlFormat.plotlyLibrary();
        assertTrue(html.contains(library));
        String page = html.replace(library, "");
        Pattern remote = Pattern.compile("(src|href)\\s*=\\s*[\"']?(https?:)?//", Pattern.CASE_INSENSITIVE);
        assertFalse(remote.matcher(page).find(), "no remote resource");
        assertTrue(page.contains("Content-Security-Policy\" content=\"default-src 'none'"));
        List<String> csv = Files.readString(out.resolve("architecture_comparison.csv")).lines().toList();
        assertEquals(3, csv.size());
        // what training added: 81.23 % against the control's 70 %, with an interval that excludes 0
        List<String> header = List.of(csv.get(0).split(","));
        String[] row = csv.get(1).contains("81.23") ? csv.get(1).split(",") : csv.get(2).split(",");
        double gain = Double.parseDouble(row[header.indexOf("gain over control (pts)")]);
        double low = Double.parseDouble(row[header.indexOf("gain 95% low")]);
        double high = Double.parseDouble(row[header.indexOf("gain 95% high")]);
        assertEquals(11.23, gain, 1e-9);
        assertTrue(0 < low && low < gain && gain < high, low + " < " + gain + " < " + high);
    }

    @Test
    void siblingModeWritesPlotlyBesideTheHtml(@TempDir Path dir) throws IOException {
        ResultStore store = new ResultStore(dir.resolve("results"));
        store.write(result("mvn", 1, 4, 0.8));
        Path out = ReportMain.render(Scale.SMALL, store, dir.resolve("report"), Path.of("templates"),
                HtmlFormat.Plotly.SIBLING);
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("<script src=\"plotly.js\"></script>"));
        assertTrue(html.length() < 1_000_000);
        assertEquals(Files.size(out.resolve("plotly.js")), HtmlFormat.plotlyLibrary().getBytes().length);
    }

    /** Throughput rows become the cost section: DL4J's speed over each peer's, a peer that could not run says why. */
    @Test
    void throughputRowsBecomeTheCostSection(@TempDir Path dir) throws IOException {
        ResultStore store = new ResultStore(dir.resolve("results"));
        store.write(result("mvn", 1, 4, 0.8));
        var dl4j = new org.revisit.cost.NetworkThroughput("dl4j", "revnet50 k=1 (1,1,1,1)", "revnet50", 1, "small-28",
                "(1,1,1,1)", 256, 4, "NCHW", 2, 97_572, 4_126_720, 1.0, 0.25, 700, 1 << 28, 1L << 32, "");
        var peer = new org.revisit.cost.NetworkThroughput("pytorch", "revnet50 k=1 (1,1,1,1)", "revnet50", 1,
                "small-28", "(1,1,1,1)", 256, 4, "NCHW", 2, 97_572, 4_126_720, 0.5, 0.125, Double.NaN, -1, 1L << 30, "");
        var missing = org.revisit.cost.NetworkThroughput.failed("pytorch (channels-last)", "revnet50 k=1 (1,1,1,1)",
                "revnet50", 1, "small-28", "(1,1,1,1)", 256, "exit 1: no module named torch");
        new org.revisit.cost.ThroughputStore(store.root()).write(new org.revisit.cost.ThroughputRun(1, "small", "t1",
                new org.revisit.cost.GemmPeak(2048, 10, 100, 110), dl4j, java.util.List.of(peer, missing),
                result("mvn", 1, 4, 0.8).provenance()));
        for (int images : new int[] {8, 32}) {
            var d = new org.revisit.cost.NetworkThroughput("dl4j", "revnet50 k=1 (1,1,1,1)", "revnet50", 1,
                    "small-28", "(1,1,1,1)", 4 * images, 4, "NCHW", 2, 97_572, 4_126_720, images / 100.0, 0.1, Double.NaN,
                    1 << 28, 1L << 32, "");
            new org.revisit.cost.ThroughputStore(store.root()).writeBatchCurve(new org.revisit.cost.ThroughputRun(1,
                    "small", "batch curve " + images, new org.revisit.cost.GemmPeak(2048, 10, 100, 110), d,
                    java.util.List.of(), result("mvn", 1, 4, 0.8).provenance()));
        }
        Path out = ReportMain.render(Scale.SMALL, store, dir.resolve("report"), Path.of("templates"),
                HtmlFormat.Plotly.SIBLING);
        // 32 and 128 inputs in 0.08 and 0.32 s: 400 inputs/s at both batches
        var curve = Files.readString(out.resolve("batch_curve.csv")).lines().toList();
        assertEquals(3, curve.size(), String.join("\n", curve));
        assertTrue(curve.get(1).contains(",400.0,") && curve.get(2).contains(",400.0,"), String.join("\n", curve));
        var rows = Files.readString(out.resolve("throughput.csv")).lines().toList();
        assertEquals(4, rows.size(), String.join("\n", rows));
        // dl4j: 256 inputs/s, 3 x 2 x 4,126,720 x 256 / 1e9 = 6.34 GFLOP/s = 6.34 % of a 100 GFLOP/s peak
        assertTrue(rows.get(1).contains(",256.0,") && rows.get(1).contains("6.33"), rows.get(1));
        assertTrue(rows.get(2).contains(",0.5,0.5,"), "DL4J at half the peer's speed: " + rows.get(2));
        assertTrue(rows.get(3).contains("not measured: exit 1: no module named torch"), rows.get(3));
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("Cost: throughput of each network") && html.contains("figThroughput"));
        assertTrue(html.contains("Cost: training speed against the batch") && html.contains("figBatchCurve"));
    }

    /** A version-2 result (a real one, from the small-scale run of commit 42aa962) is read as the current version. */
    @Test
    void versionTwoResultIsUpgraded(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("cells/architecture_comparison/a888e3b67d27bdc8.json");
        Files.createDirectories(f.getParent());
        Files.copy(Path.of("src/test/resources/results/v2-rotation-small.json"), f);
        CellResult r = new ResultStore(dir).all().get(0);
        assertEquals(CellResult.FORMAT_VERSION, r.formatVersion());
        assertEquals("lbfgs", r.probe().kind().id());
        assertEquals(1.0, r.probe().labelFraction());
        assertEquals(0.8729, r.metrics().top1().value(), 1e-9);
        assertEquals(10_000, r.metrics().top1().n());
        assertEquals(0.8662, r.metrics().top1().low(), 1e-4);
        assertEquals(0.8451, r.metrics().top1Untrained().value(), 1e-9);
        assertFalse(r.metrics().top5().measured());
        assertEquals(1, r.timings().concurrentCells());
    }

    /** A version-3 result (from the committed small study) is read as version 4: it ran alone. */
    @Test
    void versionThreeResultIsUpgraded(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("cells/architecture_comparison/v3.json");
        Files.createDirectories(f.getParent());
        Files.copy(Path.of("src/test/resources/results/v3-small.json"), f);
        CellResult r = new ResultStore(dir).all().get(0);
        assertEquals(CellResult.FORMAT_VERSION, r.formatVersion());
        assertEquals(1, r.timings().concurrentCells());
        assertTrue(r.timings().wallSeconds() > 0 && r.metrics().top1().measured());
    }

    /**
     * A version-4 result (flat fields, from the committed small study) is read as version 5: every field in its
     * nested place, the "(-)" mark as lastRelu false, the names as enums; and it re-renders the same table row.
     */
    @Test
    void versionFourResultIsNestedWithEveryField(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("cells/architecture_comparison/34fb22d3955f60fa.json");
        Files.createDirectories(f.getParent());
        Files.copy(Path.of("src/test/resources/results/v4-small-minus.json"), f);
        CellResult r = new ResultStore(dir).all().get(0);
        CellResult.Run run = r.run();
        assertEquals(CellResult.FORMAT_VERSION, r.formatVersion());
        assertEquals("architecture_comparison", run.benchmark());
        assertEquals("jigsaw revnet50 (-) k=1 (1,1,1,1) @pre_logits", run.cellId());
        assertEquals("34fb22d3955f60fa", run.cellKey());
        assertEquals("58704f8c5b04140e", run.networkKey());
        assertEquals(Scale.SMALL, run.scale());
        assertEquals(TaskName.JIGSAW, run.task());
        assertEquals(0, run.seed());
        assertEquals(new CellResult.Network(Architecture.REVNET, false, 1, 4, "(1,1,1,1)", 0), run.network());
        assertEquals("revnet50 (-)", run.network().variant());
        assertEquals(new CellResult.Probing("pre_logits", ProbeSetting.Kind.LBFGS, 0, 1.0, "all", 2250), run.probe());
        assertTrue(run.descriptions().training().startsWith("TrainingConfig{epochs=3, batchImages=32"));
        assertTrue(run.descriptions().network().startsWith("NetworkSpec{architecture=revnet50"));
        assertTrue(run.descriptions().probe().startsWith("LinearProbe{"));
        assertEquals("fashion-mnist", run.dataset().dataset());
        assertEquals(null, run.pretextDataset());
        assertEquals(0.7425, r.metrics().top1().value(), 1e-12);
        assertEquals(4000, r.metrics().top1().n());
        assertTrue(r.timings().wallSeconds() > 0 && r.provenance().gitCommit().length() == 40);
        var t = ResultTables.studyTable("architecture_comparison", java.util.List.of(r),
                org.revisit.paper.PaperValues.load());
        assertEquals("revnet50 (-)", t.stringColumn("architecture").get(0));
        assertEquals("jigsaw", t.stringColumn("task").get(0));
    }

    /** Cells run with several seeds get their mean and sample standard deviation; single-seed cells no row. */
    @Test
    void acrossSeedsSummarisesRepeatedCells() {
        var results = java.util.List.of(result("mvn", "a", 0, 1, 4, 0.80), result("mvn", "a", 1, 1, 4, 0.82),
                result("mvn", "a", 2, 1, 4, 0.84), result("mvn", "b", 0, 2, 8, 0.9));
        var t = ResultTables.acrossSeeds(results);
        assertEquals(1, t.rowCount());
        assertEquals(3, t.intColumn("seeds").get(0));
        assertEquals(82.0, t.doubleColumn("mean top-1 %").get(0), 1e-9);
        assertEquals(2.0, t.doubleColumn("sd top-1 %").get(0), 1e-9);
        assertEquals(80.0, t.doubleColumn("min top-1 %").get(0), 1e-9);
    }

    /** A cell run again under a changed configuration (new key, new file) counts once: its newest run. */
    @Test
    void newestRunOfACellSupersedesOlderOnes(@TempDir Path dir) {
        ResultStore store = new ResultStore(dir);
        CellResult old = result("mvn", "a", 0, 1, 4, 0.80);
        CellResult newer = result("mvn", "a", 0, 2, 4, 0.85); // another key, same cell id and seed
        Provenance p = newer.provenance();
        newer = new CellResult(newer.formatVersion(), newer.run(), newer.metrics(), newer.timings(), new Provenance(p.gitCommit(), p.gitDirty(), p.command(), p.backend(),
                        p.backendInfo(), p.onednnHelpers(), p.cpu(), p.cores(), p.maxHeapMb(), p.jvm(), p.os(),
                        "2026-11-25T00:00:00Z"));
        store.write(newer);
        store.write(old);
        store.write(result("mvn", "a", 1, 3, 4, 0.70)); // another seed is another run, kept
        var all = store.all();
        assertEquals(2, all.size());
        assertEquals(0.85, all.get(0).metrics().probeTop1(), 1e-9);
        assertEquals(1, all.get(1).run().seed());
    }

    @Test
    void resultOfAnotherFormatVersionIsRefusedWithItsPath(@TempDir Path dir) throws IOException {
        ResultStore store = new ResultStore(dir);
        CellResult r = result("mvn", 1, 4, 0.8);
        store.write(r);
        Path f = dir.resolve("cells/architecture_comparison/key1s0.json");
        // a later version's record (its checksum is another version's business: this one has none)
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(f.toFile());
        tree.put("formatVersion", 99);
        tree.remove(Json.CHECKSUM_FIELD);
        Files.writeString(f, tree.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, store::all);
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("formatVersion is 99"),
                e.getMessage());
    }

    @Test
    void recordsRoundTripThroughJson(@TempDir Path dir) {
        CellResult r = result("mvn", 1, 4, 0.8);
        Json.writeFile(dir.resolve("r.json"), r);
        assertEquals(r, Json.read(dir.resolve("r.json"), CellResult.class));
    }
}
