package org.revisit.run;

import org.revisit.study.Cell;
import org.revisit.study.Study;
import org.revisit.util.FileLocks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * One of several worker processes that compute a study over one shared results folder (a cluster job array, or
 * {@code run-workers N} on one machine), by work stealing. The cells are cut into the {@link CellScheduler}'s jobs
 * (the cells of one untrained network, or of one end-point of a trained one), the same list in every worker. Worker
 * i of n starts at the i-th n-th of that list, so the workers begin apart, and takes a job only when it can claim
 * the job's lock at once ({@link FileLocks#tryRun}), skipping jobs another worker holds. When every job left is
 * held by another, it waits for the first of them: if its holder finishes, the cells are found stored; if the holder
 * died (the operating system releases a dead process's locks, even after {@code kill -9}), this worker computes
 * what is missing. Each cell's own lock and stored-result check ({@link Study#run}) keep any cell from being
 * computed twice. Static shares alone ({@code i/n}) would leave a dead worker's share undone and the slowest share
 * setting the end; stealing needs nothing but the folder's file locks, which every worker already relies on.
 */
public final class SharedFolderWorker {
    private static final Logger log = LoggerFactory.getLogger(SharedFolderWorker.class);

    private SharedFolderWorker() {
    }

    /** {@code -Drevisit.worker=i/n}: this process is worker i (from 0) of n. */
    public record Share(int index, int count) {
        public Share {
            if (count < 1 || index < 0 || index >= count) {
                throw new IllegalArgumentException("-Drevisit.worker=" + index + "/" + count
                        + ": expected i/n with 0 <= i < n, such as 0/3");
            }
        }

        public static Share parse(String s) {
            String[] parts = s.trim().split("/");
            try {
                if (parts.length == 2) {
                    return new Share(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
                }
            } catch (NumberFormatException e) {
                // the message below
            }
            throw new IllegalArgumentException("-Drevisit.worker='" + s + "': expected i/n, worker i (from 0) of n,"
                    + " such as 0/3");
        }

        @Override
        public String toString() {
            return index + "/" + count;
        }
    }

    /** What one worker did: cells it ran (computed, or found stored by then), jobs it claimed or waited for. */
    public record Summary(Share share, int cells, int ranCells, int foundStored, int failed, int claimedJobs,
                          int waitedJobs, double seconds) {
    }

    /** The lock that claims a job: one file per job under {@code <results>/claims/}, named by its key. */
    static Path claim(Study study, CellScheduler.Job job) {
        return study.store().root().resolve("claims").resolve(job.key().replaceAll("[^A-Za-z0-9_.-]", "@")
                + ".lock");
    }

    /** What this worker has done so far. */
    private static final class Tally {
        int ran;
        int foundStored;
        int failed;
        int claimed;
        int waited;
    }

    public static Summary run(Study study, List<Cell> cells, Share share) {
        long start = System.nanoTime();
        List<CellScheduler.Job> jobs = CellScheduler.jobs(study, cells.stream().filter(c -> !study.status(c).done())
                .toList());
        // the same list in every worker (jobs() orders by cost, ties in table order), started i/n of the way in
        Deque<CellScheduler.Job> pending = new ArrayDeque<>();
        int offset = jobs.isEmpty() ? 0 : jobs.size() * share.index() / share.count();
        for (int i = 0; i < jobs.size(); i++) {
            pending.add(jobs.get((offset + i) % jobs.size()));
        }
        log.info("worker {}: {} cells, {} to compute in {} jobs; starting at job {}", share, cells.size(),
                jobs.stream().mapToInt(j -> j.cells().size()).sum(), jobs.size(), offset);
        Tally tally = new Tally();
        while (!pending.isEmpty()) {
            boolean claimedAny = false;
            for (int n = pending.size(); n > 0; n--) {
                CellScheduler.Job job = pending.poll();
                if (FileLocks.tryRun(claim(study, job), () -> runJob(study, job, share, tally))) {
                    tally.claimed++;
                    claimedAny = true;
                } else {
                    pending.add(job);
                }
            }
            if (!claimedAny && !pending.isEmpty()) {
                CellScheduler.Job job = pending.poll();
                log.info("worker {}: every job left is held by another worker; waiting for {}", share, job.key());
                FileLocks.with(claim(study, job), () -> {
                    runJob(study, job, share, tally);
                    return null;
                });
                tally.waited++;
            }
        }
        // a cell another table's cell computed gets its own table's row, as a single process writes it (Study#run):
        // the report reads each table's rows from its own folder
        for (Cell cell : cells) {
            if (study.status(cell).done()) {
                study.run(cell);
            }
        }
        Summary s = new Summary(share, cells.size(), tally.ran, tally.foundStored, tally.failed, tally.claimed,
                tally.waited, (System.nanoTime() - start) / 1e9);
        log.info("worker {}: done: {} cells ran here, {} found stored by another worker, {} failed; {} jobs claimed, "
                + "{} waited for; {} s", share, s.ranCells(), s.foundStored(), s.failed(), s.claimedJobs(),
                s.waitedJobs(), Math.round(s.seconds()));
        return s;
    }

    private static void runJob(Study study, CellScheduler.Job job, Share share, Tally tally) {
        for (Cell cell : job.cells()) {
            if (study.status(cell).done()) {
                tally.foundStored++;
                continue;
            }
            try {
                study.run(cell);
                tally.ran++;
            } catch (RuntimeException e) {
                log.error("worker {}: cell {} failed: {}", share, cell.id(), e.toString());
                tally.failed++;
            }
        }
    }
}
