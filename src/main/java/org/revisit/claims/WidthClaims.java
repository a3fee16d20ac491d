package org.revisit.claims;

import org.revisit.probe.Accuracy;
import org.revisit.study.CellResult;
import org.revisit.plan.StudyTable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.revisit.claims.Measurements.top1;
import org.revisit.claims.Claims.Outcome;

/** Claims 6-8: width, representation size and few labels (Figures 3, 4 and 7). */
final class WidthClaims {
    private WidthClaims() {
    }

    /** Two cells one step apart on an ordered axis, before the step's intervals are computed for its family. */
    record Pair(String label, CellResult upper, CellResult lower) {
    }

    /**
     * One step up an ordered axis, from {@code lower} to {@code upper}: the trained networks' difference and, when
     * both cells have their untrained controls, the controls' difference and how far the trained step goes beyond it.
     */
    record Step(String label, CellResult upper, CellResult lower, Stats.Interval trained, Stats.Interval control,
                Stats.Interval beyond) {
        /** The step as one of a family of {@code comparisons} (Bonferroni: each interval wider). */
        static Step of(Pair p, int comparisons) {
            String label = p.label();
            CellResult upper = p.upper();
            CellResult lower = p.lower();
            Accuracy u = Stats.forFamily(top1(upper), comparisons);
            Accuracy l = Stats.forFamily(top1(lower), comparisons);
            Stats.Interval t = Stats.difference(u, l);
            Accuracy cu = Measurements.control(upper);
            Accuracy cl = Measurements.control(lower);
            if (!cu.measured() || !cl.measured()) {
                return new Step(label, upper, lower, t, null, null);
            }
            cu = Stats.forFamily(cu, comparisons);
            cl = Stats.forFamily(cl, comparisons);
            return new Step(label, upper, lower, t, Stats.difference(cu, cl), Stats.beyondControl(u, l, cu, cl));
        }

        @Override
        public String toString() {
            return label + " " + trained.points() + (beyond == null ? " (no control)" : ", control "
                    + control.points() + ", beyond it " + beyond.points());
        }
    }

    /**
     * Steps up an ordered axis: each trained difference must be positive and half of them significant, and a
     * significant negative one refutes. The effect is training's only when it also exceeds the untrained controls'
     * (the same steps between the networks' initial weights): beyond them in every step and significantly in half;
     * when the controls show it significantly in half the steps and the trained networks do not exceed them, it holds
     * for untrained networks too; without controls it stays inconclusive.
     */
    static Outcome increasing(List<Pair> pairs, String missing) {
        if (pairs.isEmpty()) {
            return new Outcome(Verdict.INCONCLUSIVE, missing);
        }
        // every step counts towards one verdict: Bonferroni over the steps
        List<Step> steps = pairs.stream().map(p -> Step.of(p, pairs.size())).toList();
        long positive = steps.stream().filter(s -> s.trained().value() > 0).count();
        long significant = steps.stream().filter(s -> s.trained().above(0)).count();
        long against = steps.stream().filter(s -> s.trained().below(0)).count();
        List<Step> controlled = steps.stream().filter(s -> s.beyond() != null).toList();
        long beyondUp = controlled.stream().filter(s -> s.beyond().value() > 0).count();
        long beyondSignificant = controlled.stream().filter(s -> s.beyond().above(0)).count();
        long controlSignificant = controlled.stream().filter(s -> s.control().above(0)).count();
        java.util.Set<CellResult> cells = new java.util.LinkedHashSet<>();
        steps.forEach(s -> {
            cells.add(s.lower());
            cells.add(s.upper());
        });
        long withControl = cells.stream().filter(r -> Measurements.control(r).measured()).count();
        long learned = cells.stream().filter(Measurements::learned).count();
        String stat = positive + " of " + steps.size() + " steps up, " + significant + " significantly, " + against
                + " significantly down (Bonferroni over the " + steps.size() + " steps); beyond the untrained "
                + "controls (" + controlled.size() + " steps with both): "
                + beyondUp + " up, " + beyondSignificant + " significantly; the controls alone significantly up in "
                + controlSignificant + "; " + learned + " of " + withControl + " cells with a control learned (top-1 "
                + "significantly above it): " + String.join("; ", steps.stream().map(Step::toString).toList());
        if (against > 0) {
            return new Outcome(Verdict.NOT_REPRODUCED, stat);
        }
        if (positive < steps.size() || significant * 2 < steps.size()) {
            return new Outcome(Verdict.INCONCLUSIVE, stat);
        }
        if (controlled.isEmpty()) {
            return new Outcome(Verdict.INCONCLUSIVE, stat + " (no untrained controls: the effect cannot be told "
                    + "from what a wider or larger random network gives)");
        }
        if (beyondUp == controlled.size() && beyondSignificant * 2 >= controlled.size()) {
            return new Outcome(Verdict.REPRODUCED, stat);
        }
        return new Outcome(controlSignificant * 2 >= controlled.size() ? Verdict.UNTRAINED_TOO : Verdict.INCONCLUSIVE,
                stat);
    }

