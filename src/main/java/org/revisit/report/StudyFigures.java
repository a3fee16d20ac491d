package org.revisit.report;

import org.revisit.paper.PaperValues;

import org.revisit.claims.Stats;
import org.revisit.plan.StudyTable;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Margin;
import tech.tablesaw.plotly.components.Line;
import tech.tablesaw.plotly.traces.BarTrace;
import tech.tablesaw.plotly.traces.HeatmapTrace;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The figure of each table of the study, drawn from its Tablesaw frame: heatmaps (Table 1, Figure 6), grouped bars
 * (Figure 1, Table 2), line charts (Figures 5, 7, 8) and scatters with a fitted line or the diagonal (Figures 3, 4).
 * Each returns no figure when its frame has nothing to draw.
 */
final class StudyFigures {
    static final String TOP1 = "probe top-1 %";
    static final String STEP = ResultTables.STEP;

    /**
     * A figure with its id and title, and what it needs beyond tablesaw's builders ({@link FigurePatch}); or, where
     * the scale's grid cannot show the figure's effect, no figure and why ({@code notDrawn}).
     */
    record Drawn(String id, String title, Figure figure, FigurePatch patch, String notDrawn) {
        Drawn(String id, String title, Figure figure) {
            this(id, title, figure, new FigurePatch(), null);
        }

        Drawn(String id, String title, Figure figure, FigurePatch patch) {
            this(id, title, figure, patch, null);
        }

        Drawn(String id, String title, Plot plot) {
            this(id, title, plot.figure(), plot.patch(), plot.notDrawn());
        }
    }

    /** A figure and its patch, built together; or why it is not drawn. */
    record Plot(Figure figure, FigurePatch patch, String notDrawn) {
        Plot(Figure figure, FigurePatch patch) {
            this(figure, patch, null);
        }

        static Plot notDrawn(String why) {
            return new Plot(null, null, why);
        }
    }

    private StudyFigures() {
    }

    static List<Drawn> of(StudyTable table, Table t) {
        List<Drawn> out = new ArrayList<>();
        if (t == null || t.rowCount() == 0) {
            return out;
        }
        switch (table) {
            case ARCHITECTURE_COMPARISON -> {
                out.add(new Drawn("figTable1Heatmap", "Table 1: probe top-1 by task and architecture (each width)",
                        table1Heatmap(t)));
                out.add(new Drawn("figTable1Bars", "Figure 1: probe top-1 per network, trained and its untrained "
                        + "control, with 95 % intervals", groupedBars(t)));
            }
            case WIDTH_SWEEP -> out.add(new Drawn("figWidthSweep", "Figure 6: width x representation size",
                    widthSweep(t)));
            case LAYERWISE_PROBE -> out.add(new Drawn("figLayerwise", "Figure 5: probe top-1 at each of the paper's "
                    + "layers (VGG's block1 is its code's block2); colour = task, dash = architecture",
                    categoricalLines(t, "end-point", StudyFigures::paperLayer, "task", "architecture")));
            case PRETEXT_VS_DOWNSTREAM -> out.add(new Drawn("figPretext", "Figure 4: pretext accuracy vs probe "
                    + "top-1, by architecture, with each task's fitted line", pretextScatter(t)));
            case LABEL_BUDGET -> out.add(new Drawn("figLabelBudget", "Figure 7: probe top-1 against width at "
                    + "100, 10 and 5 % of the labels; colour = task, dash = label budget",
                    t.intColumn("k").unique().size() < 2
                            ? Plot.notDrawn("one width at this scale: Figure 7's effect is width's, which needs two; "
                            + "the table below has the measurements")
                            : numericLines(t, "width k", i -> t.intColumn("k").get(i), "task", "labels %", false)));
            case LINEAR_VS_MLP -> out.add(new Drawn("figLinearMlp", "Figure 3: linear vs MLP probe top-1 per "
                    + "network (the diagonal is no gain)", linearVsMlp(t)));
            case PROBE_SCHEDULE -> out.add(new Drawn("figSchedule", "Figure 8: final probe top-1 by the epoch of "
                    + "the SGD probe's first learning-rate decay", schedule(t)));
            case LEARNING_CURVE -> {
                out.add(new Drawn("figLearningProbe", "Learning curves: probe top-1 after each training step, "
                        + "trained (solid), the same network's untrained control (dashed) and the raw pixels "
                        + "(dotted)",
                        learningCurves(t, TOP1, "probe top-1 (%)", true)));
                out.add(new Drawn("figLearningPretext", "Learning curves: pretext accuracy on held-out images "
                        + "after each training step", learningCurves(t, "pretext acc %", "pretext accuracy (%)",
                        false)));
            }
            case PRIOR_WORK -> out.add(paperScale(t)
                    ? new Drawn("figPriorWork", "Table 2: the paper's Prev. and Ours beside the measured top-1 "
                    + "(ImageNet)", priorWork(t))
                    : new Drawn("figPriorWork", "Table 2 at this scale: the measured top-1 per task with its 95 % "
                    + "interval (the paper's ImageNet values are in the table, not on this axis)",
                    measuredPerTask(t)));
        }
        return out;
    }

