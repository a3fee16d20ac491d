package org.revisit.cost;

import java.util.List;

/**
 * The cost model's forecast for a run, written before its first cell: every planned cell from scratch (the
 * whole scale's expected duration) and as the caches stand (what this run has left), so the report can put the
 * forecast beside what the cells then took.
 *
 * @param workers cells run at once ({@link Workers}); the estimates are shares of the run's wall time
 */
public record StudyPlan(int formatVersion, String scale, String createdAt, String command,
                        List<CellEstimate> fromScratch, List<CellEstimate> remaining, int workers) {
    public static final int FORMAT_VERSION = 1;
    /** Where a scale's results folder keeps the last forecast. */
    public static final String FILE = "study_plan.json";

    public StudyPlan {
        fromScratch = List.copyOf(fromScratch);
        remaining = List.copyOf(remaining);
    }

    public static double total(List<CellEstimate> cells) {
        return cells.stream().mapToDouble(CellEstimate::totalSeconds).sum();
    }
}
