package org.revisit.report;

import java.util.List;

/**
 * One section of the report: a heading, what it shows, the paper's statement and published values where it has
 * them, its figures, and one table (by its name in {@link Report#tables()}, which is also its CSV's name). The HTML
 * format walks the sections in order; nothing in the template branches on a section's name.
 *
 * @param html       the explanation above the figures, an HTML fragment written in this project's code
 * @param paperSays  what the paper says, plain text; null for sections the paper has no counterpart of
 * @param paperTable the name of the table of the paper's published values, or null
 * @param note       an HTML fragment between the figures and the table (what its columns mean), or null
 */
public record Section(String id, String title, String html, String paperSays, String paperTable,
                      List<StudyFigures.Drawn> figures, String note) {
    public Section {
        figures = List.copyOf(figures);
    }

    /** A section with a table, its explanation and nothing else. */
    static Section of(String id, String title, String html) {
        return new Section(id, title, html, null, null, List.of(), null);
    }
}
