package org.revisit.probe;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A classifier trained on frozen features and scored on the test split; {@code toString()} shows every setting. */
public interface Probe {
    /**
     * @param val the own validation split (penalty choice for L-BFGS, the per-epoch curve for SGD), never the test
     */
    ProbeResult evaluate(INDArray train, int[] trainLabels, INDArray val, int[] valLabels, INDArray test,
                         int[] testLabels, int classes);
}
