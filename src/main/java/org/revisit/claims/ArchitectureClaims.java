package org.revisit.claims;

import org.revisit.nets.Architecture;
import org.revisit.study.CellResult;
import org.revisit.study.Scale;
import org.revisit.plan.StudyTable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.revisit.claims.Measurements.PRE_LOGITS;
import static org.revisit.claims.Measurements.pct;
import static org.revisit.claims.Measurements.top1;
import org.revisit.claims.Claims.Outcome;

/** Claims 1-5 and 14: how the architecture shapes the representation (Table 1, Figures 2-5). */
final class ArchitectureClaims {
    /** Figure 5's claims are never decided on a single curve: one network's layers are one comparison. */
    static final int MIN_CURVES = 2;

    private ArchitectureClaims() {
    }

    static Outcome interaction(Measurements m) {
        Map<String, List<CellResult>> byTask = narrowestPlain(m);
        Map<String, CellResult> winners = new LinkedHashMap<>();
        byTask.forEach((task, rows) -> {
            if (rows.size() >= 2) {
                winners.put(task, rows.stream().max(Measurements.byTop1()).orElseThrow());
            }
        });
        if (winners.size() < 2) {
            return new Outcome(Verdict.INCONCLUSIVE, "fewer than two tasks with two architectures at one width");
        }
        String stat = winners.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue().network().variant() + " "
                + pct(top1(e.getValue()).value())).collect(Collectors.joining("; "));
        boolean flip = false;
        boolean sameEverywhere = winners.values().stream().map(r -> r.network().variant()).distinct().count() == 1;
        for (var a : winners.entrySet()) {
            for (var b : winners.entrySet()) {
                String archA = a.getValue().network().variant();
                String archB = b.getValue().network().variant();
                if (archA.equals(archB) || a.getKey().compareTo(b.getKey()) > 0) {
                    continue;
                }
                Optional<CellResult> bInA = find(byTask.get(a.getKey()), archB);
                Optional<CellResult> aInB = find(byTask.get(b.getKey()), archA);
                if (bInA.isPresent() && aInB.isPresent()
                        && Stats.difference(top1(a.getValue()), top1(bInA.get())).above(0)
                        && Stats.difference(top1(b.getValue()), top1(aInB.get())).above(0)) {
                    flip = true;
                    stat = "a significant flip (" + a.getKey() + " " + archA + " vs " + b.getKey() + " " + archB
                            + "); " + stat;
                }
            }
        }
        stat = "best per task: " + stat;
        if (flip) {
            return new Outcome(Verdict.REPRODUCED, stat);
        }
        if (sameEverywhere && byTask.values().stream().allMatch(rows -> rows.size() < 2 || significantWinner(rows))) {
            return new Outcome(Verdict.NOT_REPRODUCED, "the same architecture significantly best in every task; "
                    + stat);
        }
        return new Outcome(Verdict.INCONCLUSIVE, "no significant flip of the ranking; " + stat);
    }

    private static boolean significantWinner(List<CellResult> rows) {
        List<CellResult> sorted = rows.stream().sorted(Measurements.byTop1().reversed()).toList();
        return Stats.difference(top1(sorted.get(0)), top1(sorted.get(1))).above(0);
    }

    /** Table 1 rows at each task's narrowest width, the plain architectures (with their last ReLU). */
    private static Map<String, List<CellResult>> narrowestPlain(Measurements m) {
        Map<String, List<CellResult>> out = new LinkedHashMap<>();
        for (String task : m.tasks()) {
            List<Integer> widths = m.widths(task);
            if (widths.isEmpty()) {
                continue;
            }
            out.put(task, m.table1().stream().filter(r -> r.task().id().equals(task)
                    && r.network().width() == widths.get(0) && !r.network().minusVariant()).toList());
        }
        return out;
    }

    private static Optional<CellResult> find(List<CellResult> rows, String architecture) {
        return rows.stream().filter(r -> r.network().variant().equals(architecture)).findFirst();
    }

    static Outcome recipes(Measurements m) {
        String[][] pairs = {{"resnet50_v1", "resnet50_v2"}, {"resnet50_v2", "resnet50_v2 (-)"},
                {"revnet50", "revnet50 (-)"}};
        List<CellResult[]> tested = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (String task : m.tasks()) {
            for (int w : m.widths(task)) {
                for (String[] p : pairs) {
                    var a = m.table1(task, p[0], w);
                    var b = m.table1(task, p[1], w);
                    if (a.isPresent() && b.isPresent()) {
                        tested.add(new CellResult[] {a.get(), b.get()});
                        labels.add(task + " k=" + w + " " + p[0] + " - " + p[1]);
                    }
                }
            }
        }
        if (tested.isEmpty()) {
            return new Outcome(Verdict.INCONCLUSIVE, "no pair of variants measured at the same task and width");
        }
        // several pairs, one claim: significance over the family (Bonferroni)
        List<String> parts = new ArrayList<>();
        int significant = 0;
        for (int i = 0; i < tested.size(); i++) {
            CellResult a = tested.get(i)[0];
            CellResult b = tested.get(i)[1];
            Stats.Interval d = Stats.difference(top1(a), top1(b), tested.size());
            double pretext = a.metrics().pretextAccuracy() - b.metrics().pretextAccuracy();
            // the claim: the variants differ downstream while they perform similarly on the pretext task
            boolean sig = (d.above(0) || d.below(0)) && Math.abs(pretext) <= Claims.SIMILAR_PRETEXT;
            significant += sig ? 1 : 0;
            parts.add(labels.get(i) + ": " + d.points() + String.format(" (pretext %+.1f)", 100 * pretext)
                    + (sig ? " *" : ""));
        }
        String stat = significant + " of " + tested.size() + " pairs differ significantly (Bonferroni over the "
                + tested.size() + " pairs, " + Stats.familyLevel(tested.size()) + " intervals) with pretext "
                + "accuracies within " + Math.round(100 * Claims.SIMILAR_PRETEXT) + " points (*): "
                + String.join("; ", parts);
        return new Outcome(significant > 0 ? Verdict.REPRODUCED : Verdict.INCONCLUSIVE, stat);
    }

    static Outcome vgg(Measurements m) {
        List<CellResult> vggs = new ArrayList<>();
        List<List<CellResult>> othersOf = new ArrayList<>();
        for (String task : m.tasks()) {
            for (int w : m.widths(task)) {
                var vgg = m.table1(task, "vgg19_bn", w);
                List<CellResult> others = m.table1().stream().filter(r -> r.task().id().equals(task)
                        && r.network().width() == w && !r.network().is(Architecture.VGG19_BN)).toList();
                if (vgg.isPresent() && !others.isEmpty()) {
                    vggs.add(vgg.get());
                    othersOf.add(others);
                }
            }
        }
        if (vggs.isEmpty()) {
            return new Outcome(Verdict.INCONCLUSIVE, "VGG19-BN and another architecture never measured together");
        }
        // families (Bonferroni): VGG against the worst other once per group; against every other for "beats one"
        int groups = vggs.size();
        int pairs = othersOf.stream().mapToInt(List::size).sum();
        List<String> parts = new ArrayList<>();
        int last = 0;
        int significantlyLast = 0;
        int beaten = 0;
        for (int i = 0; i < groups; i++) {
            CellResult vgg = vggs.get(i);
            CellResult worstOther = othersOf.get(i).stream().min(Measurements.byTop1()).orElseThrow();
            Stats.Interval d = Stats.difference(top1(vgg), top1(worstOther), groups);
            last += d.value() < 0 ? 1 : 0;
            significantlyLast += d.below(0) ? 1 : 0;
            for (CellResult o : othersOf.get(i)) {
                beaten += Stats.difference(top1(vgg), top1(o), pairs).above(0) ? 1 : 0;
            }
            parts.add(vgg.task().id() + " k=" + vgg.network().width() + ": VGG - worst other ("
                    + worstOther.network().variant() + ") " + d.points());
        }
        String stat = "VGG19-BN last in " + last + " of " + groups + " task and width groups, significantly in "
                + significantlyLast + "; significantly above " + beaten + " of " + pairs + " other networks "
                + "(Bonferroni over the " + groups + " groups and the " + pairs + " pairs): "
                + String.join("; ", parts);
        if (beaten > 0) {
            return new Outcome(Verdict.NOT_REPRODUCED, stat);
        }
        return new Outcome(last == groups && significantlyLast > 0 ? Verdict.REPRODUCED : Verdict.INCONCLUSIVE, stat);
    }

    /** Per task and architecture of Figure 5: the best end-point before the pre-logits against the pre-logits. */
    private record LayerDrop(String task, String architecture, CellResult best, CellResult preLogits,
                             Stats.Interval difference) {
        boolean drops() {
            return difference.above(0);
        }

        @Override
        public String toString() {
            return task + " " + architecture + ": best " + best.probe().endPoint() + " - pre_logits "
                    + difference.points();
        }
    }

    private static List<LayerDrop> layerDrops(Measurements m, boolean vgg) {
        Map<String, List<CellResult>> curves = m.rows(StudyTable.LAYERWISE_PROBE,
                r -> r.network().is(Architecture.VGG19_BN) == vgg).stream().collect(Collectors.groupingBy(
                r -> r.task().id() + "|" + r.network().variant() + "|" + r.network().width(), LinkedHashMap::new,
                Collectors.toList()));
        List<LayerDrop> out = new ArrayList<>();
        // one comparison per curve, each the best earlier end-point picked after the fact: Bonferroni over the
        // curves and the end-points each picks from
        int family = curves.values().stream().mapToInt(c -> Math.max(1, c.size() - 1)).sum();
        for (List<CellResult> curve : curves.values()) {
            Optional<CellResult> pre = curve.stream().filter(r -> r.probe().endPoint().equals(PRE_LOGITS)).findFirst();
            Optional<CellResult> best = curve.stream().filter(r -> !r.probe().endPoint().equals(PRE_LOGITS))
                    .max(Measurements.byTop1());
            if (pre.isPresent() && best.isPresent()) {
                out.add(new LayerDrop(pre.get().task().id(), pre.get().network().variant(), best.get(), pre.get(),
                        Stats.difference(top1(best.get()), top1(pre.get()), family)));
            }
        }
        return out;
    }

    static Outcome skipConnections(Measurements m) {
        List<LayerDrop> vgg = layerDrops(m, true);
        List<LayerDrop> residual = layerDrops(m, false);
        if (vgg.isEmpty() || residual.isEmpty()) {
            return new Outcome(Verdict.INCONCLUSIVE, "Figure 5 needs VGG19-BN and a residual network measured at "
                    + "every end-point");
        }
        long vggDrops = vgg.stream().filter(LayerDrop::drops).count();
        long residualDrops = residual.stream().filter(LayerDrop::drops).count();
        String stat = "VGG19-BN degrades in " + vggDrops + " of " + vgg.size() + ", residual networks in "
                + residualDrops + " of " + residual.size() + " (Bonferroni over each curve's end-points): "
                + vgg.stream().map(LayerDrop::toString).collect(Collectors.joining("; ")) + "; "
                + residual.stream().map(LayerDrop::toString).collect(Collectors.joining("; "));
        if (vgg.size() < MIN_CURVES || residual.size() < MIN_CURVES) {
            return new Outcome(Verdict.INCONCLUSIVE, stat + "; a verdict needs " + MIN_CURVES
                    + " or more curves of each kind");
        }
        if (vggDrops > 0 && residualDrops == 0) {
            return new Outcome(Verdict.REPRODUCED, stat);
        }
        if (residualDrops * 2 > residual.size() || (vggDrops == 0 && residualDrops > 0)) {
            return new Outcome(Verdict.NOT_REPRODUCED, stat);
        }
        return new Outcome(Verdict.INCONCLUSIVE, stat);
    }

    static Outcome preLogitsBest(Measurements m) {
        List<LayerDrop> residual = layerDrops(m, false);
        if (residual.isEmpty()) {
            return new Outcome(Verdict.INCONCLUSIVE, "Figure 5 needs a residual network measured at every end-point");
        }
        long drops = residual.stream().filter(LayerDrop::drops).count();
        String stat = "an earlier end-point significantly above the pre-logits in " + drops + " of "
                + residual.size() + " curves (Bonferroni over their end-points): "
                + residual.stream().map(LayerDrop::toString).collect(Collectors.joining("; "));
        if (residual.size() < MIN_CURVES) {
            return new Outcome(Verdict.INCONCLUSIVE, stat + "; a verdict needs " + MIN_CURVES + " or more curves");
        }
        if (drops == 0) {
            return new Outcome(Verdict.REPRODUCED, stat);
        }
        return new Outcome(drops * 2 > residual.size() ? Verdict.NOT_REPRODUCED : Verdict.INCONCLUSIVE, stat);
    }

    static Outcome revnet(Measurements m) {
        List<String> parts = new ArrayList<>();
        Map<String, CellResult[]> pairs = new LinkedHashMap<>();
        for (String task : m.tasks()) {
            List<Integer> widths = m.widths(task);
            if (widths.isEmpty()) {
                continue;
            }
            var rev = m.table1(task, "revnet50", widths.get(0));
            var v2 = m.table1(task, "resnet50_v2", widths.get(0));
            if (rev.isEmpty() || v2.isEmpty()) {
                continue;
            }
            pairs.put(task, new CellResult[] {rev.get(), v2.get()});
        }
        int others = (int) pairs.keySet().stream().filter(t -> !t.equals("rotation")).count();
        if (!pairs.containsKey("rotation") || others == 0) {
            return new Outcome(Verdict.INCONCLUSIVE, "needs RevNet50 and ResNet50 v2 on Rotation and another task");
        }
        // Rotation is one pre-stated comparison; "not the other tasks" is a family of the others (Bonferroni)
        Stats.Interval rotation = null;
        int otherGainCount = 0;
        for (var e : pairs.entrySet()) {
            boolean isRotation = e.getKey().equals("rotation");
            Stats.Interval d = Stats.difference(top1(e.getValue()[0]), top1(e.getValue()[1]),
                    isRotation ? 1 : others);
            parts.add(e.getKey() + ": RevNet - v2 " + d.points());
            if (isRotation) {
                rotation = d;
            } else {
                otherGainCount += d.above(0) ? 1 : 0;
            }
        }
        boolean otherGains = otherGainCount > 0;
        String stat = "Rotation RevNet - v2 " + rotation.points() + ", significantly above on " + otherGainCount
                + " of " + others + " other tasks (Bonferroni over the " + others + "): " + String.join("; ", parts);
        double threshold = m.scale().equals(Scale.PAPER.id()) ? 0.05 : 0;
        if (rotation.above(threshold) && !otherGains) {
            return new Outcome(Verdict.REPRODUCED, stat);
        }
        if (rotation.below(threshold) || (rotation.value() <= 0 && otherGains)) {
            return new Outcome(Verdict.NOT_REPRODUCED, stat);
        }
        return new Outcome(Verdict.INCONCLUSIVE, stat);
    }
}