    /**
     * Steps between probes of the same network (claim 11): each must be positive and half of them significant; a
     * significant negative one refutes. No control: the claim is about the probe, not what the network learned.
     */
    static Outcome increasingProbeSteps(List<String> labels, List<Stats.Interval> steps, String missing) {
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
                + " significantly down (Bonferroni over the " + steps.size() + " steps): " + String.join("; ", parts);
        if (against > 0) {
            return new Outcome(Verdict.NOT_REPRODUCED, stat);
        }
        return new Outcome(positive == steps.size() && significant * 2 >= steps.size() ? Verdict.REPRODUCED
                : Verdict.INCONCLUSIVE, stat);
    }

    static Outcome width(Measurements m) {
        return widestOverNarrowest(m.table1().stream().collect(Collectors.groupingBy(
                r -> r.task().id() + " " + r.network().variant(), LinkedHashMap::new, Collectors.toList())),
                "no task and architecture measured at two widths");
    }

    /** Per group measured at two or more widths: the widest's top-1 minus the narrowest's, as steps up an axis. */
    private static Outcome widestOverNarrowest(Map<String, List<CellResult>> groups, String missing) {
        List<Pair> steps = new ArrayList<>();
        groups.forEach((name, rows) -> {
            if (rows.size() >= 2) {
                CellResult narrow = rows.stream().min(Comparator.comparingInt(r -> r.network().width())).orElseThrow();
                CellResult wide = rows.stream().max(Comparator.comparingInt(r -> r.network().width())).orElseThrow();
                steps.add(new Pair(name + " k=" + narrow.network().width() + "->" + wide.network().width(), wide,
                        narrow));
            }
        });
        return increasing(steps, missing);
    }

    static Outcome representation(Measurements m) {
        List<CellResult> rows = m.rows(StudyTable.WIDTH_SWEEP, r -> r.network().representationSize() > 0);
        List<Pair> steps = new ArrayList<>();
        Map<String, List<CellResult>> byWidth = rows.stream().collect(Collectors.groupingBy(
                r -> r.task().id() + " " + r.network().variant() + " k=" + r.network().width(), LinkedHashMap::new,
                Collectors.toList()));
        byWidth.forEach((name, g) -> addSteps(name + " d", g, r -> r.network().representationSize(), steps));
        Map<String, List<CellResult>> bySize = rows.stream().collect(Collectors.groupingBy(
                r -> r.task().id() + " " + r.network().variant() + " d=" + r.network().representationSize(),
                LinkedHashMap::new, Collectors.toList()));
        bySize.forEach((name, g) -> addSteps(name + " k", g, r -> r.network().width(), steps));
        return increasing(steps, "Figure 6 needs two representation sizes at a width or two widths at a "
                + "size");
    }

    private static void addSteps(String name, List<CellResult> group, java.util.function.ToIntFunction<CellResult> axis,
                                 List<Pair> steps) {
        List<CellResult> sorted = group.stream().sorted(Comparator.comparingInt(axis)).toList();
        for (int i = 1; i < sorted.size(); i++) {
            steps.add(new Pair(name + "=" + axis.applyAsInt(sorted.get(i - 1)) + "->" + axis.applyAsInt(sorted.get(i)),
                    sorted.get(i), sorted.get(i - 1)));
        }
    }

    static Outcome lowData(Measurements m) {
        return widestOverNarrowest(m.rows(StudyTable.LABEL_BUDGET, r -> r.probe().labelFraction() < 1).stream()
                .collect(Collectors.groupingBy(r -> r.task().id() + " " + r.network().variant() + " "
                        + Math.round(r.probe().labelFraction() * 100) + "% labels", LinkedHashMap::new,
                        Collectors.toList())),
                "Figure 7 needs two widths at 10 % or 5 % of the labels");
    }
}
