package org.revisit.report;

import org.revisit.claims.ClaimResult;
import org.revisit.claims.Stats;
import org.revisit.claims.Verdict;
import org.revisit.plan.StudyTable;
import org.revisit.probe.Hits;
import org.revisit.study.Baselines;
import org.revisit.study.CellResult;
import org.revisit.study.RunCheck;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a reader needs first: the claims' verdict counts; what self-supervision added in Table 1 over the untrained
 * controls (how many trained networks beat their own untrained weights significantly, the mean gain, each task's
 * best) and over the raw pixels (how many are significantly above them, paired over the test images and
 * Holm-corrected over the networks compared, each task's best); and the failed runs left out of the claims. Shown
 * at the top of the report and printed after a run.
 *
 * @param verdicts       claims per verdict, every verdict present
 * @param networks       Table 1 cells with an untrained control
 * @param learned        those whose top-1 is significantly above their control (interval above zero)
 * @param meanGain       mean top-1 gain over the control, in points (NaN without a network)
 * @param bestGains      each task's largest gain, e.g. "rotation +5.1 [+3.9, +6.3] (resnet50_v2 k=1)"
 * @param pixelsCompared Table 1 cells compared with their raw-pixel row (both test hit sets stored)
 * @param abovePixels    those significantly above it (one-sided McNemar, Holm over {@code pixelsCompared} at 5 %)
 * @param bestOverPixels each task's largest paired difference from the pixels, e.g. "rotation +1.2 [+0.6, +1.8]
 *                       (revnet50 k=2)"
 * @param failedRuns     every result whose run failed ({@link RunCheck}): "table: cell id (why)"
 */
public record Headline(String scale, Map<Verdict, Integer> verdicts, int networks, int learned, double meanGain,
                       List<String> bestGains, int pixelsCompared, int abovePixels, List<String> bestOverPixels,
                       List<String> failedRuns) {

    public static Headline of(String scale, List<ClaimResult> claims, List<CellResult> results) {
        return of(scale, claims, results, Baselines.none());
    }

    public static Headline of(String scale, List<ClaimResult> claims, List<CellResult> results, Baselines baselines) {
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
            Stats.Interval g = gain(r);
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
        // over the pixels: one-sided paired tests, Holm over every network compared
        List<CellResult> compared = table1.stream().filter(r -> baselines.overPixels(r).isPresent()).toList();
        double[] p = compared.stream().map(r -> baselines.overPixels(r).orElseThrow())
                .mapToDouble(d -> Stats.pairedPValue(d.onlyA(), d.onlyB())).toArray();
        boolean[] above = Stats.holm(p, 0.05);
        int abovePixels = 0;
        for (boolean a : above) {
            abovePixels += a ? 1 : 0;
        }
        Map<String, CellResult> bestPixels = new TreeMap<>();
        for (CellResult r : compared) {
            bestPixels.merge(r.task().id(), r, (a, b) -> over(baselines, a).value() >= over(baselines, b).value()
                    ? a : b);
        }
        List<String> bestOver = bestPixels.values().stream().map(r -> {
            Hits.Paired d = over(baselines, r);
            return String.format("%s %+.1f [%+.1f, %+.1f] (%s k=%d)", r.task().id(), 100 * d.value(), 100 * d.low(),
                    100 * d.high(), r.network().variant(), r.network().width());
        }).toList();
        List<String> failed = results.stream().flatMap(r -> RunCheck.failure(r).stream()
                .map(why -> r.benchmark() + ": " + r.cellId() + " (" + why + ")")).distinct().toList();
        return new Headline(scale, verdicts, table1.size(), learned, table1.isEmpty() ? Double.NaN
                : 100 * sum / table1.size(), bests, compared.size(), abovePixels, bestOver, failed);
    }

    private static Stats.Interval gain(CellResult r) {
        return Stats.gainOverControl(r.metrics());
    }

    private static Hits.Paired over(Baselines b, CellResult r) {
        return b.overPixels(r).orElseThrow();
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

    /** "3 of 28 Table 1 networks are significantly above the raw pixels (paired, Holm over 28)"; empty without. */
    public Optional<String> overPixels() {
        if (pixelsCompared == 0) {
            return Optional.empty();
        }
        return Optional.of(String.format("%d of %d Table 1 networks are significantly above the raw pixels "
                + "(paired over the test images, Holm over the %d)", abovePixels, pixelsCompared, pixelsCompared));
    }

    /** "no failed run" or "2 failed runs, left out of the claims". */
    public String failures() {
        return failedRuns.isEmpty() ? "no failed run" : failedRuns.size() + " failed run"
                + (failedRuns.size() == 1 ? "" : "s") + ", flagged and left out of the claims";
    }

    /** The headline as one console line. */
    public String line() {
        return "claims: " + verdictCounts() + " | " + selfSupervision()
                + (bestGains.isEmpty() ? "" : "; best per task: " + String.join(", ", bestGains))
                + overPixels().map(s -> " | " + s + (bestOverPixels.isEmpty() ? ""
                : "; best per task over the pixels: " + String.join(", ", bestOverPixels))).orElse("")
                + " | " + failures();
    }
}
