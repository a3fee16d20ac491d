package org.revisit.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.revisit.nets.NetworkSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs the PyTorch twin of a network ({@code benchmarks/peer/run-pytorch-peer}, which installs Debian's
 * {@code python3-torch} when it is missing) on the same cores, batch and input, one process per network so its
 * peak memory is its own. A peer that cannot run gives a row that says why instead of failing the benchmark.
 */
public final class PyTorchPeer {
    private static final Logger log = LoggerFactory.getLogger(PyTorchPeer.class);
    public static final Path SCRIPT = Path.of("benchmarks", "peer", "run-pytorch-peer");
    private static final long TIMEOUT_MINUTES = 30;
    private final Path script;
    private final int threads;
    private final boolean channelsLast;

    public PyTorchPeer(Path script, int threads, boolean channelsLast) {
        this.script = script;
        this.threads = threads;
        this.channelsLast = channelsLast;
    }

    public NetworkThroughput measure(NetworkSpec spec, int batch, int classes, int warmup, int steps) {
        String framework = "pytorch" + (channelsLast ? " (channels-last)" : "");
        if (!spec.lastRelu() || spec.representationSize() > 0) {
            return failed(framework, spec, batch, "the peer builds the standard variants only");
        }
        if (!Files.isExecutable(script)) {
            return failed(framework, spec, batch, script + " is missing or not executable");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(script.toString());
        cmd.addAll(arguments(spec, batch, classes, threads, warmup, steps));
        if (channelsLast) {
            cmd.add("--channels-last");
        }
        log.info("peer: {}", String.join(" ", cmd));
        Path out = null;
        Path err = null;
        try {
            // both streams to files, so waitFor's timeout holds even when the peer hangs without closing them
            out = Files.createTempFile("revisit-peer", ".json");
            err = Files.createTempFile("revisit-peer", ".log");
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return failed(framework, spec, batch, "timed out after " + TIMEOUT_MINUTES + " minutes");
            }
            if (p.exitValue() != 0) {
                String last = Files.readString(err, StandardCharsets.UTF_8).strip().lines().reduce((a, b) -> b)
                        .orElse("");
                return failed(framework, spec, batch, "exit " + p.exitValue() + ": " + last);
            }
            String printed = Files.readString(out, StandardCharsets.UTF_8);
            String line = printed.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse("");
            if (line.isEmpty()) {
                return failed(framework, spec, batch, "printed no result: " + printed.strip());
            }
            JsonNode j = new ObjectMapper().readTree(line);
            return new NetworkThroughput(framework, spec.label(), spec.architecture().id(), spec.width(),
                    spec.geometry().name(), spec.depthLabel(), batch, classes, j.path("layout").asText(),
                    j.path("threads").asInt(), j.path("parameters").asLong(), j.path("multiplyAddsPerInput").asLong(),
                    j.path("trainSecondsPerStep").asDouble(), j.path("inferSecondsPerBatch").asDouble(), Double.NaN,
                    -1, j.path("peakRssBytes").asLong(), "");
        } catch (IOException e) {
            return failed(framework, spec, batch, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(framework, spec, batch, "interrupted");
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /** The twin's command-line arguments for {@code spec}: the same network, geometry and batch. */
    public static List<String> arguments(NetworkSpec spec, int batch, int classes, int threads, int warmup,
                                         int steps) {
        return List.of("--arch", spec.architecture().id(),
                "--width", Integer.toString(spec.width()), "--geometry", geometryName(spec), "--depth",
                java.util.Arrays.stream(spec.depth()).mapToObj(Integer::toString).collect(Collectors.joining(",")),
                "--batch", Integer.toString(batch), "--classes", Integer.toString(classes), "--threads",
                Integer.toString(threads), "--warmup", Integer.toString(warmup), "--steps", Integer.toString(steps),
                "--size", Integer.toString(spec.geometry().height()), "--channels",
                Integer.toString(spec.geometry().channels()));
    }

    private static void deleteQuietly(Path f) {
        if (f != null) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                log.debug("cannot delete {}: {}", f, e.toString());
            }
        }
    }

    /** The script's geometry names: the small (28 px) and the paper (224 px) image geometries. */
    static String geometryName(NetworkSpec spec) {
        return spec.geometry().name().startsWith("paper-224") ? "paper" : "small";
    }

    private static NetworkThroughput failed(String framework, NetworkSpec spec, int batch, String why) {
        log.warn("peer {} for {} not measured: {}", framework, spec.label(), why);
        return NetworkThroughput.failed(framework, spec.label(), spec.architecture().id(), spec.width(),
                spec.geometry().name(), spec.depthLabel(), batch, why);
    }

    @Override
    public String toString() {
        return "PyTorchPeer{script=" + script + ", threads=" + threads + ", channelsLast=" + channelsLast + "}";
    }
}
