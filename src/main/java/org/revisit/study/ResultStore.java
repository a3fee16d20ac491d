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
 * atomically), {@code networks/} (the trained-network cache) and {@code features/} (the feature cache).
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

    /** The feature cache ({@code FeatureCache}): large, machine-made, never committed. */
    public Path features() {
        return root.resolve("features");
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
        CellResult r = Json.convert(f, ResultUpgrade.toCurrent(f, Json.readTree(f)), CellResult.class);
        log.debug("read {}", f);
        return r;
    }
}
