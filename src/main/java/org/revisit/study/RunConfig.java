package org.revisit.study;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.revisit.data.Dataset;
import org.revisit.data.DatasetFormatException;
import org.revisit.train.CheckpointPolicy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.function.Function;

/**
 * Every {@code -D} option of a run, parsed and checked once, immutable, handed down from the entry points (the
 * benchmarks and {@code ReportMain}); nothing below them reads a system property. A bad value is an error naming the
 * property and what was expected.
 *
 * @param scale            {@code -Dscale} (default small)
 * @param dataset          {@code -Ddataset} (default: the scale's standard dataset)
 * @param pretextDataset   {@code -Dpretext.dataset}: the dataset the networks are trained on (default: {@code dataset})
 * @param dataFolders      {@code -Ddata.<id>=DIR} (for Fashion-MNIST also {@code -Drevisit.data})
 * @param valLabelFiles    {@code -Ddata.<id>.valLabels=FILE}: an image folder's validation labels
 * @param resultsBase      {@code -Drevisit.results=DIR} ({@link #FRESH} with {@code -Drevisit.fresh=true}), or null:
 *                         results under {@code reports/}
 * @param reportsBase      {@code -Drevisit.reports=DIR}, or null: beside the results
 * @param basedir          {@code -Drevisit.basedir} (the project; default {@code .})
 * @param templates        {@code -Drevisit.templates} (default {@code templates})
 * @param plotly           {@code -Drevisit.report.plotly=inline|sibling}, or {@code ""}: the scale's default
 * @param cells            {@code -Dcells=REGEX}
 * @param retryFailed      {@code -Drevisit.retryFailed}: recompute cells whose failure is stored
 * @param decodeCacheBytes {@code -Drevisit.decodeCacheMb} (default 2048), in bytes
 * @param workers          {@code -Drevisit.workers=N}; empty: chosen by backend and scale
 * @param devices          {@code -Drevisit.devices=N}: devices one network trains on at once
 *                         ({@link org.revisit.train.DataParallel}); empty: every device of the backend that divides
 *                         the step's replica shards (1 on the CPU backend)
 * @param accumulate       {@code -Drevisit.accumulate=K} (default 1): passes each device computes its share of a step
 *                         in, accumulating their gradients ({@link org.revisit.train.Execution})
 * @param checkpoints      {@code -Drevisit.checkpoint.steps} and {@code -Drevisit.checkpoint.seconds}
 * @param layout           {@code -Drevisit.cnn.format=NCHW|NHWC} (default NCHW)
 * @param bnFloatStatistics {@code -Drevisit.bn.dl4jNumerics}: DL4J's float batch statistics (for measuring them)
 * @param remeasure        {@code -Drevisit.remeasure}: measure throughput and parity rows again
 * @param evaluation       {@code -Drevisit.evaluation=official|revisit}; empty: the scale's default
 *                         ({@link EvaluationChoices})
 * @param paperBatches     {@code -Drevisit.paperBatches=released|remembered}: the paper scale's pretext batches
 *                         ({@link PaperBatches}); empty: the released configs'
 * @param cluster          {@code -Drevisit.cluster=WxD} with {@code -Drevisit.cluster.efficiency}: a cluster to
 *                         forecast the run on; empty: none
 */
