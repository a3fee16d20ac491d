package org.revisit.study;

import org.revisit.probe.Probe;

import org.revisit.data.DatasetSplits;
import org.revisit.data.Dataset;
import org.revisit.data.ImageSet;
import org.revisit.nets.MomentsBatchNormHelper;
import org.revisit.nets.Networks;
import org.revisit.nets.NetworkSpec;
import org.revisit.pretext.TaskName;
import org.revisit.probe.FeatureCache;
import org.revisit.train.Execution;
import org.revisit.train.NetworkCache;
import org.revisit.train.TrainingConfig;
import org.revisit.train.TrainingRecord;
import org.revisit.util.FileLocks;
import org.revisit.probe.ProbeDivergedException;
import org.revisit.train.TrainingDivergedException;
import org.revisit.util.NativeBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.nio.file.Path;

/**
 * Runs cells at one scale on one dataset: trains (or reuses) the network, extracts (or reads) its frozen features at
 * the cell's end-point, probes them with the cell's probe setting, and stores the result. A cell whose result is
 * stored is not recomputed; a network already trained with the same configuration is loaded from the cache, and
 * features already extracted from the same weights at the same end-point are read from the feature cache.
 */
public final class Study {
    private static final Logger log = LoggerFactory.getLogger(Study.class);
    private final RunConfig config;
    private final Scale scale;
    private final Scale.Preset preset;
    private final DatasetSplits data;
    /** The dataset the networks are trained on: {@link #data} unless {@code -Dpretext.dataset} names another. */
    private final DatasetSplits pretextData;
    private final ResultStore store;
    private final NetworkCache networks;
    private final FeatureCache featureCache;
    private final CellComputation computation;
    private final RunTally tally = new RunTally();
    private final int retries;

    /**
     * Below the paper scale every training run keeps its weights at the ends of this many equal intervals (the
     * learning curves' points, {@link org.revisit.train.Snapshots}); the paper scale's networks are too large to keep
     * seven copies of each.
     */
    public static final int LEARNING_CURVE_POINTS = 8;

    public Study(Scale scale, DatasetSplits data, ResultStore store) {
        this(scale, scale.preset(), data, store);
    }

    /**
     * A study at {@code scale} with other sizes than the scale's own (tests use a tiny preset): its networks train a
     * few steps and are not expected to learn their task, so a run near chance is not retried.
     */
    public Study(Scale scale, Scale.Preset preset, DatasetSplits data, ResultStore store) {
        this(RunConfig.defaults(scale), preset, data, data, store, store.networks(), 0);
    }

    /**
     * A study whose networks are trained on {@code pretextData} and probed on {@code data} (the paper's Places205
     * evaluation of ImageNet-trained networks), with the trained networks in {@code networks}: the pretext dataset's
     * own run folder, so the networks its study trained are reused.
     */
    public Study(RunConfig config, Scale.Preset preset, DatasetSplits data, DatasetSplits pretextData,
                 ResultStore store, Path networks) {
        this(config, preset, data, pretextData, store, networks, RETRIES);
    }

    /** @param retries how many times a failed run ({@link RunCheck}) is retried ({@link #retry}) */
    public Study(RunConfig config, Scale.Preset preset, DatasetSplits data, DatasetSplits pretextData,
                 ResultStore store, Path networks, int retries) {
        NativeBackend.init();
        this.retries = retries;
        Networks.useLayout(config.layout());
        MomentsBatchNormHelper.useFloatStatistics(config.bnFloatStatistics());
        this.config = config;
        this.scale = config.scale();
        this.preset = preset;
        this.data = data;
        this.pretextData = pretextData;
        this.store = store;
        this.networks = new NetworkCache(networks, config.checkpoints(), snapshotPoints());
        this.featureCache = new FeatureCache(store.features());
        this.computation = new CellComputation(scale, preset, data, pretextData, store, this.networks, featureCache,
                config.devices(), config.accumulate());
    }

