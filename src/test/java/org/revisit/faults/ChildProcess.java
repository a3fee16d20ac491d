package org.revisit.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@link FaultChild} in its own JVM, with this JVM's class path and the environment surefire gives it (LD_PRELOAD),
 * its output in a log file; {@link #kill()} is {@code kill -9}. The child ends with this JVM ({@link ChildMain}).
 */
final class ChildProcess {
    private final Process process;
    private final Path log;

    private ChildProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ChildProcess start(Path log, String... args) throws IOException {
        return startMain(log, List.of(), FaultChild.class.getName(), args);
    }

    /** Any main class of the class path, with JVM options such as {@code -Dscale=...}. */
    static ChildProcess startMain(Path log, List<String> jvmOptions, String mainClass, String... args)
            throws IOException {
        return startWatching(ProcessHandle.current().pid(), log, jvmOptions, mainClass, args);
    }

    /** A child that ends when process {@code parent} ends (this JVM for {@link #startMain}). */
    static ChildProcess startWatching(long parent, Path log, List<String> jvmOptions, String mainClass,
                                      String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx2g", "-cp", System.getProperty("java.class.path")));
        command.addAll(jvmOptions);
        command.add(ChildMain.class.getName());
        command.add(Long.toString(parent));
        command.add(mainClass);
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ChildProcess(p, log);
    }

    /** Waits until {@code condition} holds, failing if the child ends first or after {@code seconds}. */
    void awaitWhileRunning(BooleanSupplier condition, int seconds, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError("child ended (exit " + process.exitValue() + ") before " + what + ":\n"
                        + tail());
            }
            if (System.nanoTime() > deadline) {
                kill();
                throw new AssertionError("no " + what + " after " + seconds + " s:\n" + tail());
            }
            Thread.sleep(10);
        }
    }

    /** SIGKILL: no shutdown hook, no finally block, no flush. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    int await(int seconds) throws Exception {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            kill();
            throw new AssertionError("child still running after " + seconds + " s:\n" + tail());
        }
        return process.exitValue();
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
