package org.revisit.claims;

import org.revisit.nets.NetworkSpec;
import org.revisit.paper.PaperValues;
import org.revisit.probe.Accuracy;
import org.revisit.study.CellResult;
import org.revisit.study.Scale;
import org.revisit.study.StudyTable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.revisit.claims.Measurements.PRE_LOGITS;
import static org.revisit.claims.Measurements.pct;
import static org.revisit.claims.Measurements.top1;

/**
 * The study's testable claims (SPEC §5), each a check over the measured results with a verdict and the statistic
 * behind it. A difference counts only when its 95 % interval (Newcombe, from the Wilson intervals of the two
 * accuracies) excludes zero; a rank correlation comes with a bootstrap interval. Where the measurements a claim needs
 * are missing at a scale, the verdict is inconclusive and says what is missing.
 */
public final class Claims {
    private static final long SEED = 0;
    /** Claim 2's "perform similarly on the pretext task": pretext accuracies within 3 points. */
    static final double SIMILAR_PRETEXT = 0.03;

    /** One claim: its number and wording in SPEC §5, how it is tested here, and the check. */
    public record Claim(int number, String claim, String test, Function<Measurements, Outcome> check) {
        public ClaimResult evaluate(Measurements m) {
            Outcome o = check.apply(m);
            return new ClaimResult(number, claim, test, "SPEC §5." + number, o.verdict(), o.statistic(), m.scale());
        }
    }

    record Outcome(Verdict verdict, String statistic) {
    }

    private Claims() {
    }

    public static List<Claim> all() {
        return List.of(
                new Claim(1, "Architecture and pretext task interact: the ranking of architectures is not the same "
                        + "for every task.", "Table 1 at the narrowest width: the best architecture per task; "
                        + "reproduced when two tasks have different winners and each winner significantly beats the "
                        + "other's in its own task.", Claims::interaction),
                new Claim(2, "Choices that barely matter in supervised learning (ResNet v1 vs v2, the ReLU before "
                        + "pooling) change self-supervised linear accuracy by several points.",
                        "Table 1: v1 vs v2, v2 vs v2 (-), RevNet vs RevNet (-) per task and width; reproduced when a "
                                + "pair differs significantly downstream with pretext accuracies within 3 points.",
                        Claims::recipes),
                new Claim(3, "VGG19-BN is the worst architecture for every task.", "Table 1: VGG19-BN against the "
                        + "other architectures per task and width; reproduced when it is last everywhere and "
                        + "significantly so somewhere; not reproduced when it significantly beats one.", Claims::vgg),
                new Claim(4, "Skip connections prevent degradation: VGG19-BN's representation deteriorates towards "
                        + "the end of the network, ResNet's and RevNet's do not.", "Figure 5: an earlier end-point "
                        + "significantly above the pre-logits is a drop.", Claims::skipConnections),
                new Claim(5, "RevNet boosts Rotation (by more than 5 points at the paper scale) but not the other "
                        + "tasks.", "Table 1: RevNet50 minus ResNet50 v2 per task, narrowest width.", Claims::revnet),
                new Claim(6, "Wider networks give better representations for every task and architecture.",
                        "Table 1: widest minus narrowest width per task and architecture.", Claims::width),
                new Claim(7, "Width and representation size are separate factors: accuracy grows with each at a "
                        + "fixed other.", "Figure 6: each step up in representation size at a fixed width, and in "
                        + "width at a fixed representation size.", Claims::representation),
                new Claim(8, "Wider networks are better also with 10 % and 5 % of the labels.", "Figure 7: widest "
                        + "minus narrowest width per task at 10 % and 5 % of the labels.", Claims::lowData),
                new Claim(9, "Pretext accuracy predicts downstream accuracy within an architecture, not across "
                        + "architectures.", "Figure 4: concordant pairs of networks of the same task and "
                        + "architecture (sign test), against the rank correlation across architectures at one width.",
                        Claims::pretextProxy),
                new Claim(10, "A linear probe is adequate: an MLP improves only marginally and keeps the ranking.",
                        "Figure 3: MLP minus linear top-1 per network, and their rank correlation.", Claims::mlp),
                new Claim(11, "The SGD-trained linear model needs long training: a later first decay (30 -> 120 -> "
                        + "480 epochs) gives higher accuracy.", "Figure 8: final top-1 of the 480- and 120-epoch "
                        + "schedules minus the 30-epoch one, per task.", Claims::schedule),
                new Claim(12, "Rankings on Places205 agree with ImageNet's.", "The same networks' pre-logits "
                        + "top-1 on this run's dataset and on another (Places205 in the paper), rank-correlated.",
                        Claims::transferRanking),
                new Claim(13, stateOfTheArtText(), "Table 2: only comparable at the paper scale on ImageNet.",
                        Claims::stateOfTheArt),
                new Claim(14, "In residual networks the pre-logits are the best layer.", "Figure 5: ResNet50 v2 and "
                        + "RevNet50, no end-point significantly above the pre-logits.", Claims::preLogitsBest));
    }