    private static String label(Table t, int row, String... columns) {
        StringBuilder b = new StringBuilder();
        for (String c : columns) {
            b.append(b.length() > 0 ? " " : "").append(t.column(c).getString(row));
        }
        return b.toString();
    }

    static Plot table1Heatmap(Table t) {
        return heatmap(t, i -> t.stringColumn("architecture").get(i), x -> x, "architecture");
    }

    /**
     * Probe top-1 with a row per task and width (in the frame's order) and a column per sorted value of
     * {@code xOf}; a cell the frame does not have stays empty.
     */
    private static <T extends Comparable<T>> Plot heatmap(Table t, java.util.function.IntFunction<T> xOf,
                                                            java.util.function.Function<T, Object> xLabel,
                                                            String xTitle) {
        List<String> rows = new ArrayList<>();
        TreeSet<T> columns = new TreeSet<>();
        for (int i = 0; i < t.rowCount(); i++) {
            String row = t.stringColumn("task").get(i) + " k=" + t.intColumn("k").get(i);
            if (!rows.contains(row)) {
                rows.add(row);
            }
            columns.add(xOf.apply(i));
        }
        List<T> x = new ArrayList<>(columns);
        double[][] z = new double[rows.size()][x.size()];
        for (double[] r : z) {
            java.util.Arrays.fill(r, Double.NaN);
        }
        for (int i = 0; i < t.rowCount(); i++) {
            z[rows.indexOf(t.stringColumn("task").get(i) + " k=" + t.intColumn("k").get(i))]
                    [x.indexOf(xOf.apply(i))] = t.doubleColumn(TOP1).get(i);
        }
        long filled = java.util.Arrays.stream(z).flatMapToDouble(java.util.Arrays::stream).filter(Double::isFinite)
                .count();
        if (rows.size() < 2 || x.size() < 2 || 2 * filled < (long) rows.size() * x.size()) {
            // a line of cells, or a mostly empty grid, would colour a few numbers as if they were a landscape
            return Plot.notDrawn(rows.size() + " x " + x.size() + " grid with " + filled + " measured cell"
                    + (filled == 1 ? "" : "s") + " at this scale: too few to show as a map; the table below has them");
        }
        // the rows' labels ("relative_patch_location k=2") need more than Plotly's default 80 px on the left
        int longest = rows.stream().mapToInt(String::length).max().orElse(0);
        Layout layout = Layout.builder().title("Probe top-1 (%)").height(480)
                .margin(Margin.builder().left(Math.max(80, 7 * longest + 40)).build())
                .xAxis(Axis.builder().title(xTitle).build()).yAxis(Axis.builder().title("task, width").build())
                .build();
        // accuracies are a magnitude: a sequential scale, its range the data's, each cell labelled with its value
        FigurePatch patch = new FigurePatch();
        patch.trace(0).put("colorscale", "Viridis");
        patch.trace(0).put("colorbar", java.util.Map.of("title", "top-1 %"));
        patch.trace(0).put("texttemplate", "%{z:.1f}");
        return new Plot(new Figure(layout, HeatmapTrace.builder(x.stream().map(xLabel).toArray(), rows.toArray(), z)
                .build()), patch);
    }

