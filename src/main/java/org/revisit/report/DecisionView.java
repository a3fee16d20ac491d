package org.revisit.report;

import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.util.ArrayList;
import java.util.List;

/**
 * A study table as a reader decides from it: what identifies a row (task, architecture, width, and whichever of
 * representation size, end-point, probe, label budget and training step vary in the table), then top-1 with its
 * 95 % interval, the same network's untrained control, the gain over it with its interval (* when the interval is
 * above zero), where the table has them the raw pixels, the paired difference from them (* likewise), the supervised
 * ceiling and the share of the gap to it training closed, a failed run's reason, and the paper's value. The CSV and
 * the folded full table keep every column.
 */
final class DecisionView {
    static final List<String> IDENTITY = List.of("task", "architecture", "k");
    static final List<String> VARYING = List.of("representation d", "end-point", "probe", "labels %",
            ResultTables.STEP);

    /** The columns other wide tables lead with; the rest is folded away with the study tables' configuration. */
    static final java.util.Map<String, List<String>> LEAD = java.util.Map.of(
            CostTables.THROUGHPUT, List.of("network", "geometry", "batch", "framework", "train in/s",
                    "train % of GEMM peak", "DL4J/this train", "infer in/s", "DL4J/this infer"),
            CostTables.BATCH_CURVE, List.of("network", "batch", "framework", "layout", "train in/s",
                    "train % of GEMM peak", "DL4J/this train", "peak RSS MB"),
            CostTables.PARITY, List.of("task", "network", "steps", "DL4J top-1", "DL4J gain (pts)", "twin top-1",
                    "twin gain (pts)", "gain difference (pts)", "DL4J learns as the twin"));

    private DecisionView() {
    }

    /**
     * The table {@code name} as it leads in the report: a study table's decision columns ({@link #of}), a wide
     * table's leading columns ({@link #LEAD}, those of them it has); empty for a table shown whole.
     */
    static java.util.Optional<Table> view(String name, Table t) {
        if (applies(t)) {
            return java.util.Optional.of(of(t));
        }
        return java.util.Optional.ofNullable(LEAD.get(name))
                .map(lead -> t.selectColumns(lead.stream().filter(t::containsColumn).toArray(String[]::new)));
    }

    /** Whether {@code t} is a study table (a row per cell with its top-1 and control). */
    static boolean applies(Table t) {
        return t.containsColumn(StudyFigures.TOP1) && t.containsColumn("untrained top-1 %")
                && t.containsColumn("task");
    }

    static Table of(Table t) {
        Table view = Table.create(t.name());
        for (String c : IDENTITY) {
            view.addColumns(text(t, c, c));
        }
        for (String c : VARYING) {
            if (t.containsColumn(c) && t.column(c).countUnique() > 1) {
                view.addColumns(text(t, c, c));
            }
        }
        StringColumn top1 = StringColumn.create("top-1 % [95 % CI]");
        StringColumn control = StringColumn.create("untrained %");
        StringColumn gain = StringColumn.create("gain, pts [95 % CI]");
        for (int r = 0; r < t.rowCount(); r++) {
            top1.append(withInterval(t, r, StudyFigures.TOP1, "top-1 95% low", "top-1 95% high", "%.1f"));
            control.append(t.doubleColumn("untrained top-1 %").isMissing(r) ? "–"
                    : String.format("%.1f", t.doubleColumn("untrained top-1 %").get(r)));
            String g = withInterval(t, r, "gain over control (pts)", "gain 95% low", "gain 95% high", "%+.1f");
            boolean above = !t.doubleColumn("gain 95% low").isMissing(r) && t.doubleColumn("gain 95% low").get(r) > 0;
            gain.append(g + (above ? " *" : ""));
        }
        view.addColumns(top1, control, gain);
        if (any(t, ResultTables.PIXELS)) {
            StringColumn pixels = StringColumn.create("pixels %");
            StringColumn over = StringColumn.create("over pixels, pts [95 % CI]");
            for (int r = 0; r < t.rowCount(); r++) {
                pixels.append(t.doubleColumn(ResultTables.PIXELS).isMissing(r) ? "–"
                        : String.format("%.1f", t.doubleColumn(ResultTables.PIXELS).get(r)));
                String o = withInterval(t, r, ResultTables.OVER_PIXELS, "over pixels 95% low",
                        "over pixels 95% high", "%+.1f");
                boolean above = !t.doubleColumn("over pixels 95% low").isMissing(r)
                        && t.doubleColumn("over pixels 95% low").get(r) > 0;
                over.append(o + (above ? " *" : ""));
            }
            view.addColumns(pixels, over);
        }
        if (any(t, ResultTables.SUPERVISED)) {
            view.addColumns(text(t, ResultTables.SUPERVISED, "supervised %"),
                    text(t, ResultTables.GAP_CLOSED, "gap closed %"));
        }
        if (t.containsColumn(ResultTables.FAILED_RUN)
                && t.stringColumn(ResultTables.FAILED_RUN).asList().stream().anyMatch(s -> !s.isEmpty())) {
            view.addColumns(text(t, ResultTables.FAILED_RUN, "failed run"));
        }
        if (t.containsColumn("paper top-1 %") && t.doubleColumn("paper top-1 %").countMissing() < t.rowCount()) {
            StringColumn paper = text(t, "paper top-1 %", "paper %");
            for (int r = 0; r < t.rowCount(); r++) {
                if (!paper.get(r).equals("–") && t.containsColumn("paper verified")
                        && Boolean.FALSE.equals(t.booleanColumn("paper verified").get(r))) {
                    paper.set(r, paper.get(r) + " (unverified)");
                }
            }
            view.addColumns(paper);
        }
        return view;
    }

    /** Whether the table has the numeric column {@code name} with a value in some row. */
    private static boolean any(Table t, String name) {
        return t.containsColumn(name) && t.doubleColumn(name).countMissing() < t.rowCount();
    }

    private static String withInterval(Table t, int r, String value, String low, String high, String format) {
        if (t.doubleColumn(value).isMissing(r)) {
            return "–";
        }
        String v = String.format(format, t.doubleColumn(value).get(r));
        if (t.doubleColumn(low).isMissing(r)) {
            return v;
        }
        return v + " [" + String.format(format, t.doubleColumn(low).get(r)) + ", "
                + String.format(format, t.doubleColumn(high).get(r)) + "]";
    }

    private static StringColumn text(Table t, String column, String name) {
        Column<?> c = t.column(column);
        List<String> values = new ArrayList<>();
        for (int r = 0; r < t.rowCount(); r++) {
            values.add(HtmlFormat.format(c, r));
        }
        return StringColumn.create(name, values);
    }
}