    public static List<ClaimResult> evaluate(Measurements m) {
        return all().stream().map(c -> c.evaluate(m)).toList();
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
        String stat = winners.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue().architecture() + " "
                + pct(top1(e.getValue()).value())).collect(Collectors.joining("; "));
        boolean flip = false;
        boolean sameEverywhere = winners.values().stream().map(CellResult::architecture).distinct().count() == 1;
        for (var a : winners.entrySet()) {
            for (var b : winners.entrySet()) {
                String archA = a.getValue().architecture();
                String archB = b.getValue().architecture();
                if (archA.equals(archB) || a.getKey().compareTo(b.getKey()) > 0) {
                    continue;
                }
                Optional<CellResult> bInA = find(byTask.get(a.getKey()), archB);
                Optional<CellResult> aInB = find(byTask.get(b.getKey()), archA);
                if (bInA.isPresent() && aInB.isPresent()
                        && Stats.difference(top1(a.getValue()), top1(bInA.get())).above(0)
                        && Stats.difference(top1(b.getValue()), top1(aInB.get())).above(0)) {
                    flip = true;
                    stat += " | significant flip: " + a.getKey() + " " + archA + " vs " + b.getKey() + " " + archB;
                }
            }
        }
        if (flip) {
            return new Outcome(Verdict.REPRODUCED, stat);
        }
        if (sameEverywhere && byTask.values().stream().allMatch(rows -> rows.size() < 2 || significantWinner(rows))) {
            return new Outcome(Verdict.NOT_REPRODUCED, stat + " | the same architecture significantly best in every "
                    + "task");
        }
        return new Outcome(Verdict.INCONCLUSIVE, stat + " | no significant flip of the ranking");
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
            out.put(task, m.table1().stream().filter(r -> r.task().equals(task) && r.width() == widths.get(0)
                    && !r.architecture().endsWith(NetworkSpec.MINUS_MARK)).toList());
        }
        return out;
    }

    private static Optional<CellResult> find(List<CellResult> rows, String architecture) {
        return rows.stream().filter(r -> r.architecture().equals(architecture)).findFirst();
    }

    static Outcome recipes(Measurements m) {
        String[][] pairs = {{"resnet50_v1", "resnet50_v2"}, {"resnet50_v2", "resnet50_v2 (-)"},
                {"revnet50", "revnet50 (-)"}};
        List<String> parts = new ArrayList<>();
        int tested = 0;
        int significant = 0;
        for (String task : m.tasks()) {
            for (int w : m.widths(task)) {
                for (String[] p : pairs) {
                    var a = m.table1(task, p[0], w);
                    var b = m.table1(task, p[1], w);
                    if (a.isEmpty() || b.isEmpty()) {
                        continue;
                    }
                    tested++;
                    Stats.Interval d = Stats.difference(top1(a.get()), top1(b.get()));
                    double pretext = a.get().metrics().pretextAccuracy() - b.get().metrics().pretextAccuracy();
                    // the claim: the variants differ downstream while they perform similarly on the pretext task
                    boolean sig = (d.above(0) || d.below(0)) && Math.abs(pretext) <= SIMILAR_PRETEXT;
                    significant += sig ? 1 : 0;
                    parts.add(task + " k=" + w + " " + p[0] + " - " + p[1] + ": " + d.points()
                            + String.format(" (pretext %+.1f)", 100 * pretext) + (sig ? " *" : ""));
                }
            }
        }
        if (tested == 0) {
            return new Outcome(Verdict.INCONCLUSIVE, "no pair of variants measured at the same task and width");
        }
        String stat = significant + " of " + tested + " pairs differ significantly with pretext accuracies within "
                + Math.round(100 * SIMILAR_PRETEXT) + " points (*): " + String.join("; ", parts);
        return new Outcome(significant > 0 ? Verdict.REPRODUCED : Verdict.INCONCLUSIVE, stat);
    }

    static Outcome vgg(Measurements m) {
        List<String> parts = new ArrayList<>();
        boolean lastEverywhere = true;
        boolean significantSomewhere = false;
        boolean beatsOne = false;
        int groups = 0;
        for (String task : m.tasks()) {
            for (int w : m.widths(task)) {
                var vgg = m.table1(task, "vgg19_bn", w);
                List<CellResult> others = m.table1().stream().filter(r -> r.task().equals(task) && r.width() == w
                        && !r.architecture().startsWith("vgg")).toList();
                if (vgg.isEmpty() || others.isEmpty()) {
                    continue;
                }
                groups++;
                CellResult worstOther = others.stream().min(Measurements.byTop1()).orElseThrow();
                Stats.Interval d = Stats.difference(top1(vgg.get()), top1(worstOther));
                lastEverywhere &= d.value() < 0;
                significantSomewhere |= d.below(0);
                for (CellResult o : others) {
                    beatsOne |= Stats.difference(top1(vgg.get()), top1(o)).above(0);
                }
                parts.add(task + " k=" + w + ": VGG - worst other (" + worstOther.architecture() + ") " + d.points());
            }
        }
        if (groups == 0) {
            return new Outcome(Verdict.INCONCLUSIVE, "VGG19-BN and another architecture never measured together");
        }
        String stat = String.join("; ", parts);
        if (beatsOne) {
            return new Outcome(Verdict.NOT_REPRODUCED, stat + " | VGG significantly beats another architecture");
        }
        return new Outcome(lastEverywhere && significantSomewhere ? Verdict.REPRODUCED : Verdict.INCONCLUSIVE, stat);
    }

    /** Per task and architecture of Figure 5: the best end-point before the pre-logits against the pre-logits. */
    private record LayerDrop(String task, String architecture, CellResult best, CellResult preLogits,
                             Stats.Interval difference) {
        boolean drops() {
            return difference.above(0);
        }

        @Override
        public String toString() {
            return task + " " + architecture + ": best " + best.endPoint() + " - pre_logits " + difference.points();
        }
    }

    private static List<LayerDrop> layerDrops(Measurements m, boolean vgg) {
        Map<String, List<CellResult>> curves = m.rows(StudyTable.LAYERWISE_PROBE, r -> r.architecture()
                .startsWith("vgg") == vgg).stream().collect(Collectors.groupingBy(r -> r.task() + "|"
                + r.architecture() + "|" + r.width(), LinkedHashMap::new, Collectors.toList()));
        List<LayerDrop> out = new ArrayList<>();
        for (List<CellResult> curve : curves.values()) {
            Optional<CellResult> pre = curve.stream().filter(r -> r.endPoint().equals(PRE_LOGITS)).findFirst();
            Optional<CellResult> best = curve.stream().filter(r -> !r.endPoint().equals(PRE_LOGITS))
                    .max(Measurements.byTop1());
            if (pre.isPresent() && best.isPresent()) {
                out.add(new LayerDrop(pre.get().task(), pre.get().architecture(), best.get(), pre.get(),
                        Stats.difference(top1(best.get()), top1(pre.get()))));
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
                + residualDrops + " of " + residual.size() + ": "
                + vgg.stream().map(LayerDrop::toString).collect(Collectors.joining("; ")) + "; "
                + residual.stream().map(LayerDrop::toString).collect(Collectors.joining("; "));
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
                + residual.size() + " curves: " + residual.stream().map(LayerDrop::toString)
                .collect(Collectors.joining("; "));
        if (drops == 0) {
            return new Outcome(Verdict.REPRODUCED, stat);
        }
        return new Outcome(drops * 2 > residual.size() ? Verdict.NOT_REPRODUCED : Verdict.INCONCLUSIVE, stat);
    }

    static Outcome revnet(Measurements m) {
        List<String> parts = new ArrayList<>();
        Stats.Interval rotation = null;
        boolean otherGains = false;
        int others = 0;
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
            Stats.Interval d = Stats.difference(top1(rev.get()), top1(v2.get()));
            parts.add(task + ": RevNet - v2 " + d.points());
            if (task.equals("rotation")) {
                rotation = d;
            } else {
                others++;
                otherGains |= d.above(0);
            }
        }
        if (rotation == null || others == 0) {
            return new Outcome(Verdict.INCONCLUSIVE, "needs RevNet50 and ResNet50 v2 on Rotation and another task");
        }
        String stat = String.join("; ", parts);
        double threshold = m.scale().equals(Scale.PAPER.id()) ? 0.05 : 0;
        if (rotation.above(threshold) && !otherGains) {
            return new Outcome(Verdict.REPRODUCED, stat);
        }
        if (rotation.below(threshold) || (rotation.value() <= 0 && otherGains)) {
            return new Outcome(Verdict.NOT_REPRODUCED, stat);
        }
        return new Outcome(Verdict.INCONCLUSIVE, stat);
    }

    /** Steps up an ordered axis: each difference must be positive; a significant negative one refutes. */
    private static Outcome increasing(List<String> labels, List<Stats.Interval> steps, String missing) {
        if (steps.isEmpty()) {
            return new Outcome(Verdict.INCONCLUSIVE, missing);
        }
        long positive = steps.stream().filter(s -> s.value() > 0).count();
        long significant = steps.stream().filter(s -> s.above(0)).count();
        long against = steps.stream().filter(s -> s.below(0)).count();
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            parts.add(labels.get(i) + " " + steps.get(i).points());
        }
        String stat = positive + " of " + steps.size() + " steps up, " + significant + " significantly, " + against
                + " significantly down: " + String.join("; ", parts);
        if (against > 0) {
            return new Outcome(Verdict.NOT_REPRODUCED, stat);
        }
        return new Outcome(positive == steps.size() && significant * 2 >= steps.size() ? Verdict.REPRODUCED
                : Verdict.INCONCLUSIVE, stat);
    }

    static Outcome width(Measurements m) {
        return widestOverNarrowest(m.table1().stream().collect(Collectors.groupingBy(
                r -> r.task() + " " + r.architecture(), LinkedHashMap::new, Collectors.toList())),
                "no task and architecture measured at two widths");
    }

    /** Per group measured at two or more widths: the widest's top-1 minus the narrowest's, as steps up an axis. */
    private static Outcome widestOverNarrowest(Map<String, List<CellResult>> groups, String missing) {
        List<String> labels = new ArrayList<>();
        List<Stats.Interval> steps = new ArrayList<>();
        groups.forEach((name, rows) -> {
            if (rows.size() >= 2) {
                CellResult narrow = rows.stream().min(Comparator.comparingInt(CellResult::width)).orElseThrow();
                CellResult wide = rows.stream().max(Comparator.comparingInt(CellResult::width)).orElseThrow();
                labels.add(name + " k=" + narrow.width() + "->" + wide.width());
                steps.add(Stats.difference(top1(wide), top1(narrow)));
            }
        });
        return increasing(labels, steps, missing);
    }

    static Outcome representation(Measurements m) {
        List<CellResult> rows = m.rows(StudyTable.WIDTH_SWEEP, r -> r.representationSize() > 0);
        List<String> labels = new ArrayList<>();
        List<Stats.Interval> steps = new ArrayList<>();
        Map<String, List<CellResult>> byWidth = rows.stream().collect(Collectors.groupingBy(
                r -> r.task() + " " + r.architecture() + " k=" + r.width(), LinkedHashMap::new, Collectors.toList()));
        byWidth.forEach((name, g) -> addSteps(name + " d", g, CellResult::representationSize, labels, steps));
        Map<String, List<CellResult>> bySize = rows.stream().collect(Collectors.groupingBy(
                r -> r.task() + " " + r.architecture() + " d=" + r.representationSize(), LinkedHashMap::new,
                Collectors.toList()));
        bySize.forEach((name, g) -> addSteps(name + " k", g, CellResult::width, labels, steps));
        return increasing(labels, steps, "Figure 6 needs two representation sizes at a width or two widths at a "
                + "size");
    }

    private static void addSteps(String name, List<CellResult> group, java.util.function.ToIntFunction<CellResult> axis,
                                 List<String> labels, List<Stats.Interval> steps) {
        List<CellResult> sorted = group.stream().sorted(Comparator.comparingInt(axis)).toList();
        for (int i = 1; i < sorted.size(); i++) {
            labels.add(name + "=" + axis.applyAsInt(sorted.get(i - 1)) + "->" + axis.applyAsInt(sorted.get(i)));
            steps.add(Stats.difference(top1(sorted.get(i)), top1(sorted.get(i - 1))));
        }
    }

    static Outcome lowData(Measurements m) {
        return widestOverNarrowest(m.rows(StudyTable.LABEL_BUDGET, r -> r.labelFraction() < 1).stream()
                .collect(Collectors.groupingBy(r -> r.task() + " " + r.architecture() + " "
                        + Math.round(r.labelFraction() * 100) + "% labels", LinkedHashMap::new, Collectors.toList())),
                "Figure 7 needs two widths at 10 % or 5 % of the labels");
    }

    static Outcome pretextProxy(Measurements m) {
        List<CellResult> rows = m.rows(StudyTable.PRETEXT_VS_DOWNSTREAM, r -> r.endPoint().equals(PRE_LOGITS));
        int concordant = 0;
        int pairs = 0;
        Map<String, List<CellResult>> within = rows.stream().collect(Collectors.groupingBy(r -> r.task() + "|"
                + NetworkSpec.architectureOf(r.architecture()), LinkedHashMap::new, Collectors.toList()));
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
            List<CellResult> g = rows.stream().filter(r -> r.task().equals(task) && r.width() == widths.get(0)
                    && r.representationSize() <= 0).toList();
            if (g.size() < 4) {
                continue;
            }
            double[] x = g.stream().mapToDouble(r -> r.metrics().pretextAccuracy()).toArray();
            double[] y = g.stream().mapToDouble(r -> top1(r).value()).toArray();
            Stats.Interval rho = Stats.spearmanWithInterval(x, y, SEED);
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
            (r.probeKind().equals("mlp") ? mlp : linear).put(r.networkKey(), r);
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
            parts.add(lin.task() + " " + lin.architecture() + " " + d.points());
        }
        if (pairs.size() < 3) {
            return new Outcome(Verdict.INCONCLUSIVE, "fewer than three networks with both probes");
        }
        double meanGain = pairs.stream().mapToDouble(p -> p[1] - p[0]).average().orElseThrow();
        Stats.Interval rho = Stats.spearmanWithInterval(pairs.stream().mapToDouble(p -> p[0]).toArray(),
                pairs.stream().mapToDouble(p -> p[1]).toArray(), SEED);
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
        Map<String, List<CellResult>> byTask = m.rows(StudyTable.PROBE_SCHEDULE, r -> r.probeKind().equals("sgd"))
                .stream().collect(Collectors.groupingBy(CellResult::task, LinkedHashMap::new, Collectors.toList()));
        List<String> labels = new ArrayList<>();
        List<Stats.Interval> steps = new ArrayList<>();
        byTask.forEach((task, rows) -> {
            Optional<CellResult> shortest = rows.stream().min(Comparator.comparingInt(CellResult::probeFirstDecay));
            for (CellResult r : rows) {
                if (shortest.isPresent() && r.probeFirstDecay() > shortest.get().probeFirstDecay()) {
                    labels.add(task + " decay " + shortest.get().probeFirstDecay() + "->" + r.probeFirstDecay());
                    steps.add(Stats.difference(top1(r), top1(shortest.get())));
                }
            }
        });
        return increasing(labels, steps, "Figure 8 needs two schedules on one network");
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
        List<CellResult> other = m.transfer().stream().filter(r -> r.endPoint().equals(Measurements.PRE_LOGITS)
                && r.probeKind().equals("lbfgs") && r.labelFraction() == 1.0 && own.containsKey(r.networkKey()))
                .collect(Collectors.toMap(CellResult::networkKey, r -> r, (a, b) -> b, LinkedHashMap::new))
                .values().stream().toList();
        if (other.size() < 4) {
            return new Outcome(Verdict.INCONCLUSIVE, "needs this run's Table 1 networks probed on a second dataset by "
                    + "another run (-Ddataset=places205 -Dpretext.dataset=<this dataset>): " + other.size()
                    + " of 4 or more networks are");
        }
        double[] x = other.stream().mapToDouble(r -> top1(own.get(r.networkKey())).value()).toArray();
        double[] y = other.stream().mapToDouble(r -> top1(r).value()).toArray();
        Stats.Interval rho = Stats.spearmanWithInterval(x, y, SEED);
        String datasets = other.stream().map(r -> r.dataset().dataset()).distinct().collect(Collectors.joining(", "));
        String stat = String.format("Spearman of %d networks' top-1 on %s and on %s: %s", other.size(),
                own.get(other.get(0).networkKey()).dataset().dataset(), datasets, rho);
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
            String measured = m.rows(StudyTable.PRIOR_WORK, r -> true).stream().map(r -> r.task() + " "
                    + pct(top1(r).value())).collect(Collectors.joining(", "));
            String data = m.results().stream().filter(r -> r.dataset() != null).map(r -> r.dataset().dataset())
                    .distinct().collect(Collectors.joining(", "));
            return new Outcome(Verdict.INCONCLUSIVE, "not comparable below the paper scale (small networks on "
                    + (data.isEmpty() ? "no data" : data) + "); measured here: "
                    + (measured.isEmpty() ? "nothing" : measured));
        }
        List<CellResult> rows = m.rows(StudyTable.PRIOR_WORK, r -> r.dataset() != null
                && r.dataset().dataset().equals("imagenet"));
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
            Optional<CellResult> best = rows.stream().filter(r -> r.task().equals(task)).max(Measurements.byTop1());
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
