package org.revisit.probe;

/**
 * An accuracy measured on {@code n} test images, with its 95 % Wilson interval. {@link #notMeasured()} (NaN) stands
 * for a metric that does not apply, such as top-5 with five classes or fewer.
 */
public record Accuracy(double value, int n, double low, double high) {

    public static Accuracy of(long correct, int n) {
        WilsonInterval ci = WilsonInterval.of95(correct, n);
        return new Accuracy((double) correct / n, n, ci.low(), ci.high());
    }

    /** Top-k of {@code scores} ([n, classes]); not measured when k is not below the number of classes. */
    public static Accuracy topK(org.nd4j.linalg.api.ndarray.INDArray scores, int[] labels, int k) {
        if (k >= scores.size(1)) {
            return notMeasured();
        }
        return of(TopK.correct(scores, labels, k), labels.length);
    }

    public static Accuracy notMeasured() {
        return new Accuracy(Double.NaN, 0, Double.NaN, Double.NaN);
    }

    public boolean measured() {
        return !Double.isNaN(value);
    }

    @Override
    public String toString() {
        return measured() ? String.format("%.4f [%.4f, %.4f] of %d", value, low, high, n) : "n/a";
    }
}
