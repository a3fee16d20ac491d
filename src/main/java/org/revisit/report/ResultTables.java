package org.revisit.report;

import org.revisit.probe.WilsonInterval;
import org.revisit.study.CellResult;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;

/** Result records to Tablesaw frames: one frame per table of the study. */
public final class ResultTables {
    private ResultTables() {
    }

    /** Table 1 (architecture comparison): one row per cell, beside the paper's value for the same cell. */
    public static Table architectureComparison(List<CellResult> results, PaperValues paper) {
        Table t = Table.create("architecture_comparison");
        StringColumn task = StringColumn.create("task");
        StringColumn arch = StringColumn.create("architecture");
        IntColumn k = IntColumn.create("k");
        IntColumn paperK = IntColumn.create("paper k");
        DoubleColumn pretext = DoubleColumn.create("pretext acc %");
        DoubleColumn top1 = DoubleColumn.create("probe top-1 %");
        DoubleColumn low = DoubleColumn.create("top-1 95% low");
        DoubleColumn high = DoubleColumn.create("top-1 95% high");
        DoubleColumn untrained = DoubleColumn.create("untrained top-1 %");
        DoubleColumn paperTop1 = DoubleColumn.create("paper top-1 %");
        BooleanColumn verified = BooleanColumn.create("paper verified");
        StringColumn depth = StringColumn.create("depth");
        DoubleColumn gflops = DoubleColumn.create("GFLOPs/input");
        DoubleColumn params = DoubleColumn.create("params M");
        DoubleColumn trainRate = DoubleColumn.create("train img/s");
        DoubleColumn trainSeconds = DoubleColumn.create("train s");
        DoubleColumn wall = DoubleColumn.create("cell wall s");
        StringColumn scale = StringColumn.create("scale");
        StringColumn seed = StringColumn.create("seed");
        StringColumn key = StringColumn.create("cell key");
        for (CellResult r : results) {
            if (!"architecture_comparison".equals(r.benchmark())) {
                continue;
            }
            task.append(r.task());
            arch.append(r.architecture());
            k.append(r.width());
            paperK.append(r.paperWidth());
            pretext.append(percent(r.metrics().pretextAccuracy()));
            top1.append(percent(r.metrics().probeTop1()));
            WilsonInterval ci = interval(r.metrics().probeTop1(), r.metrics().testImages());
            low.append(percent(ci.low()));
            high.append(percent(ci.high()));
            untrained.append(percent(r.metrics().probeTop1Untrained()));
            var p = paper.table1(r.task(), r.architecture(), r.paperWidth());
            if (p.isPresent()) {
                paperTop1.append(p.get().top1());
                verified.append(p.get().verified());
            } else {
                paperTop1.appendMissing();
                verified.appendMissing();
            }
            depth.append(r.depth());
            gflops.append(2.0 * r.metrics().multiplyAdds() / 1e9);
            params.append(r.metrics().parameters() / 1e6);
            trainRate.append(r.timings().trainImagesPerSecond());
            trainSeconds.append(r.timings().trainSeconds());
            wall.append(r.timings().wallSeconds());
            scale.append(r.scale());
            seed.append(Long.toString(r.seed()));
            key.append(r.cellKey());
        }
        return t.addColumns(task, arch, k, paperK, pretext, top1, low, high, untrained, paperTop1, verified, depth, params, gflops,
                trainRate,
                trainSeconds, wall, scale, seed, key);
    }

    /** The 95 % Wilson interval of an accuracy measured on {@code n} test images. */
    static WilsonInterval interval(double accuracy, int n) {
        return WilsonInterval.of95(Math.round(accuracy * n), n);
    }

    /** A fraction as a percentage with two decimals (0.50449999 -> 50.45), so the CSV shows what the HTML shows. */
    static double percent(double fraction) {
        return Math.round(fraction * 10_000) / 100.0;
    }
}
