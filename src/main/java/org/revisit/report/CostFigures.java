package org.revisit.report;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.api.VerticalBarPlot;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;

import java.util.ArrayList;
import java.util.List;

/** The cost section's figure. */
final class CostFigures {
    private CostFigures() {
    }

    /** The throughput table's figure; its id has letters and digits only (tablesaw-jsplot's variable names). */
    static StudyFigures.Drawn throughput(Table t) {
        return new StudyFigures.Drawn("figThroughput",
                "Training throughput: DL4J and PyTorch on the same cores (achieved GFLOP/s)", throughputFigure(t),
                new FigurePatch().layout("xaxis.automargin", true).layout("xaxis.tickangle", -30)
                        .layout("height", 560));
    }

    /**
     * Achieved training GFLOP/s per network, one bar per framework (wide format: a column per framework). GFLOP/s, not
     * inputs/s, so the 28 px and 224 px networks (600 against 2 inputs/s) share one axis.
     */
    private static Figure throughputFigure(Table t) {
        List<String> frameworks = t.stringColumn("framework").unique().asList();
        List<String> networks = new ArrayList<>();
        for (int i = 0; i < t.rowCount(); i++) {
            String n = t.stringColumn("network").get(i) + " " + t.stringColumn("geometry").get(i);
            if (!networks.contains(n)) {
                networks.add(n);
            }
        }
        Table plot = Table.create("plot", StringColumn.create("network", networks));
        for (String f : frameworks) {
            DoubleColumn c = DoubleColumn.create(f + " GFLOP/s", networks.size());
            for (int i = 0; i < t.rowCount(); i++) {
                if (t.stringColumn("framework").get(i).equals(f)) {
                    int row = networks.indexOf(t.stringColumn("network").get(i) + " " + t.stringColumn("geometry")
                            .get(i));
                    c.set(row, t.doubleColumn("train GFLOP/s").get(i));
                }
            }
            plot.addColumns(c);
        }
        String[] columns = frameworks.stream().map(f -> f + " GFLOP/s").toArray(String[]::new);
        return VerticalBarPlot.create("Training step, achieved GFLOP/s (higher is better)", plot, "network",
                Layout.BarMode.GROUP, columns);
    }
}
