package org.revisit.train;

/** Training stopped because its thread was interrupted; its state up to {@code step} is saved in a checkpoint. */
public class TrainingInterruptedException extends RuntimeException {
    private final int step;

    public TrainingInterruptedException(String what, int step) {
        super(what + ": interrupted after step " + step + "; the same command resumes it from its checkpoint");
        this.step = step;
    }

    public int step() {
        return step;
    }
}
