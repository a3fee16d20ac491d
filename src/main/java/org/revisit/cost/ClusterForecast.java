package org.revisit.cost;

import org.revisit.study.ClusterShape;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The study's wall time on a cluster of W worker processes with D devices each ({@code -Drevisit.cluster=WxD}),
 * from the cost model's per-cell forecasts. Cells sharing a network form one job, as the workers take them
 * ({@code SharedFolderWorker}); a job on D devices takes its one-device time over D x the data-parallel scaling
 * efficiency ({@code -Drevisit.cluster.efficiency}, default {@link ClusterShape#DEFAULT_EFFICIENCY}: stated, not measured
 * here); jobs go to the first free worker, longest first, as the workers' shared list orders them.
 */
public record ClusterForecast(ClusterShape shape, int jobs, double deviceSeconds, double makespanSeconds,
                              double longestJobSeconds) {
    /**
     * @param cells           the cost model's forecasts, in run order (a network's training in its first cell)
     * @param localSpeedup    the speed-up of the workers the forecasts were divided among ({@link Workers#speedup};
     *                        1 for forecasts of one cell at a time, as on a GPU)
     */
    public static ClusterForecast of(List<CellEstimate> cells, double localSpeedup, ClusterShape shape) {
        Map<String, Double> jobs = new LinkedHashMap<>();
        for (CellEstimate c : cells) {
            if (!c.done()) {
                // back to one cell's time alone on one device
                jobs.merge(c.task() + "|" + c.network(), c.totalSeconds() * localSpeedup, Double::sum);
            }
        }
        List<Double> times = new ArrayList<>();
        jobs.values().forEach(s -> times.add(s / shape.jobSpeedup()));
        times.sort(Comparator.reverseOrder());
        PriorityQueue<Double> free = new PriorityQueue<>();
        for (int w = 0; w < shape.workers(); w++) {
            free.add(0.0);
        }
        for (double t : times) {
            free.add(free.poll() + t);
        }
        double makespan = free.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double deviceSeconds = times.stream().mapToDouble(t -> t * shape.devices()).sum();
        return new ClusterForecast(shape, times.size(), deviceSeconds, makespan, times.isEmpty() ? 0 : times.get(0));
    }
}
