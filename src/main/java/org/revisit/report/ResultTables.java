package org.revisit.report;

import org.revisit.claims.Stats;
import org.revisit.paper.PaperValues;

import org.revisit.probe.Accuracy;
import org.revisit.study.Baselines;
import org.revisit.study.CellResult;
import org.revisit.study.PixelBaseline;
import org.revisit.study.RunCheck;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;
import java.util.Map;

/** Result records to Tablesaw frames: one frame per table of the study. */
public final class ResultTables {
    /** The learning curves' column: the training step whose weights were probed. */
    static final String STEP = "training step";
    static final String PIXELS = "pixels top-1 %";
    static final String OVER_PIXELS = "over pixels (pts)";
    static final String SUPERVISED = "supervised top-1 %";
    static final String GAP_CLOSED = "gap closed %";
    static final String FAILED_RUN = "failed run";
    private ResultTables() {
    }

    /**
     * One table or figure of the study: a row per stored cell of {@code benchmark}, with its configuration (task,
     * network, width, representation size, end-point, probe, label budget), its accuracies with intervals, the
     * paper's value for the same cell where the paper publishes one (Table 1; Table 2's "Ours"), and what the cell
     * cost.
     */
    public static Table studyTable(String benchmark, List<CellResult> results, PaperValues paper) {
        return studyTable(benchmark, results, paper, Baselines.none());
    }

