package org.revisit.benchmarks;

import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.revisit.cost.CellEstimate;
import org.revisit.cost.ClusterForecast;
import org.revisit.cost.CostModel;
import org.revisit.cost.Workers;
import org.revisit.cost.StudyPlan;
import org.revisit.plan.StudyTable;
import org.revisit.study.Cell;
import org.revisit.study.LastRun;
import org.revisit.study.Study;
import org.revisit.util.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Before the first benchmark runs: collects the cells of every study table whose benchmark class is in the run
 * ({@link TableBenchmark} subclasses, each table's grid from {@code org.revisit.plan}), asks the {@link CostModel} what the whole scale costs from scratch and what this run has left
 * with the caches as they stand, logs both with a line per benchmark, and stores the forecast as
 * {@code results/study_plan.json} for the report (a dry run or a run with nothing to compute only where no plan is
 * stored yet, so the forecast of the last run that computed cells stays beside what its cells took). Registered
 * through {@code META-INF/services}; a run without benchmark classes (the unit tests) does nothing.
 */
public final class StudyPlanListener implements TestExecutionListener {
    private static final Logger log = LoggerFactory.getLogger(StudyPlanListener.class);

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        Set<StudyTable> tables = new LinkedHashSet<>();
        Set<String> measurements = new java.util.TreeSet<>();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier id : plan.getDescendants(root)) {
                id.getSource().filter(ClassSource.class::isInstance).map(s -> ((ClassSource) s).getJavaClass())
                        .ifPresent(c -> {
                            if (TableBenchmark.class.isAssignableFrom(c)) {
                                tables.add(TableBenchmark.table(c));
                            } else if (c.getSimpleName().endsWith("Benchmark")) {
                                measurements.add(c.getSimpleName());
                            }
                        });
            }
        }
        if (tables.isEmpty()) {
            return;
        }
        Study study = StudyGrid.study();
        List<Cell> whole = tables.stream().flatMap(t -> t.cells(study)).toList();
        List<Cell> selected = tables.stream().flatMap(t -> t.selectedCells(study)).toList();
        StudyGrid.planned(selected);
        CostModel model = CostModel.of(study);
        List<CellEstimate> fromScratch = model.estimate(study, whole, true);
        List<CellEstimate> remaining = model.estimate(study, selected, false);
        log.info("study plan, scale {}: {} cells in {}, {} at once; {} from scratch: {} (training {}, "
                        + "features {}, probes {})", study.scale().id(), whole.size(),
                tables.stream().map(StudyTable::id).toList(), model.workers(),
                tables.size() == StudyTable.values().length ? "the whole scale" : "these tables",
                format(StudyPlan.total(fromScratch)), format(sum(fromScratch, CellEstimate::trainSeconds)),
                format(sum(fromScratch, CellEstimate::extractSeconds)),
                format(sum(fromScratch, CellEstimate::probeSeconds)));
        for (Map.Entry<String, Double> e : CostModel.byBenchmark(fromScratch).entrySet()) {
            log.info("study plan:   {}: {} from scratch", e.getKey(), format(e.getValue()));
        }
        logPretextSteps(study, whole, fromScratch);
        if (!measurements.isEmpty()) {
            // they measure speed and parity rather than compute cells: the cost model has no estimate for them
            log.info("study plan: not in the forecast: {} (measurements, not cells; minutes each at the smoke scale)",
                    String.join(", ", measurements));
        }
        long free = remaining.stream().filter(CellEstimate::done).count();
        long stored = selected.stream().filter(c -> study.status(c).done()).count();
        log.info("study plan: this run has {} cells ({} stored, {} the same as another table's cell, {} to compute), "
                        + "expected {} with the caches as they stand", selected.size(), stored, free - stored,
                selected.size() - free, format(StudyPlan.total(remaining)));
        study.config().cluster().ifPresent(shape -> {
            // the forecasts are shares of a run on the model's workers: the cluster takes them back to one device
            ClusterForecast c = ClusterForecast.of(fromScratch, Workers.speedup(model.workers()), shape);
            log.info("study plan: the whole scale from scratch on {}: {} ({} jobs, the longest {}), {} device-hours",
                    shape, format(c.makespanSeconds()), c.jobs(), format(c.longestJobSeconds()),
                    String.format("%.1f", c.deviceSeconds() / 3600));
            // each device takes whole replica shards (Study.checkExecution refuses the run otherwise)
            whole.stream().filter(cell -> cell.training().replicas() % shape.devices() != 0)
                    .map(cell -> cell.task().id() + " (" + cell.training().replicas() + " shards)").distinct()
                    .forEach(t -> log.warn("study plan: {} devices per worker do not divide a step of {}: such a "
                            + "run is refused (-Drevisit.devices must divide the shards), and the forecast is too "
                            + "short", shape.devices(), t));
        });
        java.nio.file.Path file = study.store().root().resolve(StudyPlan.FILE);
        boolean dryRun = plan.getConfigurationParameters().getBoolean(DRY_RUN).orElse(false);
        ran = dryRun ? null : study;
        if ((dryRun || free == selected.size()) && java.nio.file.Files.isRegularFile(file)) {
            // the stored plan is the forecast the run that computed the cells made before them; the report compares
            // them, so neither a dry run nor a run with nothing to compute replaces it
            log.info("study plan: {}; {} keeps the forecast of the last run that computed cells",
                    dryRun ? "dry run (-Drevisit.planOnly=true)" : "nothing to compute", file);
            return;
        }
        Json.writeFile(file, new StudyPlan(StudyPlan.FORMAT_VERSION, study.scale().id(), Instant.now().toString(),
                System.getProperty("sun.java.command", ""), fromScratch, remaining, model.workers()));
    }

    /**
     * Each task's pretext step as the grid trains it (images, peak rate, replica shards, epochs) and its share of the
     * forecast; at the paper scale, which batches ({@code -Drevisit.paperBatches}).
     */
    private static void logPretextSteps(Study study, List<Cell> whole, List<CellEstimate> fromScratch) {
        if (study.preset().paperGeometry()) {
            log.info("study plan: pretext batches {} ({}; -Drevisit.paperBatches=released|remembered)",
                    study.preset().paperBatches().id(), study.preset().paperBatches().describe());
        }
        Map<String, Double> byTask = fromScratch.stream().collect(java.util.stream.Collectors.groupingBy(
                CellEstimate::task, java.util.LinkedHashMap::new,
                java.util.stream.Collectors.summingDouble(CellEstimate::totalSeconds)));
        Map<String, Set<String>> steps = new java.util.LinkedHashMap<>();
        for (Cell c : whole) {
            var t = c.training();
            steps.computeIfAbsent(c.task().id(), k -> new java.util.TreeSet<>()).add(String.format(
                    java.util.Locale.ROOT, "%d images a step at peak lr %.4g in %d replica shard%s, %d epoch%s",
                    t.batchImages(), t.peakLr(), t.replicas(), t.replicas() == 1 ? "" : "s", t.epochs(),
                    t.epochs() == 1 ? "" : "s"));
        }
        for (Map.Entry<String, Set<String>> e : steps.entrySet()) {
            log.info("study plan:   {}: {}; {} from scratch", e.getKey(), String.join(" | ", e.getValue()),
                    format(byTask.getOrDefault(e.getKey(), 0.0)));
        }
    }

    /** The study this run computed cells of (none for a dry run or a run without study tables). */
    private Study ran;

    /** Stores what the run did ({@link LastRun}) for the report's console headline. */
    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (ran != null) {
            LastRun last = ran.tally().lastRun(ran.scale());
            last.write(ran.store().root());
            log.info("this run: {}", last);
        }
    }

    /** JUnit's dry run, which {@code -Drevisit.planOnly=true} switches on (the pom). */
    static final String DRY_RUN = "junit.platform.execution.dryRun.enabled";

    private static double sum(List<CellEstimate> cells, java.util.function.ToDoubleFunction<CellEstimate> part) {
        return cells.stream().mapToDouble(part).sum();
    }

    static String format(double seconds) {
        Duration d = Duration.ofSeconds(Math.round(seconds));
        return d.toHours() > 0 ? String.format("%d h %02d min", d.toHours(), d.toMinutesPart())
                : String.format("%d min %02d s", d.toMinutes(), d.toSecondsPart());
    }
}
