package org.revisit.claims;

import org.revisit.paper.PaperValues;
import org.revisit.probe.Accuracy;
import org.revisit.study.ProbeSetting;
import org.revisit.study.CellResult;
import org.revisit.study.Scale;
import org.revisit.plan.StudyTable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.revisit.claims.Measurements.PRE_LOGITS;
import static org.revisit.claims.Measurements.pct;
import static org.revisit.claims.Measurements.top1;
import org.revisit.claims.Claims.Outcome;

/** Claims 9-13: how a representation is evaluated: pretext accuracy, the probe, its schedule, other data, Table 2. */
final class EvaluationClaims {
    private EvaluationClaims() {
    }

    static Outcome pretextProxy(Measurements m) {
        List<CellResult> rows = m.rows(StudyTable.PRETEXT_VS_DOWNSTREAM, r -> r.probe().endPoint().equals(PRE_LOGITS));
        int concordant = 0;
        int pairs = 0;
        Map<String, List<CellResult>> within = rows.stream().collect(Collectors.groupingBy(r -> r.task().id() + "|"
                + r.network().architecture().id(), LinkedHashMap::new, Collectors.toList()));
        for (List<CellResult> g : within.values()) {
            for (int i = 0; i < g.size(); i++) {
                for (int j = i + 1; j < g.size(); j++) {
                    double dp = g.get(i).metrics().pretextAccuracy() - g.get(j).metrics().pretextAccuracy();
                    double dt = top1(g.get(i)).value() - top1(g.get(j)).value();
                    if (dp != 0 && dt != 0) {
                        pairs++;
                        concordant += dp * dt > 0 ? 1 : 0;
                    }
                }
            }
        }
        List<String> across = new ArrayList<>();
        boolean acrossPredicts = true;
        int acrossTested = 0;
        for (String task : m.tasks()) {
            List<Integer> widths = m.widths(task);
            if (widths.isEmpty()) {
                continue;
            }
            List<CellResult> g = rows.stream().filter(r -> r.task().id().equals(task)
                    && r.network().width() == widths.get(0) && r.network().representationSize() <= 0).toList();
            if (g.size() < 4) {
                continue;
            }
            double[] x = g.stream().mapToDouble(r -> r.metrics().pretextAccuracy()).toArray();
            double[] y = g.stream().mapToDouble(r -> top1(r).value()).toArray();
            Stats.Interval rho = Stats.spearmanWithInterval(x, y, Claims.SEED);
            acrossTested++;
            acrossPredicts &= rho.above(0);
            across.add(task + " across " + g.size() + " architectures: Spearman " + rho);
        }
        if (pairs == 0 || acrossTested == 0) {
            return new Outcome(Verdict.INCONCLUSIVE, "needs networks of one architecture at several widths or "
                    + "representation sizes (" + pairs + " pairs) and four architectures at one width ("
                    + acrossTested + " tasks)");
        }
        double p = Binomial.upperTail(concordant, pairs, 0.5);
        String stat = String.format("within architectures %d of %d pairs concordant (sign test p = %.3g); ",
                concordant, pairs, p) + String.join("; ", across);
        if (acrossPredicts) {
            return new Outcome(Verdict.NOT_REPRODUCED, stat + " | pretext accuracy ranks architectures too");
        }
        return new Outcome(p < 0.05 ? Verdict.REPRODUCED : Verdict.INCONCLUSIVE, stat);
    }

    static Outcome mlp(Measurements m) {
        List<CellResult> rows = m.rows(StudyTable.LINEAR_VS_MLP, r -> true);
        Map<String, CellResult> linear = new LinkedHashMap<>();
        Map<String, CellResult> mlp = new LinkedHashMap<>();
        for (CellResult r : rows) {
            (r.probe().kind() == ProbeSetting.Kind.MLP ? mlp : linear).put(r.networkKey(), r);
        }
        List<double[]> pairs = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        int significant = 0;
        for (var e : mlp.entrySet()) {
            CellResult lin = linear.get(e.getKey());
            if (lin == null) {
                continue;
            }
            Stats.Interval d = Stats.difference(top1(e.getValue()), top1(lin));
            significant += d.above(0) ? 1 : 0;
            pairs.add(new double[] {top1(lin).value(), top1(e.getValue()).value()});
            parts.add(lin.task().id() + " " + lin.network().variant() + " " + d.points());
        }
        if (pairs.size() < 3) {
            return new Outcome(Verdict.INCONCLUSIVE, "fewer than three networks with both probes");
        }
        double meanGain = pairs.stream().mapToDouble(p -> p[1] - p[0]).average().orElseThrow();
        Stats.Interval rho = Stats.spearmanWithInterval(pairs.stream().mapToDouble(p -> p[0]).toArray(),
                pairs.stream().mapToDouble(p -> p[1]).toArray(), Claims.SEED);
        String stat = String.format("mean MLP - linear %+.1f pts over %d networks (%d significantly above); "
                + "Spearman linear vs MLP %s; ", 100 * meanGain, pairs.size(), significant, rho)
                + String.join("; ", parts);
        if (Math.abs(meanGain) < 0.02 && rho.above(0)) {
            return new Outcome(Verdict.REPRODUCED, stat);
        }
        if (meanGain > 0.05 || rho.below(0.3)) {
            return new Outcome(Verdict.NOT_REPRODUCED, stat);
        }
        return new Outcome(Verdict.INCONCLUSIVE, stat);
    }

