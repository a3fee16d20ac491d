package org.revisit.study;

import org.revisit.util.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the last benchmark run over a results folder did, stored beside its results ({@value #FILE}) for the report's
 * console headline: when it ran and how many of its cells it computed, found stored (or shared with another
 * table's) and saw fail.
 */
public record LastRun(int formatVersion, String scale, String started, String finished, int computed, int reused,
                      int failed) {
    public static final int FORMAT_VERSION = 1;
    public static final String FILE = "last_run.json";

    public void write(Path resultsRoot) {
        Json.writeFile(resultsRoot.resolve(FILE), this);
    }

    /** The stored record, or empty when there is none or it cannot be read (the report does not need it). */
    public static Optional<LastRun> read(Path resultsRoot) {
        Path file = resultsRoot.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.read(file, LastRun.class));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "computed " + computed + ", reused " + reused + " (stored before the run, or another table's cell "
                + "computed in it), failed " + failed + " (run " + started + " - " + finished + ")";
    }
}
