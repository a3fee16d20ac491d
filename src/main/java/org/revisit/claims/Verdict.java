package org.revisit.claims;

/**
 * What the measurements say about a claim of the paper, at the scale they were taken. {@link #UNTRAINED_TOO}: the
 * effect holds for the trained networks and as much for their untrained controls, so it is not self-supervision's.
 */
public enum Verdict {
    REPRODUCED("reproduced"), NOT_REPRODUCED("not reproduced"), INCONCLUSIVE("inconclusive"),
    UNTRAINED_TOO("holds for untrained networks too: not attributable to self-supervision");

    private final String text;

    Verdict(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
