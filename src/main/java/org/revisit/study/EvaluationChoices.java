package org.revisit.study;

import java.util.Locale;

/**
 * How the frozen networks are evaluated where Revisit departs from the official code by choice
 * ({@code -Drevisit.evaluation=official|revisit}; the fidelity table's rows "Exemplar probe input", "SGD probe
 * features" and "MLP probe"). The paper scale defaults to the official code's; below it, Revisit's choices.
 */
public enum EvaluationChoices {
    /**
     * As the official code: Exemplar's probe input scaled to [-1, 1] (its evaluation config's {@code -1_to_1}, though
     * the network trained on standardised images), the SGD and MLP probes on raw features, the MLP at the linear
     * probe's learning rate.
     */
    OFFICIAL,
    /**
     * Revisit's: Exemplar probed on standardised images as it was trained (paper.md §6 #6), the SGD and MLP probes on
     * standardised features (the L-BFGS probe's), the MLP at a tenth of the learning rate (at 0.1 it diverged on the
     * small scale's features: ProbeSetting).
     */
    REVISIT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code official} or {@code revisit}, as {@code -Drevisit.evaluation} takes it. */
    public static EvaluationChoices parse(String id) {
        for (EvaluationChoices c : values()) {
            if (c.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("-Drevisit.evaluation='" + id + "': expected official or revisit");
    }
}
