package org.revisit.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.revisit.util.AtomicFiles;
import org.revisit.util.Json;
import org.revisit.util.KeyedLocks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Trained networks stored under a key derived from their full training configuration, so a network is trained
 * once and every table that needs it reuses it: {@code <root>/<key>/network.zip}, {@code initial.zip} (its weights
 * before training) and {@code training.json}, each written atomically; the record is written last, so a network
 * without its record is not a cache hit.
 */
public final class NetworkCache {
    private static final Logger log = LoggerFactory.getLogger(NetworkCache.class);
    private final Path root;
    private final KeyedLocks locks = new KeyedLocks();

    public NetworkCache(Path root) {
        this.root = root;
    }

    /** Thread-safe: a second caller for the same key waits for the first one's network and loads it. */
    public TrainedNetwork getOrTrain(String key, String description, Supplier<TrainedNetwork> trainer) {
        return locks.with(key, () -> loadOrTrain(key, description, trainer));
    }

    private TrainedNetwork loadOrTrain(String key, String description, Supplier<TrainedNetwork> trainer) {
        Path dir = root.resolve(key);
        Path model = dir.resolve("network.zip");
        Path initial = dir.resolve("initial.zip");
        Path record = dir.resolve("training.json");
        if (Files.isRegularFile(record) && Files.isRegularFile(model) && Files.isRegularFile(initial)) {
            try {
                ComputationGraph graph = ModelSerializer.restoreComputationGraph(model.toFile(), false);
                ComputationGraph init = ModelSerializer.restoreComputationGraph(initial.toFile(), false);
                log.info("cache hit: network {} ({}) loaded from {}", key, description, model);
                return new TrainedNetwork(graph, init, Json.read(record, TrainingRecord.class), true);
            } catch (IOException | RuntimeException e) {
                log.warn("cached network {} at {} is unreadable ({}); training it again", key, model, e.toString());
            }
        }
        log.info("cache miss: network {} ({}) is trained now", key, description);
        TrainedNetwork trained = trainer.get();
        AtomicFiles.write(initial, os -> ModelSerializer.writeModel(trained.initial(), os, false));
        AtomicFiles.write(model, os -> ModelSerializer.writeModel(trained.graph(), os, false));
        Json.writeFile(record, trained.record());
        return trained;
    }

    /** The training record of a cached network, without loading the network; empty when it is not cached. */
    public java.util.Optional<TrainingRecord> record(String key) {
        Path dir = root.resolve(key);
        Path record = dir.resolve("training.json");
        if (!Files.isRegularFile(record) || !Files.isRegularFile(dir.resolve("network.zip"))
                || !Files.isRegularFile(dir.resolve("initial.zip"))) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Json.read(record, TrainingRecord.class));
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    public Path root() {
        return root;
    }

}
