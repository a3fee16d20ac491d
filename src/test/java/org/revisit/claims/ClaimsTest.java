package org.revisit.claims;

import org.junit.jupiter.api.Test;
import org.revisit.data.DatasetSplits.DatasetFingerprint;
import org.revisit.nets.Architecture;
import org.revisit.nets.NetworkSpec;
import org.revisit.plan.StudyTable;
import org.revisit.pretext.TaskName;
import org.revisit.probe.Accuracy;
import org.revisit.study.CellResult;
import org.revisit.study.ProbeSetting;
import org.revisit.study.Provenance;
import org.revisit.study.Scale;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Verdicts on measured frames built to hold, break or leave open each claim, and the statistics behind them. */
class ClaimsTest {
    static final int N = 10_000;

    static CellResult row(StudyTable table, String task, String arch, int width, String endPoint, double top1,
                          double pretext) {
        CellResult.Network network = new CellResult.Network(Architecture.parse(NetworkSpec.architectureOf(arch)),
                !arch.endsWith(NetworkSpec.MINUS_MARK), width, 4 * width, "(1,1,1,1)", 0);
        CellResult.Run run = new CellResult.Run(table.id(), task + arch + width + endPoint,
                "k" + task + arch + width + endPoint, "n" + task + arch + width, Scale.SMALL, TaskName.parse(task), 0,
                network, new CellResult.Probing(endPoint, ProbeSetting.Kind.LBFGS, 0, 1.0, "all", 2250),
                new CellResult.Descriptions("net", "training", "probe"),
                new DatasetFingerprint("fashion-mnist", "abc", "def", 10, 5, 5, 28, 28, 1, 10), null);
        return new CellResult(CellResult.FORMAT_VERSION, run,
                new CellResult.Metrics(pretext, 100, Accuracy.of(Math.round(top1 * N), N), Accuracy.notMeasured(),
                        Accuracy.notMeasured(), Accuracy.notMeasured(), 0.01, Map.of(), List.of(), 10, true, 10, 5, N,
                        512, 1000, 1000),
                new CellResult.Timings(1, 1, false, 1, 1, false, 1, 3, 1),
                new Provenance("c", false, "mvn", "cpu", "cpu", true, "cpu", 2, 1, "17", "linux", "2026"));
    }

    static CellResult table1(String task, String arch, int width, double top1) {
        return row(StudyTable.ARCHITECTURE_COMPARISON, task, arch, width, "pre_logits", top1, 0.5);
    }

    /** {@code r} with its untrained control's top-1. */
    static CellResult controlled(CellResult r, double control) {
        CellResult.Metrics m = r.metrics();
        return new CellResult(r.formatVersion(), r.run(), new CellResult.Metrics(m.pretextAccuracy(),
                m.pretextEvalImages(), m.top1(), m.top5(), Accuracy.of(Math.round(control * N), N), m.top5Untrained(),
                m.chosenL2(), m.validationTop1ByL2(), m.validationTop1ByEpoch(), m.probeIterations(),
                m.probeConverged(), m.probeTrainImages(), m.probeValImages(), m.testImages(), m.features(),
                m.parameters(), m.multiplyAdds()), r.timings(), r.provenance());
    }

    static Verdict verdict(int claim, List<CellResult> rows) {
        return Claims.all().get(claim - 1).evaluate(new Measurements("small", rows)).verdict();
    }

    @Test
    void vggWorstHoldsBreaksOrIsOpen() {
        List<CellResult> worst = List.of(table1("rotation", "revnet50", 1, 0.85), table1("rotation", "vgg19_bn", 1,
                0.80), table1("jigsaw", "revnet50", 1, 0.84), table1("jigsaw", "vgg19_bn", 1, 0.835));
        assertEquals(Verdict.REPRODUCED, verdict(3, worst));
        List<CellResult> best = List.of(table1("rotation", "revnet50", 1, 0.80), table1("rotation", "vgg19_bn", 1,
                0.85));
        assertEquals(Verdict.NOT_REPRODUCED, verdict(3, best));
        List<CellResult> tie = List.of(table1("rotation", "revnet50", 1, 0.851), table1("rotation", "vgg19_bn", 1,
                0.850));
        assertEquals(Verdict.INCONCLUSIVE, verdict(3, tie));
        assertEquals(Verdict.INCONCLUSIVE, verdict(3, List.of()), "no measurements: inconclusive");
    }

