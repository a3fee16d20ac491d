package org.revisit.cost;

import org.revisit.study.Provenance;

/** One decode-throughput row, as stored. */
public record DecodeThroughputRun(int formatVersion, String scale, String id, DecodeThroughput decode,
                                  Provenance provenance) {
    public static final int FORMAT_VERSION = 1;
}