    /**
     * Fails before any data is read when {@code -Drevisit.devices} or {@code -Drevisit.accumulate} cannot run some
     * task's steps.
     */
    static void checkExecution(RunConfig config, Scale.Preset preset) {
        for (TaskName task : TaskName.values()) {
            try {
                Execution.forStep(config.devices(), 1, config.accumulate(), preset.replicas(task));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + " (scale " + config.scale().id() + ", "
                        + task.id() + ")", e);
            }
        }
    }

    /**
     * The study {@code config} describes: its scale on its dataset (loaded from its folder), results in its store,
     * networks trained on its pretext dataset.
     */
    public static Study of(RunConfig config) {
        log.debug("{}", config);
        Scale scale = config.scale();
        Dataset dataset = config.dataset();
        Dataset pretext = config.pretextDataset();
        Scale.Preset scaled = scale.preset().forDataset(scale, dataset);
        Scale.Preset evaluated = config.evaluation().map(scaled::withEvaluation).orElse(scaled);
        Scale.Preset preset = config.paperBatches().map(evaluated::withPaperBatches).orElse(evaluated);
        checkExecution(config, preset);
        DatasetSplits data = load(config, preset, dataset);
        ResultStore store = config.store();
        if (pretext == dataset) {
            return new Study(config, preset, data, data, store, store.networks());
        }
        Scale.Preset pretextPreset = scale.preset().forDataset(scale, pretext);
        if (!pretextPreset.geometry().equals(preset.geometry())) {
            throw new IllegalArgumentException("-Dpretext.dataset=" + pretext.id() + " gives "
                    + pretextPreset.geometry() + " networks at scale " + scale.id() + ", but " + dataset.id()
                    + " is probed at " + preset.geometry());
        }
        log.info("pretext training on {}, networks shared with its own run", pretext.id());
        return new Study(config, preset, data, load(config, pretextPreset, pretext), store,
                config.pretextStore().networks());
    }

    /** {@code dataset} from its folder as {@code preset} needs it, its image size checked. */
    private static DatasetSplits load(RunConfig config, Scale.Preset preset, Dataset dataset) {
        Path folder = config.dataFolder(dataset);
        DatasetSplits data = dataset.load(folder, request(preset, dataset, config));
        checkImageSize(folder, data, config.scale(), preset);
        var f = data.fingerprint();
        log.info("scale {} | data {} | {} train / {} val / {} test images, content {}", config.scale().id(),
                folder.toAbsolutePath(), f.train(), f.val(), f.test(), f.contentSha256());
        log.debug("{}", data.fingerprint());
        log.debug("scale {}: {}", config.scale().id(), preset);
        return data;
    }

    /** How {@code dataset} is loaded for {@code preset}: image size, own validation split, decode cache. */
    public static Dataset.Request request(Scale.Preset preset, Dataset dataset, RunConfig config) {
        return new Dataset.Request(preset.loadedImageSize(dataset), preset.valCount(), preset.pretextImages(), 0L,
                config.decodeCacheBytes(), dataset.isImageFolder() ? config.valLabels(dataset) : null);
    }

    /** The scale's networks are built for one input size: other images stop the run before anything is trained. */
    public static void checkImageSize(Path folder, DatasetSplits data, Scale scale, Scale.Preset preset) {
        var g = preset.geometry();
        ImageSet train = data.train();
        boolean sizeOk = !train.fixedSize() || train.height() == g.height() && train.width() == g.width();
        if (!sizeOk || train.channels() != g.channels()) {
            throw new org.revisit.data.DatasetFormatException(folder, "image size", "images are "
                    + (train.fixedSize() ? train.height() + "x" + train.width() : "of varying size") + "x"
                    + train.channels() + "; scale " + scale.id() + " on " + data.dataset() + " expects "
                    + g.height() + "x" + g.width() + "x" + g.channels());
        }
    }

    /** The options this study runs with. */
    public RunConfig config() {
        return config;
    }

    public Scale scale() {
        return scale;
    }

    public Scale.Preset preset() {
        return preset;
    }

    public DatasetSplits data() {
        return data;
    }

    /** The dataset the networks are trained on ({@link #data()} unless {@code -Dpretext.dataset} names another). */
    public DatasetSplits pretextData() {
        return pretextData;
    }

    /** The folder of this run under {@code reports/} ({@link ResultStore#runName}). */
    public String runName() {
        return ResultStore.runName(scale, Dataset.parse(data.dataset()), Dataset.parse(pretextData.dataset()));
    }

    /** How the cells this study ran ended: computed, reused or failed, once per cell. */
    public RunTally tally() {
        return tally;
    }

    public ResultStore store() {
        return store;
    }

    /** A Rotation-style cell of this scale: the network at width {@code width}, probed at the pre-logits. */
    public Cell cell(String benchmark, TaskName task, NetworkSpec network, long seed) {
        Scale.Preset p = preset;
        TrainingConfig training = p.training(task, network.architecture(), seed);
        // the patch tasks' networks see patches: the task turns the scale's image geometry into theirs
        NetworkSpec net = network.withGeometry(task.task().networkGeometry(network.geometry()));
        return new Cell(benchmark, task, net, paperWidthFor(network.width()), training, "pre_logits",
                ProbeSetting.lbfgs(), scale, true);
    }

    /** The intervals each training run of this study is cut into for its snapshots (0: none kept). */
    public int snapshotPoints() {
        return scale == Scale.PAPER ? 0 : LEARNING_CURVE_POINTS;
    }

    /**
     * How many steps the cell's network trains: its images per epoch in whole batches, times its epochs; 0 where a
     * batch is larger than the images (planning goes on; training refuses such a run with its own error).
     */
    public int trainingSteps(Cell cell) {
        int available = pretextData.pretextTrain().head(cell.training().trainImages()).size();
        return cell.training().stepsPerEpoch(available) * cell.training().epochs();
    }

    /** The weights the cell probes as its feature keys name them ({@code trained}, {@code initial}, a snapshot). */
    public String probedWeights(Cell cell) {
        return cell.atStep() < 0 ? CellKeys.probedWeights(cell, 0) : CellKeys.probedWeights(cell, trainingSteps(cell));
    }

    private int paperWidthFor(int width) {
        for (int i = 0; i < preset.widths().length; i++) {
            if (preset.widths()[i] == width) {
                return preset.paperWidths()[i];
            }
        }
        return -1;
    }

    /**
     * The raw-pixel baselines of this study's probe ({@link PixelBaseline}), each read from the store or computed and
     * stored now (seconds below the paper scale); safe beside other processes on the same folder.
     */
    public List<PixelBaseline> pixelBaselines() {
        List<PixelBaseline> out = new java.util.ArrayList<>();
        Probe probe = ProbeSetting.lbfgs().build(preset, 0);
        for (PixelBaseline.Input input : PixelBaseline.Input.values()) {
            String key = PixelBaseline.key(input, preset, data, probe);
            out.add(FileLocks.with(store.cellLock("pixels-" + key), () -> store.findPixels(key).orElseGet(() -> {
                PixelBaseline b = PixelBaseline.compute(input, scale, preset, data, probe);
                store.write(b);
                log.info("pixel baseline {} ({} features): top-1 {}, stored in {}", input.description(),
                        b.features(), b.top1(), store.root());
                return b;
            })));
        }
        return out;
    }

    /** Runs (or reads, or shares) a cell that runs alone. */
    public CellResult run(Cell cell) {
        return run(cell, 1);
    }

    /**
     * Runs (or reads, or shares) a cell. Thread-safe: cells on several workers share networks and features through
     * the caches, and a second caller of the same cell waits for the first one's result.
     *
     * @param concurrentCells how many cells run at once, this one included; recorded with its timings, which are
     *                        slower than alone
     */
    public CellResult run(Cell cell, int concurrentCells) {
        if (cell.scale() != scale) {
            throw new IllegalArgumentException("cell " + cell.id() + " is for scale " + cell.scale().id()
                    + " but this study runs " + scale.id());
        }
        CellResult r = once(cell, concurrentCells);
        // a failed run (RunCheck) is kept and flagged; the cell is retried, and its retry is the cell's answer
        for (int attempt = 1; attempt <= retries && cell.atStep() < 0 && RunCheck.failed(r); attempt++) {
            Cell retry = retry(cell, attempt);
            log.warn("cell {}: the run failed ({}); retry {} of {}: {}", cell.id(), RunCheck.failure(r).orElseThrow(),
                    attempt, retries, retry.training());
            r = once(retry, concurrentCells);
        }
        return r;
    }

    /** How many times a study's failed run is retried: once with another seed, then also at half the rate. */
    public static final int RETRIES = 2;

    /**
     * The cell's {@code attempt}-th retry after a failed run: the seed plus {@code attempt} (new initial weights and
     * sampling), and from the second retry on half the learning rate; both are part of its training configuration,
     * recorded with its result.
     */
    static Cell retry(Cell cell, int attempt) {
        TrainingConfig t = cell.training().withSeed(cell.training().seed() + attempt);
        return cell.with(attempt >= 2 ? t.withRateTimes(0.5) : t);
    }

    private CellResult once(Cell cell, int concurrentCells) {
        CellKeys keys = keys(cell);
        return FileLocks.with(store.cellLock(keys.cellKey()), () -> storedOrComputed(cell, keys, concurrentCells));
    }

    /**
     * The stored result of the cell, or one another table stored for the same computation, or the cell computed now.
     * A cell whose training or probe diverges stores a {@link CellFailure} and throws {@link CellFailedException};
     * a re-run meets the stored failure and throws it again without recomputing, unless
     * {@code -Drevisit.retryFailed=true}.
     */
    private CellResult storedOrComputed(Cell cell, CellKeys keys, int concurrentCells) {
        String cellKey = keys.cellKey();
        var stored = store.find(cell.benchmark(), cellKey);
        if (stored.isPresent()) {
            log.debug("cache hit: cell {} [{}] already computed, nothing to do", cell.id(), cellKey);
            tally.record(cell, RunTally.Outcome.REUSED);
            return stored.get();
        }
        var elsewhere = store.findInAnyBenchmark(cellKey);
        if (elsewhere.isPresent()) {
            // the same computation stored by another table: the row is shared, not recomputed
            CellResult shared = elsewhere.get().inBenchmark(cell.benchmark(), cell.id());
            store.write(shared);
            log.debug("cache hit: cell {} [{}] shares the result stored by {}", cell.id(), cellKey,
                    elsewhere.get().benchmark());
            tally.record(cell, RunTally.Outcome.REUSED);
            return shared;
        }
        if (!config.retryFailed()) {
            var failed = store.findFailure(cellKey);
            if (failed.isPresent()) {
                CellFailure f = failed.get().benchmark().equals(cell.benchmark()) ? failed.get()
                        : failed.get().inBenchmark(cell.benchmark(), cell.id());
                if (f != failed.get()) {
                    store.write(f);
                }
                log.warn("cell {} [{}] failed in an earlier run ({}), not run again", cell.id(), cellKey,
                        f.message());
                tally.record(cell, RunTally.Outcome.FAILED);
                throw new CellFailedException(f, true, null);
            }
        }
        try {
            CellResult computed = computation.compute(cell, keys, concurrentCells);
            tally.record(cell, RunTally.Outcome.COMPUTED);
            return computed;
        } catch (TrainingDivergedException e) {
            throw failed(cell, keys, "training", e.step(), e.lastFiniteLoss(), e);
        } catch (ProbeDivergedException e) {
            throw failed(cell, keys, "probe", -1, Double.NaN, e);
        }
    }

    private CellFailedException failed(Cell cell, CellKeys keys, String stage, int step, double lastFiniteLoss,
                                       RuntimeException cause) {
        NetworkSpec net = cell.network();
        CellFailure f = new CellFailure(CellFailure.FORMAT_VERSION, cell.benchmark(), cell.id(), keys.cellKey(),
                keys.networkKey(), scale.id(), cell.task(), net.variant(), net.width(), net.toString(),
                cell.training().toString(), keys.probe().toString(), stage, step, lastFiniteLoss, cause.getMessage(),
                Provenance.capture());
        store.write(f);
        tally.record(cell, RunTally.Outcome.FAILED);
        log.error("cell {}: {} diverged, failure recorded: {}", cell.id(), stage, cause.getMessage());
        return new CellFailedException(f, false, cause);
    }

    /**
     * What of a cell is already computed, without computing anything: its result, its trained network (with the
     * network's measured training record), and the features of its end-point for both weights and all three splits.
     */
    public CellStatus status(Cell cell) {
        CellKeys keys = keys(cell);
        boolean featuresCached = true;
        String probed = probedWeights(cell);
        for (String weights : cell.control() ? new String[] {probed, "initial"} : new String[] {probed}) {
            for (ImageSet images : keys.splits()) {
                featuresCached &= java.nio.file.Files.isRegularFile(featureCache.file(keys.featureKey(weights,
                        cell.endPoint(), images, preset)));
            }
        }
        // stored by this cell's table or shared from another's (run copies it without computing)
        boolean done = store.findInAnyBenchmark(keys.cellKey()).isPresent();
        return new CellStatus(keys.cellKey(), keys.networkKey(), done, networks.record(keys.networkKey()), featuresCached);
    }

    private CellKeys keys(Cell cell) {
        return CellKeys.of(cell, preset, data, pretextData);
    }

    /**
     * @param network the stored training record of the cell's network when it is cached (its measured training
     *                time), else empty
     */
    public record CellStatus(String cellKey, String networkKey, boolean done,
                             java.util.Optional<TrainingRecord> network, boolean featuresCached) {
    }
}
