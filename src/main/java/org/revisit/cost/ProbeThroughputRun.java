package org.revisit.cost;

import org.revisit.study.Provenance;

/** One probe's cost at a scale's sizes, as stored. */
public record ProbeThroughputRun(int formatVersion, String scale, String id, ProbeThroughput probe,
                                 Provenance provenance) {
    public static final int FORMAT_VERSION = 1;
}
