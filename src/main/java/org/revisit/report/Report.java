package org.revisit.report;

import org.revisit.paper.Fidelity;
import org.revisit.paper.PaperValues;

import org.revisit.cost.ProbeThroughputRun;
import org.revisit.cost.StudyPlan;
import org.revisit.cost.ThroughputRun;
import org.revisit.claims.ClaimResult;
import org.revisit.claims.Claims;
import org.revisit.claims.Measurements;
import org.revisit.pretext.TaskName;
import org.revisit.plan.StudyTable;
import org.revisit.study.CellResult;
import org.revisit.study.Provenance;
import tech.tablesaw.api.Table;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Everything a report shows, built from stored results; the writers only format it. */
public record Report(String scale, List<CellResult> results, Map<String, Table> tables, List<ClaimResult> claims,
                     String generatedAt) {
    public static final String CLAIMS = "claims";
    public static final String PAPER_TABLE1 = "paper_table1";
    /** Every paper-scale setting against the official code. */
    public static final String FIDELITY = "fidelity";
    public static final String PAPER_TABLE2 = "paper_table2";
    public static final String FAILED_CELLS = "failed_cells";
    public static final String TUNING = "small_scale_tuning";
    public static final String ACROSS_SEEDS = "across_seeds";

    public static Report build(String scale, List<CellResult> results, PaperValues paper, String generatedAt) {
        return build(scale, results, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), null, paper,
                generatedAt);
    }

    /**
     * With the throughput benchmark's rows, which become the cost section's tables, and the cells that failed (a
     * table of their own when there are any).
     *
     * @param transfer results of other runs that probed these results' networks on another dataset (claim 12)
     */
    public static Report build(String scale, List<CellResult> results, List<CellResult> transfer,
                               List<ThroughputRun> throughput, List<ProbeThroughputRun> probeCosts,
                               List<org.revisit.cost.DecodeThroughputRun> decoding,
                               List<org.revisit.cost.ParityRun> parity,
                               List<org.revisit.study.CellFailure> failures, StudyPlan plan, PaperValues paper,
                               String generatedAt) {
        Map<String, Table> tables = new LinkedHashMap<>();
        List<ClaimResult> claims = Claims.evaluate(new Measurements(scale, results, transfer));
        tables.put(CLAIMS, ResultTables.claims(claims));
        if (!failures.isEmpty()) {
            tables.put(FAILED_CELLS, ResultTables.failures(failures));
        }
        for (StudyTable t : StudyTable.values()) {
            tables.put(t.id(), ResultTables.studyTable(t.id(), results, paper));
        }
        // results of benchmarks this version no longer declares keep a table of their own
        results.stream().map(CellResult::benchmark).distinct().filter(b -> !tables.containsKey(b))
                .forEach(b -> tables.put(b, ResultTables.studyTable(b, results, paper)));
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
        if (!throughput.isEmpty()) {
            tables.put(CostTables.THROUGHPUT, SpeedTables.throughput(throughput));
        }
        if (!probeCosts.isEmpty()) {
            tables.put(CostTables.PROBE_COST, SpeedTables.probeCost(probeCosts));
        }
        if (!decoding.isEmpty()) {
            tables.put(CostTables.DECODE, SpeedTables.decode(decoding));
        }
        if (!parity.isEmpty()) {
            tables.put(CostTables.PARITY, CostTables.parity(parity));
        }
        return new Report(scale, results, tables, claims, generatedAt);
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
                    return TaskName.parse(name).task().toString();
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

    /** Distinct provenance values over all results, so a report built from several runs shows each. */
    public Map<String, Set<String>> provenance() {
        Map<String, Set<String>> p = new LinkedHashMap<>();
        for (CellResult r : results) {
            Provenance v = r.provenance();
            add(p, "git commit", v.gitCommit() + (v.gitDirty() ? " (uncommitted changes)" : ""));
            add(p, "command", v.command());
            add(p, "backend", v.backend() + " " + v.backendInfo() + (v.onednnHelpers() ? " oneDNN helpers on" : ""));
            add(p, "hardware", v.cpu() + ", " + v.cores() + " cores, max heap " + v.maxHeapMb() + " MB");
            add(p, "JVM", v.jvm());
            add(p, "OS", v.os());
            add(p, "seeds", Long.toString(r.run().seed()));
            var d = r.run().dataset();
            add(p, "dataset", d.dataset() + " content " + d.contentSha256() + ", split " + d.splitSha256() + " (train "
                    + d.train() + " / val " + d.val() + " / test " + d.test() + ")");
            add(p, "run at", v.timestamp());
        }
        return p;
    }

    private static void add(Map<String, Set<String>> p, String key, String value) {
        p.computeIfAbsent(key, x -> new LinkedHashSet<>()).add(value);
    }
}
