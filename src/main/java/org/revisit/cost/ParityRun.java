package org.revisit.cost;

import org.revisit.study.Provenance;

/** One learning-parity row as stored, with the scale it ran at and its provenance. */
public record ParityRun(int formatVersion, String scale, String id, ParityRow row, Provenance provenance) {
    public static final int FORMAT_VERSION = 1;
}