    /**
     * A claim the untrained controls of the same cells reproduce as well is not self-supervision's: VGG last among
     * trained networks and among their random initialisations holds for untrained networks too; VGG last only after
     * training is reproduced; each says how many of its cells learned.
     */
    @Test
    void aClaimTheControlsReproduceTooIsNotAttributedToTraining() {
        List<CellResult> vggLastUntrainedToo = List.of(controlled(table1("rotation", "revnet50", 1, 0.85), 0.80),
                controlled(table1("rotation", "vgg19_bn", 1, 0.80), 0.70));
        ClaimResult both = Claims.all().get(2).evaluate(new Measurements("small", vggLastUntrainedToo));
        assertEquals(Verdict.UNTRAINED_TOO, both.verdict(), both.statistic());
        assertTrue(both.statistic().contains("on the untrained controls of the same cells: reproduced"),
                both.statistic());
        assertTrue(both.statistic().contains("2 of 2 cells with a control learned"), both.statistic());
        List<CellResult> vggLastAfterTraining = List.of(controlled(table1("rotation", "revnet50", 1, 0.85), 0.80),
                controlled(table1("rotation", "vgg19_bn", 1, 0.80), 0.81));
        ClaimResult trainedOnly = Claims.all().get(2).evaluate(new Measurements("small", vggLastAfterTraining));
        assertEquals(Verdict.REPRODUCED, trainedOnly.verdict(), trainedOnly.statistic());
        assertTrue(trainedOnly.statistic().contains("1 of 2 cells with a control learned"), trainedOnly.statistic());
        assertEquals(Verdict.REPRODUCED, verdict(3, List.of(table1("rotation", "revnet50", 1, 0.85),
                table1("rotation", "vgg19_bn", 1, 0.80))), "without controls the trained networks' verdict stands");
    }

    @Test
    void recipesCountOnlyPairsThatAreSimilarOnThePretextTask() {
        List<CellResult> similar = List.of(row(StudyTable.ARCHITECTURE_COMPARISON, "rotation", "revnet50", 1,
                "pre_logits", 0.85, 0.60), row(StudyTable.ARCHITECTURE_COMPARISON, "rotation", "revnet50 (-)", 1,
                "pre_logits", 0.80, 0.61));
        assertEquals(Verdict.REPRODUCED, verdict(2, similar));
        List<CellResult> apart = List.of(row(StudyTable.ARCHITECTURE_COMPARISON, "rotation", "revnet50", 1,
                "pre_logits", 0.85, 0.60), row(StudyTable.ARCHITECTURE_COMPARISON, "rotation", "revnet50 (-)", 1,
                "pre_logits", 0.80, 0.70));
        assertEquals(Verdict.INCONCLUSIVE, verdict(2, apart), "pretext accuracies 10 points apart");
    }

    @Test
    void widthNeedsEveryStepUpAndASignificantHalfBeyondTheControls() {
        // trained +5 points wider, the untrained controls +1: training's effect
        List<CellResult> up = List.of(controlled(table1("rotation", "revnet50", 1, 0.80), 0.78),
                controlled(table1("rotation", "revnet50", 2, 0.85), 0.79));
        assertEquals(Verdict.REPRODUCED, verdict(6, up));
        List<CellResult> down = List.of(controlled(table1("rotation", "revnet50", 1, 0.85), 0.78),
                controlled(table1("rotation", "revnet50", 2, 0.80), 0.79));
        assertEquals(Verdict.NOT_REPRODUCED, verdict(6, down));
    }

