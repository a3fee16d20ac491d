package org.revisit.study;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.revisit.data.DatasetSplits;
import org.revisit.data.FashionMnist;
import org.revisit.data.ImageSet;
import org.revisit.nets.NetworkSize;
import org.revisit.nets.NetworkSpec;
import org.revisit.pretext.PretextTask;
import org.revisit.pretext.PretextTasks;
import org.revisit.probe.FeatureExtractor;
import org.revisit.probe.LinearProbe;
import org.revisit.train.NetworkCache;
import org.revisit.train.PretextTrainer;
import org.revisit.train.TrainingConfig;
import org.revisit.train.TrainedNetwork;
import org.revisit.train.TrainingRecord;
import org.revisit.util.Hashing;
import org.revisit.util.NativeBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * Runs cells at one scale on one dataset: trains (or reuses) the network, extracts frozen features, probes them,
 * and stores the result. A cell whose result is stored is not recomputed; a network already trained with the same
 * configuration is loaded from the cache.
 */
public final class Study {
    private static final Logger log = LoggerFactory.getLogger(Study.class);
    private static Study current;

    private final Scale scale;
    private final Scale.Preset preset;
    private final DatasetSplits data;
    private final ResultStore store;
    private final NetworkCache networks;

    public Study(Scale scale, DatasetSplits data, ResultStore store) {
        this(scale, scale.preset(), data, store);
    }

    /** A study at {@code scale} with other sizes than the scale's own (tests use a tiny preset). */
    public Study(Scale scale, Scale.Preset preset, DatasetSplits data, ResultStore store) {
        NativeBackend.init();
        this.scale = scale;
        this.preset = preset;
        this.data = data;
        this.store = store;
        this.networks = new NetworkCache(store.networks());
    }

    /**
     * The study named by the system properties {@code scale}, {@code revisit.data} (a Fashion-MNIST folder; default
     * the shipped copy) and {@code revisit.results}, created once per JVM.
     */
    public static synchronized Study fromSystemProperties() {
        if (current == null) {
            Scale scale = Scale.current();
            if (scale == Scale.PAPER) {
                throw new IllegalArgumentException("scale 'paper' runs the paper's 224 px ImageNet configuration; "
                        + "the only dataset loader so far is Fashion-MNIST (28 px). Use -Dscale=smoke or small.");
            }
            String folder = System.getProperty("revisit.data", "");
            Path dataFolder = folder.isBlank() ? FashionMnist.DEFAULT_FOLDER : Path.of(folder);
            DatasetSplits data = FashionMnist.load(dataFolder, scale.preset().valCount(), 0L);
            log.info("scale {} ({}) | data {} | {}", scale.id(), scale.preset(), dataFolder.toAbsolutePath(),
                    data.fingerprint());
            current = new Study(scale, data, ResultStore.forScale(scale));
        }
        return current;
    }

