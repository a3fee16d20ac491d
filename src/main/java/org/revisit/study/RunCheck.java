package org.revisit.study;

import org.revisit.probe.Accuracy;

import java.util.List;
import java.util.Optional;

/**
 * Whether a trained network's run failed: its pretext accuracy stayed near chance (below {@value #NEAR_CHANCE} x the
 * task's chance level), or its probe is significantly below the same probe on its own untrained weights (the 95 %
 * interval of the paired gain entirely below zero; results stored without test hits are not so checked). A failed run is a fact to flag and retry, never a data point: the tables
 * mark it and the claims leave it out. A learning curve's points are not checked (its first steps are near chance by
 * design); nor is the pretext accuracy of a task without a chance level (Exemplar).
 */
public final class RunCheck {
    /** How close to chance a trained network's pretext accuracy may stay before its run counts as failed. */
    public static final double NEAR_CHANCE = 1.5;

    private RunCheck() {
    }

    /** Why the run of {@code r} failed; empty when it did not. */
    public static Optional<String> failure(CellResult r) {
        if (r.probe().atStep() != null || r.task().isBaseline()) {
            return Optional.empty();
        }
        double chance = r.task().task().chance();
        double pretext = r.metrics().pretextAccuracy();
        if (chance > 0 && pretext < NEAR_CHANCE * chance) {
            return Optional.of(String.format("pretext accuracy %.1f %% near chance (%.1f %%)", 100 * pretext,
                    100 * chance));
        }
        Accuracy control = r.metrics().top1Untrained();
        var paired = r.metrics().pairedGain();
        if (paired.isPresent()) {
            var gain = paired.get();
            if (gain.high() < 0) {
                return Optional.of(String.format("probe %.1f %% below its untrained weights' %.1f %% (gain %+.1f "
                        + "[%+.1f, %+.1f])", 100 * r.metrics().top1().value(), 100 * control.value(),
                        100 * gain.value(), 100 * gain.low(), 100 * gain.high()));
            }
        }
        return Optional.empty();
    }

    public static boolean failed(CellResult r) {
        return failure(r).isPresent();
    }

    /** The results whose runs did not fail: what claims may rest on. */
    public static List<CellResult> usable(List<CellResult> results) {
        return results.stream().filter(r -> !failed(r)).toList();
    }
}
