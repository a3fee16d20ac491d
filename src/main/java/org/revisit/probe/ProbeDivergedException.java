package org.revisit.probe;

/** A probe's training produced non-finite scores: its numbers would be meaningless, so none are reported. */
public final class ProbeDivergedException extends IllegalStateException {
    public ProbeDivergedException(String message) {
        super(message);
    }
}