    /** A wider random network probes better too: a width gain the controls show as much is not training's. */
    @Test
    void aWidthGainTheControlsShowAsMuchHoldsForUntrainedNetworksToo() {
        List<CellResult> both = List.of(controlled(table1("rotation", "revnet50", 1, 0.80), 0.80),
                controlled(table1("rotation", "revnet50", 2, 0.85), 0.85));
        var result = Claims.all().get(5).evaluate(new Measurements("small", both));
        assertEquals(Verdict.UNTRAINED_TOO, result.verdict(), result.statistic());
        assertTrue(result.statistic().contains("0 of 2 cells with a control learned"), result.statistic());
        List<CellResult> noControls = List.of(table1("rotation", "revnet50", 1, 0.80),
                table1("rotation", "revnet50", 2, 0.85));
        var open = Claims.all().get(5).evaluate(new Measurements("small", noControls));
        assertEquals(Verdict.INCONCLUSIVE, open.verdict(), "without controls a width gain cannot be told from a random "
                + "network's");
        assertTrue(open.statistic().contains("no untrained controls"), open.statistic());
    }

    @Test
    void interactionNeedsASignificantFlipOfTheRanking() {
        List<CellResult> flip = List.of(table1("rotation", "revnet50", 1, 0.85), table1("rotation", "resnet50_v1", 1,
                0.80), table1("jigsaw", "revnet50", 1, 0.80), table1("jigsaw", "resnet50_v1", 1, 0.85));
        assertEquals(Verdict.REPRODUCED, verdict(1, flip));
        List<CellResult> same = List.of(table1("rotation", "revnet50", 1, 0.85), table1("rotation", "resnet50_v1", 1,
                0.80), table1("jigsaw", "revnet50", 1, 0.85), table1("jigsaw", "resnet50_v1", 1, 0.80));
        assertEquals(Verdict.NOT_REPRODUCED, verdict(1, same));
    }

    @Test
    void layerwiseDropsSeparateVggFromResidualNetworks() {
        List<CellResult> rows = new ArrayList<>();
        rows.add(row(StudyTable.LAYERWISE_PROBE, "rotation", "vgg19_bn", 1, "block4", 0.88, 0.5));
        rows.add(row(StudyTable.LAYERWISE_PROBE, "rotation", "vgg19_bn", 1, "pre_logits", 0.80, 0.5));
        rows.add(row(StudyTable.LAYERWISE_PROBE, "rotation", "revnet50", 1, "block3", 0.82, 0.5));
        rows.add(row(StudyTable.LAYERWISE_PROBE, "rotation", "revnet50", 1, "pre_logits", 0.86, 0.5));
        // one curve of each kind is one comparison: never a verdict
        assertEquals(Verdict.INCONCLUSIVE, verdict(4, rows));
        assertEquals(Verdict.INCONCLUSIVE, verdict(14, rows));
        rows.add(row(StudyTable.LAYERWISE_PROBE, "jigsaw", "vgg19_bn", 1, "block4", 0.88, 0.5));
        rows.add(row(StudyTable.LAYERWISE_PROBE, "jigsaw", "vgg19_bn", 1, "pre_logits", 0.80, 0.5));
        rows.add(row(StudyTable.LAYERWISE_PROBE, "jigsaw", "revnet50", 1, "block3", 0.82, 0.5));
        rows.add(row(StudyTable.LAYERWISE_PROBE, "jigsaw", "revnet50", 1, "pre_logits", 0.86, 0.5));
        assertEquals(Verdict.REPRODUCED, verdict(4, rows));
        assertEquals(Verdict.REPRODUCED, verdict(14, rows));
        rows.set(3, row(StudyTable.LAYERWISE_PROBE, "rotation", "revnet50", 1, "pre_logits", 0.70, 0.5));
        rows.set(7, row(StudyTable.LAYERWISE_PROBE, "jigsaw", "revnet50", 1, "pre_logits", 0.70, 0.5));
        assertEquals(Verdict.NOT_REPRODUCED, verdict(14, rows), "the residual networks' pre-logits lose to block3");
    }

