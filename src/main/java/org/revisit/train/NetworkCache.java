package org.revisit.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.revisit.util.FileLocks;
import org.revisit.util.Json;
import org.revisit.util.VerifiedFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Trained networks stored under a key derived from their full training configuration, so a network is trained
 * once and every table that needs it reuses it: {@code <root>/<key>/network.zip}, {@code initial.zip} (its weights
 * before training), each with a SHA-256 sidecar, and {@code training.json}, each written atomically; the record is
 * written last, so a network without its record is not a cache hit. A network that fails its checksum or does not
 * load is set aside and trained again. While a network trains, its checkpoints live in {@code <key>/checkpoint/},
 * so a killed run resumes it; with snapshot points, its weights along the run stay in {@code <key>/snapshots/}
 * ({@link Snapshots}) for the learning curves.
 */
public final class NetworkCache {
    private static final Logger log = LoggerFactory.getLogger(NetworkCache.class);
    private final Path root;
    private final CheckpointPolicy checkpoints;
    private final int snapshotPoints;

    public NetworkCache(Path root) {
        this(root, CheckpointPolicy.DEFAULT, 0);
    }

    /** @param snapshotPoints the intervals each training run is cut into for its snapshots (0: none kept) */
    public NetworkCache(Path root, CheckpointPolicy checkpoints, int snapshotPoints) {
        this.root = root;
        this.checkpoints = checkpoints;
        this.snapshotPoints = snapshotPoints;
    }

    /** The snapshots of the network stored under {@code key}, as this cache keeps them. */
    public Snapshots snapshots(String key) {
        return new Snapshots(root.resolve(key).resolve("snapshots"), snapshotPoints);
    }

    /**
     * Safe across threads and processes: a second caller for the same key waits for the first one's network and
     * loads it.
     *
     * @param trainer trains the network, saving and resuming with the checkpoints it is given
     */
    public TrainedNetwork getOrTrain(String key, String description, Function<Checkpoints, TrainedNetwork> trainer) {
        return FileLocks.with(root.resolve(key + ".lock"), () -> loadOrTrain(key, description, trainer));
    }

    private TrainedNetwork loadOrTrain(String key, String description, Function<Checkpoints, TrainedNetwork> trainer) {
        Path dir = root.resolve(key);
        Path model = dir.resolve("network.zip");
        Path initial = dir.resolve("initial.zip");
        Path record = dir.resolve("training.json");
        if (Files.isRegularFile(record) && Files.isRegularFile(model) && Files.isRegularFile(initial)) {
            try {
                TrainingRecord r = Json.readVerified(record, TrainingRecord.class);
                VerifiedFiles.verify(model);
                VerifiedFiles.verify(initial);
                ComputationGraph graph = ModelSerializer.restoreComputationGraph(model.toFile(), false);
                ComputationGraph init = ModelSerializer.restoreComputationGraph(initial.toFile(), false);
                log.info("cache hit: network {} ({}) loaded from {}", key, description, model);
                return new TrainedNetwork(graph, init, r, true);
            } catch (IOException | RuntimeException e) {
                log.warn("cached network {} in {} is unusable ({}); setting it aside and training it again", key, dir,
                        e.getMessage());
                for (Path f : new Path[] {record, model, initial}) {
                    VerifiedFiles.setAside(f);
                }
            }
        }
        log.info("cache miss: network {} ({}) is trained now", key, description);
        Checkpoints saved = new Checkpoints(dir.resolve("checkpoint"), checkpoints, snapshots(key));
        TrainedNetwork trained = trainer.apply(saved);
        VerifiedFiles.write(initial, os -> ModelSerializer.writeModel(trained.initial(), os, false));
        VerifiedFiles.write(model, os -> ModelSerializer.writeModel(trained.graph(), os, false));
        Json.writeVerified(record, trained.record());
        saved.clear();
        return trained;
    }

    /** The training record of a cached network, without loading the network; empty when it is not cached. */
    public Optional<TrainingRecord> record(String key) {
        Path dir = root.resolve(key);
        Path record = dir.resolve("training.json");
        if (!Files.isRegularFile(record) || !Files.isRegularFile(dir.resolve("network.zip"))
                || !Files.isRegularFile(dir.resolve("initial.zip"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.readVerified(record, TrainingRecord.class));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    public Path root() {
        return root;
    }
}
