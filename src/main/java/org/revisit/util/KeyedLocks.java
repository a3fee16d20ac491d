package org.revisit.util;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per key within this JVM, so that cells running on several workers never compute the same network,
 * features or result twice at once: the second caller waits, then finds the first one's stored artefact.
 */
public final class KeyedLocks {
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public <T> T with(String key, Supplier<T> action) {
        ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code action} only when no other thread of this JVM holds {@code key}; false at once otherwise. */
    public boolean tryRun(String key, java.util.function.BooleanSupplier action) {
        ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
        if (!lock.tryLock()) {
            return false;
        }
        try {
            return action.getAsBoolean();
        } finally {
            lock.unlock();
        }
    }
}
