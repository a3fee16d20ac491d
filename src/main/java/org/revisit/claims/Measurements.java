package org.revisit.claims;

import org.revisit.probe.Accuracy;
import org.revisit.study.ProbeSetting;
import org.revisit.study.CellResult;
import org.revisit.plan.StudyTable;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The stored results of one scale, queried by the claims: which rows a table holds, and each row's accuracy.
 *
 * @param transfer results of other runs that probed this run's networks on another dataset (the paper's
 *                 Places205 evaluation): their {@code pretextDataset} is this run's dataset
 */
public record Measurements(String scale, List<CellResult> results, List<CellResult> transfer) {
    public static final String PRE_LOGITS = "pre_logits";

    public Measurements(String scale, List<CellResult> results) {
        this(scale, results, List.of());
    }

    /** The rows of a table, optionally narrowed. */
    public List<CellResult> rows(StudyTable table, Predicate<CellResult> where) {
        return results.stream().filter(r -> r.benchmark().equals(table.id())).filter(where).toList();
    }

    /** Table 1's pre-logits rows at full labels: the L-BFGS probe on the plain network (no representation layer). */
    public List<CellResult> table1() {
        return rows(StudyTable.ARCHITECTURE_COMPARISON, r -> r.probe().endPoint().equals(PRE_LOGITS)
                && r.probe().kind() == ProbeSetting.Kind.LBFGS && r.probe().labelFraction() == 1.0
                && r.network().representationSize() <= 0);
    }

    public Optional<CellResult> table1(String task, String variant, int width) {
        return table1().stream().filter(r -> r.task().id().equals(task) && r.network().variant().equals(variant)
                && r.network().width() == width).findFirst();
    }

    public List<String> tasks() {
        return results.stream().map(r -> r.task().id()).distinct().sorted().toList();
    }

    /** The widths Table 1 has for a task, narrowest first. */
    public List<Integer> widths(String task) {
        return table1().stream().filter(r -> r.task().id().equals(task)).map(r -> r.network().width()).distinct()
                .sorted().toList();
    }

    /**
     * The same cells on their untrained weights: each result with a measured control, its top-1 and top-5 replaced by
     * the control's (and no control of its own); the pretext accuracy stays the trained network's, so a claim that
     * relates pretext accuracy to top-1 asks whether it predicts the untrained weights' accuracy as well. Claims
     * computed on these say what the study would find had it trained nothing.
     */
    public Measurements controls() {
        return new Measurements(scale, untrained(results), untrained(transfer));
    }

    private static List<CellResult> untrained(List<CellResult> rows) {
        return rows.stream().filter(r -> control(r).measured()).map(r -> {
            CellResult.Metrics m = r.metrics();
            return new CellResult(r.formatVersion(), r.run(), new CellResult.Metrics(m.pretextAccuracy(),
                    m.pretextEvalImages(), m.top1Untrained(), m.top5Untrained(), Accuracy.notMeasured(),
                    Accuracy.notMeasured(), m.chosenL2(), m.validationTop1ByL2(), m.validationTop1ByEpoch(),
                    m.probeIterations(), m.probeConverged(), m.probeTrainImages(), m.probeValImages(), m.testImages(),
                    m.features(), m.parameters(), m.multiplyAdds(), m.top1UntrainedHits(), null), r.timings(),
                    r.provenance());
        }).toList();
    }

    /** How many of the rows of {@code tables} learned, of those with a control: "k of n cells learned". */
    String learnedCount(List<StudyTable> tables) {
        List<CellResult> rows = results.stream().filter(r -> tables.stream().anyMatch(t -> t.id().equals(
                r.benchmark()))).filter(r -> control(r).measured()).toList();
        long learned = rows.stream().filter(Measurements::learned).count();
        return learned + " of " + rows.size() + " cells with a control learned (top-1 significantly above it)";
    }

    static Accuracy top1(CellResult r) {
        return r.metrics().top1();
    }

    /** The same probe on the network's untrained weights (not measured for cells run without a control). */
    static Accuracy control(CellResult r) {
        return r.metrics().top1Untrained();
    }

    /** Whether training added to the cell: its top-1 significantly above its untrained control's. */
    static boolean learned(CellResult r) {
        return control(r).measured() && Stats.gainOverControl(r.metrics()).above(0);
    }

    static Comparator<CellResult> byTop1() {
        return Comparator.comparingDouble(r -> r.metrics().top1().value());
    }

    static String pct(double fraction) {
        return String.format("%.1f", 100 * fraction);
    }
}
