package org.revisit.util;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Runs a source iterator on its own thread, {@code depth} items ahead of the consumer, so that preparing the next
 * item (augmenting a batch) overlaps with using the current one (a training step). Items arrive in the source's
 * order, so a seeded source stays deterministic; an exception in the source is rethrown by {@link #next()}.
 */
public final class Prefetcher<T> implements Iterator<T>, AutoCloseable {
    private static final Object END = new Object();
    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private volatile Throwable failure;
    private Object head;

    public Prefetcher(String name, Iterator<T> source, int depth) {
        this.queue = new ArrayBlockingQueue<>(depth);
        this.thread = new Thread(() -> {
            try {
                while (source.hasNext()) {
                    queue.put(source.next());
                }
            } catch (InterruptedException e) {
                return; // closed early
            } catch (Throwable t) {
                failure = t;
            }
            try {
                queue.put(END);
            } catch (InterruptedException e) {
                // closed early
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public boolean hasNext() {
        if (head == null) {
            try {
                head = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(thread.getName() + ": interrupted while waiting", e);
            }
        }
        if (head == END && failure != null) {
            Throwable t = failure;
            failure = null;
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException(thread.getName() + " failed", t);
        }
        return head != END;
    }

    @SuppressWarnings("unchecked")
    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException(thread.getName() + " has no more items");
        }
        T item = (T) head;
        head = null;
        return item;
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
