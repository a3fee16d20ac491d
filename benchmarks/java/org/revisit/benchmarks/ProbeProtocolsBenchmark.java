package org.revisit.benchmarks;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.revisit.nets.Architecture;
import org.revisit.pretext.RotationTask;
import org.revisit.report.Report;
import org.revisit.study.Cell;
import org.revisit.study.CellResult;
import org.revisit.study.ProbeSetting;
import org.revisit.study.Study;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every evaluation protocol of SPEC §3.6 on one network (Rotation on RevNet50 at the scale's first width, the best
 * pairing of Table 1): the L-BFGS probe at every end-point; at the pre-logits the SGD-trained linear model and the
 * MLP on the paper's shortest schedule; and 10 % and 5 % of the labels. The network and each end-point's features
 * are computed once and shared by all rows (and with the architecture comparison's Rotation/RevNet cell).
 */
@Tag("benchmark")
class ProbeProtocolsBenchmark {
    static final long SEED = 0;
    static final int SCHEDULE = 30;

    static Stream<Cell> cells() {
        Study study = Study.fromSystemProperties();
        var p = study.preset();
        Cell base = study.cell(Report.PROBE_PROTOCOLS, RotationTask.NAME, p.network(Architecture.REVNET,
                p.widths()[0]), SEED);
        Stream<Cell> layers = Architecture.REVNET.endPoints().stream().map(base::at);
        Stream<Cell> probes = Stream.of(ProbeSetting.sgd(SCHEDULE), ProbeSetting.mlp(SCHEDULE),
                ProbeSetting.lbfgs().withLabels(0.1), ProbeSetting.lbfgs().withLabels(0.05)).map(base::with);
        return Stream.concat(layers, probes).filter(Study::selected);
    }

    // -Dcells may select no cell of this class
    @ParameterizedTest(name = "[{index}] {argumentsWithNames}", allowZeroInvocations = true)
    @MethodSource("cells")
    void probeFrozenFeatures(Cell cell) {
        CellResult r = Study.fromSystemProperties().run(cell);
        double chance = 1.0 / r.dataset().classes();
        assertTrue(r.metrics().probeTop1() > chance, () -> cell.id() + ": probe top-1 " + r.metrics().probeTop1()
                + " is not above chance " + chance);
        var top1 = r.metrics().top1();
        assertTrue(top1.low() <= top1.value() && top1.value() <= top1.high(), () -> "interval " + top1);
        int full = Study.fromSystemProperties().preset().probeTrainImages();
        int fullVal = Study.fromSystemProperties().preset().probeValImages();
        int classes = r.dataset().classes();
        assertTrue(Math.abs(r.metrics().probeTrainImages() - cell.probe().labelFraction() * full) <= classes,
                () -> cell.id() + ": " + r.metrics().probeTrainImages() + " training labels for a budget of "
                        + cell.probe().labelFraction() + " of " + full);
        assertTrue(Math.abs(r.metrics().probeValImages() - cell.probe().labelFraction() * fullVal) <= classes,
                () -> cell.id() + ": " + r.metrics().probeValImages() + " validation labels for a budget of "
                        + cell.probe().labelFraction() + " of " + fullVal);
        if (cell.probe().kind() != ProbeSetting.Kind.LBFGS) {
            assertTrue(r.metrics().validationTop1ByEpoch().size() > 0, "an SGD probe records its validation curve");
        } else {
            assertEquals(0, r.metrics().validationTop1ByEpoch().size());
        }
    }
}
