package org.revisit.study;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.revisit.data.DatasetSplits;
import org.revisit.data.Dataset;
import org.revisit.data.ImageSet;
import org.revisit.nets.NetworkSize;
import org.revisit.nets.NetworkSpec;
import org.revisit.pretext.PretextTask;
import org.revisit.pretext.PretextTasks;
import org.revisit.probe.Accuracy;
import org.revisit.probe.FeatureExtractor;
import org.revisit.data.LabelBudget;
import org.revisit.probe.FeatureCache;
import org.revisit.probe.FeaturePooling;
import org.revisit.probe.Probe;
import org.revisit.probe.ProbeResult;
import org.revisit.train.NetworkCache;
import org.revisit.train.PretextTrainer;
import org.revisit.train.TrainingConfig;
import org.revisit.train.TrainedNetwork;
import org.revisit.train.TrainingRecord;
import org.revisit.util.Hashing;
import org.revisit.util.FileLocks;
import org.revisit.probe.ProbeDivergedException;
import org.revisit.train.TrainingDivergedException;
import org.revisit.util.NdArrays;
import org.revisit.util.NativeBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * Runs cells at one scale on one dataset: trains (or reuses) the network, extracts (or reads) its frozen features at
 * the cell's end-point, probes them with the cell's probe setting, and stores the result. A cell whose result is
 * stored is not recomputed; a network already trained with the same configuration is loaded from the cache, and
 * features already extracted from the same weights at the same end-point are read from the feature cache.
 */
public final class Study {
    private static final Logger log = LoggerFactory.getLogger(Study.class);
    private static Study current;

    private final Scale scale;
    private final Scale.Preset preset;
    private final DatasetSplits data;
    /** The dataset the networks are trained on: {@link #data} unless {@code -Dpretext.dataset} names another. */
    private final DatasetSplits pretextData;
    private final ResultStore store;
    private final NetworkCache networks;
    private final FeatureCache featureCache;

    public Study(Scale scale, DatasetSplits data, ResultStore store) {
        this(scale, scale.preset(), data, store);
    }

    /** A study at {@code scale} with other sizes than the scale's own (tests use a tiny preset). */
    public Study(Scale scale, Scale.Preset preset, DatasetSplits data, ResultStore store) {
        this(scale, preset, data, data, store, store.networks());
    }

    /**
     * A study whose networks are trained on {@code pretextData} and probed on {@code data} (the paper's Places205
     * evaluation of ImageNet-trained networks), with the trained networks in {@code networks}: the pretext dataset's
     * own run folder, so the networks its study trained are reused.
     */
    public Study(Scale scale, Scale.Preset preset, DatasetSplits data, DatasetSplits pretextData, ResultStore store,
                 Path networks) {
        NativeBackend.init();
        this.scale = scale;
        this.preset = preset;
        this.data = data;
        this.pretextData = pretextData;
        this.store = store;
        this.networks = new NetworkCache(networks);
        this.featureCache = new FeatureCache(store.features());
    }

    /**
     * The study named by the system properties {@code scale}, {@code dataset} and {@code data.<dataset>} (see
     * {@link Dataset}) and {@code revisit.results}, created once per JVM.
     */
    public static synchronized Study fromSystemProperties() {
        if (current == null) {
            Scale scale = Scale.current();
            Dataset dataset = Dataset.current(scale == Scale.PAPER);
            Dataset pretext = Dataset.pretext(dataset);
            Scale.Preset preset = scale.preset().forDataset(scale, dataset);
            DatasetSplits data = load(scale, preset, dataset);
            ResultStore store = ResultStore.forRun(scale, dataset, pretext);
            if (pretext == dataset) {
                current = new Study(scale, preset, data, store);
            } else {
                Scale.Preset pretextPreset = scale.preset().forDataset(scale, pretext);
                if (!pretextPreset.geometry().equals(preset.geometry())) {
                    throw new IllegalArgumentException("-Dpretext.dataset=" + pretext.id() + " gives "
                            + pretextPreset.geometry() + " networks at scale " + scale.id() + ", but " + dataset.id()
                            + " is probed at " + preset.geometry());
                }
                log.info("pretext training on {}, networks shared with its own run", pretext.id());
                current = new Study(scale, preset, data, load(scale, pretextPreset, pretext), store,
                        ResultStore.forRun(scale, pretext).networks());
            }
        }
        return current;
    }

    /** {@code dataset} from its folder as {@code preset} needs it, its image size checked. */
    private static DatasetSplits load(Scale scale, Scale.Preset preset, Dataset dataset) {
        Path folder = dataset.folder();
        DatasetSplits data = dataset.load(folder, request(preset, dataset));
        checkImageSize(folder, data, scale, preset);
        log.info("scale {} ({}) | data {} | {}", scale.id(), preset, folder.toAbsolutePath(), data.fingerprint());
        return data;
    }

