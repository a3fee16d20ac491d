package org.revisit.cost;

/**
 * The expected cost of one cell in a planned run, in the order the cells run: a network is trained by the first
 * cell that needs it and an end-point's features are extracted once, so later cells sharing them cost only their
 * probe.
 *
 * @param done          the cell's result is already stored: it costs nothing
 * @param trainSeconds  pretext training of its network (0 when cached or trained by an earlier cell)
 * @param extractSeconds features of its end-point for the trained and the initial weights
 * @param probeSeconds  the probe on both (trained and untrained control)
 * The three seconds are the cell's share of the run's wall time: with several workers, its time alone over their
 * speed-up ({@link Workers#speedup}).
 *
 * @param basis         where the training estimate comes from: "cached", "measured cell", "throughput benchmark",
 *                      or "FLOPs at N GFLOP/s"
 */
public record CellEstimate(String benchmark, String cellId, String task, String network, int width, boolean done,
                           double trainSeconds, double extractSeconds, double probeSeconds,
                           double secondsPerImageEpoch, String basis) {

    public double totalSeconds() {
        return trainSeconds + extractSeconds + probeSeconds;
    }
}
