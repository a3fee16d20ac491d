package org.revisit.study;

import org.revisit.util.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The results folder of one scale: {@code cells/<benchmark>/<cellKey>.json} (one record per cell, written
 * atomically) and {@code networks/} (the trained-network cache).
 */
public final class ResultStore {
    private static final Logger log = LoggerFactory.getLogger(ResultStore.class);
    private final Path root;

    public ResultStore(Path root) {
        this.root = root;
    }

    /** {@code -Drevisit.results=DIR} gives DIR/<scale>; the default is reports/<scale>/results. */
    public static ResultStore forScale(Scale scale) {
        String base = System.getProperty("revisit.results", "");
        return new ResultStore(base.isBlank() ? Path.of("reports", scale.id(), "results")
                : Path.of(base, scale.id()));
    }

    public Path root() {
        return root;
    }

    public Path networks() {
        return root.resolve("networks");
    }

    Path cellFile(String benchmark, String cellKey) {
        return root.resolve("cells").resolve(benchmark).resolve(cellKey + ".json");
    }

    public void write(CellResult result) {
        Json.writeFile(cellFile(result.benchmark(), result.cellKey()), result);
    }

    public Optional<CellResult> find(String benchmark, String cellKey) {
        Path f = cellFile(benchmark, cellKey);
        return Files.isRegularFile(f) ? Optional.of(read(f)) : Optional.empty();
    }

    /** Every stored result, in a stable order (benchmark, then cell id). */
    public List<CellResult> all() {
        Path cells = root.resolve("cells");
        if (!Files.isDirectory(cells)) {
            return List.of();
        }
        List<CellResult> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(cells)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                out.add(read(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + cells, e);
        }
        out.sort(Comparator.comparing(CellResult::benchmark).thenComparing(CellResult::task)
                .thenComparing(CellResult::architecture).thenComparingInt(CellResult::width)
                .thenComparing(CellResult::cellId));
        return out;
    }

    private static CellResult read(Path f) {
        CellResult r = Json.read(f, CellResult.class);
        if (r.formatVersion() != CellResult.FORMAT_VERSION) {
            throw new IllegalArgumentException(f + ": formatVersion is " + r.formatVersion() + ", this version of "
                    + "Revisit reads " + CellResult.FORMAT_VERSION + "; move the file away or re-run its cell");
        }
        log.debug("read {}", f);
        return r;
    }
}
