package org.revisit.study;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * How the small scale's training recipe was chosen: the rows of the recipe sweeps (one task on one small network
 * trained under each recipe of a grid from the same initial weights, probed as the small study probes, beside its
 * untrained control), as {@code RecipeSweep} measured them, in the checked-in source {@code small-recipe-sweep.tsv}.
 * docs/scales-and-data.md's tuning table and the report's section are rendered from it.
 */
public final class RecipeSweepRows {
    static final String SOURCE = "/org/revisit/study/small-recipe-sweep.tsv";
    /** The columns of every row, in order. */
    public static final List<String> COLUMNS = List.of("task", "network", "steps x batch", "peak lr",
            "distinct images", "schedule", "min crop", "pretext acc", "top-1", "control", "gain [95 % CI]",
            "train s");

    private RecipeSweepRows() {
    }

    /** The measured rows, each with {@link #COLUMNS} fields; lines starting with # are comments. */
    public static List<List<String>> rows() {
        try (InputStream in = RecipeSweepRows.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the recipe sweep's rows " + SOURCE + " are missing from the classpath");
            }
            List<List<String>> out = new ArrayList<>();
            int line = 0;
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                line++;
                if (l.isBlank() || l.startsWith("#")) {
                    continue;
                }
                List<String> fields = List.of(l.split("\t", -1));
                if (fields.size() != COLUMNS.size()) {
                    throw new IllegalStateException(SOURCE + " line " + line + ": expected " + COLUMNS.size()
                            + " tab-separated fields (" + COLUMNS + "), found " + fields.size());
                }
                out.add(fields);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SOURCE, e);
        }
    }
}
