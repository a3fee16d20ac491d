package org.revisit.train;

/**
 * How often pretext training saves its state: after {@code everySteps} steps or {@code everySeconds} seconds of
 * training since the last save, whichever comes first (0 switches that trigger off). A save of a small-scale network
 * takes well under a second; the default (every 60 s) bounds what a killed run loses to a minute of training.
 * {@code -Drevisit.checkpoint.seconds} and {@code -Drevisit.checkpoint.steps} set it for a run ({@code RunConfig}).
 */
public record CheckpointPolicy(int everySteps, double everySeconds) {
    public static final CheckpointPolicy DEFAULT = new CheckpointPolicy(0, 60);
    public static final CheckpointPolicy NEVER = new CheckpointPolicy(0, 0);

    public CheckpointPolicy {
        if (everySteps < 0 || !(everySeconds >= 0)) {
            throw new IllegalArgumentException("checkpoint interval must be >= 0 steps and >= 0 seconds, got "
                    + everySteps + " steps, " + everySeconds + " s");
        }
    }

    boolean due(int stepsSinceSave, double secondsSinceSave) {
        return (everySteps > 0 && stepsSinceSave >= everySteps) || (everySeconds > 0 && secondsSinceSave >= everySeconds);
    }

    @Override
    public String toString() {
        return "CheckpointPolicy{everySteps=" + everySteps + ", everySeconds=" + everySeconds + "}";
    }
}
