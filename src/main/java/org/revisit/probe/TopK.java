package org.revisit.probe;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Top-k accuracy of class scores. */
public final class TopK {
    private TopK() {
    }

    /**
     * An image counts when fewer than {@code k} classes score strictly higher than its label (ties in its favour;
     * with continuous scores they do not occur). A row with a non-finite score never counts: NaN compares false
     * with everything, so it would otherwise count as correct (a diverged MLP probe once scored 100 % that way).
     *
     * @param scores [n, classes], any monotone transform of the class probabilities
     */
    public static double accuracy(INDArray scores, int[] labels, int k) {
        return (double) correct(scores, labels, k) / labels.length;
    }

    /** How many images count for {@link #accuracy}. */
    public static int correct(INDArray scores, int[] labels, int k) {
        int correct = 0;
        for (boolean h : hits(scores, labels, k)) {
            correct += h ? 1 : 0;
        }
        return correct;
    }

    /** Whether each image counts for {@link #accuracy}, in row order. */
    public static boolean[] hits(INDArray scores, int[] labels, int k) {
        int classes = (int) scores.size(1);
        if (k < 1 || k > classes) {
            throw new IllegalArgumentException("top-k: k must be in 1.." + classes + "; got " + k);
        }
        if (scores.size(0) != labels.length) {
            throw new IllegalArgumentException("top-k: " + scores.size(0) + " score rows for " + labels.length
                    + " labels");
        }
        float[] s = scores.dup('c').data().asFloat();
        boolean[] hits = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            float own = s[i * classes + labels[i]];
            int higher = 0;
            boolean finite = true;
            for (int c = 0; c < classes; c++) {
                float v = s[i * classes + c];
                finite &= Float.isFinite(v);
                higher += v > own ? 1 : 0;
            }
            hits[i] = finite && higher < k;
        }
        return hits;
    }

    public static boolean allFinite(INDArray scores) {
        for (float v : scores.dup('c').data().asFloat()) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
