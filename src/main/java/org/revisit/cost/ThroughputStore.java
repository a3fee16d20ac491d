package org.revisit.cost;

import org.revisit.util.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The throughput benchmark's rows under a scale's results folder: {@code throughput/networks/<id>.json} and
 * {@code throughput/probes/<id>.json}, {@code throughput/decode/<id>.json}, {@code throughput/parity/<id>.json}
 * and {@code throughput/batch/<id>.json} (the batch curve), each written atomically; a re-run of a row replaces it.
 */
public final class ThroughputStore {
    private final Path root;

    public ThroughputStore(Path resultsRoot) {
        this.root = resultsRoot.resolve("throughput");
    }

    public void write(ThroughputRun run) {
        Json.writeFile(root.resolve("networks").resolve(fileName(run.id())), run);
    }

    /** A row of the batch curve: one network at one batch size, DL4J and its peers. */
    public void writeBatchCurve(ThroughputRun run) {
        Json.writeFile(root.resolve("batch").resolve(fileName(run.id())), run);
    }

    public void write(ProbeThroughputRun run) {
        Json.writeFile(root.resolve("probes").resolve(fileName(run.id())), run);
    }

    public void write(DecodeThroughputRun run) {
        Json.writeFile(root.resolve("decode").resolve(fileName(run.id())), run);
    }

    public void write(ParityRun run) {
        Json.writeFile(root.resolve("parity").resolve(fileName(run.id())), run);
    }

    /** The learning-parity rows ({@code throughput/parity/<id>.json}). */
    public List<ParityRun> parity() {
        return read(root.resolve("parity"), ParityRun.class);
    }

    public List<DecodeThroughputRun> decoding() {
        return read(root.resolve("decode"), DecodeThroughputRun.class);
    }

    public List<ThroughputRun> networks() {
        return read(root.resolve("networks"), ThroughputRun.class);
    }

    public List<ThroughputRun> batchCurve() {
        return read(root.resolve("batch"), ThroughputRun.class);
    }

    /** Every stored row, as the report reads them. */
    public SpeedRows all() {
        return new SpeedRows(networks(), batchCurve(), probes(), decoding(), parity());
    }

    public List<ProbeThroughputRun> probes() {
        return read(root.resolve("probes"), ProbeThroughputRun.class);
    }

    static String fileName(String id) {
        return id.replaceAll("[^A-Za-z0-9._=-]+", "_") + ".json";
    }

    private static <T> List<T> read(Path dir, Class<T> type) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<T> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                out.add(Json.read(f, type));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return out;
    }
}