    /**
     * As above, each trained network also read against the {@code baselines}: its raw-pixel row (the paired gain over
     * it), its architecture's supervised ceiling and the share of the gap from its untrained weights to that ceiling
     * its training closed; and flagged where its run failed ({@link RunCheck}).
     */
    public static Table studyTable(String benchmark, List<CellResult> results, PaperValues paper,
                                   Baselines baselines) {
        Table t = Table.create(benchmark);
        StringColumn task = StringColumn.create("task");
        StringColumn arch = StringColumn.create("architecture");
        IntColumn k = IntColumn.create("k");
        IntColumn paperK = IntColumn.create("paper k");
        IntColumn rep = IntColumn.create("representation d");
        StringColumn endPoint = StringColumn.create("end-point");
        IntColumn features = IntColumn.create("features");
        StringColumn probe = StringColumn.create("probe");
        DoubleColumn labels = DoubleColumn.create("labels %");
        IntColumn trainImages = IntColumn.create("probe train images");
        DoubleColumn pretext = DoubleColumn.create("pretext acc %");
        DoubleColumn top1 = DoubleColumn.create("probe top-1 %");
        DoubleColumn low = DoubleColumn.create("top-1 95% low");
        DoubleColumn high = DoubleColumn.create("top-1 95% high");
        DoubleColumn top5 = DoubleColumn.create("probe top-5 %");
        DoubleColumn untrained = DoubleColumn.create("untrained top-1 %");
        DoubleColumn gain = DoubleColumn.create("gain over control (pts)");
        DoubleColumn gainLow = DoubleColumn.create("gain 95% low");
        DoubleColumn gainHigh = DoubleColumn.create("gain 95% high");
        StringColumn gainTest = StringColumn.create("gain interval");
        DoubleColumn pixels = DoubleColumn.create(PIXELS);
        DoubleColumn overPixels = DoubleColumn.create(OVER_PIXELS);
        DoubleColumn overPixelsLow = DoubleColumn.create("over pixels 95% low");
        DoubleColumn overPixelsHigh = DoubleColumn.create("over pixels 95% high");
        DoubleColumn supervised = DoubleColumn.create(SUPERVISED);
        DoubleColumn gapClosed = DoubleColumn.create(GAP_CLOSED);
        StringColumn failedRun = StringColumn.create(FAILED_RUN);
        DoubleColumn paperTop1 = DoubleColumn.create("paper top-1 %");
        BooleanColumn verified = BooleanColumn.create("paper verified");
        DoubleColumn l2 = DoubleColumn.create("chosen l2");
        IntColumn iterations = IntColumn.create("iterations or steps");
        StringColumn depth = StringColumn.create("depth");
        DoubleColumn params = DoubleColumn.create("params M");
        DoubleColumn gflops = DoubleColumn.create("GFLOPs/input");
        DoubleColumn trainRate = DoubleColumn.create("train img/s");
        DoubleColumn trainSeconds = DoubleColumn.create("train s");
        DoubleColumn extractSeconds = DoubleColumn.create("features s");
        DoubleColumn probeSeconds = DoubleColumn.create("probe s");
        DoubleColumn wall = DoubleColumn.create("cell wall s");
        StringColumn scale = StringColumn.create("scale");
        StringColumn seed = StringColumn.create("seed");
        StringColumn key = StringColumn.create("cell key");
        IntColumn step = IntColumn.create(STEP);
        boolean steps = false;
        for (CellResult r : results) {
            if (!benchmark.equals(r.benchmark())) {
                continue;
            }
            task.append(r.task().id());
            arch.append(r.network().variant());
            k.append(r.network().width());
            paperK.append(r.network().paperWidth());
            rep.append(r.network().representationSize());
            endPoint.append(r.probe().endPoint());
            features.append(r.metrics().features());
            int decay = r.probe().firstDecay();
            probe.append(r.probe().kind().id() + (decay > 0 ? "(" + decay + ")" : ""));
            labels.append(Math.round(r.probe().labelFraction() * 10_000) / 100.0);
            trainImages.append(r.metrics().probeTrainImages());
            pretext.append(percent(r.metrics().pretextAccuracy()));
            Accuracy a = r.metrics().top1();
            top1.append(percent(a.value()));
            low.append(percent(a.low()));
            high.append(percent(a.high()));
            top5.append(percent(r.metrics().top5().value()));
            untrained.append(percent(r.metrics().top1Untrained().value()));
            if (r.metrics().top1Untrained().measured()) {
                // what training added: top-1 minus the same network's untrained weights, with its interval
                Stats.Interval g = Stats.gainOverControl(r.metrics());
                gain.append(percent(g.value()));
                gainLow.append(percent(g.low()));
                gainHigh.append(percent(g.high()));
                gainTest.append(r.metrics().pairedHits() ? "paired" : "unpaired");
            } else {
                gain.appendMissing();
                gainLow.appendMissing();
                gainHigh.appendMissing();
                gainTest.appendMissing();
            }
            var px = baselines.pixelsFor(r);
            var over = baselines.overPixels(r);
            pixels.append(px.map(b -> percent(b.top1().value())).orElse(Double.NaN));
            overPixels.append(over.map(o -> percent(o.value())).orElse(Double.NaN));
            overPixelsLow.append(over.map(o -> percent(o.low())).orElse(Double.NaN));
            overPixelsHigh.append(over.map(o -> percent(o.high())).orElse(Double.NaN));
            supervised.append(r.task().isBaseline() ? Double.NaN : baselines.ceilingFor(r)
                    .map(c -> percent(c.metrics().top1().value())).orElse(Double.NaN));
            var closed = baselines.gapClosed(r);
            gapClosed.append(closed.isPresent() ? Math.round(closed.getAsDouble() * 10) / 10.0 : Double.NaN);
            failedRun.append(RunCheck.failure(r).orElse(""));
            var p = PaperTables.published(paper, benchmark, r);
            if (p.isPresent()) {
                paperTop1.append(p.get().top1());
                verified.append(p.get().verified());
            } else {
                paperTop1.appendMissing();
                verified.appendMissing();
            }
            l2.append(r.metrics().chosenL2());
            iterations.append(r.metrics().probeIterations());
            depth.append(r.network().depth());
            params.append(r.metrics().parameters() / 1e6);
            gflops.append(2.0 * r.metrics().multiplyAdds() / 1e9);
            trainRate.append(r.timings().trainImagesPerSecond());
            trainSeconds.append(r.timings().networkFromCache() ? Double.NaN : r.timings().trainSeconds());
            extractSeconds.append(r.timings().featuresFromCache() ? Double.NaN
                    : Math.round(r.timings().extractSeconds() * 10) / 10.0);
            probeSeconds.append(Math.round(r.timings().probeSeconds() * 10) / 10.0);
            wall.append(r.timings().wallSeconds());
            scale.append(r.run().scale().id());
            seed.append(Long.toString(r.run().seed()));
            key.append(r.cellKey());
            Integer s = r.probe().atStep();
            if (s == null) {
                step.appendMissing();
            } else {
                step.append(s);
                steps = true;
            }
        }
        if (steps) { // the learning curves: their step beside the configuration
            t.addColumns(task, arch, k, step);
            t.addColumns(paperK, rep, endPoint, features, probe, labels, trainImages, pretext, top1,
                    low, high, top5, untrained, gain, gainLow, gainHigh, gainTest, pixels, overPixels, overPixelsLow,
                    overPixelsHigh, supervised, gapClosed, failedRun, paperTop1, verified, l2, iterations, depth,
                    params, gflops, trainRate, trainSeconds, extractSeconds, probeSeconds, wall, scale, seed, key);
            // each curve in step order (the stored results come in key order)
            return t.sortOn("task", "architecture", "k", STEP);
        }
        return t.addColumns(task, arch, k, paperK, rep, endPoint, features, probe, labels, trainImages, pretext, top1,
                low, high, top5, untrained, gain, gainLow, gainHigh, gainTest, pixels, overPixels, overPixelsLow,
                overPixelsHigh, supervised, gapClosed, failedRun, paperTop1, verified, l2, iterations, depth, params,
                gflops, trainRate, trainSeconds, extractSeconds, probeSeconds, wall, scale, seed, key);
    }