    static Plot groupedBars(Table t) {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < t.rowCount(); i++) {
            cells.add(label(t, i, "task", "architecture") + " k=" + t.intColumn("k").get(i));
        }
        Object[] x = cells.toArray();
        double[] trained = t.doubleColumn(TOP1).asDoubleArray();
        double[] untrained = t.doubleColumn("untrained top-1 %").asDoubleArray();
        Trace a = BarTrace.builder(x, trained).name("trained").build();
        Trace b = BarTrace.builder(x, untrained).name("untrained control").build();
        FigurePatch patch = new FigurePatch()
                .errorBars(0, trained, t.doubleColumn("top-1 95% low").asDoubleArray(),
                        t.doubleColumn("top-1 95% high").asDoubleArray())
                .layout("xaxis.tickangle", -45).layout("xaxis.automargin", true)
                .layout("yaxis.range", new double[] {Math.floor(min(trained, untrained) - 2),
                        Math.ceil(max(trained, untrained) + 2)})
                .layout("margin.b", 40);
        return new Plot(new Figure(Layout.builder().title("Probe top-1 (%) on the test split (the axis does not "
                + "start at 0)").barMode(Layout.BarMode.GROUP).height(620).build(), a, b), patch);
    }

    private static double min(double[]... columns) {
        return java.util.Arrays.stream(columns).flatMapToDouble(java.util.Arrays::stream).filter(Double::isFinite)
                .min().orElse(0);
    }

    private static double max(double[]... columns) {
        return java.util.Arrays.stream(columns).flatMapToDouble(java.util.Arrays::stream).filter(Double::isFinite)
                .max().orElse(100);
    }

    static Plot widthSweep(Table t) {
        return heatmap(t, i -> t.intColumn("representation d").get(i), d -> d == 0 ? "none (512k)" : "d=" + d,
                "representation size");
    }

    /** The paper's name of a row's end-point: VGG's code end-points block2..block5 are its block1..block4. */
    private static String paperLayer(Table t, int row, String column) {
        return org.revisit.nets.Architecture.parse(org.revisit.nets.NetworkSpec.architectureOf(
                        t.stringColumn("architecture").get(row)))
                .paperEndPoint(t.column(column).getString(row));
    }

    interface XLabel {
        String of(Table t, int row, String column);
    }

    /**
     * One line per group of the {@code colour} and {@code dash} columns, x the categories {@code xLabel} gives in
     * the frame's order (network depth for end-points), with each point's 95 % interval.
     */
    static Plot categoricalLines(Table t, String xColumn, XLabel xLabel, String colour, String dash) {
        return groupedLines(t, xColumn, (i, c) -> xLabel.of(t, i, c), colour, dash, false);
    }

    /**
     * One line per group of the {@code colour} and {@code dash} columns, x the number {@code xOf} gives, in
     * increasing x, ticks at the measured values only (widths as integers, epochs on a log axis).
     */
    static Plot numericLines(Table t, String xTitle, java.util.function.IntToDoubleFunction xOf, String colour,
                             String dash, boolean logX) {
        Plot p = groupedLines(t, xTitle, (i, c) -> xOf.applyAsDouble(i), colour, dash, true);
        double[] ticks = java.util.stream.IntStream.range(0, t.rowCount()).mapToDouble(xOf).distinct().sorted()
                .toArray();
        p.patch().layout("xaxis.tickvals", ticks).layout("xaxis.type", logX ? "log" : "linear")
                .layout("xaxis.title", xTitle);
        return p;
    }

    interface XValue {
        Object of(int row, String column);
    }

    private static Plot groupedLines(Table t, String xColumn, XValue xOf, String colour, String dash,
                                     boolean sortByX) {
        // a line per (colour, dash) pair, in the frame's order; each key shown as the report's tables show it
        java.util.function.IntFunction<String> colourOf = i -> HtmlFormat.format(t.column(colour), i);
        java.util.function.IntFunction<String> dashOf = i -> dash == null ? ""
                : HtmlFormat.format(t.column(dash), i) + (dash.endsWith("%") ? " %" : "");
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        List<String> colours = new ArrayList<>();
        List<String> dashes = new ArrayList<>();
        for (int i = 0; i < t.rowCount(); i++) {
            String c = colourOf.apply(i);
            String d = dashOf.apply(i);
            if (!colours.contains(c)) {
                colours.add(c);
            }
            if (!dashes.contains(d)) {
                dashes.add(d);
            }
            groups.computeIfAbsent(c + (d.isEmpty() ? "" : " " + d), g -> new ArrayList<>()).add(i);
        }
        List<Trace> traces = new ArrayList<>();
        FigurePatch patch = new FigurePatch();
        groups.forEach((name, rows) -> {
            List<Integer> idx = sortByX ? rows.stream().sorted(java.util.Comparator.comparingDouble(
                    i -> ((Number) xOf.of(i, xColumn)).doubleValue())).toList() : rows;
            double[] y = idx.stream().mapToDouble(i -> t.doubleColumn(TOP1).get(i)).toArray();
            Trace trace;
            if (sortByX) {
                trace = ScatterTrace.builder(idx.stream().mapToDouble(i -> ((Number) xOf.of(i, xColumn))
                        .doubleValue()).toArray(), y).mode(ScatterTrace.Mode.LINE_AND_MARKERS).name(name).build();
            } else {
                tech.tablesaw.api.StringColumn x = tech.tablesaw.api.StringColumn.create(xColumn,
                        idx.stream().map(i -> String.valueOf(xOf.of(i, xColumn))).toList());
                trace = ScatterTrace.builder(x, tech.tablesaw.api.DoubleColumn.create(TOP1, y))
                        .mode(ScatterTrace.Mode.LINE_AND_MARKERS).name(name).build();
            }
            int n = traces.size();
            traces.add(trace);
            int first = idx.get(0);
            patch.line(n, FigurePatch.COLOURS.get(colours.indexOf(colourOf.apply(first)) % FigurePatch.COLOURS.size()),
                    FigurePatch.DASHES.get(dashes.indexOf(dashOf.apply(first)) % FigurePatch.DASHES.size()));
            patch.errorBars(n, y, idx.stream().mapToDouble(i -> t.doubleColumn("top-1 95% low").get(i)).toArray(),
                    idx.stream().mapToDouble(i -> t.doubleColumn("top-1 95% high").get(i)).toArray());
        });
        return new Plot(new Figure(layout("", xColumn, "probe top-1 (%)"), traces.toArray(Trace[]::new)), patch);
    }

    /** Figure 8: the SGD probes by the epoch of their first decay ("sgd(120)"), one line per network. */
    static Plot schedule(Table t) {
        Table sgd = t.where(t.stringColumn("probe").startsWith("sgd("));
        return numericLines(sgd, "first decay of the probe's learning rate (epoch, log scale)",
                i -> Double.parseDouble(sgd.stringColumn("probe").get(i).replaceAll("[^0-9.]", "")),
                "task", "architecture", true);
    }

    static boolean paperScale(Table t) {
        return t.containsColumn("scale") && t.rowCount() > 0
                && t.stringColumn("scale").get(0).equals(org.revisit.study.Scale.PAPER.id());
    }

    /** Below the paper scale Table 2's chart: the measured top-1 per task, alone on its axis. */
    static Plot measuredPerTask(Table t) {
        Object[] x = t.stringColumn("task").asObjectArray();
        double[] y = t.doubleColumn(TOP1).asDoubleArray();
        FigurePatch patch = new FigurePatch().errorBars(0, y, t.doubleColumn("top-1 95% low").asDoubleArray(),
                t.doubleColumn("top-1 95% high").asDoubleArray())
                .layout("yaxis.range", new double[] {Math.floor(min(y) - 3), Math.ceil(max(y) + 2)});
        return new Plot(new Figure(Layout.builder().title("Probe top-1 (%) at this scale").height(420).build(),
                BarTrace.builder(x, y).name("measured (this scale)").build()), patch);
    }

    /**
     * One line per task of {@code yColumn} against the training step, in step order; with {@code control}, each
     * task's untrained control as a dashed line over the same steps.
     */
    static Plot learningCurves(Table t, String yColumn, String yTitle, boolean control) {
        Map<String, List<Integer>> byTask = new LinkedHashMap<>();
        for (int i = 0; i < t.rowCount(); i++) {
            byTask.computeIfAbsent(t.stringColumn("task").get(i) + " " + t.stringColumn("architecture").get(i),
                    g -> new ArrayList<>()).add(i);
        }
        List<Trace> traces = new ArrayList<>();
        FigurePatch patch = new FigurePatch();
        List<String> names = new ArrayList<>(byTask.keySet());
        byTask.forEach((name, idx) -> {
            String colour = FigurePatch.COLOURS.get(names.indexOf(name) % FigurePatch.COLOURS.size());
            List<Integer> rows = idx.stream().sorted(java.util.Comparator.comparingInt(
                    i -> t.intColumn(STEP).get(i))).toList();
            double[] x = rows.stream().mapToDouble(i -> t.intColumn(STEP).get(i)).toArray();
            patch.line(traces.size(), colour, "solid");
            traces.add(ScatterTrace.builder(x, rows.stream().mapToDouble(i -> t.doubleColumn(yColumn).get(i))
                    .toArray()).mode(ScatterTrace.Mode.LINE_AND_MARKERS).name(name).build());
            if (control) {
                patch.line(traces.size(), colour, "dash");
                traces.add(ScatterTrace.builder(x, rows.stream().mapToDouble(
                                i -> t.doubleColumn("untrained top-1 %").get(i)).toArray())
                        .mode(ScatterTrace.Mode.LINE).name(name + " untrained")
                        .line(Line.builder().dash(Line.Dash.DASH).build()).build());
                if (t.containsColumn(ResultTables.PIXELS)
                        && rows.stream().noneMatch(i -> t.doubleColumn(ResultTables.PIXELS).isMissing(i))) {
                    patch.line(traces.size(), colour, "dot");
                    traces.add(ScatterTrace.builder(x, rows.stream().mapToDouble(
                                    i -> t.doubleColumn(ResultTables.PIXELS).get(i)).toArray())
                            .mode(ScatterTrace.Mode.LINE).name(name + " raw pixels")
                            .line(Line.builder().dash(Line.Dash.DOT).build()).build());
                }
            }
        });
        return new Plot(new Figure(layout("", "training step", yTitle), traces.toArray(Trace[]::new)), patch);
    }

    static Figure pretextScatter(Table t) {
        Map<String, List<Integer>> byArch = new LinkedHashMap<>();
        Map<String, List<Integer>> byTask = new LinkedHashMap<>();
        for (int i = 0; i < t.rowCount(); i++) {
            byArch.computeIfAbsent(t.stringColumn("architecture").get(i), a -> new ArrayList<>()).add(i);
            byTask.computeIfAbsent(t.stringColumn("task").get(i), a -> new ArrayList<>()).add(i);
        }
        List<Trace> traces = new ArrayList<>();
        byArch.forEach((arch, idx) -> traces.add(ScatterTrace.builder(
                        idx.stream().mapToDouble(i -> t.doubleColumn("pretext acc %").get(i)).toArray(),
                        idx.stream().mapToDouble(i -> t.doubleColumn(TOP1).get(i)).toArray())
                .mode(ScatterTrace.Mode.MARKERS).name(arch)
                .text(idx.stream().map(i -> label(t, i, "task") + " k=" + t.intColumn("k").get(i)
                        + " d=" + t.intColumn("representation d").get(i)).toArray(String[]::new)).build()));
        byTask.forEach((task, idx) -> {
            double[] x = idx.stream().mapToDouble(i -> t.doubleColumn("pretext acc %").get(i)).toArray();
            double[] y = idx.stream().mapToDouble(i -> t.doubleColumn(TOP1).get(i)).toArray();
            if (x.length >= 2) {
                double[] fit = Stats.fitLine(x, y);
                double lo = java.util.Arrays.stream(x).min().orElseThrow();
                double hi = java.util.Arrays.stream(x).max().orElseThrow();
                if (Double.isFinite(fit[0])) {
                    traces.add(ScatterTrace.builder(new double[] {lo, hi},
                                    new double[] {fit[1] + fit[0] * lo, fit[1] + fit[0] * hi})
                            .mode(ScatterTrace.Mode.LINE).name(task + " fit")
                            .line(Line.builder().dash(Line.Dash.DASH).build()).build());
                }
            }
        });
        return new Figure(layout("", "pretext accuracy (%)", "probe top-1 (%)"), traces.toArray(Trace[]::new));
    }

    static Figure linearVsMlp(Table t) {
        Map<String, Double> linear = new LinkedHashMap<>();
        Map<String, Double> mlp = new LinkedHashMap<>();
        for (int i = 0; i < t.rowCount(); i++) {
            String net = label(t, i, "task", "architecture") + " k=" + t.intColumn("k").get(i);
            (t.stringColumn("probe").get(i).startsWith("mlp") ? mlp : linear).put(net, t.doubleColumn(TOP1).get(i));
        }
        List<String> nets = linear.keySet().stream().filter(mlp::containsKey).toList();
        double[] x = nets.stream().mapToDouble(linear::get).toArray();
        double[] y = nets.stream().mapToDouble(mlp::get).toArray();
        double lo = Math.min(java.util.Arrays.stream(x).min().orElse(0), java.util.Arrays.stream(y).min().orElse(0));
        double hi = Math.max(java.util.Arrays.stream(x).max().orElse(100), java.util.Arrays.stream(y).max()
                .orElse(100));
        Trace points = ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.MARKERS).name("networks")
                .text(nets.toArray(String[]::new)).build();
        Trace diagonal = ScatterTrace.builder(new double[] {lo, hi}, new double[] {lo, hi})
                .mode(ScatterTrace.Mode.LINE).name("no gain").line(Line.builder().dash(Line.Dash.DASH).build())
                .build();
        return new Figure(layout("", "linear probe top-1 (%)", "MLP probe top-1 (%)"), points, diagonal);
    }

    static Figure priorWork(Table t) {
        List<String> tasks = new ArrayList<>();
        List<Double> measured = new ArrayList<>();
        List<Double> prev = new ArrayList<>();
        List<Double> ours = new ArrayList<>();
        for (int i = 0; i < t.rowCount(); i++) {
            String task = t.stringColumn("task").get(i);
            tasks.add(task);
            measured.add(t.doubleColumn(TOP1).get(i));
            var p = PaperValues.priorWork(task);
            prev.add(p.map(PaperValues.PriorWork::previous).orElse(Double.NaN));
            ours.add(p.map(PaperValues.PriorWork::ours).orElse(Double.NaN));
        }
        Object[] x = tasks.toArray();
        return new Figure(Layout.builder().title("Top-1 (%)").barMode(Layout.BarMode.GROUP).build(),
                BarTrace.builder(x, prev.stream().mapToDouble(Double::doubleValue).toArray())
                        .name("paper: Prev. (ImageNet)").build(),
                BarTrace.builder(x, ours.stream().mapToDouble(Double::doubleValue).toArray())
                        .name("paper: Ours (ImageNet)").build(),
                BarTrace.builder(x, measured.stream().mapToDouble(Double::doubleValue).toArray())
                        .name("measured (this scale)").build());
    }

    private static Layout layout(String title, String x, String y) {
        return Layout.builder().title(title).height(480).xAxis(Axis.builder().title(x).build())
                .yAxis(Axis.builder().title(y).build()).build();
    }
}
