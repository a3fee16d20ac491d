package org.revisit.faults;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revisit.report.HtmlFormat;
import org.revisit.report.ReportMain;
import org.revisit.study.Cell;
import org.revisit.study.CellFailedException;
import org.revisit.study.CellFailure;
import org.revisit.study.Scale;
import org.revisit.study.Study;
import org.revisit.train.TrainingConfig;
import org.revisit.util.NativeBackend;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A learning rate of 1e9 makes the pretext loss non-finite within a few steps (a real divergence, not a mocked
 * one): the cell stops with a recorded failure, the next cell runs, a re-run does not train it again, and the
 * report lists it.
 */
@Tag("faults")
@ExtendWith(ExpectedFaults.class)
class DivergenceTest {
    @BeforeAll
    static void init() {
        NativeBackend.init();
    }

    @Test
    void aDivergingCellIsRecordedAndTheStudyGoesOn(@TempDir Path dir) throws Exception {
        Study study = FaultChild.study(dir.resolve("results"));
        Cell good = FaultChild.cells(study)[0];
        TrainingConfig t = good.training();
        TrainingConfig exploding = new TrainingConfig(t.epochs(), t.batchImages(), 1e9, t.lrScaleBatch(),
                t.warmupEpochs(), t.decayEpochs(), t.decayFactor(), t.momentum(), t.weightDecay(), t.bnDecay(),
                t.trainImages(), t.seed());
        Cell bad = new Cell(good.benchmark(), good.task(), good.network(), good.paperWidth(), exploding,
                good.endPoint(), good.probe(), good.scale(), good.control());

        CellFailedException e = assertThrows(CellFailedException.class, () -> study.run(bad));
        CellFailure f = e.failure();
        assertEquals("training", f.stage());
        assertTrue(f.step() >= 1 && f.step() <= 32, "step " + f.step());
        assertTrue(f.training().contains("baseLr=1.0E9"), f.training());
        assertTrue(f.message().contains("loss is not finite at step " + f.step()), f.message());
        assertEquals(1, study.store().failures().size());

        assertTrue(study.run(good).metrics().probeTop1() > 0.1, "the rest of the study goes on");

        CellFailedException again = assertThrows(CellFailedException.class, () -> study.run(bad));
        assertTrue(again.getMessage().contains("in an earlier run") && again.getCause() == null,
                "the stored failure, not a second divergence: " + again.getMessage());

        Path report = ReportMain.render(Scale.SMOKE, study.store(), dir.resolve("report"), Path.of("templates"),
                HtmlFormat.Plotly.SIBLING);
        String html = Files.readString(report.resolve("index.html"));
        assertTrue(html.contains("id=\"failed_cells\"") && html.contains(bad.id()), "the report lists the cell");
        assertTrue(Files.readString(report.resolve("failed_cells.csv")).contains("loss is not finite at step"));
        assertEquals(1, study.store().all().size(), "the failure is not a result");
    }
}
