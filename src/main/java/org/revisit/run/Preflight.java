package org.revisit.run;

import org.revisit.data.DatasetFormatException;
import org.revisit.plan.StudyTable;
import org.revisit.study.Cell;
import org.revisit.study.CellFilter;
import org.revisit.study.RunConfig;
import org.revisit.study.Study;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The check {@code mvn verify -Pbenchmarks} makes in Maven's own JVM before the benchmarks start: the run's
 * options parse, its dataset loads, {@code -Dcells} selects at least one cell. A bad value stops the build here, in
 * seconds, with the option and what was expected; nothing is computed, stored or rendered.
 */
public final class Preflight {
    private static final Logger log = LoggerFactory.getLogger(Preflight.class);

    private Preflight() {
    }

    /**
     * Runs the checks; a bad input ends the build with its one-line message alone and a non-zero exit (the stack
     * trace at DEBUG), not under a trace and Maven's boilerplate.
     */
    public static void main(String[] args) {
        try {
            RunConfig config = check();
            if (!Boolean.getBoolean("revisit.planOnly")) {
                announceInterruptions(config);
            }
        } catch (IllegalArgumentException | DatasetFormatException e) {
            log.error("{}", e.getMessage());
            log.debug("where the check failed", e);
            System.exit(2);
        }
    }

    private static RunConfig check() {
        RunConfig config = RunConfig.fromSystemProperties();
        checkWritable(config.store().root(), config.resultsBase() != null ? "-Drevisit.results="
                + config.resultsBase() : "the results folder (-Drevisit.results=DIR moves it)");
        checkWritable(config.reportsRoot(), config.reportsBase() != null ? "-Drevisit.reports="
                + config.reportsBase() : config.resultsBase() != null ? "-Drevisit.results=" + config.resultsBase()
                : "the reports folder (-Drevisit.reports=DIR moves it)");
        Study study = Study.of(config);
        BenchmarkSelection benchmarks = BenchmarkSelection.fromSystemProperties();
        List<StudyTable> tables = tables(benchmarks);
        if (tables.isEmpty()) {
            log.info("preflight: scale {}, no study table in this run (-Dit.test={}), results in {}",
                    config.scale().id(), benchmarks.itTest(), config.store().root().toAbsolutePath());
            return config;
        }
        List<String> ids = tables.stream().flatMap(t -> t.cells(study)).map(Cell::id).toList();
        long selected = ids.stream().filter(config.cells()::selects).count();
        if (selected == 0) {
            throw new IllegalArgumentException(noMatch(config.cells(), ids.stream().distinct().toList(),
                    config.scale().id()));
        }
        log.info("preflight: scale {}, {} {}of {} cells selected in {} ({}{}), results in {}", config.scale().id(),
                selected, benchmarks.exact() ? "" : "at most ", ids.size(), tables.stream().map(StudyTable::id)
                        .toList(), config.cells(), benchmarks.itTest() == null ? "" : ", -Dit.test="
                        + benchmarks.itTest(), config.store().root().toAbsolutePath());
        return config;
    }

    /** The study tables whose benchmark classes the run's {@code -Dit.test} selects, counted as the plan counts. */
    static List<StudyTable> tables(BenchmarkSelection benchmarks) {
        return Arrays.stream(StudyTable.values()).filter(t -> benchmarks.selects(t.benchmarkClass())).toList();
    }

    /**
     * The file the report's render, the run's last step, touches when it ends: Maven's JVM shutting down without a
     * touch since the preflight means the run was interrupted (Ctrl-C, a kill), and the user learns what was kept and
     * how to go on. A file, because exec:java restores the system properties and drops the class loader of our
     * classes after each of its executions.
     */
    public static Path finishedMarker() {
        return Path.of(System.getProperty("revisit.basedir", "."), "target", "revisit-render-finished");
    }

    private static void announceInterruptions(RunConfig config) {
        // composed now, in the JVM's top thread group: exec:java destroys the group it ran us in
        String message = "revisit: the run was interrupted. The cells stored so far stay in "
                + config.store().root().toAbsolutePath() + "; the same command resumes from them (a network "
                + "interrupted in training restarts from its last checkpoint).";
        Path marker = finishedMarker();
        long started = System.currentTimeMillis();
        ThreadGroup top = Thread.currentThread().getThreadGroup();
        while (top.getParent() != null) {
            top = top.getParent();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(top, () -> {
            java.io.File f = marker.toFile();
            // a file system may keep modification times to the second: 2 s of slack, far less than any run takes
            if (!f.isFile() || f.lastModified() < started - 2_000) {
                System.err.println(message);
            }
        }, "revisit-interruption"));
    }

    /**
     * Fails naming {@code option} unless {@code folder} exists or can be created, and a file can be written in it (a
     * probe file, removed): a run that cannot store its results learns it now, not after its first cell.
     */
    static void checkWritable(Path folder, String option) {
        Path probe = folder.resolve(".revisit-write-probe");
        try {
            Files.createDirectories(folder);
            Files.writeString(probe, "probe");
            Files.delete(probe);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(option + ": cannot create or write " + folder.toAbsolutePath()
                    + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "); name a folder this user can"
                    + " write", e);
        }
    }

    /** The ids of every table's cells at the study's scale, before {@code -Dcells} selects. */
    static List<String> cellIds(Study study) {
        return Arrays.stream(StudyTable.values()).flatMap(t -> t.cells(study)).map(Cell::id).distinct().toList();
    }

    /** The error for a {@code -Dcells} pattern matching no cell: the three ids closest to it. */
    static String noMatch(CellFilter cells, List<String> ids, String scale) {
        List<String> closest = ids.stream().sorted(Comparator.comparingInt(id -> distance(cells.pattern(), id)))
                .limit(3).toList();
        return "-Dcells='" + cells.pattern() + "' selects none of the " + ids.size() + " cells of the " + scale
                + " scale (a regular expression found anywhere in a cell id); the closest ids: "
                + String.join(" | ", closest);
    }

    /** Edit distance from {@code pattern} to its best-matching substring of {@code text} (Sellers' algorithm). */
    static int distance(String pattern, String text) {
        int[] prev = new int[text.length() + 1]; // row 0: a match may start anywhere, free
        for (int i = 1; i <= pattern.length(); i++) {
            int[] row = new int[text.length() + 1];
            row[0] = i;
            for (int j = 1; j <= text.length(); j++) {
                int same = pattern.charAt(i - 1) == text.charAt(j - 1) ? 0 : 1;
                row[j] = Math.min(prev[j - 1] + same, Math.min(prev[j] + 1, row[j - 1] + 1));
            }
            prev = row;
        }
        return Arrays.stream(prev).min().orElse(pattern.length());
    }
}