    static Outcome schedule(Measurements m) {
        Map<String, List<CellResult>> byTask = m.rows(StudyTable.PROBE_SCHEDULE,
                        r -> r.probe().kind() == ProbeSetting.Kind.SGD).stream()
                .collect(Collectors.groupingBy(r -> r.task().id(), LinkedHashMap::new, Collectors.toList()));
        List<String> labels = new ArrayList<>();
        List<CellResult[]> pairs = new ArrayList<>();
        byTask.forEach((task, rows) -> {
            Optional<CellResult> shortest = rows.stream().min(Comparator.comparingInt(r -> r.probe().firstDecay()));
            for (CellResult r : rows) {
                if (shortest.isPresent() && r.probe().firstDecay() > shortest.get().probe().firstDecay()) {
                    labels.add(task + " decay " + shortest.get().probe().firstDecay() + "->" + r.probe().firstDecay());
                    pairs.add(new CellResult[] {r, shortest.get()});
                }
            }
        });
        // every step counts towards one verdict: Bonferroni over the steps
        List<Stats.Interval> steps = pairs.stream().map(p -> Stats.difference(top1(p[0]), top1(p[1]), pairs.size()))
                .toList();
        // the claim is about the probe's schedule on one network, not about what the network learned: no control
        return WidthClaims.increasingProbeSteps(labels, steps, "Figure 8 needs two schedules on one network");
    }

    /**
     * Claim 12: the networks of Table 1 probed on this run's dataset and, by another run with
     * {@code -Dpretext.dataset}, on a second one; Spearman over the networks in both.
     */
    static Outcome transferRanking(Measurements m) {
        Map<String, CellResult> own = new LinkedHashMap<>();
        for (CellResult r : m.table1()) {
            own.put(r.networkKey(), r);
        }
        List<CellResult> other = m.transfer().stream().filter(r -> r.probe().endPoint().equals(Measurements.PRE_LOGITS)
                && r.probe().kind() == ProbeSetting.Kind.LBFGS && r.probe().labelFraction() == 1.0
                && own.containsKey(r.networkKey()))
                .collect(Collectors.toMap(CellResult::networkKey, r -> r, (a, b) -> b, LinkedHashMap::new))
                .values().stream().toList();
        if (other.size() < 4) {
            return new Outcome(Verdict.INCONCLUSIVE, "needs this run's Table 1 networks probed on a second dataset by "
                    + "another run (-Ddataset=places205 -Dpretext.dataset=<this dataset>): " + other.size()
                    + " of 4 or more networks are");
        }
        double[] x = other.stream().mapToDouble(r -> top1(own.get(r.networkKey())).value()).toArray();
        double[] y = other.stream().mapToDouble(r -> top1(r).value()).toArray();
        Stats.Interval rho = Stats.spearmanWithInterval(x, y, Claims.SEED);
        String datasets = other.stream().map(r -> r.run().dataset().dataset()).distinct()
                .collect(Collectors.joining(", "));
        String stat = String.format("Spearman of %d networks' top-1 on %s and on %s: %s", other.size(),
                own.get(other.get(0).networkKey()).run().dataset().dataset(), datasets, rho);
        return new Outcome(rho.above(0) ? Verdict.REPRODUCED : rho.below(0) ? Verdict.NOT_REPRODUCED
                : Verdict.INCONCLUSIVE, stat);
    }

    /** Claim 13 as the paper states it, from Table 2's values. */
    static String stateOfTheArtText() {
        return "New state of the art on ImageNet: " + PaperValues.TABLE2.stream()
                .map(p -> p.label() + " " + String.format("%.1f", p.ours())).collect(Collectors.joining(", "))
                + " top-1 (previously " + PaperValues.TABLE2.stream().map(p -> String.format("%.1f", p.previous()))
                .collect(Collectors.joining(", ")) + ").";
    }

    static Outcome stateOfTheArt(Measurements m) {
        if (!m.scale().equals(Scale.PAPER.id())) {
            String measured = m.rows(StudyTable.PRIOR_WORK, r -> true).stream().map(r -> r.task().id() + " "
                    + pct(top1(r).value())).collect(Collectors.joining(", "));
            String data = m.results().stream().filter(r -> r.run().dataset() != null)
                    .map(r -> r.run().dataset().dataset()).distinct().collect(Collectors.joining(", "));
            return new Outcome(Verdict.INCONCLUSIVE, "not comparable below the paper scale (small networks on "
                    + (data.isEmpty() ? "no data" : data) + "); measured here: "
                    + (measured.isEmpty() ? "nothing" : measured));
        }
        List<CellResult> rows = m.rows(StudyTable.PRIOR_WORK, r -> r.run().dataset() != null
                && r.run().dataset().dataset().equals("imagenet"));
        if (rows.isEmpty()) {
            return new Outcome(Verdict.INCONCLUSIVE, "needs the Prior work table on ImageNet at the paper scale");
        }
        // the best published top-1 before the paper, per task (Table 2's "Prev." column)
        Map<String, Double> previous = PaperValues.TABLE2.stream()
                .collect(Collectors.toMap(PaperValues.PriorWork::task, p -> p.previous() / 100));
        List<String> parts = new ArrayList<>();
        boolean allAbove = true;
        boolean anyBelow = false;
        for (String task : previous.keySet().stream().sorted().toList()) {
            Optional<CellResult> best = rows.stream().filter(r -> r.task().id().equals(task))
                    .max(Measurements.byTop1());
            if (best.isEmpty()) {
                allAbove = false;
                parts.add(task + " not measured");
                continue;
            }
            Accuracy a = top1(best.get());
            allAbove &= a.low() > previous.get(task);
            anyBelow |= a.high() < previous.get(task);
            parts.add(task + " " + pct(a.value()) + " [" + pct(a.low()) + ", " + pct(a.high()) + "] vs previous "
                    + pct(previous.get(task)));
        }
        return new Outcome(anyBelow ? Verdict.NOT_REPRODUCED : allAbove ? Verdict.REPRODUCED : Verdict.INCONCLUSIVE,
                String.join("; ", parts));
    }
}
