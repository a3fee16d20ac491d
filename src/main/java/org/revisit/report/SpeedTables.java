package org.revisit.report;

import org.revisit.cost.DecodeThroughputRun;
import org.revisit.cost.NetworkThroughput;
import org.revisit.cost.ProbeThroughputRun;
import org.revisit.cost.ThroughputRun;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;

/** The speed measurements as Tablesaw frames: networks in DL4J and PyTorch, the probes, JPEG decoding. */
public final class SpeedTables {
    private SpeedTables() {
    }

    /**
     * One row per network and framework (DL4J first, then its peers from the same run): inputs/s and achieved
     * GFLOP/s for a training step and inference, the fraction of the same run's GEMM peak, extraction images/s,
     * peak memory, and DL4J's speed divided by the peer's.
     */
    public static Table throughput(String name, List<ThroughputRun> runs) {
        Table t = Table.create(name);
        StringColumn network = StringColumn.create("network");
        StringColumn geometry = StringColumn.create("geometry");
        IntColumn batch = IntColumn.create("batch");
        StringColumn framework = StringColumn.create("framework");
        StringColumn layout = StringColumn.create("layout");
        IntColumn threads = IntColumn.create("threads");
        DoubleColumn params = DoubleColumn.create("params M");
        DoubleColumn gflops = DoubleColumn.create("GFLOPs/input");
        DoubleColumn train = DoubleColumn.create("train in/s");
        DoubleColumn trainGflops = DoubleColumn.create("train GFLOP/s");
        DoubleColumn trainPeak = DoubleColumn.create("train % of GEMM peak");
        DoubleColumn infer = DoubleColumn.create("infer in/s");
        DoubleColumn inferGflops = DoubleColumn.create("infer GFLOP/s");
        DoubleColumn inferPeak = DoubleColumn.create("infer % of GEMM peak");
        DoubleColumn extract = DoubleColumn.create("extraction img/s");
        DoubleColumn rss = DoubleColumn.create("peak RSS MB");
        DoubleColumn heap = DoubleColumn.create("peak heap MB");
        DoubleColumn ratioTrain = DoubleColumn.create("DL4J/this train");
        DoubleColumn ratioInfer = DoubleColumn.create("DL4J/this infer");
        DoubleColumn peak = DoubleColumn.create("GEMM peak GFLOP/s");
        StringColumn note = StringColumn.create("note");
        for (ThroughputRun run : runs) {
            List<NetworkThroughput> rows = new ArrayList<>();
            rows.add(run.dl4j());
            rows.addAll(run.peers());
            NetworkThroughput d = run.dl4j();
            double gemm = run.gemm().medianGflops();
            for (NetworkThroughput r : rows) {
                network.append(r.network());
                geometry.append(r.geometry());
                batch.append(r.batch());
                framework.append(r.framework());
                layout.append(r.layout());
                threads.append(r.threads());
                boolean ok = r.measured();
                params.append(ok ? r.parameters() / 1e6 : Double.NaN);
                gflops.append(ok ? r.forwardGflopsPerInput() : Double.NaN);
                train.append(ok ? r.trainInputsPerSecond() : Double.NaN);
                trainGflops.append(ok ? r.trainGflops() : Double.NaN);
                trainPeak.append(ok ? 100 * r.trainGflops() / gemm : Double.NaN);
                infer.append(ok ? r.inferInputsPerSecond() : Double.NaN);
                inferGflops.append(ok ? r.inferGflops() : Double.NaN);
                inferPeak.append(ok ? 100 * r.inferGflops() / gemm : Double.NaN);
                extract.append(r.extractInputsPerSecond());
                rss.append(r.peakResidentBytes() > 0 ? r.peakResidentBytes() / 1048576.0 : Double.NaN);
                heap.append(r.peakHeapBytes() > 0 ? r.peakHeapBytes() / 1048576.0 : Double.NaN);
                boolean peer = r != d && ok;
                ratioTrain.append(peer ? d.trainInputsPerSecond() / r.trainInputsPerSecond() : Double.NaN);
                ratioInfer.append(peer ? d.inferInputsPerSecond() / r.inferInputsPerSecond() : Double.NaN);
                peak.append(gemm);
                note.append(ok ? "" : "not measured: " + r.error());
            }
        }
        return t.addColumns(network, geometry, batch, framework, layout, threads, params, gflops, train, trainGflops,
                trainPeak, infer, inferGflops, inferPeak, extract, rss, heap, ratioTrain, ratioInfer, peak, note);
    }

    /** Images/s from JPEG files to network input, by operation and threads. */
    public static Table decode(List<DecodeThroughputRun> runs) {
        Table t = Table.create(CostTables.DECODE);
        StringColumn op = StringColumn.create("operation");
        IntColumn threads = IntColumn.create("threads");
        IntColumn images = IntColumn.create("images");
        DoubleColumn rate = DoubleColumn.create("images/s");
        DoubleColumn mbs = DoubleColumn.create("MB/s");
        DoubleColumn kb = DoubleColumn.create("mean file kB");
        DoubleColumn mp = DoubleColumn.create("mean megapixels");
        for (var run : runs) {
            var d = run.decode();
            op.append(d.operation());
            threads.append(d.threads());
            images.append(d.images());
            rate.append(d.imagesPerSecond());
            mbs.append(d.megabytesPerSecond());
            kb.append(d.meanFileKilobytes());
            mp.append(d.meanMegapixels());
        }
        return t.addColumns(op, threads, images, rate, mbs, kb, mp).sortOn("operation", "threads");
    }

    /** Each probe's cost at the scale's feature sizes. */
    public static Table probeCost(List<ProbeThroughputRun> runs) {
        Table t = Table.create(CostTables.PROBE_COST);
        StringColumn probe = StringColumn.create("probe");
        IntColumn train = IntColumn.create("train examples");
        IntColumn val = IntColumn.create("val examples");
        IntColumn features = IntColumn.create("features");
        IntColumn classes = IntColumn.create("classes");
        IntColumn iterations = IntColumn.create("iterations or steps");
        DoubleColumn seconds = DoubleColumn.create("seconds");
        DoubleColumn rate = DoubleColumn.create("examples/s");
        DoubleColumn rss = DoubleColumn.create("peak RSS MB");
        for (ProbeThroughputRun run : runs) {
            var p = run.probe();
            probe.append(p.probe());
            train.append(p.trainExamples());
            val.append(p.valExamples());
            features.append(p.features());
            classes.append(p.classes());
            iterations.append(p.iterations());
            seconds.append(p.seconds());
            rate.append(p.examplesPerSecond());
            rss.append(p.peakResidentBytes() > 0 ? p.peakResidentBytes() / 1048576.0 : Double.NaN);
        }
        return t.addColumns(probe, train, val, features, classes, iterations, seconds, rate, rss);
    }
}
