package org.revisit.benchmarks;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.revisit.cost.NetworkThroughput;
import org.revisit.cost.ThroughputMeter;
import org.revisit.cost.ThroughputRun;
import org.revisit.cost.ThroughputStore;
import org.revisit.nets.Architecture;
import org.revisit.nets.NetworkSpec;
import org.revisit.study.Provenance;
import org.revisit.study.Scale;
import org.revisit.study.Study;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training speed against the batch: a Rotation step (4 inputs per image) of the scale's networks at k = 1 from 8 to
 * 256 images, DL4J as the study trains and its PyTorch twin in both layouts, in the same run on the same cores, each
 * with its peak memory; rows go to {@code throughput/batch/} and the report's cost section. A row already measured at
 * the scale on the same CPU model and core count is kept ({@code -Drevisit.remeasure=true} measures it again).
 */
@Tag("benchmark")
@Order(1)
class BatchCurveBenchmark {
    /** Rotation's inputs per image. */
    static final int ROTATIONS = 4;

    /** Which networks and batches (in images) each scale measures: smoke proves the path in seconds. */
    record Plan(List<Architecture> architectures, int[] images, int warmup, int steps, boolean channelsLastPeer) {
    }

    static Plan plan(Scale scale) {
        return switch (scale) {
            case SMOKE -> new Plan(List.of(Architecture.REVNET), new int[] {8, 32}, 1, 2, false);
            case SMALL, PAPER -> new Plan(List.of(Architecture.values()), new int[] {8, 16, 32, 64, 128, 256}, 2, 5,
                    true);
        };
    }

    record Row(String id, NetworkSpec spec, int images) {
        @Override
        public String toString() {
            return id;
        }
    }

    static Stream<Row> rows() {
        Study study = StudyGrid.study();
        Plan plan = plan(study.scale());
        // the small networks only: the paper's 224 px networks do not fit 1,024 inputs on this machine's memory
        Scale.Preset p = study.scale() == Scale.PAPER ? Scale.SMALL.preset() : study.preset();
        List<Row> rows = new ArrayList<>();
        for (Architecture a : plan.architectures()) {
            NetworkSpec spec = p.network(a, 1);
            IntStream.of(plan.images()).forEach(n -> rows.add(new Row("batch curve " + spec.label() + " "
                    + spec.geometry().name() + " rotation " + n + " images", spec, n)));
        }
        return rows.stream().filter(r -> StudyGrid.selected(r.id()));
    }

    // -Dcells may select no row of this class
    @ParameterizedTest(name = "[{index}] {0}", allowZeroInvocations = true)
    @MethodSource("rows")
    void step(Row row) {
        Study study = StudyGrid.study();
        ThroughputStore store = new ThroughputStore(study.store().root());
        if (ThroughputBenchmark.stored(study, row.id(), store.batchCurve().stream()
                .filter(r -> r.id().equals(row.id())).map(ThroughputRun::provenance).toList())) {
            return;
        }
        Plan plan = plan(study.scale());
        int inputs = row.images() * ROTATIONS;
        NetworkThroughput dl4j = ThroughputMeter.builder().setSpec(row.spec()).setBatch(inputs)
                .optClasses(ROTATIONS).optWarmup(plan.warmup()).optSteps(plan.steps()).build().measure();
        List<NetworkThroughput> peers = ThroughputBenchmark.twins(row.spec(), inputs, ROTATIONS, plan.warmup(),
                plan.steps(), plan.channelsLastPeer());
        store.writeBatchCurve(new ThroughputRun(ThroughputRun.FORMAT_VERSION, study.scale().id(), row.id(),
                ThroughputBenchmark.gemm(), dl4j, peers, Provenance.capture()));

        assertTrue(dl4j.trainInputsPerSecond() > 0, () -> row + ": " + dl4j);
        ThroughputBenchmark.assertTwinsAreTheSameNetwork(row, dl4j, peers);
    }
}
