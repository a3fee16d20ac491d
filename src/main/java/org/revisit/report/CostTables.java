package org.revisit.report;

import org.revisit.cost.CellEstimate;
import org.revisit.cost.CostModel;
import org.revisit.cost.StudyPlan;
import org.revisit.study.CellResult;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;

/**
 * The cost section's tables (the forecast, training rates, cost per table) and learning parity's; the names of every
 * cost table ({@link SpeedTables} builds the speed measurements').
 */
public final class CostTables {
    public static final String THROUGHPUT = "throughput";
    public static final String BATCH_CURVE = "batch_curve";
    public static final String PROBE_COST = "probe_cost";
    public static final String DECODE = "decode_throughput";
    public static final String PARITY = "learning_parity";
    public static final String COST_MODEL = "cost_model";
    public static final String COST_PER_TABLE = "cost_per_table";
    public static final String TRAINING_RATES = "training_rates";

    private CostTables() {
    }

    /**
     * The forecast of the last planned run per benchmark and in total: the whole scale from scratch (training,
     * features, probes), what that run had left with its caches, and what the stored cells took (wall time).
     */
    public static Table costModel(StudyPlan plan, List<CellResult> results) {
        Table t = Table.create(COST_MODEL);
        StringColumn benchmark = StringColumn.create("benchmark");
        IntColumn cells = IntColumn.create("cells");
        IntColumn networks = IntColumn.create("networks trained");
        DoubleColumn train = DoubleColumn.create("forecast training h");
        DoubleColumn extract = DoubleColumn.create("forecast features h");
        DoubleColumn probe = DoubleColumn.create("forecast probes h");
        DoubleColumn total = DoubleColumn.create("forecast from scratch h");
        DoubleColumn remaining = DoubleColumn.create("forecast left at plan time h");
        IntColumn stored = IntColumn.create("cells stored");
        DoubleColumn measured = DoubleColumn.create("stored cells' wall h");
        List<String> names = new ArrayList<>(CostModel.byBenchmark(plan.fromScratch()).keySet());
        names.add("total");
        for (String name : names) {
            boolean all = name.equals("total");
            List<CellEstimate> scratch = plan.fromScratch().stream().filter(c -> all || c.benchmark().equals(name))
                    .toList();
            List<CellEstimate> left = plan.remaining().stream().filter(c -> all || c.benchmark().equals(name))
                    .toList();
            List<CellResult> done = results.stream().filter(r -> all ? scratch.stream().anyMatch(c ->
                    c.benchmark().equals(r.benchmark())) : r.benchmark().equals(name)).toList();
            benchmark.append(name);
            cells.append(scratch.size());
            networks.append((int) scratch.stream().filter(c -> c.trainSeconds() > 0).count());
            train.append(scratch.stream().mapToDouble(CellEstimate::trainSeconds).sum() / 3600);
            extract.append(scratch.stream().mapToDouble(CellEstimate::extractSeconds).sum() / 3600);
            probe.append(scratch.stream().mapToDouble(CellEstimate::probeSeconds).sum() / 3600);
            total.append(StudyPlan.total(scratch) / 3600);
            remaining.append(StudyPlan.total(left) / 3600);
            stored.append(done.size());
            // cells that ran side by side shared the wall clock
            measured.append(done.stream().mapToDouble(r -> r.timings().wallSeconds()
                    / Math.max(1, r.timings().concurrentCells())).sum() / 3600);
        }
        return t.addColumns(benchmark, cells, networks, train, extract, probe, total, remaining, stored, measured);
    }

    /**
     * Seconds of pretext training per image per epoch for each task and network of the plan, and what each figure
     * rests on: how the cost grows with width (and, multiplied by images x epochs, with the data).
     */
    public static Table trainingRates(StudyPlan plan) {
        Table t = Table.create(TRAINING_RATES);
        StringColumn task = StringColumn.create("task");
        StringColumn network = StringColumn.create("network");
        IntColumn width = IntColumn.create("k");
        DoubleColumn perImage = DoubleColumn.create("ms per image per epoch");
        DoubleColumn rate = DoubleColumn.create("img/s");
        StringColumn basis = StringColumn.create("basis");
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (CellEstimate c : plan.fromScratch()) {
            if (seen.add(c.task() + "|" + c.network())) {
                task.append(c.task());
                network.append(c.network());
                width.append(c.width());
                perImage.append(1000 * c.secondsPerImageEpoch());
                rate.append(1 / c.secondsPerImageEpoch());
                basis.append(c.basis());
            }
        }
        return t.addColumns(task, network, width, perImage, rate, basis).sortOn("task", "k", "network");
    }

