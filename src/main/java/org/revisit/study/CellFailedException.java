package org.revisit.study;

/** A cell stopped with a recorded {@link CellFailure}, in this run or an earlier one. */
public class CellFailedException extends RuntimeException {
    private final transient CellFailure failure;

    public CellFailedException(CellFailure failure, boolean earlier, Throwable cause) {
        super("cell " + failure.cellId() + " failed" + (earlier ? " in an earlier run (" : " (") + failure.stage()
                + "): " + failure.message() + (earlier ? "; -Drevisit.retryFailed=true runs it again" : ""), cause);
        this.failure = failure;
    }

    public CellFailure failure() {
        return failure;
    }
}
