package org.revisit.claims;

/** What the measurements say about a claim of the paper, at the scale they were taken. */
public enum Verdict {
    REPRODUCED("reproduced"), NOT_REPRODUCED("not reproduced"), INCONCLUSIVE("inconclusive");

    private final String text;

    Verdict(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