    /**
     * The learning-parity rows: per task and network, DL4J's and the PyTorch twin's pretext accuracy, probe top-1,
     * untrained control and gain (points), and the difference of the gains with its 95 % interval.
     */
    public static Table parity(List<org.revisit.cost.ParityRun> runs) {
        Table t = Table.create(PARITY);
        StringColumn task = StringColumn.create("task");
        StringColumn net = StringColumn.create("network");
        IntColumn steps = IntColumn.create("steps");
        IntColumn test = IntColumn.create("test images");
        DoubleColumn[] cols = new DoubleColumn[11];
        String[] names = {"DL4J pretext acc.", "DL4J top-1", "DL4J control", "DL4J gain (pts)", "twin pretext acc.",
                "twin top-1", "twin control", "twin gain (pts)", "gain difference (pts)", "difference low",
                "difference high"};
        for (int i = 0; i < cols.length; i++) {
            cols[i] = DoubleColumn.create(names[i]);
        }
        StringColumn within = StringColumn.create("DL4J learns as the twin");
        StringColumn recipe = StringColumn.create("recipe");
        StringColumn note = StringColumn.create("note");
        for (var run : runs) {
            var r = run.row();
            task.append(r.task());
            net.append(r.network());
            steps.append(r.steps());
            test.append(r.testImages());
            double[] v = {r.dl4jPretextAccuracy(), r.dl4jTop1().value(), r.dl4jControl().value(), 100 * r.dl4jGain(),
                    r.twinPretextAccuracy(), r.twinTop1().value(), r.twinControl().value(), 100 * r.twinGain(),
                    100 * r.gainDifference(), 100 * r.gainDifferenceLow(), 100 * r.gainDifferenceHigh()};
            for (int i = 0; i < v.length; i++) {
                cols[i].append(v[i]);
            }
            within.append(!r.note().isEmpty() ? "not measured" : r.gainDifferenceLow() > 0 ? "better"
                    : r.gainDifferenceHigh() < 0 ? "worse" : "same within the interval");
            recipe.append(r.recipe());
            note.append(r.note());
        }
        return t.addColumns(task, net, steps, test).addColumns(cols).addColumns(within, recipe, note)
                .sortOn("task", "network");
    }

    /**
     * What each table of the study cost: its rows, the cells it computed itself (a row shared with an earlier table
     * is counted there, once), their time split into training, features and probes (each cell's own clock: cells
     * that ran side by side overlap), the run's wall time they took (a cell's wall time over the cells that ran at
     * once), and CPU-hours (that wall time x the cores the run had); a last row with the totals.
     */
    public static Table perTable(List<CellResult> results) {
        StringColumn benchmark = StringColumn.create("table");
        IntColumn rows = IntColumn.create("rows");
        IntColumn computed = IntColumn.create("cells computed");
        DoubleColumn train = DoubleColumn.create("training s");
        DoubleColumn features = DoubleColumn.create("features s");
        DoubleColumn probes = DoubleColumn.create("probes s");
        DoubleColumn wall = DoubleColumn.create("wall s");
        DoubleColumn cpuHours = DoubleColumn.create("CPU-hours");
        java.util.Set<String> seen = new java.util.HashSet<>();
        java.util.Map<String, double[]> sums = new java.util.LinkedHashMap<>();
        for (CellResult r : results.stream().sorted(java.util.Comparator.comparing(
                (CellResult r) -> tableOrder(r.benchmark())).thenComparing(CellResult::provenance,
                java.util.Comparator.comparing(org.revisit.study.Provenance::timestamp))).toList()) {
            double[] s = sums.computeIfAbsent(r.benchmark(), b -> new double[7]);
            s[0]++;
            if (!seen.add(r.cellKey())) {
                continue;
            }
            var t = r.timings();
            s[1]++;
            s[2] += t.networkFromCache() ? 0 : t.trainSeconds();
            s[3] += t.featuresFromCache() ? 0 : t.extractSeconds();
            s[4] += t.probeSeconds();
            // cells that ran side by side shared the wall clock and the cores
            double wallShare = t.wallSeconds() / Math.max(1, t.concurrentCells());
            s[5] += wallShare;
            s[6] += wallShare * r.provenance().cores() / 3600;
        }
        double[] total = new double[7];
        sums.forEach((b, s) -> {
            add(benchmark, rows, computed, train, features, probes, wall, cpuHours, b, s);
            for (int i = 0; i < total.length; i++) {
                total[i] += s[i];
            }
        });
        add(benchmark, rows, computed, train, features, probes, wall, cpuHours, "total", total);
        return Table.create(COST_PER_TABLE, benchmark, rows, computed, train, features, probes, wall, cpuHours);
    }

    private static int tableOrder(String benchmark) {
        for (org.revisit.plan.StudyTable t : org.revisit.plan.StudyTable.values()) {
            if (t.id().equals(benchmark)) {
                return t.ordinal();
            }
        }
        return Integer.MAX_VALUE;
    }

    private static void add(StringColumn benchmark, IntColumn rows, IntColumn computed, DoubleColumn train,
                            DoubleColumn features, DoubleColumn probes, DoubleColumn wall, DoubleColumn cpuHours,
                            String name, double[] s) {
        benchmark.append(name);
        rows.append((int) s[0]);
        computed.append((int) s[1]);
        train.append(Math.round(s[2]));
        features.append(Math.round(s[3]));
        probes.append(Math.round(s[4]));
        wall.append(Math.round(s[5]));
        cpuHours.append(Math.round(s[6] * 100) / 100.0);
    }
}
