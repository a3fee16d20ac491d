package org.revisit.train;

/** The pretext loss became NaN or infinite: the cell stops with the step and the last finite loss. */
public class TrainingDivergedException extends RuntimeException {
    private final int step;
    private final double lastFiniteLoss;

    public TrainingDivergedException(String what, int step, double lastFiniteLoss) {
        super(what + ": loss is not finite at step " + step + " (last finite loss " + lastFiniteLoss + ")");
        this.step = step;
        this.lastFiniteLoss = lastFiniteLoss;
    }

    public int step() {
        return step;
    }

    /** NaN when the first step already diverged. */
    public double lastFiniteLoss() {
        return lastFiniteLoss;
    }
}
