package org.revisit.study;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How each cell a study ran this time ended, counted once per cell: the first outcome stands (a cell computed ahead
 * by the scheduler and read again by its test is computed, not reused).
 */
public final class RunTally {
    public enum Outcome { COMPUTED, REUSED, FAILED }

    private final Instant started = Instant.now();
    private final Map<String, Outcome> cells = new ConcurrentHashMap<>();

    void record(Cell cell, Outcome outcome) {
        cells.putIfAbsent(cell.benchmark() + "/" + cell.id(), outcome);
    }

    public int count(Outcome outcome) {
        return (int) cells.values().stream().filter(outcome::equals).count();
    }

    public LastRun lastRun(Scale scale) {
        return new LastRun(LastRun.FORMAT_VERSION, scale.id(), started.truncatedTo(ChronoUnit.SECONDS).toString(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), count(Outcome.COMPUTED),
                count(Outcome.REUSED), count(Outcome.FAILED));
    }
}
