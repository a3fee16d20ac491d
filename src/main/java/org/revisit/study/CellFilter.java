package org.revisit.study;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which cells (and benchmark rows) a run computes: {@code -Dcells=REGEX}, found anywhere in a cell's {@link Cell#id()}
 * like JMH's include pattern; {@link #ALL} when unset. A value, so the planner can look at the whole grid by asking
 * {@link #ALL} instead of clearing a property.
 */
public final class CellFilter {
    public static final CellFilter ALL = new CellFilter("", null);
    private final String pattern;
    private final Pattern compiled;

    private CellFilter(String pattern, Pattern compiled) {
        this.pattern = pattern;
        this.compiled = compiled;
    }

    /** The filter of {@code -Dcells}: blank selects everything; an invalid expression is a clear error. */
    public static CellFilter of(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            return ALL;
        }
        try {
            return new CellFilter(pattern, Pattern.compile(pattern));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("-Dcells='" + pattern + "' is not a valid regular expression: "
                    + e.getDescription(), e);
        }
    }

    public boolean selects(String id) {
        return compiled == null || compiled.matcher(id).find();
    }

    public boolean selects(Cell cell) {
        return selects(cell.id());
    }

    public boolean selectsAll() {
        return compiled == null;
    }

    /** The expression as given ({@code ""} for {@link #ALL}). */
    public String pattern() {
        return pattern;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CellFilter f && f.pattern.equals(pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    @Override
    public String toString() {
        return selectsAll() ? "all cells" : "cells matching /" + pattern + "/";
    }
}
