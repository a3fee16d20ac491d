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

    /**
     * {@code reports/<scale>/results}; {@code -Drevisit.results=DIR} puts it at {@code DIR/<scale>/results}, the same
     * layout under another root, so the caches' ignore rules and every path below the root stay the same.
     */
    public static ResultStore forScale(Scale scale) {
        String base = System.getProperty("revisit.results", "");
        return new ResultStore(Path.of(base.isBlank() ? "reports" : base, scale.id(), "results"));
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

    /** A result with this key stored by any benchmark (the same computation, shared between tables). */
    public Optional<CellResult> findInAnyBenchmark(String cellKey) {
        Path cells = root.resolve("cells");
        if (!Files.isDirectory(cells)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(cells)) {
            return dirs.sorted().map(d -> d.resolve(cellKey + ".json")).filter(Files::isRegularFile).findFirst()
                    .map(ResultStore::read);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + cells, e);
        }
    }

    /**
     * Every current result, in a stable order (benchmark, then cell id): where a cell (benchmark, id, seed) was run
     * again under a changed configuration, so that its key and file changed, only the newest run counts; the older
     * file stays on disk and is named in the log.
     */
    public List<CellResult> all() {
        java.util.Map<String, CellResult> newest = new java.util.LinkedHashMap<>();
        for (CellResult r : stored()) {
            String cell = r.benchmark() + "|" + r.cellId() + "|" + r.seed();
            CellResult other = newest.get(cell);
            if (other == null || other.provenance().timestamp().compareTo(r.provenance().timestamp()) < 0) {
                newest.put(cell, r);
            }
            if (other != null) {
                CellResult old = newest.get(cell) == r ? other : r;
                log.info("result {} of cell {} is superseded by the newer run {}", old.cellKey(), r.cellId(),
                        newest.get(cell).cellKey());
            }
        }
        List<CellResult> out = new ArrayList<>(newest.values());
        out.sort(Comparator.comparing(CellResult::benchmark).thenComparing(CellResult::task)
                .thenComparing(CellResult::architecture).thenComparingInt(CellResult::width)
                .thenComparing(CellResult::cellId).thenComparingLong(CellResult::seed));
        return out;
    }

    private List<CellResult> stored() {
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
        return out;
    }

    private static CellResult read(Path f) {
        CellResult r = Json.convert(f, ResultUpgrade.toCurrent(f, Json.readTree(f)), CellResult.class);
        log.debug("read {}", f);
        return r;
    }
}
