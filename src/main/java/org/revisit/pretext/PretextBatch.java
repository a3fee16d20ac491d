package org.revisit.pretext;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Network inputs (NHWC) and one-hot targets made from a batch of unlabelled images; {@code targets} as ints. */
public record PretextBatch(INDArray inputs, INDArray labels, int[] targets) {
    /** Frees the arrays now (a batch drawn only to advance the random stream, as on resume). */
    public void close() {
        org.revisit.util.NdArrays.close(inputs, labels);
    }
}
