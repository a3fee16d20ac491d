package org.revisit.study;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.junit.jupiter.api.Test;
import org.revisit.data.Dataset;
import org.revisit.data.FashionMnist;
import org.revisit.train.CheckpointPolicy;

import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every run option parsed from properties once; the bad values' messages are in {@code BadInputTest}. */
class RunConfigTest {
    @Test
    void defaultsAreTheSmallStudyOnTheShippedData() {
        RunConfig c = RunConfig.from(new Properties());
        assertEquals(Scale.SMALL, c.scale());
        assertEquals(Dataset.FASHION_MNIST, c.dataset());
        assertEquals(Dataset.FASHION_MNIST, c.pretextDataset());
        assertEquals(FashionMnist.DEFAULT_FOLDER, c.dataFolder(Dataset.FASHION_MNIST));
        assertEquals(Path.of("reports", "small", "results"), c.store().root());
        assertEquals(Path.of(".", "reports"), c.reportsRoot());
        assertTrue(c.cells().selectsAll());
        assertFalse(c.retryFailed() || c.remeasure() || c.bnFloatStatistics());
        assertEquals(2048L << 20, c.decodeCacheBytes());
        assertEquals(OptionalInt.empty(), c.workers());
        assertEquals(OptionalInt.empty(), c.devices(), "every device of the backend");
        assertEquals(1, c.accumulate());
        assertEquals(CheckpointPolicy.DEFAULT, c.checkpoints());
        assertEquals(CNN2DFormat.NCHW, c.layout());
        assertEquals(java.util.Optional.empty(), c.evaluation(), "the scale's own evaluation");
        assertEquals(Dataset.IMAGENET, RunConfig.defaults(Scale.PAPER).dataset(), "the paper scale's dataset");
    }

