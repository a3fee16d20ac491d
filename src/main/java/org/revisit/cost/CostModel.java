package org.revisit.cost;

import org.revisit.nets.Architecture;
import org.revisit.nets.NetworkSize;
import org.revisit.nets.NetworkSpec;
import org.revisit.pretext.PretextTask;
import org.revisit.pretext.TaskName;
import org.revisit.study.Cell;
import org.revisit.study.CellResult;
import org.revisit.study.ProbeSetting;
import org.revisit.study.Scale;
import org.revisit.study.Study;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Expected duration of cells from what this machine has measured, most specific first:
 * <ol>
 * <li>training: the cached network's own training record; else the training rate of a stored cell with the same
 * task and network (training time is linear in images x epochs); else the throughput benchmark's DL4J rate for the
 * same network and input geometry divided by the task's inputs per image; else the network's training FLOPs
 * (3 x forward, with the task's head) at the training GFLOP/s measured for the same architecture;</li>
 * <li>features: a stored cell's extraction rate for the same network, else the throughput benchmark's, else the
 * forward FLOPs at the median inference GFLOP/s, for train + val + test, once per weights (trained, and initial for
 * a cell with the control) and end-point;</li>
 * <li>probe: the throughput benchmark's time for the probe at this scale, else the mean of stored cells' with the
 * same probe, scaled by the label fraction; twice for a cell with the untrained control.</li>
 * </ol>
 * A cell whose computation another table's cell already does (the same key) costs nothing: its row is shared.
 * Width enters through FLOPs: a residual network's multiply-adds grow about as k^2, so do its seconds per image.
 */
public final class CostModel {
    /** Used only when this machine has measured nothing at all yet: the low end of the training rates measured here. */
    static final double DEFAULT_TRAIN_GFLOPS = 15;
    static final double DEFAULT_INFER_GFLOPS = 40;
    /**
     * Examples per second of each probe on 512-d features when neither the throughput benchmark nor a stored cell has
     * timed it (this machine, ThroughputBenchmark at the small scale: L-BFGS path + refit 6 s on 50,000 examples,
     * linear SGD 15,000 and the MLP 7,500 examples per second per epoch).
     */
    static final double LBFGS_EXAMPLES_PER_SECOND = 8_000;
    static final double SGD_EXAMPLES_PER_SECOND = 15_000;
    static final double MLP_EXAMPLES_PER_SECOND = 7_500;
    private final Scale.Preset preset;
    private final List<CellResult> results;
    private final List<ThroughputRun> throughput;
    private final List<ProbeThroughputRun> probes;
    private final int workers;

    /** A model for cells that run one at a time. */
    public CostModel(Scale.Preset preset, List<CellResult> results, List<ThroughputRun> throughput,
                     List<ProbeThroughputRun> probes) {
        this(preset, results, throughput, probes, 1);
    }

    /**
     * @param workers cells that run at once ({@link Workers}): each estimate is the cell's share of the run's
     *                wall time, its time alone over the workers' speed-up
     */
    public CostModel(Scale.Preset preset, List<CellResult> results, List<ThroughputRun> throughput,
                     List<ProbeThroughputRun> probes, int workers) {
        this.preset = preset;
        this.results = List.copyOf(results);
        this.throughput = List.copyOf(throughput);
        this.probes = List.copyOf(probes);
        this.workers = workers;
    }

    /** The model over everything a study's store holds, for the study's workers. */
    public static CostModel of(Study study) {
        ThroughputStore t = new ThroughputStore(study.store().root());
        return new CostModel(study.preset().cappedTo(study.data(), study.pretextData()), study.store().all(),
                t.networks(), t.probes(), Workers.workers(study));
    }

    public int workers() {
        return workers;
    }

    /**
     * Estimates for {@code cells} in their run order. With {@code fromScratch} every cell is costed as if nothing
     * were stored or cached (the whole scale's duration); otherwise done cells cost nothing and cached networks and
     * features are not paid again.
     */
    public List<CellEstimate> estimate(Study study, List<Cell> cells, boolean fromScratch) {
        List<CellEstimate> out = new ArrayList<>();
        Set<String> networks = new HashSet<>();
        Set<String> features = new HashSet<>();
        Set<String> computed = new HashSet<>();
        for (Cell cell : cells) {
            Study.CellStatus s = study.status(cell);
            // a cell another table already computes (the same key) is shared, not run twice
            boolean done = (!fromScratch && s.done()) | !computed.add(s.cellKey());
            boolean newNetwork = networks.add(s.networkKey());
            Rate rate = trainingRate(cell, fromScratch ? Optional.empty() : s.network());
            String basis = rate.basis();
            double train = 0;
            if (!done && newNetwork && (fromScratch || s.network().isEmpty())) {
                train = rate.secondsPerImageEpoch() * Math.min(cell.training().trainImages(), study.pretextData().pretextTrain().size())
                        * cell.training().epochs();
            } else if (!fromScratch && s.network().isPresent()) {
                basis = "cached";
            }
            double extract = 0;
            if (!done && (fromScratch || !s.featuresCached())) {
                int weights = (features.add(s.networkKey() + "|" + cell.endPoint() + "|" + study.probedWeights(cell))
                        ? 1 : 0)
                        + (cell.control() && features.add(s.networkKey() + "|" + cell.endPoint() + "|initial") ? 1 : 0);
                extract = weights * extractSeconds(cell);
            }
            double probe = done ? 0 : (probeSeconds(cell.probe()) + cropSeconds(cell)) * (cell.control() ? 2 : 1);
            double share = 1 / Workers.speedup(workers);
            out.add(new CellEstimate(cell.benchmark(), cell.id(), cell.task().id(), cell.network().label(),
                    cell.network().width(), done, train * share, extract * share, probe * share,
                    rate.secondsPerImageEpoch(), basis));
        }
        return out;
    }

    /** Seconds of pretext training per training image per epoch, and what that figure rests on. */
    record Rate(double secondsPerImageEpoch, String basis) {
    }

    Rate trainingRate(Cell cell, Optional<org.revisit.train.TrainingRecord> cached) {
        if (cached.isPresent() && cached.get().trainImagesPerSecond() > 0) {
            return new Rate(1 / cached.get().trainImagesPerSecond(), "cached network");
        }
        Optional<Double> measured = latestMeasured(cell, CellResult.Timings::trainImagesPerSecond);
        if (measured.isPresent()) {
            return new Rate(1 / measured.get(), "measured cell");
        }
        PretextTask task = cell.task().task();
        Optional<NetworkThroughput> row = dl4j(cell.network());
        if (row.isPresent()) {
            double seconds = task.inputsPerImage() / row.get().trainInputsPerSecond();
            double calibration = throughputCalibration();
            return new Rate(seconds * calibration, calibration == 1 ? "throughput benchmark"
                    : String.format("throughput benchmark x %.2f (this study's cells against their rows)",
                    calibration));
        }
        double gflops = expectedGflops(cell.network(), NetworkThroughput::trainGflops, DEFAULT_TRAIN_GFLOPS);
        double forward = NetworkSize.of(cell.network(), task.head(cell.network().geometry())).forwardGflops();
        return new Rate(3 * forward * task.inputsPerImage() / gflops, String.format("FLOPs at %.0f GFLOP/s", gflops));
    }

    /**
     * How much slower the study's own training runs than the throughput benchmark's steps (its batch, the task's
     * head and data pipeline, the first steps' set-up): the median, over stored cells whose network has a throughput
     * row, of the cell's seconds per image against the row's; 1 when no cell has one yet.
     */
    double throughputCalibration() {
        List<Double> ratios = new ArrayList<>();
        for (CellResult r : results) {
            double rate = aloneRate(r, r.timings().trainImagesPerSecond());
            if (!(rate > 0) || !Double.isFinite(rate) || r.network().representationSize() > 0) {
                continue;
            }
            PretextTask task = r.task().task();
            if (!task.networkGeometry(preset.geometry()).equals(preset.geometry())) {
                continue; // the patch tasks' networks see patches, which no throughput row measures
            }
            throughput.stream().map(ThroughputRun::dl4j).filter(t -> t.measured()
                            && t.geometry().equals(preset.geometry().name())
                            && t.architecture().equals(r.network().architecture().id())
                            && t.width() == r.network().width() && t.depth().equals(r.network().depth()))
                    .reduce((a, b) -> b).ifPresent(t -> ratios.add(t.trainInputsPerSecond() / task.inputsPerImage()
                            / rate));
        }
        return ratios.isEmpty() ? 1 : medianOr(ratios, 1);
    }

    double extractSeconds(Cell cell) {
        return (preset.probeTrainImages() + preset.probeValImages() + preset.testImages()) / extractRate(cell);
    }

    /**
     * The forward passes of an SGD probe on random crops ({@link Scale.Preset#sgdTrainingData()}): every epoch
     * crops every training and validation image afresh through the network; 0 for the other probes.
     */
    double cropSeconds(Cell cell) {
        if (cell.probe().kind() == ProbeSetting.Kind.LBFGS
                || preset.sgdTrainingData() != org.revisit.probe.SgdProbe.TrainingData.RANDOM_CROPS_OF_TRAINVAL) {
            return 0;
        }
        return (double) cell.probe().epochs(preset) * (preset.probeTrainImages() + preset.probeValImages())
                / extractRate(cell);
    }

    /** Images per second whose features the cell's network extracts. */
    private double extractRate(Cell cell) {
        PretextTask task = cell.task().task();
        Optional<Double> measured = latestMeasured(cell, CellResult.Timings::extractImagesPerSecond);
        Optional<NetworkThroughput> row = dl4j(cell.network()).filter(t -> Double.isFinite(t.extractInputsPerSecond()));
        double rate;
        if (measured.isPresent()) {
            rate = measured.get();
        } else if (row.isPresent()) {
            rate = row.get().extractInputsPerSecond() / task.representationInputs();
        } else {
            double gflops = expectedGflops(cell.network(), NetworkThroughput::inferGflops, DEFAULT_INFER_GFLOPS);
            double forward = NetworkSize.of(cell.network(), task.head(cell.network().geometry())).forwardGflops();
            rate = gflops / (forward * task.representationInputs());
        }
        return rate;
    }

    double probeSeconds(ProbeSetting setting) {
        String name = setting.probeName();
        // an SGD probe's row is scaled by its steps: the scale's epochs or batch may have changed since it was timed
        Optional<Double> bench = probes.stream().filter(p -> p.probe().probe().equals(name)
                        && p.probe().trainExamples() == preset.probeTrainImages())
                .map(p -> p.probe().seconds() * (setting.kind() == ProbeSetting.Kind.LBFGS || p.probe().iterations() <= 0
                        ? 1 : (double) setting.steps(preset, preset.probeTrainImages()) / p.probe().iterations()))
                .reduce((a, b) -> b);
        double seconds = bench.orElseGet(() -> results.stream()
                .filter(r -> r.probe().kind() == setting.kind() && r.probe().firstDecay() == setting.firstDecay()
                        && r.probe().labelFraction() == 1.0)
                .mapToDouble(r -> r.timings().probeSeconds() / Workers.slowdown(r.timings().concurrentCells()))
                .average().orElseGet(() -> defaultProbeSeconds(setting)));
        // the probes' cost is about linear in the labels they see
        return seconds * setting.labelFraction();
    }

    private double defaultProbeSeconds(ProbeSetting setting) {
        double n = preset.probeTrainImages() + preset.probeValImages();
        return switch (setting.kind()) {
            case LBFGS -> n / LBFGS_EXAMPLES_PER_SECOND;
            case SGD, MLP -> {
                double epochs = Math.max(1, (setting.firstDecay() + 40) * preset.probeEpochScale());
                yield epochs * preset.probeTrainImages() / (setting.kind() == ProbeSetting.Kind.SGD
                        ? SGD_EXAMPLES_PER_SECOND : MLP_EXAMPLES_PER_SECOND);
            }
        };
    }

    /** The throughput row of the same architecture, width, depth and input geometry (a "(-)" variant differs
     * from its network by one ReLU: the same row serves both). */
    private Optional<NetworkThroughput> dl4j(NetworkSpec spec) {
        return throughput.stream().map(ThroughputRun::dl4j)
                .filter(t -> t.measured() && t.architecture().equals(spec.architecture().id())
                        && t.width() == spec.width() && t.depth().equals(spec.depthLabel())
                        && t.geometry().equals(spec.geometry().name()))
                .reduce((a, b) -> b);
    }

    /**
     * The GFLOP/s to expect from a network no row measured (another input geometry, say): the same architecture at
     * the same width, else at any width, else every architecture's median; the architectures differ up to 7x here
     * (RevNet's many small ops against VGG's large convolutions).
     */
    private double expectedGflops(NetworkSpec spec, java.util.function.ToDoubleFunction<NetworkThroughput> metric,
                                  double fallback) {
        List<NetworkThroughput> rows = throughput.stream().map(ThroughputRun::dl4j).filter(NetworkThroughput::measured)
                .toList();
        List<Double> same = rows.stream().filter(t -> t.architecture().equals(spec.architecture().id())
                && t.width() == spec.width()).map(metric::applyAsDouble).toList();
        List<Double> arch = rows.stream().filter(t -> t.architecture().equals(spec.architecture().id()))
                .map(metric::applyAsDouble).toList();
        List<Double> all = rows.stream().map(metric::applyAsDouble).toList();
        return medianOr(!same.isEmpty() ? same : !arch.isEmpty() ? arch : all, fallback);
    }

    /** The latest stored cell's positive, finite {@code rate} for the same task and network, if any. */
    private Optional<Double> latestMeasured(Cell cell, java.util.function.ToDoubleFunction<CellResult.Timings> rate) {
        String key = networkKey(cell.task(), cell.network());
        return results.stream().filter(r -> key.equals(networkKey(r))).map(r -> aloneRate(r,
                        rate.applyAsDouble(r.timings()))).filter(v -> v > 0 && Double.isFinite(v)).reduce((a, b) -> b);
    }

    /** A cell's measured rate as it would have been alone: beside other cells it ran slower. */
    private static double aloneRate(CellResult r, double rate) {
        return rate * Workers.slowdown(r.timings().concurrentCells());
    }

    /** A "(-)" variant differs from its network by one ReLU: it shares the network's measured rates. */
    static String networkKey(TaskName task, NetworkSpec n) {
        return networkKey(task, n.architecture(), n.width(), n.depthLabel(), n.representationSize());
    }

    static String networkKey(CellResult r) {
        CellResult.Network n = r.network();
        return networkKey(r.task(), n.architecture(), n.width(), n.depth(), n.representationSize());
    }

    private static String networkKey(TaskName task, Architecture a, int width, String depth, int representationSize) {
        return task.id() + "|" + a.id() + "|" + width + "|" + depth + "|" + representationSize;
    }

    private static double medianOr(List<Double> values, double fallback) {
        List<Double> v = values.stream().filter(d -> d > 0 && Double.isFinite(d)).sorted().toList();
        return v.isEmpty() ? fallback : v.get(v.size() / 2);
    }

    /** Seconds per benchmark, in first-seen order. */
    public static Map<String, Double> byBenchmark(List<CellEstimate> cells) {
        return cells.stream().collect(Collectors.groupingBy(CellEstimate::benchmark,
                java.util.LinkedHashMap::new, Collectors.summingDouble(CellEstimate::totalSeconds)));
    }
}
