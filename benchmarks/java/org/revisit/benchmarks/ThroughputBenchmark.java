package org.revisit.benchmarks;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.nd4j.linalg.factory.Nd4j;
import org.revisit.cost.GemmPeak;
import org.revisit.cost.NetworkThroughput;
import org.revisit.cost.ProbeThroughput;
import org.revisit.cost.ProbeThroughputRun;
import org.revisit.cost.PyTorchPeer;
import org.revisit.cost.ThroughputMeter;
import org.revisit.cost.ThroughputRun;
import org.revisit.cost.ThroughputStore;
import org.revisit.nets.Architecture;
import org.revisit.nets.NetworkSpec;
import org.revisit.nets.Networks;
import org.revisit.study.ProbeSetting;
import org.revisit.study.Provenance;
import org.revisit.study.Scale;
import org.revisit.study.Study;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Speed of every architecture of the study, in DL4J and in PyTorch on the same cores in the same run
 * ({@code benchmarks/peer}): a training step, inference and feature extraction at the scale's geometry and widths,
 * DL4J also with its stock batch-norm helper (the "before" of {@code MomentsBatchNormHelper}) and in the other
 * activation layout,
 * and (at the small scale) one paper-geometry width (224 px, k = 4, the paper's depth); each probe at the scale's
 * feature sizes; the machine's GEMM peak. Rows feed the report's cost section.
 */
@Tag("benchmark")
@Order(1)
class ThroughputBenchmark {
    private static final Logger log = LoggerFactory.getLogger(ThroughputBenchmark.class);

    /**
     * A row stored by an earlier run of this scale on the same CPU model and core count is kept, as a stored cell
     * is, so a re-run of the study does not spend its first half hour measuring speed again;
     * {@code -Drevisit.remeasure=true} measures every row anew.
     */
    static boolean stored(Study study, String id, List<Provenance> rows) {
        if (study.config().remeasure()) {
            return false;
        }
        Provenance here = Provenance.capture();
        boolean hit = rows.stream().anyMatch(p -> p.cpu().equals(here.cpu()) && p.cores() == here.cores());
        if (hit) {
            log.info("cache hit: {} already measured on this machine at scale {} (-Drevisit.remeasure=true "
                    + "measures it again)", id, study.scale().id());
        }
        return hit;
    }

    /**
     * How hard each scale measures: batch, untimed and timed steps, images for extraction, peers. Without
     * {@code compareEveryNetwork} only ResNet50 v1 (the paper's baseline) gets the stock-helper and PyTorch rows: at
     * smoke they prove the comparison path, and each costs seconds (a Python start-up with torch).
     */
    record Plan(int batch, int warmup, int steps, int extractionImages, boolean channelsLastPeer, int paperWidth,
                int paperBatch, boolean compareEveryNetwork) {
        boolean compares(NetworkSpec spec) {
            return compareEveryNetwork || spec.architecture() == Architecture.RESNET_V1;
        }
    }

    static Plan plan(Scale scale) {
        return switch (scale) {
            case SMOKE -> new Plan(64, 1, 2, 1_000, false, 0, 0, false);
            case SMALL -> new Plan(256, 3, 5, 10_000, true, 4, 16, true);
            case PAPER -> new Plan(256, 3, 5, 10_000, true, 4, 64, true);
        };
    }

    record Row(String id, NetworkSpec spec, int batch, boolean extraction) {
        @Override
        public String toString() {
            return id;
        }
    }

    private static GemmPeak gemm;

    static synchronized GemmPeak gemm() {
        if (gemm == null) {
            gemm = GemmPeak.measure(2048, 10);
        }
        return gemm;
    }

    static Stream<Row> networks() {
        Study study = StudyGrid.study();
        Scale.Preset p = study.preset();
        Plan plan = plan(study.scale());
        List<Row> rows = new ArrayList<>();
        for (int k : p.widths()) {
            for (Architecture a : Architecture.values()) {
                NetworkSpec spec = p.network(a, k);
                rows.add(new Row("throughput " + spec.label() + " " + spec.geometry().name() + " batch "
                        + plan.batch(), spec, plan.batch(), true));
            }
        }
        if (plan.paperWidth() > 0 && study.scale() != Scale.PAPER) {
            for (Architecture a : Architecture.values()) {
                NetworkSpec spec = NetworkSpec.paper(a, plan.paperWidth());
                rows.add(new Row("throughput " + spec.label() + " " + spec.geometry().name() + " batch "
                        + plan.paperBatch(), spec, plan.paperBatch(), false));
            }
        }
        return rows.stream().filter(r -> StudyGrid.selected(r.id()));
    }

    // -Dcells may select no row of this class
    @ParameterizedTest(name = "[{index}] {0}", allowZeroInvocations = true)
    @MethodSource("networks")
    void network(Row row) {
        Study study = StudyGrid.study();
        ThroughputStore store = new ThroughputStore(study.store().root());
        if (stored(study, row.id(), store.networks().stream()
                .filter(r -> r.id().equals(row.id())).map(ThroughputRun::provenance).toList())) {
            return;
        }
        Plan plan = plan(study.scale());
        GemmPeak peak = gemm();
        ThroughputMeter.Builder meter = ThroughputMeter.builder().setSpec(row.spec()).setBatch(row.batch())
                .optWarmup(plan.warmup()).optSteps(plan.steps());
        if (row.extraction()) {
            meter.optExtraction(study.data().test().head(plan.extractionImages()), study.preset().augmentation());
        }
        NetworkThroughput dl4j = meter.build().measure();
        List<NetworkThroughput> peers = new ArrayList<>();
        if (row.extraction() && plan.compares(row.spec())) {
            // the "before" of the study's own speed-ups, measured in the same run
            peers.add(ThroughputMeter.builder().setSpec(row.spec()).setBatch(row.batch()).optWarmup(plan.warmup())
                    .optSteps(plan.steps()).optFastBatchNorm(false).build().measure());
            // the layout the study does not use, so a default chosen on one CPU is checked on the next
            peers.add(ThroughputMeter.builder().setSpec(row.spec()).setBatch(row.batch()).optWarmup(plan.warmup())
                    .optSteps(plan.steps()).optLayout(Networks.layout() == CNN2DFormat.NCHW ? CNN2DFormat.NHWC
                            : CNN2DFormat.NCHW).build().measure());
        }
        if (plan.compares(row.spec())) {
            peers.addAll(twins(row.spec(), row.batch(), 4, plan.warmup(), plan.steps(), plan.channelsLastPeer()));
        }
        store.write(new ThroughputRun(ThroughputRun.FORMAT_VERSION,
                study.scale().id(), row.id(), peak, dl4j, peers, Provenance.capture()));

        assertTrue(dl4j.trainInputsPerSecond() > 0 && dl4j.inferInputsPerSecond() > 0, () -> row + ": " + dl4j);
        assertTwinsAreTheSameNetwork(row, dl4j, peers);
    }

    /** The PyTorch twin of {@code spec} measured in NCHW and, with {@code channelsLast}, in channels-last too. */
    static List<NetworkThroughput> twins(NetworkSpec spec, int batch, int classes, int warmup, int steps,
                                         boolean channelsLast) {
        int threads = Nd4j.getEnvironment().maxMasterThreads();
        List<NetworkThroughput> twins = new ArrayList<>();
        twins.add(new PyTorchPeer(PyTorchPeer.SCRIPT, threads, false).measure(spec, batch, classes, warmup, steps));
        if (channelsLast) {
            twins.add(new PyTorchPeer(PyTorchPeer.SCRIPT, threads, true).measure(spec, batch, classes, warmup, steps));
        }
        return twins;
    }

    /** Every measured twin among {@code peers} is DL4J's network: the same parameters, the same multiply-adds. */
    static void assertTwinsAreTheSameNetwork(Object row, NetworkThroughput dl4j, List<NetworkThroughput> peers) {
        for (NetworkThroughput peer : peers) {
            if (peer.measured() && !peer.framework().startsWith(ThroughputMeter.FRAMEWORK)) {
                assertEquals(dl4j.parameters(), peer.parameters(), () -> row + ": parameters of " + peer.framework());
                assertEquals(dl4j.multiplyAddsPerInput(), peer.multiplyAddsPerInput(),
                        () -> row + ": multiply-adds of " + peer.framework());
            }
        }
    }

    static Stream<ProbeSetting> probes() {
        return Stream.of(ProbeSetting.lbfgs(), ProbeSetting.sgd(30), ProbeSetting.mlp(30))
                .filter(s -> StudyGrid.selected("throughput probe " + s.probeName()));
    }

    // -Dcells may select no row of this class
    @ParameterizedTest(name = "[{index}] {0}", allowZeroInvocations = true)
    @MethodSource("probes")
    void probe(ProbeSetting setting) {
        Study study = StudyGrid.study();
        Scale.Preset p = study.preset();
        int features = p.network(Architecture.REVNET, p.widths()[0]).preLogitsSize();
        ThroughputStore store = new ThroughputStore(study.store().root());
        String id = "throughput probe " + setting.probeName();
        if (stored(study, id, store.probes().stream()
                .filter(r -> r.id().equals(id) && r.probe().trainExamples() == p.probeTrainImages()
                        && r.probe().valExamples() == p.probeValImages() && r.probe().features() == features
                        && (setting.kind() == ProbeSetting.Kind.LBFGS
                        || r.probe().iterations() == setting.steps(p, p.probeTrainImages())))
                .map(ProbeThroughputRun::provenance).toList())) {
            return;
        }
        ProbeThroughput t = ProbeThroughput.measure(setting, p, p.probeTrainImages(), p.probeValImages(), features,
                study.data().train().numClasses(), 0);
        store.write(new ProbeThroughputRun(ProbeThroughputRun.FORMAT_VERSION, study.scale().id(), id, t,
                Provenance.capture()));
        assertTrue(t.seconds() > 0 && t.iterations() > 0, t::toString);
    }
}