    @Test
    void aFreshStudyHasItsOwnFolderBesideTheCommittedOnes() {
        Properties p = new Properties();
        p.setProperty("revisit.fresh", "true");
        RunConfig c = RunConfig.from(p);
        assertEquals(Path.of("reports", "fresh", "small", "results"), c.store().root());
        assertEquals(Path.of("reports", "fresh"), c.reportsRoot(), "its report beside its results");
        p.setProperty("revisit.results", "/r");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunConfig.from(p));
        assertTrue(e.getMessage().contains("-Drevisit.fresh=true") && e.getMessage().contains("-Drevisit.results=/r"),
                e.getMessage());
    }

    @Test
    void everyOptionIsRead() {
        Properties p = new Properties();
        p.setProperty("scale", "smoke");
        p.setProperty("dataset", "places205");
        p.setProperty("pretext.dataset", "imagenet");
        p.setProperty("data.places205", "/d/places");
        p.setProperty("data.imagenet", "/d/imagenet");
        p.setProperty("revisit.results", "/r");
        p.setProperty("revisit.templates", "/t");
        p.setProperty("revisit.report.plotly", "Inline");
        p.setProperty("cells", "rotation ");
        p.setProperty("revisit.retryFailed", "true");
        p.setProperty("revisit.decodeCacheMb", "16");
        p.setProperty("revisit.workers", "3");
        p.setProperty("revisit.devices", "2");
        p.setProperty("revisit.accumulate", "4");
        p.setProperty("revisit.checkpoint.steps", "5");
        p.setProperty("revisit.checkpoint.seconds", "0");
        p.setProperty("revisit.cnn.format", "nhwc");
        p.setProperty("revisit.bn.dl4jNumerics", "true");
        p.setProperty("revisit.remeasure", "true");
        p.setProperty("revisit.evaluation", "Official");
        p.setProperty("revisit.paperBatches", "remembered");
        RunConfig c = RunConfig.from(p);
        assertEquals(Scale.SMOKE, c.scale());
        assertEquals(Dataset.PLACES205, c.dataset());
        assertEquals(Dataset.IMAGENET, c.pretextDataset());
        assertEquals(Path.of("/d/places"), c.dataFolder(Dataset.PLACES205));
        assertEquals(Path.of("/r", "smoke-places205-from-imagenet", "results"), c.store().root());
        assertEquals(Path.of("/r", "smoke-imagenet", "results"), c.pretextStore().root(),
                "the networks come from the pretext dataset's own run");
        assertEquals(Path.of("/r"), c.reportsRoot(), "moved results put their reports beside them");
        assertEquals(Path.of("/t"), c.templates());
        assertEquals("inline", c.plotly());
        assertTrue(c.cells().selects("rotation revnet50") && !c.cells().selects("jigsaw revnet50"));
        assertTrue(c.withCells(CellFilter.ALL).cells().selects("jigsaw revnet50"));
        assertTrue(c.retryFailed() && c.remeasure() && c.bnFloatStatistics());
        assertEquals(16L << 20, c.decodeCacheBytes());
        assertEquals(OptionalInt.of(3), c.workers());
        assertEquals(OptionalInt.of(2), c.devices());
        assertEquals(4, c.accumulate());
        assertEquals(new CheckpointPolicy(5, 0), c.checkpoints());
        assertEquals(CNN2DFormat.NHWC, c.layout());
        assertEquals(java.util.Optional.of(EvaluationChoices.OFFICIAL), c.evaluation());
        assertEquals(java.util.Optional.of(EvaluationChoices.OFFICIAL), c.withCells(CellFilter.ALL).evaluation());
        assertEquals(java.util.Optional.of(PaperBatches.REMEMBERED), c.withCells(CellFilter.ALL).paperBatches());
        p.setProperty("revisit.reports", "/elsewhere");
        assertEquals(Path.of("/elsewhere"), RunConfig.from(p).reportsRoot());
        p.clear();
        p.setProperty("revisit.data", "/old/fashion");
        assertEquals(Path.of("/old/fashion"), RunConfig.from(p).dataFolder(Dataset.FASHION_MNIST),
                "Fashion-MNIST's older property");
        String shown = c.toString();
        for (String option : new String[] {"scale=smoke", "dataset=places205", "pretextDataset=imagenet",
                "cells=cells matching /rotation /", "retryFailed=true", "decodeCacheMb=16", "workers=3",
                "devices=2", "accumulate=4",
                "everySteps=5", "layout=NHWC", "bnFloatStatistics=true", "remeasure=true", "plotly=inline",
                "evaluation=official", "paperBatches=remembered"}) {
            assertTrue(shown.contains(option), option + " in " + shown);
        }
    }

    /**
     * Devices or passes a step cannot be cut into are refused before any data is read, naming the option and the
     * task.
     */
    @Test
    void devicesThatDoNotDivideTheStepAreRefusedUpFront() {
        Properties p = new Properties();
        p.setProperty("scale", "small");
        p.setProperty("revisit.devices", "2");
        RunConfig c = RunConfig.from(p);
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Study.checkExecution(c, Scale.SMALL.preset()));
        assertTrue(e.getMessage().contains("-Drevisit.devices=2") && e.getMessage().contains("scale small"),
                e.getMessage());
        p.setProperty("revisit.devices", "0");
        assertThrows(IllegalArgumentException.class, () -> RunConfig.from(p));
        p.setProperty("revisit.devices", "1");
        Study.checkExecution(RunConfig.from(p), Scale.SMALL.preset());
        p.setProperty("scale", "paper");
        p.setProperty("revisit.devices", "8");
        Study.checkExecution(RunConfig.from(p), Scale.PAPER.preset()); // the released configs' 8 cores a step
        p.setProperty("revisit.accumulate", "4");
        assertThrows(IllegalArgumentException.class, () -> Study.checkExecution(RunConfig.from(p),
                Scale.PAPER.preset())); // 8 x 4 does not divide 8
        Study.checkExecution(RunConfig.from(p), Scale.PAPER.preset()
                .withPaperBatches(PaperBatches.REMEMBERED)); // 8 x 4 divides the remembered 32-128 cores
        p.setProperty("revisit.devices", "2");
        Study.checkExecution(RunConfig.from(p), Scale.PAPER.preset()); // 2 x 4 divides 8
        p.setProperty("scale", "small");
        p.setProperty("revisit.devices", "1");
        var a = assertThrows(IllegalArgumentException.class,
                () -> Study.checkExecution(RunConfig.from(p), Scale.SMALL.preset()));
        assertTrue(a.getMessage().contains("-Drevisit.accumulate=4"), a.getMessage());
    }
}
