package org.revisit.cost;

import java.util.List;

/**
 * Every stored speed measurement of a results folder, as the report reads them: the throughput benchmark's networks,
 * the batch curve, the probes, JPEG decoding and the learning-parity rows.
 */
public record SpeedRows(List<ThroughputRun> networks, List<ThroughputRun> batchCurve,
                        List<ProbeThroughputRun> probes, List<DecodeThroughputRun> decoding, List<ParityRun> parity) {
    public SpeedRows {
        networks = List.copyOf(networks);
        batchCurve = List.copyOf(batchCurve);
        probes = List.copyOf(probes);
        decoding = List.copyOf(decoding);
        parity = List.copyOf(parity);
    }

    public static SpeedRows none() {
        return new SpeedRows(List.of(), List.of(), List.of(), List.of(), List.of());
    }
}
