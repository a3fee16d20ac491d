package org.revisit.report;

import org.revisit.paper.Fidelity;
import org.revisit.paper.PaperValues;
import org.revisit.study.ProbeSetting;
import org.revisit.study.CellResult;
import org.revisit.plan.StudyTable;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;
import java.util.Optional;

/** The paper's published values ({@link PaperValues}) as the report shows them. */
final class PaperTables {
    private PaperTables() {
    }

    /** The paper's Table 1 grid as published (ImageNet top-1 %), with each value's source and whether verified. */
    static Table table1Grid(PaperValues paper) {
        var task = StringColumn.create("task");
        var arch = StringColumn.create("architecture");
        var k = IntColumn.create("paper k");
        var top1 = StringColumn.create("paper top-1 %");
        var source = StringColumn.create("source");
        for (PaperValues.Table1Cell c : paper.table1()) {
            task.append(c.task());
            arch.append(c.architecture());
            k.append(c.k());
            top1.append(c.value().display());
            source.append(c.value().source());
        }
        return Table.create("paper_table1", task, arch, k, top1, source);
    }

    /** The paper's Table 2 values (paper.md §1.3), all verified. */
    static Table table2() {
        var task = StringColumn.create("task");
        var network = StringColumn.create("paper's network");
        var prev = DoubleColumn.create("Prev. top-1 %");
        var prevSource = StringColumn.create("Prev. source");
        var ours = DoubleColumn.create("Ours top-1 %");
        var ours5 = DoubleColumn.create("Ours top-5 %");
        var oursSource = StringColumn.create("Ours source");
        for (PaperValues.PriorWork p : PaperValues.TABLE2) {
            task.append(p.task());
            network.append(p.network());
            prev.append(p.previous());
            prevSource.append(p.previousSource());
            ours.append(p.ours());
            ours5.append(p.oursTop5());
            oursSource.append(p.oursSource());
        }
        return Table.create("paper_table2", task, network, prev, prevSource, ours, ours5, oursSource);
    }

    /**
     * The paper's value for a stored cell of a table, where it publishes one: Table 1's grid at the cell's paper
     * width (pre-logits, L-BFGS, every label), Table 2's "Ours" for the prior-work rows.
     */
    static Optional<PaperValues.Value> published(PaperValues paper, String benchmark, CellResult r) {
        if (benchmark.equals(StudyTable.PRIOR_WORK.id())) {
            return PaperValues.priorWork(r.task().id()).map(p -> new PaperValues.Value(p.ours(), true, p.oursSource()));
        }
        boolean table1Cell = r.probe().endPoint().equals("pre_logits") && r.probe().kind() == ProbeSetting.Kind.LBFGS
                && r.probe().labelFraction() == 1.0 && r.network().representationSize() <= 0;
        return table1Cell ? paper.table1(r.task().id(), r.network().variant(), r.network().paperWidth())
                : Optional.empty();
    }

    /** The fidelity table: every paper-scale setting against the official code ({@link Fidelity}). */
    static Table fidelity(List<Fidelity.Row> rows) {
        StringColumn setting = StringColumn.create("setting");
        StringColumn official = StringColumn.create("official code");
        StringColumn where = StringColumn.create("where");
        StringColumn paper = StringColumn.create("paper, where it differs");
        StringColumn revisit = StringColumn.create("Revisit (paper scale)");
        StringColumn revisitWhere = StringColumn.create("where in Revisit");
        StringColumn status = StringColumn.create("status");
        StringColumn why = StringColumn.create("why");
        for (Fidelity.Row r : rows) {
            setting.append(r.setting());
            official.append(r.official());
            where.append(r.where());
            paper.append(r.paper());
            revisit.append(r.revisit());
            revisitWhere.append(r.revisitFileLine());
            status.append(r.status().id());
            why.append(r.why());
        }
        return Table.create("fidelity", setting, official, where, paper, revisit, revisitWhere, status, why);
    }
}
