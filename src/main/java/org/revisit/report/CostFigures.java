package org.revisit.report;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.api.LinePlot;
import tech.tablesaw.plotly.api.VerticalBarPlot;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;

import java.util.ArrayList;
import java.util.List;

/** The cost section's figures. */
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

    /** The batch curve: training inputs/s against the batch, a line per network and framework. */
    static StudyFigures.Drawn batchCurve(Table t) {
        StringColumn series = StringColumn.create("series");
        DoubleColumn batch = DoubleColumn.create("batch (inputs)");
        DoubleColumn train = DoubleColumn.create("train in/s");
        for (int i = 0; i < t.rowCount(); i++) {
            double v = t.doubleColumn("train in/s").get(i);
            if (Double.isNaN(v)) {
                continue;
            }
            series.append(t.stringColumn("network").get(i) + ", " + t.stringColumn("framework").get(i));
            batch.append(t.intColumn("batch").get(i));
            train.append(v);
        }
        Table plot = Table.create("plot", series, batch, train).sortAscendingOn("series", "batch (inputs)");
        return new StudyFigures.Drawn("figBatchCurve", "Training inputs/s against the batch, DL4J and PyTorch",
                LinePlot.create("Training step, inputs/s by batch (higher is better)", plot, "batch (inputs)",
                        "train in/s", "series"),
                new FigurePatch().layout("xaxis.type", "log").layout("height", 520));
    }
}
