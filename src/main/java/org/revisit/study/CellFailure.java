package org.revisit.study;

import org.revisit.pretext.TaskName;

/**
 * A cell that stopped without a result because its numbers would be meaningless: the pretext loss or the probe's
 * scores became non-finite. Stored beside the results ({@code cells/<benchmark>/<cellKey>.failed.json}) so the
 * report lists it and a re-run does not spend the same hours diverging again ({@code -Drevisit.retryFailed=true}
 * retries it).
 *
 * @param stage          {@code training} or {@code probe}
 * @param step           the training step at which the loss stopped being finite (-1 for a probe)
 * @param lastFiniteLoss the last finite pretext loss (NaN when there was none)
 */
public record CellFailure(int formatVersion, String benchmark, String cellId, String cellKey, String networkKey,
                          String scale, TaskName task, String architecture, int width, String network,
                          String training, String probe, String stage, int step, double lastFiniteLoss, String message,
                          Provenance provenance) {
    public static final int FORMAT_VERSION = 1;

    /** This failure as a row of another benchmark that has the same cell. */
    public CellFailure inBenchmark(String otherBenchmark, String otherCellId) {
        return new CellFailure(formatVersion, otherBenchmark, otherCellId, cellKey, networkKey, scale, task,
                architecture, width, network, training, probe, stage, step, lastFiniteLoss, message, provenance);
    }
}
