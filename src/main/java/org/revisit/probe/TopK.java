package org.revisit.probe;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Top-k accuracy of class scores. */
public final class TopK {
    private TopK() {
    }

    /**
     * An image counts when fewer than {@code k} classes score strictly higher than its label (ties in its favour;
     * with continuous scores they do not occur).
     *
     * @param scores [n, classes], any monotone transform of the class probabilities
     */
    public static double accuracy(INDArray scores, int[] labels, int k) {
        int classes = (int) scores.size(1);
        if (k < 1 || k > classes) {
            throw new IllegalArgumentException("top-k: k must be in 1.." + classes + "; got " + k);
        }
        if (scores.size(0) != labels.length) {
            throw new IllegalArgumentException("top-k: " + scores.size(0) + " score rows for " + labels.length
                    + " labels");
        }
        float[] s = scores.dup('c').data().asFloat();
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            float own = s[i * classes + labels[i]];
            int higher = 0;
            for (int c = 0; c < classes; c++) {
                higher += s[i * classes + c] > own ? 1 : 0;
            }
            correct += higher < k ? 1 : 0;
        }
        return (double) correct / labels.length;
    }
}
