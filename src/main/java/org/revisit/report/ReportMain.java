package org.revisit.report;

import org.revisit.paper.PaperValues;

import org.revisit.cost.StudyPlan;
import org.revisit.cost.ThroughputStore;
import org.revisit.util.Json;
import java.nio.file.Files;
import org.revisit.study.Baselines;
import org.revisit.study.CellResult;
import org.revisit.study.ResultStore;
import org.revisit.study.RunConfig;
import org.revisit.study.Scale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * Renders {@code reports/<scale>/} from every stored result of that scale. Run by {@code mvn verify -Pbenchmarks}
 * after the benchmarks, with the run's {@link RunConfig}: {@code scale}, {@code revisit.results},
 * {@code revisit.reports}, {@code revisit.templates}, {@code revisit.report.plotly=inline|sibling} (default: inline
 * at smoke scale, whose report is not committed; sibling otherwise, so git stores the 11 MB library once per report
 * folder).
 */
public final class ReportMain {
    private static final Logger log = LoggerFactory.getLogger(ReportMain.class);

    private ReportMain() {
    }

    /**
     * Renders the run's report and ends with its path and headline. A folder without any stored result of the run
     * renders nothing (an empty report would replace a real one, or pretend a failed run produced something).
     */
    public static void main(String[] args) {
        try {
            render();
        } finally {
            touch(org.revisit.run.Preflight.finishedMarker());
        }
    }

    /** Marks the run finished for the preflight's interruption notice; a marker that cannot be written is no loss. */
    private static void touch(Path marker) {
        try {
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, java.time.Instant.now().toString());
        } catch (java.io.IOException e) {
            log.debug("cannot write {}", marker, e);
        }
    }

    private static void render() {
        RunConfig config = RunConfig.fromSystemProperties();
        ResultStore store = config.store();
        List<CellResult> results = store.all();
        if (results.isEmpty()) {
            log.warn("no stored cell result of scale {} in {}: no report rendered", config.scale().id(),
                    store.root().toAbsolutePath());
            return;
        }
        Path folder = config.reportsRoot().resolve(config.runName());
        Report report = renderReport(config.scale(), store, results, folder, config.templates(), plotlyMode(config));
        log.info("report: {}", folder.resolve("index.html").toAbsolutePath());
        log.info("headline, scale {}: {}", config.scale().id(), report.headline().line());
        org.revisit.study.LastRun.read(store.root()).ifPresent(r -> log.info("last run: {}", r));
    }

    /** {@code -Drevisit.report.plotly=inline|sibling}, else inlined at the smoke scale and a sibling file above. */
    public static HtmlFormat.Plotly plotlyMode(RunConfig config) {
        String mode = config.plotly();
        return mode.isEmpty() ? (config.scale() == Scale.SMOKE ? HtmlFormat.Plotly.INLINE : HtmlFormat.Plotly.SIBLING)
                : HtmlFormat.Plotly.valueOf(mode.toUpperCase(Locale.ROOT));
    }

    /**
     * Results of the runs beside this one ({@code <base>/<run>/results}) whose networks were trained on this run's
     * dataset and probed on another ({@code -Dpretext.dataset}): claim 12 compares the two rankings.
     */
    static List<CellResult> transfer(ResultStore store, List<CellResult> results) {
        java.util.Set<org.revisit.data.DatasetSplits.DatasetFingerprint> own = new java.util.HashSet<>();
        results.forEach(r -> own.add(r.run().dataset()));
        Path runs = store.root().toAbsolutePath().getParent().getParent();
        List<CellResult> out = new java.util.ArrayList<>();
        if (runs == null || !Files.isDirectory(runs)) {
            return out;
        }
        try (var dirs = Files.list(runs)) {
            for (Path run : dirs.filter(d -> Files.isDirectory(d.resolve("results"))).sorted().toList()) {
                if (run.resolve("results").toAbsolutePath().equals(store.root().toAbsolutePath())) {
                    continue;
                }
                try {
                    for (CellResult r : new ResultStore(run.resolve("results")).all()) {
                        if (r.run().pretextDataset() != null && own.contains(r.run().pretextDataset())) {
                            out.add(r);
                        }
                    }
                } catch (RuntimeException e) { // another run's bad file is that run's report's problem
                    log.warn("skipping the results of {} for claim 12: {}", run, e.getMessage());
                }
            }
        } catch (java.io.IOException e) {
            log.warn("cannot list the runs beside {}: {}", store.root(), e.toString());
        }
        if (!out.isEmpty()) {
            log.info("{} results of other runs probe this run's networks on another dataset", out.size());
        }
        return out;
    }

    public static Path render(Scale scale, ResultStore store, Path folder, Path templates, HtmlFormat.Plotly plotly) {
        renderReport(scale, store, store.all(), folder, templates, plotly);
        return folder;
    }

    /**
     * Writes the report of {@code results} (all of {@code store}'s, read once by the caller) into {@code folder}: CSVs
     * and {@code index.html}.
     */
    static Report renderReport(Scale scale, ResultStore store, List<CellResult> results, Path folder, Path templates,
                               HtmlFormat.Plotly plotly) {
        log.info("report for scale {}: {} result{} from {}", scale.id(), results.size(),
                results.size() == 1 ? "" : "s", store.root());
        String generated = results.stream().map(r -> r.provenance().timestamp()).max(String::compareTo)
                .orElse(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        ThroughputStore costs = new ThroughputStore(store.root());
        Path planFile = store.root().resolve(StudyPlan.FILE);
        StudyPlan plan = Files.isRegularFile(planFile) ? Json.read(planFile, StudyPlan.class) : null;
        Report report = Report.build(scale.id(), results, Baselines.of(store.pixelBaselines(), results),
                transfer(store, results), costs.all(), store.failures(), plan,
                PaperValues.load(),
                generated);
        new CsvFormat().write(report, folder);
        new HtmlFormat(templates, plotly).write(report, folder);
        return report;
    }
}
