package org.revisit.claims;

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

    /** Steps up an ordered axis: each difference must be positive; a significant negative one refutes. */
    static Outcome increasing(List<String> labels, List<Stats.Interval> steps, String missing) {
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
                r -> r.task().id() + " " + r.network().variant(), LinkedHashMap::new, Collectors.toList())),
                "no task and architecture measured at two widths");
    }

    /** Per group measured at two or more widths: the widest's top-1 minus the narrowest's, as steps up an axis. */
    private static Outcome widestOverNarrowest(Map<String, List<CellResult>> groups, String missing) {
        List<String> labels = new ArrayList<>();
        List<Stats.Interval> steps = new ArrayList<>();
        groups.forEach((name, rows) -> {
            if (rows.size() >= 2) {
                CellResult narrow = rows.stream().min(Comparator.comparingInt(r -> r.network().width())).orElseThrow();
                CellResult wide = rows.stream().max(Comparator.comparingInt(r -> r.network().width())).orElseThrow();
                labels.add(name + " k=" + narrow.network().width() + "->" + wide.network().width());
                steps.add(Stats.difference(top1(wide), top1(narrow)));
            }
        });
        return increasing(labels, steps, missing);
    }

    static Outcome representation(Measurements m) {
        List<CellResult> rows = m.rows(StudyTable.WIDTH_SWEEP, r -> r.network().representationSize() > 0);
        List<String> labels = new ArrayList<>();
        List<Stats.Interval> steps = new ArrayList<>();
        Map<String, List<CellResult>> byWidth = rows.stream().collect(Collectors.groupingBy(
                r -> r.task().id() + " " + r.network().variant() + " k=" + r.network().width(), LinkedHashMap::new,
                Collectors.toList()));
        byWidth.forEach((name, g) -> addSteps(name + " d", g, r -> r.network().representationSize(), labels, steps));
        Map<String, List<CellResult>> bySize = rows.stream().collect(Collectors.groupingBy(
                r -> r.task().id() + " " + r.network().variant() + " d=" + r.network().representationSize(),
                LinkedHashMap::new, Collectors.toList()));
        bySize.forEach((name, g) -> addSteps(name + " k", g, r -> r.network().width(), labels, steps));
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
        return widestOverNarrowest(m.rows(StudyTable.LABEL_BUDGET, r -> r.probe().labelFraction() < 1).stream()
                .collect(Collectors.groupingBy(r -> r.task().id() + " " + r.network().variant() + " "
                        + Math.round(r.probe().labelFraction() * 100) + "% labels", LinkedHashMap::new,
                        Collectors.toList())),
                "Figure 7 needs two widths at 10 % or 5 % of the labels");
    }
}
