package org.revisit.study;

import org.revisit.data.Dataset;
import org.revisit.util.CorruptFileException;
import org.revisit.util.Json;
import org.revisit.util.VerifiedFiles;
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
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The results folder of one scale: {@code cells/<benchmark>/<cellKey>.json} (one record per cell, written
 * atomically with its own SHA-256, see {@link Json#writeVerified}), {@code <cellKey>.failed.json} beside it for a
 * cell that diverged ({@link CellFailure}), {@code networks/} (the trained-network cache) and {@code features/} (the
 * feature cache). A record that is truncated or fails its checksum is set aside ({@code .corrupt-<time>}) and its
 * cell counts as not computed; a record of an unknown format version stops the run with a message naming it, and
 * nothing is changed.
 */
public final class ResultStore {
    private static final Logger log = LoggerFactory.getLogger(ResultStore.class);
    private static final String FAILED = ".failed.json";
    private final Path root;

    public ResultStore(Path root) {
        this.root = root;
    }

    /**
     * {@code <base>/<run>/results} ({@link #runName}): {@code reports/} by default, or the root of
     * {@code -Drevisit.results=DIR}, the same layout under another root, so the caches' ignore rules and every path
     * below the root stay the same. The networks are trained on {@code pretext} and probed on {@code dataset}.
     */
    public static ResultStore forRun(Path base, Scale scale, Dataset dataset, Dataset pretext) {
        return new ResultStore(base.resolve(runName(scale, dataset, pretext)).resolve("results"));
    }

    /**
     * The folder of a run under {@code reports/}: the scale, followed by the dataset when it is not the scale's
     * default ({@code small-cifar-10}), so results on different data never share a report, and by
     * {@code -from-<pretext>} when the networks come from another dataset.
     */
    public static String runName(Scale scale, Dataset dataset, Dataset pretext) {
        String run = dataset == Dataset.standard(scale == Scale.PAPER) ? scale.id() : scale.id() + "-" + dataset.id();
        return run + (pretext == dataset ? "" : "-from-" + pretext.id());
    }

    /** {@link #runName(Scale, Dataset, Dataset)} of a run trained and probed on {@code dataset}. */
    public static String runName(Scale scale, Dataset dataset) {
        return runName(scale, dataset, dataset);
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

    Path failureFile(String benchmark, String cellKey) {
        return root.resolve("cells").resolve(benchmark).resolve(cellKey + FAILED);
    }

    /** The lock file of a cell key, shared by every benchmark that has the cell. */
    Path cellLock(String cellKey) {
        return root.resolve("cells").resolve(".locks").resolve(cellKey + ".lock");
    }

    public void write(CellResult result) {
        Json.writeVerified(cellFile(result.benchmark(), result.cellKey()), result);
        try {
            Files.deleteIfExists(failureFile(result.benchmark(), result.cellKey()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the failure record of " + result.cellId(), e);
        }
    }

    /** The stored raw-pixel baselines ({@code baselines/pixels-<key>.json}). */
    Path pixelFile(String key) {
        return root.resolve("baselines").resolve("pixels-" + key + ".json");
    }

    public void write(PixelBaseline baseline) {
        Json.writeVerified(pixelFile(baseline.key()), baseline);
    }

    public Optional<PixelBaseline> findPixels(String key) {
        Path f = pixelFile(key);
        return Files.isRegularFile(f) ? readPixels(f) : Optional.empty();
    }

    /**
     * The current raw-pixel baseline of each input: where one was computed again under a changed configuration (its
     * key changed), the newest.
     */
    public List<PixelBaseline> pixelBaselines() {
        Path dir = root.resolve("baselines");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        java.util.Map<String, PixelBaseline> newest = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("pixels-")
                    && p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                readPixels(f).ifPresent(b -> newest.merge(b.input(), b, (a, c) ->
                        a.provenance().timestamp().compareTo(c.provenance().timestamp()) >= 0 ? a : c));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return List.copyOf(newest.values());
    }

    private static Optional<PixelBaseline> readPixels(Path f) {
        return readOrSetAside(f, PixelBaseline.class);
    }

    /** The record of {@code type} in {@code f}; empty when it is corrupt, which is set aside to be computed again. */
    private static <T> Optional<T> readOrSetAside(Path f, Class<T> type) {
        try {
            return Optional.of(Json.readVerified(f, type));
        } catch (CorruptFileException e) {
            log.warn("{}; set aside, it will be computed again", e.getMessage());
            VerifiedFiles.setAside(f);
            return Optional.empty();
        }
    }

    public void write(CellFailure failure) {
        Json.writeVerified(failureFile(failure.benchmark(), failure.cellKey()), failure);
    }

    public Optional<CellResult> find(String benchmark, String cellKey) {
        return readIfSound(cellFile(benchmark, cellKey));
    }

    /** The recorded failure of a cell key in any benchmark. */
    public Optional<CellFailure> findFailure(String cellKey) {
        return firstInAnyBenchmark(cellKey + FAILED, ResultStore::readFailure);
    }

    /** The first sound record named {@code fileName} in any benchmark's folder, in the benchmarks' name order. */
    private <T> Optional<T> firstInAnyBenchmark(String fileName, Function<Path, Optional<T>> reader) {
        Path cells = root.resolve("cells");
        if (!Files.isDirectory(cells)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(cells)) {
            for (Path f : dirs.sorted().map(d -> d.resolve(fileName)).filter(Files::isRegularFile).toList()) {
                Optional<T> r = reader.apply(f);
                if (r.isPresent()) {
                    return r;
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + cells, e);
        }
    }

    /** Every recorded failure, in a stable order (benchmark, cell id). */
    public List<CellFailure> failures() {
        List<CellFailure> out = new ArrayList<>();
        for (Path f : files(FAILED)) {
            readFailure(f).ifPresent(out::add);
        }
        out.sort(Comparator.comparing(CellFailure::benchmark).thenComparing(CellFailure::cellId));
        return out;
    }

    private static Optional<CellFailure> readFailure(Path f) {
        return readOrSetAside(f, CellFailure.class);
    }

    /** A result with this key stored by any benchmark (the same computation, shared between tables). */
    public Optional<CellResult> findInAnyBenchmark(String cellKey) {
        return firstInAnyBenchmark(cellKey + ".json", ResultStore::readIfSound);
    }

    /**
     * Every current result, in a stable order (benchmark, then cell id): where a cell (benchmark, id, seed) was run
     * again under a changed configuration, so that its key and file changed, only the newest run counts; the older
     * file stays on disk and is named in the log.
     */
    public List<CellResult> all() {
        java.util.Map<String, CellResult> newest = new java.util.LinkedHashMap<>();
        for (CellResult r : stored()) {
            String cell = r.benchmark() + "|" + r.cellId() + "|" + r.run().seed();
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
        out.sort(Comparator.comparing(CellResult::benchmark).thenComparing(r -> r.task().id())
                .thenComparing(r -> r.network().variant()).thenComparingInt(r -> r.network().width())
                .thenComparing(CellResult::cellId).thenComparingLong(r -> r.run().seed()));
        return out;
    }

    private List<CellResult> stored() {
        List<CellResult> out = new ArrayList<>();
        for (Path f : files(".json")) {
            if (!f.getFileName().toString().endsWith(FAILED)) {
                readIfSound(f).ifPresent(out::add);
            }
        }
        return out;
    }

    private List<Path> files(String suffix) {
        Path cells = root.resolve("cells");
        if (!Files.isDirectory(cells)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(cells)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + cells, e);
        }
    }

    /** The result in {@code f}; empty when the file is missing, or corrupt (then set aside to be recomputed). */
    private static Optional<CellResult> readIfSound(Path f) {
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        com.fasterxml.jackson.databind.JsonNode tree;
        try {
            tree = Json.readVerifiedTree(f);
        } catch (CorruptFileException e) {
            log.warn("stored result {}; setting it aside, its cell will be computed again", e.getMessage());
            VerifiedFiles.setAside(f);
            return Optional.empty();
        }
        // an unknown format version is not corruption: it stops the run and the file stays where it is
        CellResult r = Json.convert(f, ResultUpgrade.toCurrent(f, tree), CellResult.class);
        log.debug("read {}", f);
        return Optional.of(r);
    }
}
