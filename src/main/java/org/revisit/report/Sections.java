package org.revisit.report;

import org.revisit.paper.Fidelity;
import org.revisit.plan.StudyTable;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's sections in the order they are shown: failed cells (when there are any), one per study table with its
 * paper values and figures, tables of benchmarks this version no longer declares, then the cost and parity tables.
 * Every heading and explanation is written here, once.
 */
final class Sections {
    private Sections() {
    }

    private record Text(String title, String html) {
    }

    /** The cost and learning-parity sections' headings and explanations, in the report's order. */
    private static final Map<String, Text> COST = costTexts();

    static List<Section> of(Report report) {
        Map<String, Table> tables = report.tables();
        List<Section> out = new ArrayList<>();
        if (tables.containsKey(Report.FAILED_CELLS)) {
            out.add(Section.of(Report.FAILED_CELLS, "Failed cells", FAILED));
        }
        for (StudyTable st : StudyTable.values()) {
            if (st == StudyTable.BASELINES && tables.containsKey(Report.PIXEL_BASELINES)) {
                out.add(Section.of(Report.PIXEL_BASELINES, "Baselines: the raw pixels", PIXELS));
            }
            String paperTable = st == StudyTable.ARCHITECTURE_COMPARISON ? Report.PAPER_TABLE1
                    : st == StudyTable.PRIOR_WORK ? Report.PAPER_TABLE2 : null;
            out.add(new Section(st.id(), st.paperRef() + ": " + st.title(), "<p>" + escape(st.description())
                    + "</p>", st.paperSays(), paperTable, StudyFigures.of(st, tables.get(st.id())),
                    st == StudyTable.ARCHITECTURE_COMPARISON ? TABLE1_COLUMNS : null));
        }
        if (tables.containsKey(Report.TUNING)) {
            out.add(Section.of(Report.TUNING, "How the small scale was tuned", TUNING));
        }
        out.add(Section.of(Report.FIDELITY, "Fidelity: every paper-scale setting against the official code",
                fidelityText(Fidelity.rows())));
        for (String name : report.undeclaredBenchmarks()) {
            out.add(Section.of(name, name, "<p>Results of a benchmark this version does not declare.</p>"));
        }
        for (Map.Entry<String, Text> e : COST.entrySet()) {
            Table t = tables.get(e.getKey());
            if (t != null) {
                List<StudyFigures.Drawn> figures = switch (e.getKey()) {
                    case CostTables.THROUGHPUT -> List.of(CostFigures.throughput(t));
                    case CostTables.BATCH_CURVE -> List.of(CostFigures.batchCurve(t));
                    default -> List.of();
                };
                out.add(new Section(e.getKey(), e.getValue().title(), e.getValue().html(), null, null, figures,
                        null));
            }
        }
        return out;
    }

