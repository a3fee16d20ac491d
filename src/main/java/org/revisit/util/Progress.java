package org.revisit.util;

import org.slf4j.Logger;

import java.time.Duration;

/** A progress line with rate and ETA, logged at most every few seconds. */
public final class Progress {
    private final Logger log;
    private final String what;
    private final long total;
    private final String unit;
    private final long alreadyDone;
    private final double expectedSeconds;
    private final long start = System.nanoTime();
    private long lastLog = start;
    private static final long INTERVAL_NANOS = 10_000_000_000L;

    public Progress(Logger log, String what, long total, String unit) {
        this(log, what, total, 0, unit);
    }

    /** @param alreadyDone units done before this run (a resumed job): counted as done, not in the rate */
    public Progress(Logger log, String what, long total, long alreadyDone, String unit) {
        this(log, what, total, alreadyDone, unit, -1);
    }

    /**
     * @param expectedSeconds a forecast of the whole run's seconds, or -1: until a quarter of the units is done the
     *                        ETA is the forecast's remainder, as a rate over the first few units jumps (a short job
     *                        done first says little of the long ones)
     */
    public Progress(Logger log, String what, long total, long alreadyDone, String unit, double expectedSeconds) {
        this.expectedSeconds = expectedSeconds;
        this.alreadyDone = alreadyDone;
        this.log = log;
        this.what = what;
        this.total = total;
        this.unit = unit;
    }

    /** @param done units done so far; @param detail extra state such as the loss, may be empty */
    public void update(long done, String detail) {
        long now = System.nanoTime();
        if (now - lastLog < INTERVAL_NANOS && done < total) {
            return;
        }
        lastLog = now;
        double seconds = (now - start) / 1e9;
        double rate = (done - alreadyDone) / Math.max(seconds, 1e-9);
        boolean early = expectedSeconds > 0 && (done - alreadyDone) * 4 < total - alreadyDone;
        long etaSeconds = early ? (long) Math.max(0, expectedSeconds - seconds)
                : rate > 0 ? (long) ((total - done) / rate) : -1;
        log.info("{}: {}/{} {} ({}%) {} | {} {}/s | elapsed {} | ETA {}", what, done, total, unit,
                total == 0 ? 100 : done * 100 / total, detail, String.format("%.1f", rate), unit,
                format(Duration.ofSeconds((long) seconds)), etaSeconds < 0 ? "?"
                        : format(Duration.ofSeconds(etaSeconds)) + (early ? " (forecast)" : ""));
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    static String format(Duration d) {
        long s = d.getSeconds();
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
