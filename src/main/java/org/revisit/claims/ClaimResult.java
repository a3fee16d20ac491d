package org.revisit.claims;

/**
 * One claim checked against the measured frame: the verdict, the statistic behind it, and the scale of the
 * measurements (a small-scale verdict is not the paper's).
 */
public record ClaimResult(int number, String claim, String test, String specRef, Verdict verdict, String statistic,
                          String scale) {
}