    /**
     * Mean and spread over seeds of every cell run with more than one seed: the cell id names everything but the
     * seed, so rows with the same benchmark and cell id differ only by it. Sample standard deviation (n - 1).
     */
    public static Table acrossSeeds(List<CellResult> results) {
        Map<String, List<CellResult>> groups = new java.util.TreeMap<>();
        // a failed run and its retry are not two seeds of one cell
        for (CellResult r : RunCheck.usable(results)) {
            groups.computeIfAbsent(r.benchmark() + "\u0000" + r.cellId(), x -> new java.util.ArrayList<>()).add(r);
        }
        Table t = Table.create("across_seeds");
        StringColumn benchmark = StringColumn.create("benchmark");
        StringColumn cell = StringColumn.create("cell");
        IntColumn seeds = IntColumn.create("seeds");
        DoubleColumn mean = DoubleColumn.create("mean top-1 %");
        DoubleColumn sd = DoubleColumn.create("sd top-1 %");
        DoubleColumn min = DoubleColumn.create("min top-1 %");
        DoubleColumn max = DoubleColumn.create("max top-1 %");
        for (List<CellResult> g : groups.values()) {
            if (g.size() < 2) {
                continue;
            }
            double[] v = g.stream().mapToDouble(r -> r.metrics().top1().value()).toArray();
            double m = java.util.Arrays.stream(v).average().orElseThrow();
            double ss = java.util.Arrays.stream(v).map(x -> (x - m) * (x - m)).sum();
            benchmark.append(g.get(0).benchmark());
            cell.append(g.get(0).cellId());
            seeds.append(g.size());
            mean.append(percent(m));
            sd.append(percent(Math.sqrt(ss / (v.length - 1))));
            min.append(percent(java.util.Arrays.stream(v).min().orElseThrow()));
            max.append(percent(java.util.Arrays.stream(v).max().orElseThrow()));
        }
        return t.addColumns(benchmark, cell, seeds, mean, sd, min, max);
    }