    /**
     * Whether {@code cell} is selected by {@code -Dcells=REGEX} (found anywhere in its {@link Cell#id()}, like JMH's
     * include pattern), so one benchmark can run part of its grid; every cell when the property is unset.
     */
    public static boolean selected(Cell cell) {
        String pattern = System.getProperty("cells", "");
        if (pattern.isBlank()) {
            return true;
        }
        try {
            return java.util.regex.Pattern.compile(pattern).matcher(cell.id()).find();
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

    public ResultStore store() {
        return store;
    }

    /** A Rotation-style cell of this scale: the network at width {@code width}, probed at the pre-logits. */
    public Cell cell(String benchmark, String task, NetworkSpec network, long seed) {
        Scale.Preset p = preset;
        TrainingConfig training = TrainingConfig.paperShape(p.epochs(), p.batchImages(), p.bnDecay(), p.pretextImages(), seed);
        // the patch tasks' networks see patches: the task turns the scale's image geometry into theirs
        NetworkSpec net = network.withGeometry(PretextTasks.get(task).networkGeometry(network.geometry()));
        return new Cell(benchmark, task, net, paperWidthFor(network.width()), training, "pre_logits", scale);
    }

    private int paperWidthFor(int width) {
        for (int i = 0; i < preset.widths().length; i++) {
            if (preset.widths()[i] == width) {
                return preset.paperWidths()[i];
            }
        }
        return -1;
    }

    public CellResult run(Cell cell) {
        if (cell.scale() != scale) {
            throw new IllegalArgumentException("cell " + cell.id() + " is for scale " + cell.scale().id()
                    + " but this study runs " + scale.id());
        }
        long start = System.nanoTime();
        Scale.Preset p = preset;
        PretextTask task = PretextTasks.get(cell.task());
        String trainingDescription = cell.trainingDescription(data.fingerprint().toString(), p.augmentation().toString());
        String networkKey = Hashing.shortKey(trainingDescription);
        LinearProbe probe = new LinearProbe(p.l2Grid(), p.probeMaxIterations());
        String cellKey = Hashing.shortKey(trainingDescription + "|probe=" + probe + "|at=" + cell.endPoint()
                + "|sizes=" + p.probeTrainImages() + "," + p.probeValImages() + "," + p.testImages() + ","
                + p.pretextEvalImages());
        var stored = store.find(cell.benchmark(), cellKey);
        if (stored.isPresent()) {
            log.info("cache hit: cell {} [{}] already computed, nothing to do", cell.id(), cellKey);
            return stored.get();
        }
        log.info("cell {} [{}]: {}", cell.id(), cellKey, cell);

        ImageSet pretextEval = data.val().head(p.pretextEvalImages());
        TrainedNetwork entry = networks.getOrTrain(networkKey, cell.id(), () ->
                PretextTrainer.train(networkKey, cell.network(), task, cell.training(), p.augmentation(),
                        data.train().head(p.pretextImages()), pretextEval));
        TrainingRecord tr = entry.record();

        ImageSet probeTrain = data.train().head(p.probeTrainImages());
        ImageSet probeVal = data.val().head(p.probeValImages());
        ImageSet test = data.test().head(p.testImages());
        long extractStart = System.nanoTime();
        LinearProbe.Result trained = probe(entry.graph(), cell, task, probe, probeTrain, probeVal, test);
        double extractAndProbe = (System.nanoTime() - extractStart) / 1e9;
        double probeSeconds = trained.seconds();
        double extractSeconds = extractAndProbe - probeSeconds;

        LinearProbe.Result untrained = probe(entry.initial(), cell, task, probe, probeTrain, probeVal, test);
        log.info("cell {}: probe top-1 {} trained vs {} with its initial weights; pretext accuracy {}", cell.id(),
                String.format("%.4f", trained.testTop1()), String.format("%.4f", untrained.testTop1()),
                String.format("%.4f", tr.pretextAccuracy()));

        int extracted = probeTrain.size() + probeVal.size() + test.size();
        NetworkSpec net = cell.network();
        CellResult result = new CellResult(CellResult.FORMAT_VERSION, cell.benchmark(), cell.id(), cellKey, networkKey,
                scale.id(), cell.task(), net.variant(), net.width(), cell.paperWidth(), net.depthLabel(),
                net.representationSize(), cell.endPoint(),
                cell.training().seed(), net.toString(), cell.training().toString(), probe.toString(),
                data.fingerprint(),
                new CellResult.Metrics(tr.pretextAccuracy(), tr.pretextEvalImages(), trained.testTop1(),
                        untrained.testTop1(), trained.chosenL2(), trained.validationTop1ByL2(), trained.iterations(),
                        trained.converged(), trained.trainCount(), trained.valCount(), trained.testCount(),
                        trained.features(), tr.parameters(),
                        NetworkSize.of(net, task.head(net.geometry())).multiplyAdds()),
                new CellResult.Timings(tr.trainSeconds(), tr.trainImagesPerSecond(), entry.fromCache(), extractSeconds,
                        extracted / extractSeconds, probeSeconds, (System.nanoTime() - start) / 1e9),
                Provenance.capture());
        store.write(result);
        log.info("cell {}: result stored in {}", cell.id(), store.root());
        return result;
    }

    private LinearProbe.Result probe(ComputationGraph graph, Cell cell, PretextTask task, LinearProbe probe,
                                     ImageSet train, ImageSet val, ImageSet test) {
        var geo = cell.network().geometry();
        var aug = preset.augmentation();
        INDArray ftr = FeatureExtractor.extract(graph, cell.endPoint(), train, aug, geo, task);
        INDArray fva = FeatureExtractor.extract(graph, cell.endPoint(), val, aug, geo, task);
        INDArray fte = FeatureExtractor.extract(graph, cell.endPoint(), test, aug, geo, task);
        return probe.evaluate(ftr, labels(train), fva, labels(val), fte, labels(test), train.numClasses());
    }

    private static int[] labels(ImageSet s) {
        int[] l = new int[s.size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = s.label(i);
        }
        return l;
    }
}
