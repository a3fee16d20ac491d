package org.revisit.cost;

import org.nd4j.linalg.factory.Nd4j;
import org.revisit.study.Scale;
import org.revisit.study.Study;

/**
 * How many cells run at once, and what that does to their speed. DL4J's small layers leave a second core mostly idle
 * (OpenMP threads wait between many small ops), so two cells side by side, one thread each, do more work than one
 * cell with both cores. Measured on 2 cores: Rotation on RevNet at the smoke size, 20 steps, one network alone 20.6 s
 * with 2 threads and 22.8 s with 1, two at once with 1 thread each 29.6 s (1.39x); over whole cells less, as
 * features, probes and the augmentation threads compete too: smoke's Table 1 616 s one at a time against 496 s on
 * two workers (1.24x), five of small's Rotation cells 859 s against 654 s (1.31x).
 */
public final class Workers {
    /** Two workers' throughput over one worker's on whole cells, measured on this 2-core machine (class comment). */
    public static final double TWO_WORKER_SPEEDUP = 1.3;

    private Workers() {
    }

    /**
     * Workers for a study: {@code -Drevisit.workers=N}, else one per core on the CPU backend below the paper scale
     * (small networks, where the measured gain is) and one at the paper scale or on a GPU.
     */
    public static int workers(Study study) {
        if (study.config().workers().isPresent()) {
            return study.config().workers().getAsInt();
        }
        boolean cpu = Nd4j.getBackend().getClass().getSimpleName().startsWith("CpuBackend");
        return cpu && study.scale() != Scale.PAPER ? Math.max(1, Runtime.getRuntime().availableProcessors()) : 1;
    }

    /**
     * Throughput of {@code workers} cells at once over one cell alone: measured for two; each further worker is
     * assumed to add as much as the second did (not measured: this machine has 2 cores).
     */
    public static double speedup(int workers) {
        return workers <= 1 ? 1 : 1 + (TWO_WORKER_SPEEDUP - 1) * (workers - 1);
    }

    /** How much longer a cell takes when it runs beside {@code workers - 1} others than alone. */
    public static double slowdown(int workers) {
        return workers <= 1 ? 1 : workers / speedup(workers);
    }

}
