package org.revisit.study;

/**
 * A cluster to forecast the study on ({@code -Drevisit.cluster=WxD}): W worker processes with D devices each, one
 * job's cells data-parallel over a worker's D devices at {@code efficiency} ({@code -Drevisit.cluster.efficiency},
 * default {@link #DEFAULT_EFFICIENCY}: a stated figure, not measured here).
 */
public record ClusterShape(int workers, int devices, double efficiency) {
    /** The stated data-parallel efficiency for D > 1 (a common figure for synchronous ResNet training). */
    public static final double DEFAULT_EFFICIENCY = 0.9;

    public ClusterShape {
        if (workers < 1 || devices < 1) {
            throw new IllegalArgumentException("-Drevisit.cluster=" + workers + "x" + devices
                    + ": expected WxD, workers and devices each 1 or more, such as 8x4");
        }
        if (!(efficiency > 0 && efficiency <= 1)) {
            throw new IllegalArgumentException("-Drevisit.cluster.efficiency=" + efficiency
                    + ": expected a fraction in (0, 1]");
        }
    }

    public static ClusterShape parse(String wxd, double efficiency) {
        String[] p = wxd.trim().toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            if (p.length == 2) {
                return new ClusterShape(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()), efficiency);
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException("-Drevisit.cluster='" + wxd + "': expected WxD, W workers of D"
                + " devices each, such as 8x4");
    }

    /** How much faster one job runs on D devices than on one. */
    public double jobSpeedup() {
        return devices == 1 ? 1 : devices * efficiency;
    }

    @Override
    public String toString() {
        return workers + " worker(s) x " + devices + " device(s)" + (devices > 1
                ? String.format(" at %.0f %% data-parallel efficiency", 100 * efficiency) : "");
    }
}
