package org.revisit.train;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Arrays;

/**
 * The paper's pretext schedule (paper.md §3.1), by iteration: linear warm-up from 0 to {@code base} over
 * {@code warmupIterations}, then x{@code decayFactor} at each of {@code decayIterations}.
 */
public final class WarmupStepSchedule implements ISchedule {
    @JsonProperty
    private double base;
    @JsonProperty
    private long warmupIterations;
    @JsonProperty
    private long[] decayIterations;
    @JsonProperty
    private double decayFactor;

    public WarmupStepSchedule() {
    }

    public WarmupStepSchedule(double base, long warmupIterations, long[] decayIterations, double decayFactor) {
        this.base = base;
        this.warmupIterations = warmupIterations;
        this.decayIterations = decayIterations.clone();
        this.decayFactor = decayFactor;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        if (iteration < warmupIterations) {
            return base * (iteration + 1) / warmupIterations;
        }
        double lr = base;
        for (long d : decayIterations) {
            if (iteration >= d) {
                lr *= decayFactor;
            }
        }
        return lr;
    }

    @Override
    public ISchedule clone() {
        return new WarmupStepSchedule(base, warmupIterations, decayIterations, decayFactor);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WarmupStepSchedule s && s.base == base && s.warmupIterations == warmupIterations
                && Arrays.equals(s.decayIterations, decayIterations) && s.decayFactor == decayFactor;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(base) * 31 + Arrays.hashCode(decayIterations);
    }

    @Override
    public String toString() {
        return "WarmupStep{base=" + base + ", warmup=" + warmupIterations + " it, decays x" + decayFactor + " at "
                + Arrays.toString(decayIterations) + " it}";
    }
}
