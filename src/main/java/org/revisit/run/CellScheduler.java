package org.revisit.run;

import org.nd4j.linalg.factory.Nd4j;
import org.revisit.cost.CellEstimate;
import org.revisit.cost.CostModel;
import org.revisit.cost.Workers;
import org.revisit.study.Cell;
import org.revisit.study.Study;
import org.revisit.util.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a study's cells on several workers at once, each with its share of the cores ({@link Workers} says how many
 * and why two beat one on a CPU).
 *
 * <p>Cells are grouped into jobs that share work, so no worker waits for another's network: the cells of a network
 * not trained yet form one job (the first trains it, the rest reuse it), and once it is trained the cells of one
 * end-point form one. Jobs run longest first by the {@link CostModel} (the longest-processing-time rule), so the
 * last job to finish is a short one. A cell that fails is recorded and the others go on.
 */
public final class CellScheduler {
    private static final Logger log = LoggerFactory.getLogger(CellScheduler.class);

    private CellScheduler() {
    }

    /**
     * Computes every cell not yet stored, on {@code workers} workers. Returns the failures by {@link #failureKey};
     * the results of the others are in the study's store. With one worker, or one job, it computes nothing: the
     * caller's own serial run is as fast.
     */
    public static Map<String, RuntimeException> runAll(Study study, List<Cell> cells, int workers) {
        Map<String, RuntimeException> failures = new ConcurrentHashMap<>();
        List<Cell> todo = cells.stream().filter(c -> !study.status(c).done()).toList();
        List<Job> jobs = jobs(study, todo);
        if (workers <= 1 || jobs.size() <= 1) {
            return failures;
        }
        int pool = Math.min(workers, jobs.size());
        int cores = Runtime.getRuntime().availableProcessors();
        int threadsBefore = Nd4j.getEnvironment().maxThreads();
        int masterBefore = Nd4j.getEnvironment().maxMasterThreads();
        int threads = Math.max(1, cores / pool);
        double work = jobs.stream().mapToDouble(Job::seconds).sum();
        List<String> tables = todo.stream().map(Cell::benchmark).distinct().toList();
        String what = "cells of " + (tables.size() == 1 ? tables.get(0) : tables.size() + " tables");
        double expected = work * Workers.slowdown(pool) / pool;
        log.info("{}: {} cells in {} jobs on {} workers, {} ND4J thread(s) each; about {} s of single-cell work, "
                        + "expected {} s", what, todo.size(), jobs.size(), pool, threads, Math.round(work),
                Math.round(expected));
        Progress progress = new Progress(log, what, Math.max(1, Math.round(work)), 0, "s of cell work", expected);
        double[] done = {0};
        AtomicInteger cellsDone = new AtomicInteger();
        AtomicInteger workerIds = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(pool, runnable -> {
            Thread t = new Thread(runnable, "cell-worker-" + workerIds.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Job job : jobs) {
                futures.add(executor.submit(() -> {
                    for (Cell cell : job.cells()) {
                        try {
                            study.run(cell, pool);
                        } catch (RuntimeException e) {
                            log.error("cell {} failed: {}", cell.id(), e.toString());
                            failures.put(failureKey(cell), e);
                        } catch (VirtualMachineError e) {
                            throw e;
                        } catch (Error e) { // ND4J reports native failures as Errors (BlasException): one cell's
                            log.error("cell {} failed: {}", cell.id(), e.toString());
                            failures.put(failureKey(cell), new IllegalStateException(cell.id() + ": " + e, e));
                        }
                        cellsDone.incrementAndGet();
                    }
                    synchronized (done) {
                        done[0] += job.seconds();
                        progress.update(Math.round(done[0]), cellsDone.get() + " of " + todo.size() + " cells done");
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(what + ": a worker failed outside its cells", e.getCause());
        } finally {
            executor.shutdownNow();
            Nd4j.getEnvironment().setMaxThreads(threadsBefore);
            Nd4j.getEnvironment().setMaxMasterThreads(masterBefore);
        }
        log.info("{}: {} cells in {} s on {} workers ({} failed)", what, todo.size(),
                Math.round(progress.elapsedSeconds()), pool, failures.size());
        return failures;
    }

    /** Identifies a cell in a table (a cell id may repeat across tables). */
    public static String failureKey(Cell cell) {
        return cell.benchmark() + "|" + cell.id() + "|" + cell.training().seed();
    }

    /**
     * Cells that share a network not trained yet, or else an end-point's features, with their expected seconds;
     * {@code key} names the group (the network's key, with the end-point once it is trained).
     */
    record Job(String key, List<Cell> cells, double seconds) {
    }

    static List<Job> jobs(Study study, List<Cell> cells) {
        List<CellEstimate> estimates = CostModel.of(study).estimate(study, cells, false);
        Map<String, List<Cell>> groups = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            Study.CellStatus s = study.status(cell);
            String group = s.network().isPresent() ? s.networkKey() + "|" + cell.endPoint() : s.networkKey();
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(cell);
            seconds.merge(group, estimates.get(i).totalSeconds(), Double::sum);
        }
        List<Job> jobs = new ArrayList<>();
        groups.forEach((g, c) -> jobs.add(new Job(g, List.copyOf(c), seconds.get(g))));
        // stable: jobs of equal cost keep the table's order
        jobs.sort(Comparator.comparingDouble(Job::seconds).reversed());
        return jobs;
    }
}