    /** The same row probed on another dataset by a run whose networks came from this one (claim 12). */
    static CellResult transfer(CellResult own, double top1) {
        DatasetFingerprint places = new DatasetFingerprint("places205", "p", "q", 100, 20, 20, 32, 32, 3, 205);
        CellResult.Run r = own.run();
        CellResult.Run probedOnPlaces = new CellResult.Run(r.benchmark(), r.cellId(), r.cellKey() + "p", r.networkKey(),
                r.scale(), r.task(), r.seed(), r.network(), r.probe(), r.descriptions(), places, r.dataset());
        return new CellResult(own.formatVersion(), probedOnPlaces,
                new CellResult.Metrics(0.5, 100, Accuracy.of(Math.round(top1 * N), N), Accuracy.notMeasured(),
                        Accuracy.notMeasured(), Accuracy.notMeasured(), 0.01, Map.of(), List.of(), 10, true, 10, 5,
                        N, 512, 1000, 1000), own.timings(), own.provenance());
    }

    @Test
    void placesRankingAgreesWhenTheSameNetworksRankAlikeOnTheSecondDataset() {
        String[] archs = {"resnet50_v1", "resnet50_v2", "revnet50", "vgg19_bn", "resnet50_v2 (-)", "revnet50 (-)"};
        List<CellResult> own = new java.util.ArrayList<>();
        List<CellResult> agree = new java.util.ArrayList<>();
        List<CellResult> reverse = new java.util.ArrayList<>();
        for (int i = 0; i < archs.length; i++) {
            CellResult r = table1("rotation", archs[i], 1, 0.50 + 0.05 * i);
            own.add(r);
            agree.add(transfer(r, 0.20 + 0.04 * i));
            reverse.add(transfer(r, 0.40 - 0.04 * i));
        }
        var claim = Claims.all().get(11);
        assertEquals(Verdict.INCONCLUSIVE, claim.evaluate(new Measurements("small", own)).verdict());
        var agreed = claim.evaluate(new Measurements("small", own, agree));
        assertEquals(Verdict.REPRODUCED, agreed.verdict(), agreed.statistic());
        assertTrue(agreed.statistic().contains("6 networks' top-1 on fashion-mnist and on places205"),
                agreed.statistic());
        assertEquals(Verdict.NOT_REPRODUCED, claim.evaluate(new Measurements("small", own, reverse)).verdict());
        // rows of networks this run does not have are not paired
        assertEquals(Verdict.INCONCLUSIVE, claim.evaluate(new Measurements("small", own.subList(0, 3), agree))
                .verdict());
    }

    @Test
    void everyClaimHasAVerdictOnAnEmptyFrame() {
        List<ClaimResult> all = Claims.evaluate(new Measurements("smoke", List.of()));
        assertEquals(14, all.size());
        for (ClaimResult c : all) {
            assertEquals(Verdict.INCONCLUSIVE, c.verdict(), c::toString);
            assertTrue(!c.statistic().isBlank(), c::toString);
        }
    }

    @Test
    void statisticsMatchHandComputedValues() {
        assertEquals(1.0, Stats.spearman(new double[] {1, 2, 3, 4}, new double[] {10, 20, 30, 40}), 1e-12);
        assertEquals(-1.0, Stats.spearman(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-12);
        // ties share their average rank: ranks x = 1.5, 1.5, 3; y = 1, 2, 3 -> rho = 0.866
        assertEquals(Math.sqrt(3) / 2, Stats.spearman(new double[] {1, 1, 2}, new double[] {1, 2, 3}), 1e-12);
        Stats.Interval d = Stats.difference(Accuracy.of(8_500, N), Accuracy.of(8_000, N));
        assertEquals(0.05, d.value(), 1e-12);
        assertTrue(d.low() > 0.03 && d.high() < 0.07, d::toString);
        // the sign test: 9 of 10 concordant pairs, P(X >= 9) = 11/1024
        assertEquals(11.0 / 1024, Binomial.upperTail(9, 10, 0.5), 1e-12);
    }
}
