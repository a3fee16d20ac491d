package org.revisit.study;

import org.revisit.util.NativeBackend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** Where and how a result was computed, like the JVM block of a JMH result. */
public record Provenance(String gitCommit, boolean gitDirty, String command, String backend, String backendInfo,
                         boolean onednnHelpers, String cpu, int cores, long maxHeapMb, String jvm, String os,
                         String timestamp) {

    public static Provenance capture() {
        String commit = git("rev-parse", "HEAD");
        String status = git("status", "--porcelain", "--untracked-files=no");
        String mavenArgs = System.getenv("MAVEN_CMD_LINE_ARGS");
        String command = mavenArgs != null && !mavenArgs.isBlank() ? "mvn" + mavenArgs.stripTrailing()
                : System.getProperty("sun.java.command", "?");
        return new Provenance(commit.isEmpty() ? "unknown" : commit, !status.isEmpty(), command,
                NativeBackend.backendName(), NativeBackend.blasInfo(), NativeBackend.helpersActive(), cpuModel(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"), Instant.now().toString());
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }

    private static String git(String... args) {
        try {
            String[] cmd = new String[args.length + 1];
            cmd[0] = "git";
            System.arraycopy(args, 0, cmd, 1, args.length);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "";
            }
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
