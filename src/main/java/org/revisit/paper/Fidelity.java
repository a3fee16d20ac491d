package org.revisit.paper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every paper-scale setting against the official code (google/revisiting-self-supervised), read from the one
 * checked-in source {@code fidelity.tsv}; docs/fidelity.md's table and the report's section are rendered from it.
 */
public final class Fidelity {
    static final String SOURCE = "/org/revisit/paper/fidelity.tsv";
    private static final String HEADER = "setting\tofficial code\twhere\tpaper\trevisit\trevisit where\tstatus\twhy";

    /** How a setting stands: as the official code, as the paper's text where the two differ, or neither. */
    public enum Status {
        MATCH, PAPER, DEVIATION;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param where the official code's file and lines, or empty
     * @param paper        the paper's text where it differs from the code, or empty
     * @param revisitWhere where Revisit sets it: a path under {@code src/main/java/org/revisit/}, the line and the
     *                     name that line declares ("train/TrainingConfig.java:63 peakLr")
     * @param why          the reason for a deviation, or a note; empty for a plain match
     */
    public record Row(String setting, String official, String where, String paper, String revisit,
                      String revisitWhere, Status status, String why) {
        /** "train/TrainingConfig.java:63", the file and line of {@link #revisitWhere}. */
        public String revisitFileLine() {
            int space = revisitWhere.indexOf(' ');
            return space < 0 ? revisitWhere : revisitWhere.substring(0, space);
        }

        /** The name the line declares. */
        public String revisitName() {
            int space = revisitWhere.indexOf(' ');
            return space < 0 ? "" : revisitWhere.substring(space + 1);
        }
    }

    private Fidelity() {
    }

    /** The rows in the file's order; a malformed line is an error naming the line and what was expected. */
    public static List<Row> rows() {
        try (InputStream in = Fidelity.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + SOURCE + " is missing from the class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Row> parse(String text) {
        List<Row> rows = new ArrayList<>();
        boolean header = false;
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            if (!header) {
                if (!line.equals(HEADER)) {
                    throw new IllegalStateException(SOURCE + " line " + n + ": expected the header '"
                            + HEADER.replace('\t', ',') + "'");
                }
                header = true;
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 8) {
                throw new IllegalStateException(SOURCE + " line " + n + ": expected 8 tab-separated fields, found "
                        + f.length);
            }
            Status status;
            try {
                status = Status.valueOf(f[6].toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(SOURCE + " line " + n + ": status '" + f[6]
                        + "', expected match, paper or deviation", e);
            }
            if (f[0].isBlank() || f[1].isBlank() || f[4].isBlank()
                    || !f[5].matches("[a-z/]+/?[A-Za-z0-9]+\\.java:[0-9]+ \\S+")) {
                throw new IllegalStateException(SOURCE + " line " + n + ": setting, official code and revisit "
                        + "must not be empty, and revisit where must read 'path/File.java:LINE name'");
            }
            if (status != Status.MATCH && f[7].isBlank()) {
                throw new IllegalStateException(SOURCE + " line " + n + ": a " + status.id() + " row needs its why");
            }
            rows.add(new Row(f[0], f[1], f[2], f[3], f[4], f[5], status, f[7]));
        }
        return rows;
    }

    /** Rows of a status. */
    public static long count(List<Row> rows, Status status) {
        return rows.stream().filter(r -> r.status() == status).count();
    }

    /** The table as Markdown, with a line counting the rows by status: docs/fidelity.md's copy. */
    public static String markdown(List<Row> rows) {
        StringBuilder b = new StringBuilder("| setting | official code | where | paper, where it differs | Revisit "
                + "(paper scale) | where in Revisit | status | why |\n|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            b.append("| ").append(r.setting()).append(" | ").append(r.official()).append(" | ")
                    .append(r.where().isEmpty() ? "" : "`" + r.where() + "`").append(" | ").append(r.paper())
                    .append(" | ").append(r.revisit()).append(" | `").append(r.revisitFileLine()).append("` | ")
                    .append(r.status().id()).append(" | ")
                    .append(r.why()).append(" |\n");
        }
        long deviations = count(rows, Status.DEVIATION);
        b.append(String.format(Locale.ROOT, "%n%d settings: %d as the official code, %d as the paper's text where "
                        + "it differs from the code, %d deviation%s.%n", rows.size(), count(rows, Status.MATCH),
                count(rows, Status.PAPER), deviations, deviations == 1 ? "" : "s"));
        return b.toString();
    }
}
