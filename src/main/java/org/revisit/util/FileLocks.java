package org.revisit.util;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Supplier;

/**
 * A lock per artefact across threads and processes, so that two runs on one results folder (two {@code mvn verify}
 * runs, or machines sharing the folder) never compute the same network, features or cell at once: the second one
 * waits, then finds the first one's stored artefact. Threads of one JVM queue on a {@link KeyedLocks} first (the OS
 * lock belongs to the whole process); then the process takes an exclusive {@link FileLock} on {@code lockFile},
 * writing its pid and host into the file for whoever waits. The operating system releases the lock when the
 * process dies, even by {@code kill -9}, so a dead run's lock is never stale; the file itself may stay and means
 * nothing. (On network file systems this relies on their POSIX lock support, as NFSv4 has.)
 */
public final class FileLocks {
    private static final Logger log = LoggerFactory.getLogger(FileLocks.class);
    private static final KeyedLocks IN_JVM = new KeyedLocks();
    private static final String OWNER = ManagementFactory.getRuntimeMXBean().getName(); // pid@host

    private FileLocks() {
    }

    @SuppressWarnings("unchecked")
    public static <T> T with(Path lockFile, Supplier<T> action) {
        Path file = lockFile.toAbsolutePath().normalize();
        return (T) IN_JVM.with(file.toString(), () -> locked(file, true, action));
    }

    /**
     * Runs {@code action} under the lock only when nobody holds it, in this JVM or another process: true when it
     * ran, false at once when the lock is held. What a worker uses to claim work that no other worker has.
     */
    public static boolean tryRun(Path lockFile, Runnable action) {
        Path file = lockFile.toAbsolutePath().normalize();
        return IN_JVM.tryRun(file.toString(), () -> locked(file, false, () -> {
            action.run();
            return null;
        }) != NOT_RUN);
    }

    /** What {@link #locked} returns when the lock was held and it was not to wait. */
    private static final Object NOT_RUN = new Object();

    /** The action's value under the process lock of {@code file}, waiting for it when held, or else NOT_RUN. */
    private static Object locked(Path file, boolean wait, Supplier<?> action) {
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    if (!wait) {
                        return NOT_RUN;
                    }
                    log.info("waiting for {}: held by another process ({})", file, holder(channel));
                    lock = channel.lock();
                    log.info("lock {} acquired", file);
                }
                try {
                    channel.truncate(0);
                    channel.write(ByteBuffer.wrap((OWNER + "\n").getBytes(StandardCharsets.UTF_8)), 0);
                    return action.get();
                } finally {
                    lock.release();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file, e);
        }
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(256);
        int n = channel.read(buf, 0);
        return n <= 0 ? "owner unknown" : new String(buf.array(), 0, n, StandardCharsets.UTF_8).trim();
    }
}
