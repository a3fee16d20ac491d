package org.revisit.paper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The paper's published values (paper.md §1), written once: Table 1's grid (from {@code paper-table1.csv}, with whether
 * each value was verified against an independent source) and Table 2 ({@link #TABLE2}). Plain data: the claims and
 * the report read it, and nothing here knows either.
 */
public final class PaperValues {
    private static final String TABLE1 = "paper-table1.csv";

    /** A published top-1 (%), whether an independent source states it, and the sources. */
    public record Value(double top1, boolean verified, String source) {
        /** "43.8 (unverified)" or "53.7". */
        public String display() {
            return String.format("%.1f", top1) + (verified ? "" : " (unverified)");
        }
    }

    /** One cell of Table 1: a task on an architecture at the paper's width k. */
    public record Table1Cell(String task, String architecture, int k, Value value) {
    }

    /**
     * One row of Table 2 (paper.md §1.3): per task, the published ImageNet top-1 of the best earlier method ("Prev.")
     * and of the paper's best network ("Ours", SGD-trained linear model on the official validation set).
     *
     * @param label the task as the paper's text names it
     */
    public record PriorWork(String task, String label, String network, double previous, String previousSource,
                            double ours, double oursTop5, String oursSource) {
    }

    /** Table 2, in the paper's order; all verified. */
    public static final List<PriorWork> TABLE2 = List.of(
            new PriorWork("rotation", "Rotation", "RevNet50 k=16", 38.7, "SLIDES", 55.4, 77.9,
                    "TXT, SLIDES, PWC, AMDIM"),
            new PriorWork("exemplar", "Exemplar", "ResNet50 v1 k=12", 31.5, "SLIDES", 46.0, 68.8,
                    "SLIDES, PWC, AMDIM"),
            new PriorWork("relative_patch_location", "Rel. Patch Loc.", "ResNet50 v1 k=8", 36.2, "SLIDES", 51.4, 74.0,
                    "TXT, SLIDES, PWC, AMDIM"),
            new PriorWork("jigsaw", "Jigsaw", "ResNet50 v1 k=8", 34.7, "SLIDES, SPLITBRAIN", 44.6, 68.0,
                    "SLIDES, PWC, AMDIM"));

    private final List<Table1Cell> table1;

    private PaperValues(List<Table1Cell> table1) {
        this.table1 = List.copyOf(table1);
    }

    /** Reads Table 1 from the class path; a malformed line is an error naming the line. */
    public static PaperValues load() {
        List<Table1Cell> cells = new ArrayList<>();
        try (InputStream in = PaperValues.class.getResourceAsStream(TABLE1)) {
            if (in == null) {
                throw new IllegalStateException("resource " + TABLE1 + " is missing from the class path");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.startsWith("#") || line.startsWith("task,") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",");
                if (f.length != 6) {
                    throw new IllegalStateException(TABLE1 + " line " + n + ": expected 6 fields, found " + f.length);
                }
                cells.add(new Table1Cell(f[0], f[1], Integer.parseInt(f[2]),
                        new Value(Double.parseDouble(f[3]), Boolean.parseBoolean(f[4]), f[5])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PaperValues(cells);
    }

    /** Table 1's cells in the file's order. */
    public List<Table1Cell> table1() {
        return table1;
    }

    /** Table 1 top-1 (%) for a task, architecture and paper width k, if the paper has that cell. */
    public Optional<Value> table1(String task, String architecture, int k) {
        return table1.stream().filter(c -> c.task().equals(task) && c.architecture().equals(architecture)
                && c.k() == k).map(Table1Cell::value).findFirst();
    }

    /** Table 2's row of {@code task}, if the paper has one. */
    public static Optional<PriorWork> priorWork(String task) {
        return TABLE2.stream().filter(p -> p.task().equals(task)).findFirst();
    }
}
