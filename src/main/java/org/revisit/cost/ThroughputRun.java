package org.revisit.cost;

import org.revisit.study.Provenance;

import java.util.List;

/**
 * One network's throughput row as stored: DL4J as the study runs it and, measured in the same run, its peers (the
 * PyTorch twin, and DL4J without the study's speed-ups), and the same JVM's GEMM peak, so the achieved fraction of
 * the peak compares like with like.
 */
public record ThroughputRun(int formatVersion, String scale, String id, GemmPeak gemm, NetworkThroughput dl4j,
                            List<NetworkThroughput> peers, Provenance provenance) {
    public static final int FORMAT_VERSION = 1;

    public ThroughputRun {
        peers = List.copyOf(peers);
    }
}