    /** How {@code dataset} is loaded for {@code preset}: image size, own validation split, decode cache. */
    public static Dataset.Request request(Scale.Preset preset, Dataset dataset) {
        long cacheBytes = Long.getLong("revisit.decodeCacheMb", 2048L) << 20;
        return new Dataset.Request(preset.loadedImageSize(dataset), preset.valCount(), preset.pretextImages(), 0L,
                cacheBytes, dataset.isImageFolder() ? dataset.valLabels() : null);
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

    /**
     * Whether {@code cell} is selected by {@code -Dcells=REGEX} (found anywhere in its {@link Cell#id()}, like JMH's
     * include pattern), so one benchmark can run part of its grid; every cell when the property is unset.
     */
    public static boolean selected(Cell cell) {
        return selected(cell.id());
    }

    /** As {@link #selected(Cell)}, for rows of benchmarks that are not cells (throughput). */
    public static boolean selected(String id) {
        String pattern = System.getProperty("cells", "");
        if (pattern.isBlank()) {
            return true;
        }
        try {
            return java.util.regex.Pattern.compile(pattern).matcher(id).find();
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException("-Dcells='" + pattern + "' is not a valid regular expression: "
                    + e.getDescription(), e);
        }
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

    public ResultStore store() {
        return store;
    }

    /** A Rotation-style cell of this scale: the network at width {@code width}, probed at the pre-logits. */
    public Cell cell(String benchmark, String task, NetworkSpec network, long seed) {
        Scale.Preset p = preset;
        TrainingConfig training = TrainingConfig.paperShape(p.epochs(), p.batchImages(task), p.bnDecay(),
                p.pretextImages(), seed);
        // the patch tasks' networks see patches: the task turns the scale's image geometry into theirs
        NetworkSpec net = network.withGeometry(PretextTasks.get(task).networkGeometry(network.geometry()));
        return new Cell(benchmark, task, net, paperWidthFor(network.width()), training, "pre_logits",
                ProbeSetting.lbfgs(), scale, true);
    }

    private int paperWidthFor(int width) {
        for (int i = 0; i < preset.widths().length; i++) {
            if (preset.widths()[i] == width) {
                return preset.paperWidths()[i];
            }
        }
        return -1;
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
            log.info("cache hit: cell {} [{}] already computed, nothing to do", cell.id(), cellKey);
            return stored.get();
        }
        var elsewhere = store.findInAnyBenchmark(cellKey);
        if (elsewhere.isPresent()) {
            // the same computation stored by another table: the row is shared, not recomputed
            CellResult shared = elsewhere.get().inBenchmark(cell.benchmark(), cell.id());
            store.write(shared);
            log.info("cache hit: cell {} [{}] shares the result stored by {}", cell.id(), cellKey,
                    elsewhere.get().benchmark());
            return shared;
        }
        if (!Boolean.getBoolean("revisit.retryFailed")) {
            var failed = store.findFailure(cellKey);
            if (failed.isPresent()) {
                CellFailure f = failed.get().benchmark().equals(cell.benchmark()) ? failed.get()
                        : failed.get().inBenchmark(cell.benchmark(), cell.id());
                if (f != failed.get()) {
                    store.write(f);
                }
                log.warn("cell {} [{}] failed in an earlier run ({}), not run again", cell.id(), cellKey,
                        f.message());
                throw new CellFailedException(f, true, null);
            }
        }
        try {
            return compute(cell, keys, concurrentCells);
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
        log.error("cell {}: {} diverged, failure recorded: {}", cell.id(), stage, cause.getMessage());
        return new CellFailedException(f, false, cause);
    }

    /** Trains (or loads) the network, extracts (or reads) the features, probes them and stores the result. */
    private CellResult compute(Cell cell, CellKeys keys, int concurrentCells) {
        long start = System.nanoTime();
        Scale.Preset p = preset;
        PretextTask task = PretextTasks.get(cell.task());
        String networkKey = keys.networkKey();
        String cellKey = keys.cellKey();
        Probe probe = keys.probe();
        FeaturePooling pooling = keys.pooling();
        ImageSet probeTrain = keys.probeTrain();
        ImageSet probeVal = keys.probeVal();
        ImageSet test = keys.test();
        double fraction = cell.probe().labelFraction();
        LabelBudget budget = keys.budget();
        LabelBudget valBudget = keys.valBudget();
        String labelSubset = keys.labelSubset();
        log.info("cell {} [{}]: {} | probe {}", cell.id(), cellKey, cell, probe);

        ImageSet pretextEval = pretextData.val().head(p.pretextEvalImages());
        TrainedNetwork entry = networks.getOrTrain(networkKey, cell.id(), checkpoints ->
                PretextTrainer.train(networkKey, cell.network(), task, cell.training(), p.augmentation(),
                        pretextData.pretextTrain().head(p.pretextImages()), pretextEval, checkpoints));
        TrainingRecord tr = entry.record();

        long extractStart = System.nanoTime();
        Splits trainedFeatures = features(entry.graph(), networkKey + "|weights=trained", cell, task, pooling,
                probeTrain, probeVal, test, budget, valBudget);
        double extractSeconds = (System.nanoTime() - extractStart) / 1e9;
        ProbeResult trained = trainedFeatures.probe(probe, test.numClasses());
        trainedFeatures.close();
        Accuracy untrainedTop1 = Accuracy.notMeasured();
        Accuracy untrainedTop5 = Accuracy.notMeasured();
        if (cell.control()) {
            Splits initialFeatures = features(entry.initial(), networkKey + "|weights=initial", cell, task, pooling,
                    probeTrain, probeVal, test, budget, valBudget);
            ProbeResult untrained = initialFeatures.probe(probe, test.numClasses());
            initialFeatures.close();
            untrainedTop1 = untrained.top1();
            untrainedTop5 = untrained.top5();
        }
        log.info("cell {}: probe top-1 {} trained vs {} with its initial weights; pretext accuracy {}", cell.id(),
                trained.top1(), cell.control() ? untrainedTop1 : "(no control)",
                String.format("%.4f", tr.pretextAccuracy()));

        int extracted = probeTrain.size() + probeVal.size() + test.size();
        NetworkSpec net = cell.network();
        ProbeSetting setting = cell.probe();
        CellResult result = new CellResult(CellResult.FORMAT_VERSION, cell.benchmark(), cell.id(), cellKey, networkKey,
                scale.id(), cell.task(), net.variant(), net.width(), cell.paperWidth(), net.depthLabel(),
                net.representationSize(), cell.endPoint(), setting.kind().id(), setting.firstDecay(), fraction,
                labelSubset, pooling.target(), cell.training().seed(), net.toString(), cell.training().toString(),
                probe.toString(), data.fingerprint(), pretextData == data ? null : pretextData.fingerprint(),
                new CellResult.Metrics(tr.pretextAccuracy(), tr.pretextEvalImages(), trained.top1(), trained.top5(),
                        untrainedTop1, untrainedTop5, trained.chosenL2(), trained.validationTop1ByL2(),
                        java.util.Arrays.stream(trained.validationTop1ByEpoch()).boxed().toList(), trained.iterations(), trained.converged(),
                        trained.trainCount(), trained.valCount(), trained.testCount(), trained.features(),
                        tr.parameters(), NetworkSize.of(net, task.head(net.geometry())).multiplyAdds()),
                new CellResult.Timings(tr.trainSeconds(), tr.trainImagesPerSecond(), entry.fromCache(), extractSeconds,
                        extracted / extractSeconds, trainedFeatures.fromCache(), trained.seconds(),
                        (System.nanoTime() - start) / 1e9, concurrentCells),
                Provenance.capture());
        store.write(result);
        log.info("cell {}: result stored in {}", cell.id(), store.root());
        return result;
    }

    private String trainingDescription(Cell cell) {
        return cell.trainingDescription(pretextData.fingerprint().toString(), preset.augmentation().toString());
    }

    private String cellKey(String trainingDescription, Probe probe, String endPoint, FeaturePooling pooling,
                           double fraction, String labelSubset, boolean control) {
        Scale.Preset p = preset;
        return Hashing.shortKey(trainingDescription + "|probe=" + probe + "|at=" + endPoint + "|pool=" + pooling
                + "|labels=" + fraction + ":" + labelSubset + "|sizes=" + p.probeTrainImages() + ","
                + p.probeValImages() + "," + p.testImages() + "," + p.pretextEvalImages()
                + (control ? "" : "|control=none")
                + (pretextData == data ? "" : "|probed on " + data.fingerprint()));
    }

    private String featureKey(String weightsKey, String endPoint, ImageSet images, FeaturePooling pooling) {
        return Hashing.shortKey(weightsKey + "|at=" + endPoint + "|split=" + images.name() + ":" + images.size()
                + "|pool=" + pooling + "|eval=" + preset.augmentation() + "|features=v1");
    }

    /**
     * What of a cell is already computed, without computing anything: its result, its trained network (with the
     * network's measured training record), and the features of its end-point for both weights and all three splits.
     */
    public CellStatus status(Cell cell) {
        CellKeys keys = keys(cell);
        boolean featuresCached = true;
        for (String weights : cell.control() ? new String[] {"trained", "initial"} : new String[] {"trained"}) {
            for (ImageSet images : new ImageSet[] {keys.probeTrain(), keys.probeVal(), keys.test()}) {
                featuresCached &= java.nio.file.Files.isRegularFile(featureCache.file(featureKey(
                        keys.networkKey() + "|weights=" + weights, cell.endPoint(), images, keys.pooling())));
            }
        }
        // stored by this cell's table or shared from another's (run copies it without computing)
        boolean done = store.findInAnyBenchmark(keys.cellKey()).isPresent();
        return new CellStatus(keys.cellKey(), keys.networkKey(), done, networks.record(keys.networkKey()), featuresCached);
    }

    /** What identifies a cell's network, result and features, and the splits and label budgets its probe sees. */
    private record CellKeys(String networkKey, String cellKey, Probe probe, FeaturePooling pooling,
                            ImageSet probeTrain, ImageSet probeVal, ImageSet test, LabelBudget budget,
                            LabelBudget valBudget, String labelSubset) {
    }

    private CellKeys keys(Cell cell) {
        Scale.Preset p = preset;
        String trainingDescription = trainingDescription(cell);
        Probe probe = cell.probe().build(p, cell.training().seed());
        FeaturePooling pooling = new FeaturePooling(p.poolingTarget());
        ImageSet probeTrain = data.train().head(p.probeTrainImages());
        ImageSet probeVal = data.val().head(p.probeValImages());
        ImageSet test = data.test().head(p.testImages());
        double fraction = cell.probe().labelFraction();
        // a budget limits every label the probe sees: the training split and the validation split that chooses the
        // penalty and joins the refit (with the whole validation split, a 10 % budget would see 15,000 labels)
        LabelBudget budget = fraction == 1.0 ? null : LabelBudget.of(probeTrain, fraction, cell.training().seed());
        LabelBudget valBudget = fraction == 1.0 ? null : LabelBudget.of(probeVal, fraction, cell.training().seed());
        String labelSubset = budget == null ? "all" : budget.fingerprint() + "+" + valBudget.fingerprint();
        return new CellKeys(Hashing.shortKey(trainingDescription), cellKey(trainingDescription, probe,
                cell.endPoint(), pooling, fraction, labelSubset, cell.control()), probe, pooling, probeTrain, probeVal, test, budget,
                valBudget, labelSubset);
    }

    /**
     * @param network the stored training record of the cell's network when it is cached (its measured training
     *                time), else empty
     */
    public record CellStatus(String cellKey, String networkKey, boolean done,
                             java.util.Optional<TrainingRecord> network, boolean featuresCached) {
    }

    /** The three splits' features and labels; the training and validation splits restricted to the label budget. */
    private record Splits(INDArray train, int[] trainLabels, INDArray val, int[] valLabels, INDArray test,
                          int[] testLabels, boolean fromCache) {
        ProbeResult probe(Probe probe, int classes) {
            return probe.evaluate(train, trainLabels, val, valLabels, test, testLabels, classes);
        }

        void close() {
            NdArrays.close(train, val, test);
        }
    }

    private Splits features(ComputationGraph graph, String weightsKey, Cell cell, PretextTask task,
                            FeaturePooling pooling, ImageSet train, ImageSet val, ImageSet test, LabelBudget budget,
                            LabelBudget valBudget) {
        boolean[] allCached = {true};
        java.util.function.Function<ImageSet, INDArray> get = images -> {
            String description = cell.endPoint() + " of " + images.name() + " (" + images.size() + " images)";
            String key = featureKey(weightsKey, cell.endPoint(), images, pooling);
            return featureCache.getOrExtract(key, description, () -> {
                allCached[0] = false;
                return FeatureExtractor.extract(graph, cell.endPoint(), images, preset.augmentation(),
                        cell.network().geometry(), task, pooling);
            });
        };
        Labelled tr = Labelled.of(get.apply(train), train.labelsCopy(), budget);
        Labelled va = Labelled.of(get.apply(val), val.labelsCopy(), valBudget);
        INDArray fte = get.apply(test);
        return new Splits(tr.features(), tr.labels(), va.features(), va.labels(), fte, test.labelsCopy(), allCached[0]);
    }

    /** Features with their labels, restricted to a label budget's images (null: all of them). */
    private record Labelled(INDArray features, int[] labels) {
        static Labelled of(INDArray features, int[] labels, LabelBudget budget) {
            if (budget == null) {
                return new Labelled(features, labels);
            }
            int[] idx = budget.indices();
            INDArray subset = features.getRows(idx);
            NdArrays.close(features);
            int[] l = new int[idx.length];
            for (int i = 0; i < l.length; i++) {
                l[i] = labels[idx[i]];
            }
            return new Labelled(subset, l);
        }
    }

}