    private static String fidelityText(List<Fidelity.Row> rows) {
        return "<p>Each setting of the paper scale as the released code sets it (google/revisiting-self-supervised, "
                + "TF1, commit b530e3b; file and lines), the paper's text where it differs, and what Revisit does: "
                + "<b>match</b> as the code, <b>paper</b> as the paper's text where the two differ, "
                + "<b>deviation</b> neither, with the reason. " + rows.size() + " settings: "
                + Fidelity.count(rows, Fidelity.Status.MATCH) + " match, "
                + Fidelity.count(rows, Fidelity.Status.PAPER) + " paper, "
                + Fidelity.count(rows, Fidelity.Status.DEVIATION)
                + (Fidelity.count(rows, Fidelity.Status.DEVIATION) == 1 ? " deviation" : " deviations") + ". The rows are one checked-in file (<code>src/main/resources/org/revisit/paper/"
                + "fidelity.tsv</code>); docs/fidelity.md's table is generated from it.</p>";
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final String FAILED = """
            <p>These cells stopped without a result because their numbers would be meaningless: the pretext loss\
             or the probe's scores stopped being finite. They are missing from the tables below and from the \
            claims' statistics. A re-run does not repeat them unless run with \
            <code>-Drevisit.retryFailed=true</code>.</p>""";

    private static final String PIXELS = """
            <p>The scale's L-BFGS probe on the images themselves, as they enter the networks (the evaluation's             central crop, no network), on the same probe splits and test images as every cell. Features that do             not beat it are no learned representation: each study table reads its networks against it ("over             pixels": top-1 minus the pixels', paired image by image over the test images, * when the 95&nbsp;%             interval is above zero). Exemplar's networks are compared with the images standardised per image,             their probe input below the paper scale; the others with the images scaled to [-1,&nbsp;1].</p>""";

    private static final String TUNING = """
            <p>Below the paper scale a network trains for a few hundred steps, where the paper's rule (peak rate \
            0.1&nbsp;&times;&nbsp;batch/256, 5 of 35 epochs of warm-up, decays at 15 and 25) leaves it no better \
            than its untrained weights. The recipe of the smoke and small scales was chosen by these sweeps \
            (<code>RecipeSweep</code>): one task on one small network (ResNet50 v2 <i>k</i>&nbsp;=&nbsp;1; \
            VGG19-BN and RevNet50 to check the choice) trained under each recipe from the same initial weights and \
            probed as the small study probes (L-BFGS on 8,000 / 2,000 / 4,000 Fashion-MNIST images), beside its \
            untrained control; "gain" is top-1 minus the control in points with Newcombe's 95&nbsp;% interval. \
            "paper" is the paper's schedule shape compressed into the run, "constant" the peak rate from the first \
            step, "late" constant then &times;0.1 for the last quarter; "distinct images" below \
            steps&nbsp;&times;&nbsp;batch are seen more than once. The rows are one checked-in file \
            (<code>src/main/resources/org/revisit/study/small-recipe-sweep.tsv</code>); every result records the \
            recipe it was trained with (its training configuration).</p>""";

    private static final String TABLE1_COLUMNS = """
            <p class="muted">Linear probe (multinomial logistic regression by L-BFGS, L2 penalty chosen on the \
            own validation split, refit on train&nbsp;+&nbsp;validation) on the frozen pre-logits, top-1 on the \
            test split.
            "top-1 95% low / high" is the 95&nbsp;% Wilson interval over the test images; "untrained top-1" is \
            the same probe on the network's weights before pretext training (the control), and "gain over \
            control" what training added, top-1 minus the control in points, with its 95&nbsp;% interval (a gain \
            whose interval includes 0 is not one). "gain interval" says how: "paired" compares the two probes \
            image by image over the same test images (Bonett and Price's interval over the images only one of \
            them got right; the cell stored which images each got right), "unpaired" is Newcombe's from the two \
            Wilson intervals, which treats them as independent and is wider (results stored before the hits were);
            "pretext acc" is the task's own metric on held-out images (for Exemplar: how often an embedding's \
            nearest other embedding is a copy of the same image); "pixels" is the same probe on the raw pixels \
            (the baselines' section) and "over pixels" the network's top-1 minus it, paired image by image \
            (* when its 95&nbsp;% interval is above zero: the features beat their input); "supervised" is the \
            same architecture and width trained on the labels (the ceiling) and "gap closed" the share of the gap \
            from the untrained weights to that ceiling training closed; "failed run" says why a run failed (its \
            pretext accuracy stayed near chance, or its probe is significantly below its untrained weights): it \
            is kept in the table, retried, and left out of the claims; "paper top-1" is the paper's value for the \
            same task, architecture and paper width.</p>""";

    private static Map<String, Text> costTexts() {
        Map<String, Text> m = new LinkedHashMap<>();
        m.put(CostTables.COST_PER_TABLE, new Text("Cost: each table of the study",
                """
                <p>Wall time of the stored cells, per table: training (networks this run trained), feature \
                extraction and probes; a row shared with an earlier table is counted there, once. CPU-hours are wall\
                 time times the cores the run had (this machine has no GPU).</p>"""));
        m.put(Report.ACROSS_SEEDS, new Text("Across seeds",
                """
                <p>Cells run with more than one seed: the mean top-1 over seeds and its spread (sample standard \
                deviation, minimum, maximum). The seed changes the network's initialisation, the pretext sampling \
                and the label subsets.</p>"""));
        m.put(CostTables.COST_MODEL, new Text("Cost: expected duration of the study",
                """
                <p>The cost model's forecast, printed and stored when the last run started \
                (<code>results/study_plan.json</code>): for every cell of the benchmark classes in that run, what \
                the scale costs from scratch on this machine and what that run had left with its caches (trained \
                networks, extracted features, stored cells), beside the wall time the stored cells took.
                Training is forecast from, most specific first, the cached network's own training record, a stored \
                cell of the same task and network, the throughput benchmark's rate for the same network, or the \
                network's training FLOPs at the median GFLOP/s measured here; features and probes likewise \
                (<code>CostModel</code>). A network shared by several cells is trained once, an end-point's features\
                 extracted once.</p>"""));
        m.put(CostTables.TRAINING_RATES, new Text("Cost: training time per image, by task, network and width",
                """
                <p>Seconds of pretext training per image per epoch: a cell's training time is this times its images \
                times its epochs. Width <i>k</i> multiplies a residual network's multiply-adds by about \
                <i>k</i>&sup2;; the ratio of the k&nbsp;=&nbsp;2 and k&nbsp;=&nbsp;1 rows shows how much of that \
                this machine pays. "basis" says what each figure rests on.</p>"""));
        m.put(CostTables.THROUGHPUT, new Text("Cost: throughput of each network, DL4J and PyTorch",
                """
                <p>From <code>ThroughputBenchmark</code>: each network of the study measured in DL4J and, in the \
                same run on the same cores, its PyTorch twin (<code>benchmarks/peer/pytorch_peer.py</code>: same \
                layers, widths, padding, input, batch and head; the benchmark checks both have the same parameters \
                and multiply-adds).
                A training step is forward, backward and a momentum-SGD update on a fixed batch (median of the timed\
                 steps after untimed warm-up steps); inference is the forward pass with batch norm in inference \
                mode; extraction is the study's own path (evaluation preprocessing of real test images, pre-logits).
                Achieved GFLOP/s count a training step as three forward passes and only convolutions and dense \
                layers; "% of GEMM peak" divides by the same run's median fp32 2048&sup3; matrix multiply through \
                ND4J.
                "DL4J/this" is DL4J's inputs/s divided by the peer's: above 1, DL4J is faster. Peak RSS is the \
                process's resident set (ND4J's buffers live outside the heap).</p>"""));
        m.put(CostTables.BATCH_CURVE, new Text("Cost: training speed against the batch, DL4J and PyTorch",
                """
                <p>From <code>BatchCurveBenchmark</code>: a Rotation training step (four rotations of each image, so \
                a batch of <i>n</i> images is 4<i>n</i> inputs) measured as in the throughput table, at batches of \
                8 to 256 images, DL4J and its PyTorch twin in the same run on the same cores, with each process's \
                peak memory (the twin runs a process per row; DL4J's rows share one JVM, so after its first network \
                they show the memory the process kept from earlier rows). Inputs/s that fall as the batch grows \
                mean a cost that grows faster than the work.</p>\
                """));
        m.put(CostTables.PROBE_COST, new Text("Cost: the probes",
                """
                <p>Each probe at the scale's sizes (training and validation examples, the pre-logits' width, the \
                dataset's classes), on generated features: L-BFGS over the whole penalty path and the refit, the SGD\
                 probes over the scale's share of the paper's 30-epoch schedule. Their accuracy on real features is \
                in the tables above.</p>"""));
        m.put(CostTables.DECODE, new Text("Cost: decoding JPEG folders",
                """
                <p>JPEG files to network input with the JDK's decoder (<code>ImageDecoder</code>), on files shaped \
                like ImageNet's (its common sizes, about 110&nbsp;kB each; <code>DecodeThroughputBenchmark</code>), \
                after one untimed pass so the files are in the page cache: decoding alone, into the small scales' \
                32&nbsp;px squares, and into the paper's 224&nbsp;px Inception crop. Training at the paper scale \
                needs the last row's rate times the images/s its GPUs train.</p>"""));
        m.put(CostTables.PARITY, new Text("Learning parity: DL4J and its PyTorch twin on the same batches",
                """
                <p>From <code>LearningParityBenchmark</code>: each network trained on its pretext task in DL4J and \
                in its PyTorch twin (<code>benchmarks/peer/pytorch_parity.py</code>) on the very same batches (the \
                trainer's own, written out step by step), from the same initialiser (Glorot uniform), with the same \
                per-step learning rates, momentum, weight decay and batch-norm momentum; both frameworks' pre-logits\
                 features, of the trained network and of its untrained weights (the control), computed from the same\
                 evaluation inputs and probed by the same L-BFGS probe.
                The gain is top-1 minus control, in points; the gain difference is DL4J's gain minus the twin's, \
                with a 95&nbsp;% interval that treats the four accuracies as independent (they share their test \
                images, so it is conservative). "worse" means DL4J learns significantly less than PyTorch from the \
                same data: a defect of the trainer, caught here as a drop in speed is caught by the throughput \
                table.</p>"""));
        return java.util.Collections.unmodifiableMap(m);
    }
}
