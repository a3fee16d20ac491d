package org.revisit.report;

import org.revisit.claims.ClaimResult;
import org.revisit.claims.Stats;
import org.revisit.claims.Verdict;
import org.revisit.plan.StudyTable;
import org.revisit.study.CellResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a reader needs first: the claims' verdict counts, what self-supervision added over the untrained controls
 * in Table 1 (how many trained networks beat their own untrained weights significantly, the mean gain, each task's
 * best), and what the scale can show. Shown at the top of the report and printed after a run.
 *
 * @param verdicts  claims per verdict, every verdict present
 * @param networks  Table 1 cells with an untrained control
 * @param learned   those whose top-1 is significantly above their control (interval above zero)
 * @param meanGain  mean top-1 gain over the control, in points (NaN without a network)
 * @param bestGains each task's largest gain, e.g. "rotation +5.1 [+3.9, +6.3] (resnet50_v2 k=1)"
 */
public record Headline(String scale, Map<Verdict, Integer> verdicts, int networks, int learned, double meanGain,
                       List<String> bestGains) {

    public static Headline of(String scale, List<ClaimResult> claims, List<CellResult> results) {
        Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            verdicts.put(v, 0);
        }
        claims.forEach(c -> verdicts.merge(c.verdict(), 1, Integer::sum));
        List<CellResult> table1 = results.stream()
                .filter(r -> r.benchmark().equals(StudyTable.ARCHITECTURE_COMPARISON.id()))
                .filter(r -> r.metrics().top1Untrained().measured()).toList();
        int learned = 0;
        double sum = 0;
        Map<String, CellResult> best = new TreeMap<>();
        for (CellResult r : table1) {
            Stats.Interval g = Stats.gainOverControl(r.metrics());
            learned += g.low() > 0 ? 1 : 0;
            sum += g.value();
            best.merge(r.task().id(), r, (a, b) -> gain(a).value() >= gain(b).value() ? a : b);
        }
        List<String> bests = new ArrayList<>();
        best.values().stream().sorted(Comparator.comparing(r -> r.task().id())).forEach(r -> {
            Stats.Interval g = gain(r);
            bests.add(String.format("%s %+.1f [%+.1f, %+.1f] (%s k=%d)", r.task().id(), 100 * g.value(),
                    100 * g.low(), 100 * g.high(), r.network().variant(), r.network().width()));
        });
        return new Headline(scale, verdicts, table1.size(), learned, table1.isEmpty() ? Double.NaN
                : 100 * sum / table1.size(), bests);
    }

    private static Stats.Interval gain(CellResult r) {
        return Stats.gainOverControl(r.metrics());
    }

    /** "2 reproduced, 4 not reproduced, 8 inconclusive, 0 untrained too". */
    public String verdictCounts() {
        return verdicts.get(Verdict.REPRODUCED) + " reproduced, " + verdicts.get(Verdict.NOT_REPRODUCED)
                + " not reproduced, " + verdicts.get(Verdict.INCONCLUSIVE) + " inconclusive, "
                + verdicts.get(Verdict.UNTRAINED_TOO) + " holding for untrained networks too";
    }

    /** "24 of 28 Table 1 networks beat their untrained control (mean gain +2.6 points)". */
    public String selfSupervision() {
        if (networks == 0) {
            return "no Table 1 network with an untrained control yet";
        }
        return String.format("%d of %d Table 1 networks beat their untrained control significantly (mean gain %+.1f "
                + "points)", learned, networks, meanGain);
    }

    /** The headline as one console line. */
    public String line() {
        return "claims: " + verdictCounts() + " | " + selfSupervision()
                + (bestGains.isEmpty() ? "" : "; best per task: " + String.join(", ", bestGains));
    }
}
