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

    static Accuracy top1(CellResult r) {
        return r.metrics().top1();
    }

    /** The same probe on the network's untrained weights (not measured for cells run without a control). */
    static Accuracy control(CellResult r) {
        return r.metrics().top1Untrained();
    }

    /** Whether training added to the cell: its top-1 significantly above its untrained control's. */
    static boolean learned(CellResult r) {
        return control(r).measured() && Stats.difference(top1(r), control(r)).above(0);
    }

    static Comparator<CellResult> byTop1() {
        return Comparator.comparingDouble(r -> r.metrics().top1().value());
    }

    static String pct(double fraction) {
        return String.format("%.1f", 100 * fraction);
    }
}