    /**
     * The raw-pixel baselines: the scale's L-BFGS probe on each probe input of the networks, without a network, with
     * the 95 % Wilson interval over the same test images as every cell.
     */
    public static Table pixels(List<PixelBaseline> rows) {
        Table t = Table.create(Report.PIXEL_BASELINES);
        StringColumn input = StringColumn.create("input");
        StringColumn compared = StringColumn.create("compared with");
        IntColumn features = IntColumn.create("features");
        DoubleColumn top1 = DoubleColumn.create(StudyFigures.TOP1);
        DoubleColumn low = DoubleColumn.create("top-1 95% low");
        DoubleColumn high = DoubleColumn.create("top-1 95% high");
        DoubleColumn top5 = DoubleColumn.create("probe top-5 %");
        DoubleColumn l2 = DoubleColumn.create("chosen l2");
        IntColumn train = IntColumn.create("probe train images");
        IntColumn val = IntColumn.create("probe val images");
        IntColumn test = IntColumn.create("test images");
        DoubleColumn seconds = DoubleColumn.create("seconds");
        StringColumn scale = StringColumn.create("scale");
        StringColumn key = StringColumn.create("key");
        for (PixelBaseline b : rows) {
            input.append(b.pixelInput().description());
            compared.append(b.pixelInput() == PixelBaseline.Input.STANDARDISED ? "exemplar"
                    : "rotation, relative_patch_location, jigsaw" + (b.scale() == org.revisit.study.Scale.PAPER
                    ? ", exemplar" : ""));
            features.append(b.features());
            top1.append(percent(b.top1().value()));
            low.append(percent(b.top1().low()));
            high.append(percent(b.top1().high()));
            top5.append(percent(b.top5().value()));
            l2.append(b.chosenL2());
            train.append(b.probeTrainImages());
            val.append(b.probeValImages());
            test.append(b.testImages());
            seconds.append(Math.round(b.seconds() * 10) / 10.0);
            scale.append(b.scale().id());
            key.append(b.key());
        }
        return t.addColumns(input, compared, features, top1, low, high, top5, l2, train, val, test, seconds, scale,
                key);
    }

    /** The recipe sweeps that chose the small scale's training recipe, one row per recipe tried. */
    public static Table recipeSweep(List<List<String>> rows) {
        Table t = Table.create(Report.TUNING);
        for (int c = 0; c < org.revisit.study.RecipeSweepRows.COLUMNS.size(); c++) {
            int col = c;
            t.addColumns(StringColumn.create(org.revisit.study.RecipeSweepRows.COLUMNS.get(c),
                    rows.stream().map(r -> r.get(col)).toList()));
        }
        return t;
    }

    /** Every claim with its verdict and statistic. */
    public static Table claims(List<org.revisit.claims.ClaimResult> claims) {
        Table t = Table.create("claims");
        IntColumn n = IntColumn.create("#");
        StringColumn claim = StringColumn.create("claim");
        StringColumn verdict = StringColumn.create("verdict");
        StringColumn statistic = StringColumn.create("statistic");
        StringColumn test = StringColumn.create("test");
        StringColumn scale = StringColumn.create("scale");
        StringColumn ref = StringColumn.create("spec");
        for (var c : claims) {
            n.append(c.number());
            claim.append(c.claim());
            verdict.append(c.verdict().text());
            statistic.append(c.statistic());
            test.append(c.test());
            scale.append(c.scale());
            ref.append(c.specRef());
        }
        return t.addColumns(n, claim, verdict, statistic, test, scale, ref);
    }

    /** The cells that stopped without a result (divergence), with where and why, so none is silently missing. */
    public static Table failures(List<org.revisit.study.CellFailure> failures) {
        Table t = Table.create(Report.FAILED_CELLS);
        StringColumn benchmark = StringColumn.create("table");
        StringColumn cell = StringColumn.create("cell");
        StringColumn stage = StringColumn.create("stage");
        IntColumn step = IntColumn.create("step");
        DoubleColumn lastLoss = DoubleColumn.create("last finite loss");
        StringColumn message = StringColumn.create("message");
        StringColumn training = StringColumn.create("training");
        StringColumn when = StringColumn.create("when");
        for (var f : failures) {
            benchmark.append(f.benchmark());
            cell.append(f.cellId());
            stage.append(f.stage());
            step.append(f.step());
            lastLoss.append(f.lastFiniteLoss());
            message.append(f.message());
            training.append(f.training());
            when.append(f.provenance().timestamp());
        }
        return t.addColumns(benchmark, cell, stage, step, lastLoss, message, training, when);
    }

    /** A fraction as a percentage with two decimals (0.50449999 -> 50.45), so the CSV shows what the HTML shows. */
    static double percent(double fraction) {
        return Double.isNaN(fraction) ? Double.NaN : Math.round(fraction * 10_000) / 100.0;
    }
}
