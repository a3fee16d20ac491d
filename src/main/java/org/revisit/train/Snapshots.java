package org.revisit.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.revisit.util.VerifiedFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The weights of one training run at evenly spaced points, kept for its learning curve ({@code step-<n>.zip} in
 * their own folder, weights only, each written atomically with a checksum): with {@code points} = N, after steps
 * round(total x i / N) for i = 1 .. N - 1. The initial weights and the finished network are the curve's two ends and
 * are stored by the network cache already. Snapshots are not part of the network's key: keeping them changes nothing
 * the network computes. One instance serves one training run (it remembers the run's cut).
 */
public final class Snapshots {
    private final Path dir;
    private final int points;
    private int dueTotal = -1;
    private int[] dueSteps = new int[0];

    /** @param points how many intervals the run is cut into; 0 or 1 keeps no snapshot */
    public Snapshots(Path dir, int points) {
        if (points < 0) {
            throw new IllegalArgumentException("snapshot points must be >= 0, got " + points);
        }
        this.dir = dir;
        this.points = points;
    }

    /** Keeps nothing. */
    public static Snapshots none() {
        return new Snapshots(null, 0);
    }

    /** The steps strictly inside a run of {@code total} steps at which {@code points} intervals meet, ascending. */
    public static int[] steps(int total, int points) {
        return IntStream.range(1, Math.max(1, points)).map(i -> (int) Math.round((double) total * i / points))
                .filter(s -> s > 0 && s < total).distinct().toArray();
    }

    /** Whether the weights after {@code step} of a {@code total}-step run are kept; the run's steps are cut once. */
    boolean due(int step, int total) {
        if (dir == null) {
            return false;
        }
        if (total != dueTotal) {
            dueSteps = steps(total, points);
            dueTotal = total;
        }
        return Arrays.binarySearch(dueSteps, step) >= 0;
    }

    void save(int step, ComputationGraph graph) {
        VerifiedFiles.write(file(step), os -> ModelSerializer.writeModel(graph, os, false));
    }

    /** The weights after {@code step}, checksum verified; empty when none was kept. */
    public Optional<ComputationGraph> load(int step) {
        Path f = file(step);
        if (dir == null || !Files.isRegularFile(f)) {
            return Optional.empty();
        }
        if (!VerifiedFiles.verify(f)) {
            throw new IllegalStateException("snapshot " + f + " has no checksum file "
                    + VerifiedFiles.sidecar(f).getFileName());
        }
        try {
            return Optional.of(ModelSerializer.restoreComputationGraph(f.toFile(), false));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the snapshot " + f, e);
        }
    }

    private Path file(int step) {
        return dir == null ? Path.of("step-" + step + ".zip") : dir.resolve("step-" + step + ".zip");
    }

    public int points() {
        return points;
    }

    @Override
    public String toString() {
        return "Snapshots{dir=" + dir + ", points=" + points + "}";
    }
}
