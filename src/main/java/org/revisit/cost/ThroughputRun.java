package org.revisit.cost;

import org.revisit.study.Provenance;

import java.util.List;

/**
 * One network's throughput row as stored: DL4J and its peers measured in the same run, and the same JVM's GEMM
 * peak, so the achieved fraction of the peak compares like with like.
 */
public record ThroughputRun(int formatVersion, String scale, String id, GemmPeak gemm, NetworkThroughput dl4j,
                            List<NetworkThroughput> peers, Provenance provenance) {
    public static final int FORMAT_VERSION = 1;

    public ThroughputRun {
        peers = List.copyOf(peers);
    }
}
