package org.revisit.report;

import org.revisit.paper.Fidelity;
import org.revisit.paper.PaperValues;

import org.revisit.cost.SpeedRows;
import org.revisit.cost.StudyPlan;
import org.revisit.claims.ClaimResult;
import org.revisit.claims.Claims;
import org.revisit.claims.Measurements;
import org.revisit.pretext.TaskName;
import org.revisit.plan.StudyTable;
import org.revisit.study.Baselines;
import org.revisit.study.CellResult;
import org.revisit.study.RunCheck;
import org.revisit.study.Provenance;
import tech.tablesaw.api.Table;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Everything a report shows, built from stored results; the writers only format it. */
public record Report(String scale, List<CellResult> results, Baselines baselines, Map<String, Table> tables,
                     List<ClaimResult> claims, String generatedAt) {
    public static final String CLAIMS = "claims";
    public static final String PAPER_TABLE1 = "paper_table1";
    /** Every paper-scale setting against the official code. */
    public static final String FIDELITY = "fidelity";
    public static final String PAPER_TABLE2 = "paper_table2";
    public static final String FAILED_CELLS = "failed_cells";
    public static final String TUNING = "small_scale_tuning";
    public static final String ACROSS_SEEDS = "across_seeds";
    public static final String PIXEL_BASELINES = "pixel_baselines";

    public static Report build(String scale, List<CellResult> results, PaperValues paper, String generatedAt) {
        return build(scale, results, Baselines.none(), List.of(), SpeedRows.none(), List.of(), null, paper,
                generatedAt);
    }

    /**
     * With the throughput benchmark's rows, which become the cost section's tables, and the cells that failed (a
     * table of their own when there are any).
     *
     * @param baselines the raw-pixel rows and supervised ceilings every study table reads its networks against
     * @param transfer  results of other runs that probed these results' networks on another dataset (claim 12)
     */
    public static Report build(String scale, List<CellResult> results, Baselines baselines, List<CellResult> transfer,
                               SpeedRows speed, List<org.revisit.study.CellFailure> failures, StudyPlan plan,
                               PaperValues paper, String generatedAt) {
        Map<String, Table> tables = new LinkedHashMap<>();
        // a failed run (RunCheck) is flagged in the tables and never a claim's data point
        List<ClaimResult> claims = Claims.evaluate(new Measurements(scale, RunCheck.usable(results),
                RunCheck.usable(transfer)));
        tables.put(CLAIMS, ResultTables.claims(claims));
        if (!failures.isEmpty()) {
            tables.put(FAILED_CELLS, ResultTables.failures(failures));
        }
        if (!baselines.pixels().isEmpty()) {
            tables.put(PIXEL_BASELINES, ResultTables.pixels(baselines.pixels()));
        }
        for (StudyTable t : StudyTable.values()) {
            tables.put(t.id(), ResultTables.studyTable(t.id(), results, paper, baselines));
        }
        // results of benchmarks this version no longer declares keep a table of their own
        results.stream().map(CellResult::benchmark).distinct().filter(b -> !tables.containsKey(b))
                .forEach(b -> tables.put(b, ResultTables.studyTable(b, results, paper, baselines)));
        tables.put(PAPER_TABLE1, PaperTables.table1Grid(paper));
        tables.put(PAPER_TABLE2, PaperTables.table2());
        tables.put(FIDELITY, PaperTables.fidelity(Fidelity.rows()));
        if (!scale.equals(org.revisit.study.Scale.PAPER.id())) {
            tables.put(TUNING, ResultTables.recipeSweep(org.revisit.study.RecipeSweepRows.rows()));
        }
        tables.put(CostTables.COST_PER_TABLE, CostTables.perTable(results));
        Table seeds = ResultTables.acrossSeeds(results);
        if (seeds.rowCount() > 0) {
            tables.put(ACROSS_SEEDS, seeds);
        }
        if (plan != null && plan.scale().equals(scale)) {
            tables.put(CostTables.COST_MODEL, CostTables.costModel(plan, results));
            tables.put(CostTables.TRAINING_RATES, CostTables.trainingRates(plan));
        }
        if (!speed.networks().isEmpty()) {
            tables.put(CostTables.THROUGHPUT, SpeedTables.throughput(CostTables.THROUGHPUT, speed.networks()));
        }
        if (!speed.batchCurve().isEmpty()) {
            tables.put(CostTables.BATCH_CURVE, SpeedTables.throughput(CostTables.BATCH_CURVE, speed.batchCurve()));
        }
        if (!speed.probes().isEmpty()) {
            tables.put(CostTables.PROBE_COST, SpeedTables.probeCost(speed.probes()));
        }
        if (!speed.decoding().isEmpty()) {
            tables.put(CostTables.DECODE, SpeedTables.decode(speed.decoding()));
        }
        if (!speed.parity().isEmpty()) {
            tables.put(CostTables.PARITY, CostTables.parity(speed.parity()));
        }
        return new Report(scale, results, baselines, tables, claims, generatedAt);
    }

    /** The report's sections in order: each names its table in {@link #tables()}. */
    public List<Section> sections() {
        return Sections.of(this);
    }

    /** Benchmarks of stored results that this version no longer declares: each keeps a table of its own. */
    public List<String> undeclaredBenchmarks() {
        java.util.Set<String> declared = java.util.Arrays.stream(StudyTable.values()).map(StudyTable::id)
                .collect(java.util.stream.Collectors.toSet());
        return results.stream().map(CellResult::benchmark).distinct().filter(b -> !declared.contains(b)).toList();
    }

    /**
     * How each pretext task in the results was run, as its class describes itself: the choices made where the paper
     * and its code disagree or are silent (grey conversion, normalisation, permutation sampling, ...).
     */
    public Map<String, String> protocols() {
        Map<String, String> p = new TreeMap<>();
        for (CellResult r : results) {
            p.computeIfAbsent(r.task().id(), name -> {
                try {
                    String described = TaskName.parse(name).task().toString();
                    // "RotationTask{rotations=..., ...}": the settings, without the class name's braces
                    int open = described.indexOf('{');
                    return open > 0 && described.endsWith("}") ? described.substring(open + 1,
                            described.length() - 1) : described;
                } catch (IllegalArgumentException e) {
                    return "(not a task of this version: " + e.getMessage() + ")";
                }
            });
        }
        return p;
    }

    /** The datasets the results were computed on, e.g. "fashion-mnist (28x28x1, 10 classes)". */
    public List<String> datasets() {
        return results.stream().map(r -> r.run().dataset()).filter(java.util.Objects::nonNull)
                .map(d -> d.dataset() + " (" + (d.height() > 0 ? d.height() + "x" + d.width() + "x" + d.channels()
                        : "full-size images") + ", " + d.classes() + " classes)")
                .distinct().sorted().toList();
    }

    /**
     * The pretext batches the results were trained with, as the paper scale's banner names them: which
     * {@link org.revisit.study.PaperBatches} (or "other batches") and each task's images per step and replica
     * shards, read off each result's recorded training configuration; empty without results.
     */
    public String pretextBatches() {
        java.util.regex.Pattern batch = java.util.regex.Pattern.compile("batchImages=(\\d+)");
        java.util.regex.Pattern shards = java.util.regex.Pattern.compile("replicas=(\\d+)");
        Map<TaskName, java.util.Set<List<Integer>>> steps = new java.util.EnumMap<>(TaskName.class);
        for (CellResult r : results) {
            String training = r.run().descriptions().training();
            var b = batch.matcher(training);
            if (b.find()) {
                var sh = shards.matcher(training);
                steps.computeIfAbsent(r.task(), t -> new java.util.TreeSet<>(java.util.Comparator
                        .comparing((List<Integer> x) -> x.get(0)).thenComparing(x -> x.get(1))))
                        .add(List.of(Integer.parseInt(b.group(1)), sh.find() ? Integer.parseInt(sh.group(1)) : 1));
            }
        }
        if (steps.isEmpty()) {
            return "";
        }
        String which = "other batches";
        for (org.revisit.study.PaperBatches p : org.revisit.study.PaperBatches.values()) {
            if (steps.entrySet().stream().allMatch(e -> e.getValue().equals(java.util.Set.of(
                    List.of(p.batchImages(e.getKey()), p.cores(e.getKey())))))) {
                which = p == org.revisit.study.PaperBatches.RELEASED ? "the released configs' batches"
                        : "the paper's batches as recalled (unverified)";
            }
        }
        StringBuilder b = new StringBuilder(which).append(':');
        steps.forEach((task, set) -> b.append(b.charAt(b.length() - 1) == ':' ? " " : ", ").append(task.id())
                .append(' ').append(String.join(" or ", set.stream().map(x -> x.get(0) + " images on " + x.get(1)
                        + " core" + (x.get(1) == 1 ? "" : "s")).toList())));
        return b.toString();
    }

    /**
     * Where the results come from, one line per kind: the code (the newest result's commit, and how many results
     * other commits computed), the run window (first to last result), and the distinct command, backend, hardware,
     * JVM, OS, seeds and dataset fingerprints. Each result's own provenance is in its record.
     */
    public Map<String, String> provenance() {
        Map<String, String> p = new LinkedHashMap<>();
        if (results.isEmpty()) {
            return p;
        }
        List<CellResult> byTime = results.stream()
                .sorted(java.util.Comparator.comparing((CellResult r) -> r.provenance().timestamp())).toList();
        Provenance newest = byTime.get(byTime.size() - 1).provenance();
        long others = results.stream().filter(r -> !r.provenance().gitCommit().equals(newest.gitCommit())).count();
        long otherCommits = results.stream().map(r -> r.provenance().gitCommit()).distinct().count() - 1;
        p.put("code", "commit " + newest.gitCommit().substring(0, Math.min(12, newest.gitCommit().length()))
                + (newest.gitDirty() ? " with uncommitted changes" : "")
                + (others == 0 ? "" : " (" + others + " of " + results.size() + " results from " + otherCommits
                + " earlier commit" + (otherCommits == 1 ? "" : "s") + ")"));
        p.put("run window", minute(byTime.get(0).provenance().timestamp()) + " to " + minute(newest.timestamp())
                + " UTC");
        p.put("command", distinct(r -> r.provenance().command()));
        p.put("backend", distinct(r -> r.provenance().backend() + " " + r.provenance().backendInfo()
                + (r.provenance().onednnHelpers() ? " oneDNN helpers on" : "")));
        p.put("hardware", distinct(r -> r.provenance().cpu() + ", " + r.provenance().cores() + " cores, max heap "
                + r.provenance().maxHeapMb() + " MB"));
        p.put("JVM, OS", distinct(r -> r.provenance().jvm() + ", " + r.provenance().os()));
        p.put("seeds", distinct(r -> Long.toString(r.run().seed())));
        p.put("dataset", distinct(r -> {
            var d = r.run().dataset();
            return d.dataset() + " content " + d.contentSha256() + ", split " + d.splitSha256() + " (train "
                    + d.train() + " / val " + d.val() + " / test " + d.test() + ")";
        }));
        return p;
    }

    private String distinct(java.util.function.Function<CellResult, String> value) {
        return String.join("; ", results.stream().map(value).collect(java.util.stream.Collectors.toCollection(
                java.util.TreeSet::new)));
    }

    /** "2026-12-07T03:12:47.067835142Z" as "2026-12-07 03:12". */
    static String minute(String timestamp) {
        return timestamp.length() >= 16 ? timestamp.substring(0, 10) + " " + timestamp.substring(11, 16) : timestamp;
    }

    /** What a reader needs first: the verdict counts and what self-supervision added ({@link Headline}). */
    public Headline headline() {
        return Headline.of(scale, claims, results, baselines);
    }
}
