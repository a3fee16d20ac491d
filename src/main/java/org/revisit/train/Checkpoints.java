package org.revisit.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.revisit.util.CorruptFileException;
import org.revisit.util.Json;
import org.revisit.util.VerifiedFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The checkpoints of one network's training, in its own folder: {@code initial.zip} (the weights before training, the
 * untrained control), {@code step-<n>.zip} (weights and updater state after step n) and {@code checkpoint.json}
 * naming the newest complete one. Every file is written atomically with a checksum, the record last, so a run killed
 * at any moment leaves the previous checkpoint usable; older step files are deleted only after the record names the
 * new one. A corrupt checkpoint is set aside and training starts again from the start.
 */
public final class Checkpoints {
    private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);
    private static final String RECORD = "checkpoint.json";
    private static final String INITIAL = "initial.zip";

    private final Path dir;
    private final CheckpointPolicy policy;
    private final Snapshots snapshots;

    public Checkpoints(Path dir, CheckpointPolicy policy) {
        this(dir, policy, Snapshots.none());
    }

    /** @param snapshots the weights kept along the run for its learning curve (they outlive {@link #clear}) */
    public Checkpoints(Path dir, CheckpointPolicy policy, Snapshots snapshots) {
        this.dir = dir;
        this.policy = policy;
        this.snapshots = snapshots;
    }

    /** No checkpoints: training runs from the start to the end in one go. */
    public static Checkpoints none() {
        return new Checkpoints(null, CheckpointPolicy.NEVER);
    }

    /** The run's learning-curve snapshots. */
    public Snapshots snapshots() {
        return snapshots;
    }

    public boolean enabled() {
        return dir != null && !policy.equals(CheckpointPolicy.NEVER);
    }

    public Path dir() {
        return dir;
    }

    boolean due(int stepsSinceSave, double secondsSinceSave) {
        return enabled() && policy.due(stepsSinceSave, secondsSinceSave);
    }

    /** A run to continue: its network with the updater state, its initial weights and where it stopped. */
    public record Resumed(ComputationGraph graph, ComputationGraph initial, Checkpoint checkpoint) {
    }

    /** The newest usable checkpoint of {@code key}; empty when there is none or it is corrupt (then set aside). */
    public Optional<Resumed> latest(String key, int totalSteps) {
        if (!enabled() || !Files.isRegularFile(dir.resolve(RECORD))) {
            return Optional.empty();
        }
        Path record = dir.resolve(RECORD);
        Checkpoint c;
        try {
            c = Json.readVerified(record, Checkpoint.class);
        } catch (CorruptFileException | IllegalArgumentException e) {
            log.warn("checkpoint record {} is unusable ({}); training {} from the start", record, e.getMessage(), key);
            VerifiedFiles.setAside(record);
            return Optional.empty();
        }
        if (c.formatVersion() != Checkpoint.FORMAT_VERSION || !c.key().equals(key) || c.totalSteps() != totalSteps
                || c.step() <= 0 || c.step() > totalSteps) {
            log.warn("checkpoint {} is for another run ({} at step {}/{}; expected {} of {} steps); training from the "
                    + "start", record, c.key(), c.step(), c.totalSteps(), key, totalSteps);
            VerifiedFiles.setAside(record);
            return Optional.empty();
        }
        Path network = dir.resolve(c.networkFile());
        Path initial = dir.resolve(INITIAL);
        try {
            for (Path f : new Path[] {network, initial}) {
                if (!Files.isRegularFile(f)) {
                    throw new CorruptFileException(f, "missing, although " + record.getFileName() + " names it");
                }
                if (!VerifiedFiles.verify(f)) {
                    throw new CorruptFileException(f, "has no checksum file " + VerifiedFiles.sidecar(f).getFileName());
                }
            }
            ComputationGraph graph = ModelSerializer.restoreComputationGraph(network.toFile(), true);
            ComputationGraph init = ModelSerializer.restoreComputationGraph(initial.toFile(), false);
            return Optional.of(new Resumed(graph, init, c));
        } catch (IOException | RuntimeException e) {
            log.warn("checkpoint of {} at step {} is unusable ({}); set aside, training from the start", key, c.step(),
                    e.getMessage());
            for (Path f : new Path[] {record, network, initial}) {
                if (Files.exists(f)) {
                    VerifiedFiles.setAside(f);
                }
            }
            return Optional.empty();
        }
    }

    /** Saves the state after {@code step}: the initial weights once, the network with its updater, then the record. */
    public void save(String key, ComputationGraph graph, ComputationGraph initial, int step, int totalSteps,
                     double lastLoss, double trainSeconds) {
        Path initialFile = dir.resolve(INITIAL);
        if (!Files.isRegularFile(initialFile)) {
            VerifiedFiles.write(initialFile, os -> ModelSerializer.writeModel(initial, os, false));
        }
        String name = "step-" + step + ".zip";
        VerifiedFiles.write(dir.resolve(name), os -> ModelSerializer.writeModel(graph, os, true));
        Json.writeVerified(dir.resolve(RECORD), new Checkpoint(Checkpoint.FORMAT_VERSION, key, step, totalSteps,
                lastLoss, trainSeconds, name));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> {
                String n = f.getFileName().toString();
                return n.startsWith("step-") && n.endsWith(".zip") && !n.equals(name);
            }).toList()) {
                VerifiedFiles.delete(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        log.debug("checkpoint of {} at step {}/{} saved in {}", key, step, totalSteps, dir);
    }

    /** Deletes the checkpoints once the finished network is stored. */
    public void clear() {
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            // corrupt files set aside stay for inspection
            for (Path f : files.filter(f -> !f.getFileName().toString().contains(".corrupt-")).toList()) {
                Files.deleteIfExists(f);
            }
            try (Stream<Path> left = Files.list(dir)) {
                if (left.findAny().isEmpty()) {
                    Files.delete(dir);
                }
            }
        } catch (IOException e) {
            log.warn("cannot delete the checkpoints in {}: {}", dir, e.toString());
        }
    }
}