public record RunConfig(Scale scale, Dataset dataset, Dataset pretextDataset, Map<Dataset, Path> dataFolders,
                        Map<Dataset, Path> valLabelFiles, Path resultsBase, Path reportsBase, Path basedir,
                        Path templates, String plotly, CellFilter cells, boolean retryFailed, long decodeCacheBytes,
                        OptionalInt workers, OptionalInt devices, int accumulate,
                        CheckpointPolicy checkpoints, CNN2DFormat layout,
                        boolean bnFloatStatistics, boolean remeasure, Optional<EvaluationChoices> evaluation,
                        Optional<PaperBatches> paperBatches, Optional<ClusterShape> cluster) {

    public RunConfig {
        dataFolders = Map.copyOf(dataFolders);
        valLabelFiles = Map.copyOf(valLabelFiles);
    }

    /**
     * {@code -Drevisit.fresh=true}: the study from scratch, its results and report in this folder instead of the
     * committed {@code reports/<run>/} (a second fresh run resumes it; delete the folder to start again).
     */
    public static final Path FRESH = Path.of("reports", "fresh");

    /** The run the JVM's system properties describe (entry points only). */
    public static RunConfig fromSystemProperties() {
        return from(System.getProperties());
    }

    /** Every option at its default: {@code scale}'s standard dataset, results under {@code reports/}. */
    public static RunConfig defaults(Scale scale) {
        Properties p = new Properties();
        p.setProperty("scale", scale.id());
        return from(p);
    }

    public static RunConfig from(Properties props) {
        Function<String, String> get = name -> props.getProperty(name, "").trim();
        Scale scale = Scale.parse(get.apply("scale"));
        String datasetName = get.apply("dataset");
        Dataset dataset = datasetName.isEmpty() ? Dataset.standard(scale == Scale.PAPER) : Dataset.parse(datasetName);
        String pretextName = get.apply("pretext.dataset");
        Dataset pretext = pretextName.isEmpty() ? dataset : Dataset.parse(pretextName);
        Map<Dataset, Path> folders = new EnumMap<>(Dataset.class);
        Map<Dataset, Path> valLabels = new EnumMap<>(Dataset.class);
        for (Dataset d : Dataset.values()) {
            String named = get.apply(d.folderProperty());
            if (named.isEmpty() && d == Dataset.FASHION_MNIST) {
                named = get.apply("revisit.data");
            }
            if (!named.isEmpty()) {
                folders.put(d, Path.of(named));
            }
            String labels = get.apply(d.folderProperty() + ".valLabels");
            if (!labels.isEmpty()) {
                valLabels.put(d, Path.of(labels));
            }
        }
        String workers = get.apply("revisit.workers");
        String devices = get.apply("revisit.devices");
        String plotly = get.apply("revisit.report.plotly").toLowerCase(Locale.ROOT);
        if (!plotly.isEmpty() && !plotly.equals("inline") && !plotly.equals("sibling")) {
            throw new IllegalArgumentException("-Drevisit.report.plotly='" + plotly + "': expected inline or sibling");
        }
        String format = get.apply("revisit.cnn.format");
        String evaluation = get.apply("revisit.evaluation");
        String paperBatches = get.apply("revisit.paperBatches");
        String cluster = get.apply("revisit.cluster");
        Path results = optionalPath(get.apply("revisit.results"));
        if (bool(get, "revisit.fresh")) {
            if (results != null) {
                throw new IllegalArgumentException("-Drevisit.fresh=true puts the results in " + FRESH
                        + "; it cannot be combined with -Drevisit.results=" + results + " (an empty folder there is a fresh study)");
            }
            results = FRESH;
        }
        return new RunConfig(scale, dataset, pretext, folders, valLabels, results,
                optionalPath(get.apply("revisit.reports")),
                Path.of(get.apply("revisit.basedir").isEmpty() ? "." : get.apply("revisit.basedir")),
                Path.of(get.apply("revisit.templates").isEmpty() ? "templates" : get.apply("revisit.templates")),
                plotly, CellFilter.of(props.getProperty("cells", "")) /* not trimmed: a space can end a pattern */, bool(get, "revisit.retryFailed"),
                number(get, "revisit.decodeCacheMb", 2048L, Long::parseLong, "expected a whole number of MiB, 0 or more",
                        v -> v >= 0) << 20,
                workers.isEmpty() ? OptionalInt.empty() : OptionalInt.of(number(get, "revisit.workers", 1,
                        Integer::parseInt, "expected a whole number of workers, 1 or more", v -> v >= 1)),
                devices.isEmpty() ? OptionalInt.empty() : OptionalInt.of(number(get, "revisit.devices", 1,
                        Integer::parseInt, "expected a whole number of devices, 1 or more", v -> v >= 1)),
                number(get, "revisit.accumulate", 1, Integer::parseInt, "expected a whole number of passes, 1 or more",
                        v -> v >= 1),
                new CheckpointPolicy(number(get, "revisit.checkpoint.steps", CheckpointPolicy.DEFAULT.everySteps(),
                        Integer::parseInt, "a whole number of steps expected", v -> v >= 0),
                        number(get, "revisit.checkpoint.seconds", CheckpointPolicy.DEFAULT.everySeconds(),
                                Double::parseDouble, "a number of seconds expected", v -> v >= 0)),
                format.isEmpty() ? CNN2DFormat.NCHW : layout(format), bool(get, "revisit.bn.dl4jNumerics"),
                bool(get, "revisit.remeasure"),
                evaluation.isEmpty() ? Optional.empty() : Optional.of(EvaluationChoices.parse(evaluation)),
                paperBatches.isEmpty() ? Optional.empty() : Optional.of(PaperBatches.parse(paperBatches)),
                cluster.isEmpty() ? Optional.empty() : Optional.of(ClusterShape.parse(cluster,
                        number(get, "revisit.cluster.efficiency", ClusterShape.DEFAULT_EFFICIENCY,
                                Double::parseDouble, "expected a fraction in (0, 1]", v -> v > 0 && v <= 1))));
    }

    /** The same run with another cell filter (the planner sees the whole grid with {@link CellFilter#ALL}). */
    public RunConfig withCells(CellFilter filter) {
        return new RunConfig(scale, dataset, pretextDataset, dataFolders, valLabelFiles, resultsBase, reportsBase,
                basedir, templates, plotly, filter, retryFailed, decodeCacheBytes, workers, devices, accumulate,
                checkpoints, layout, bnFloatStatistics, remeasure, evaluation, paperBatches, cluster);
    }

    /**
     * The folder of {@code d}: {@code -Ddata.<id>}, else the shipped Fashion-MNIST; the other datasets must be
     * named.
     */
    public Path dataFolder(Dataset d) {
        Path named = dataFolders.get(d);
        return named != null ? named : d.shippedFolder();
    }

    /** The validation label file of image folder {@code d} ({@code -Ddata.<id>.valLabels}), or null. */
    public Path valLabels(Dataset d) {
        Path p = valLabelFiles.get(d);
        if (p != null && !Files.isRegularFile(p)) {
            throw new DatasetFormatException(p, "-D" + d.folderProperty() + ".valLabels", "is not a file");
        }
        return p;
    }

    /** {@code reports/<run>/results}, or {@code DIR/<run>/results} under {@code -Drevisit.results=DIR}. */
    public ResultStore store() {
        return ResultStore.forRun(resultsRoot(), scale, dataset, pretextDataset);
    }

    /** The store of the run that trains the pretext dataset's networks on itself (shared with this run). */
    public ResultStore pretextStore() {
        return ResultStore.forRun(resultsRoot(), scale, pretextDataset, pretextDataset);
    }

    public String runName() {
        return ResultStore.runName(scale, dataset, pretextDataset);
    }

    /**
     * Where reports are rendered: {@code -Drevisit.reports=DIR}; else beside the results when
     * {@code -Drevisit.results=DIR} moved them (a run on other results must not overwrite the committed reports);
     * else the project's {@code reports/}.
     */
    public Path reportsRoot() {
        return reportsBase != null ? reportsBase : resultsBase != null ? resultsBase : basedir.resolve("reports");
    }

    private Path resultsRoot() {
        return resultsBase != null ? resultsBase : Path.of("reports");
    }

    private static Path optionalPath(String v) {
        return v.isEmpty() ? null : Path.of(v);
    }

    private static boolean bool(Function<String, String> get, String name) {
        String v = get.apply(name).toLowerCase(Locale.ROOT);
        if (v.isEmpty() || v.equals("false")) {
            return false;
        }
        if (v.equals("true")) {
            return true;
        }
        throw new IllegalArgumentException("-D" + name + "='" + v + "': expected true or false");
    }

    private static <T> T number(Function<String, String> get, String name, T fallback, Function<String, T> parse,
                                String expected, java.util.function.Predicate<T> valid) {
        String v = get.apply(name);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            T t = parse.apply(v);
            if (valid.test(t)) {
                return t;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("-D" + name + "='" + v + "': " + expected);
    }

    private static CNN2DFormat layout(String v) {
        try {
            return CNN2DFormat.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-Drevisit.cnn.format='" + v + "': expected one of "
                    + Arrays.toString(CNN2DFormat.values()));
        }
    }

    @Override
    public String toString() {
        return "RunConfig{scale=" + scale.id() + ", dataset=" + dataset.id() + ", pretextDataset=" + pretextDataset.id()
                + ", dataFolders=" + dataFolders + ", valLabelFiles=" + valLabelFiles + ", results="
                + (resultsBase == null ? "reports" : resultsBase) + ", reports=" + reportsRoot() + ", templates="
                + templates + ", plotly=" + (plotly.isEmpty() ? "scale default" : plotly) + ", cells=" + cells
                + ", retryFailed=" + retryFailed + ", decodeCacheMb=" + (decodeCacheBytes >> 20) + ", workers="
                + (workers.isPresent() ? workers.getAsInt() : "auto") + ", devices="
                + (devices.isPresent() ? devices.getAsInt() : "auto") + ", accumulate=" + accumulate + ", checkpoints="
                + checkpoints + ", layout="
                + layout + ", bnFloatStatistics=" + bnFloatStatistics + ", remeasure=" + remeasure
                + ", evaluation=" + evaluation.map(EvaluationChoices::id).orElse("(the scale's)")
                + ", paperBatches=" + paperBatches.map(PaperBatches::id).orElse("(released)")
                + cluster.map(c -> ", cluster=" + c).orElse("") + "}";
    }
}
