package org.revisit.cost;

import org.revisit.probe.Accuracy;

/**
 * One learning-parity row: the same pretext training in DL4J and in its PyTorch twin, each framework's pretext
 * accuracy on held-out images, probe top-1 of the trained network and of its untrained weights (the control), and
 * the difference of the two gains with a 95 % interval. The interval adds the four accuracies' binomial variances as
 * if independent; they are measured on the same test images, so it is wider than a paired one (conservative).
 *
 * @param sameInitialWeights the twin started from DL4J's initial weights (else from its own draw of the same
 *                           initialiser)
 * @param dl4jLosses         DL4J's loss at every step (its score: mean loss plus the L2 penalty)
 * @param twinLosses         the twin's, computed the same way
 * @param note               empty when both frameworks ran, else why the twin did not
 */
public record ParityRow(String task, String network, String recipe, int steps, int pretextImages, int testImages,
                        double dl4jPretextAccuracy, Accuracy dl4jTop1, Accuracy dl4jControl, double dl4jTrainSeconds,
                        double dl4jFinalLoss, double twinPretextAccuracy, Accuracy twinTop1, Accuracy twinControl,
                        double twinTrainSeconds, double twinFinalLoss, double gainDifference, double gainDifferenceLow,
                        double gainDifferenceHigh, boolean sameInitialWeights, double[] dl4jLosses,
                        double[] twinLosses, String note) {

    static ParityRow of(String task, String network, String recipe, int steps, int pretextImages, int testImages,
                        double dl4jPretext, Accuracy dl4jTop1, Accuracy dl4jControl, double dl4jSeconds,
                        double twinPretext, Accuracy twinTop1, Accuracy twinControl,
                        double twinSeconds, boolean sameInit, double[] dl4jLosses, double[] twinLosses,
                        String note) {
        double diff = Double.NaN;
        double half = Double.NaN;
        if (twinTop1.measured() && twinControl.measured()) {
            diff = (dl4jTop1.value() - dl4jControl.value()) - (twinTop1.value() - twinControl.value());
            double var = 0;
            for (Accuracy a : new Accuracy[] {dl4jTop1, dl4jControl, twinTop1, twinControl}) {
                var += a.value() * (1 - a.value()) / a.n();
            }
            half = 1.96 * Math.sqrt(var);
        }
        return new ParityRow(task, network, recipe, steps, pretextImages, testImages, dl4jPretext, dl4jTop1,
                dl4jControl, dl4jSeconds, last(dl4jLosses), twinPretext, twinTop1, twinControl, twinSeconds,
                last(twinLosses), diff, diff - half, diff + half, sameInit, dl4jLosses, twinLosses, note);
    }

    private static double last(double[] v) {
        return v.length == 0 ? Double.NaN : v[v.length - 1];
    }

    /**
     * The relative difference of the two frameworks' losses at {@code step} (from 1): with the same initial weights
     * and batches, step 1 differs only by float rounding; later steps drift apart as rounding compounds.
     */
    public double lossDifference(int step) {
        if (twinLosses.length < step || dl4jLosses.length < step) {
            return Double.NaN;
        }
        double a = dl4jLosses[step - 1];
        double b = twinLosses[step - 1];
        return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
    }

    public double dl4jGain() {
        return dl4jTop1.value() - dl4jControl.value();
    }

    public double twinGain() {
        return twinTop1.measured() ? twinTop1.value() - twinControl.value() : Double.NaN;
    }

    /** True when DL4J's gain is within {@code points} (0.02 = 2 points) of the twin's. */
    public boolean withinOf(double points) {
        return Math.abs(gainDifference) <= points;
    }

    @Override
    public String toString() {
        return String.format("%s %s, %d steps: DL4J pretext %.3f, top-1 %.4f vs control %.4f (gain %+.2f pts, loss "
                        + "%.4f) | twin pretext %.3f, top-1 %.4f vs control %.4f (gain %+.2f pts, loss %.4f) | "
                        + "gain difference %+.2f pts [%+.2f, %+.2f] | %s initial weights, step-1 loss difference "
                        + "%.2g%s", task, network, steps, dl4jPretextAccuracy,
                dl4jTop1.value(), dl4jControl.value(), 100 * dl4jGain(), dl4jFinalLoss, twinPretextAccuracy,
                twinTop1.value(), twinControl.value(), 100 * twinGain(), twinFinalLoss, 100 * gainDifference,
                100 * gainDifferenceLow, 100 * gainDifferenceHigh, sameInitialWeights ? "same" : "own",
                lossDifference(1), note.isEmpty() ? "" : " (" + note + ")");
    }
}
