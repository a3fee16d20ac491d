package org.revisit.pretext;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Network inputs (NHWC) and one-hot targets made from a batch of unlabelled images; {@code targets} as ints.
 *
 * @param order the patch tasks' examples as rows of {@code inputs} ([examples, patches], the patch head's second
 *              graph input); null for the tasks whose inputs are their examples
 */
public record PretextBatch(INDArray inputs, INDArray labels, int[] targets, INDArray order) {
    public PretextBatch(INDArray inputs, INDArray labels, int[] targets) {
        this(inputs, labels, targets, null);
    }

    /** The graph's inputs: the images or patches, then the order where the head takes one. */
    public INDArray[] networkInputs() {
        return order == null ? new INDArray[] {inputs} : new INDArray[] {inputs, order};
    }

    /** Frees the arrays now (a batch drawn only to advance the random stream, as on resume). */
    public void close() {
        org.revisit.util.NdArrays.close(inputs, labels, order);
    }
}
