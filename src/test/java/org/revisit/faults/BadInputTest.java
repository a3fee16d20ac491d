package org.revisit.faults;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revisit.data.DatasetFormatException;
import org.revisit.data.FashionMnist;
import org.revisit.nets.Architecture;
import org.revisit.pretext.TaskName;
import org.revisit.report.ReportMain;
import org.revisit.study.Scale;
import org.revisit.study.RunConfig;
import org.revisit.study.Study;
import org.revisit.train.CheckpointPolicy;
import org.revisit.util.VerifiedFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each bad input gives one message naming what is wrong and where. (The IDX files' own faults, from a missing folder
 * to labels out of range, are in {@code IdxFileTest} and {@code FashionMnistTest}.)
 */
@Tag("faults")
@ExtendWith(ExpectedFaults.class)
class BadInputTest {
    @Test
    void unknownNamesSayWhatExists() {
        assertMessage(() -> Scale.parse("huge"), "unknown scale 'huge' (property -Dscale); expected one of [smoke, small, paper]");
        assertMessage(() -> TaskName.parse("colorization").task(), "unknown pretext task 'colorization'; known: [");
        assertMessage(() -> Architecture.parse("resnet51"), "unknown architecture 'resnet51'");
        assertMessage(() -> Scale.SMALL.preset().network(Architecture.REVNET, 0),
                "revnet50: width multiplier k must be >= 1, was 0");
    }

    @Test
    void badRunPropertiesAreNamed() {
        assertMessage(() -> config("cells", "rotation ("), "-Dcells='rotation (' is not a valid regular expression");
        assertMessage(() -> config("revisit.checkpoint.steps", "ten"),
                "-Drevisit.checkpoint.steps='ten': a whole number of steps expected");
        assertMessage(() -> config("revisit.checkpoint.seconds", "-5"),
                "-Drevisit.checkpoint.seconds='-5': a number of seconds expected");
        assertMessage(() -> new CheckpointPolicy(-1, 0), "checkpoint interval must be >= 0 steps");
        assertMessage(() -> config("dataset", "mnist"),
                "unknown dataset 'mnist' (property -Ddataset); expected one of [fashion-mnist, cifar-10, stl-10, "
                        + "imagenet, places205]");
        assertMessage(() -> config("scale", "huge"), "unknown scale 'huge' (property -Dscale)");
        assertMessage(() -> config("revisit.workers", "0"),
                "-Drevisit.workers='0': expected a whole number of workers, 1 or more");
        assertMessage(() -> config("revisit.decodeCacheMb", "lots"),
                "-Drevisit.decodeCacheMb='lots': expected a whole number of MiB");
        assertMessage(() -> config("revisit.retryFailed", "yes"), "-Drevisit.retryFailed='yes': expected true or false");
        assertMessage(() -> config("revisit.cnn.format", "CHW"), "-Drevisit.cnn.format='CHW': expected one of [NCHW, NHWC]");
        assertMessage(() -> config("revisit.evaluation", "paper"), "-Drevisit.evaluation='paper': expected official or revisit");
        assertMessage(() -> config("revisit.paperBatches", "1024"),
                "-Drevisit.paperBatches='1024': expected released (the official code's configs, the default) or remembered");
        assertMessage(() -> config("revisit.report.plotly", "cdn"),
                "-Drevisit.report.plotly='cdn': expected inline or sibling");
        assertMessage(() -> RunConfig.defaults(Scale.PAPER).dataFolder(org.revisit.data.Dataset.IMAGENET),
                "dataset 'imagenet' has no folder: set -Ddata.imagenet=DIR (the ImageNet layout");
        assertMessage(() -> Scale.PAPER.preset().forDataset(Scale.PAPER, org.revisit.data.Dataset.CIFAR_10),
                "scale 'paper' runs the paper's 224 px configuration on ImageNet or Places205");
    }

    /** Images of another size than the scale's networks take stop the run before anything is trained. */
    @Test
    void imagesOfTheWrongSizeAreRefused(@TempDir Path dir) throws IOException {
        org.revisit.data.IdxFixtures.folder(dir, 60, 10, false);
        var data = FashionMnist.load(dir, 10, 0);
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> Study.checkImageSize(dir, data, Scale.SMALL, Scale.SMALL.preset()));
        assertTrue(e.getMessage().equals(dir + ": image size: images are 4x4x1; scale small on fashion-mnist "
                + "expects 28x28x1"), e.getMessage());
    }

    /**
     * A results file of a later format stops the report (exit code non-zero, the file named) and nothing stored is
     * changed, moved or deleted.
     */
    @Test
    void anIncompatibleResultStopsTheRunAndTouchesNothing(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("smoke").resolve("results");
        Path cell = results.resolve("cells").resolve("architecture_comparison").resolve("0011223344556677.json");
        Files.createDirectories(cell.getParent());
        Files.writeString(cell, "{\n  \"formatVersion\" : 99,\n  \"cellId\" : \"from the future\"\n}\n");
        Map<String, String> before = snapshot(dir);
        ChildProcess report = ChildProcess.startMain(dir.resolve("report.log"), List.of("-Dscale=smoke",
                "-Drevisit.results=" + dir, "-Drevisit.reports=" + dir.resolve("reports")), ReportMain.class.getName());
        assertNotEquals(0, report.await(120), "a bad results file must fail the run");
        String log = report.output();
        assertTrue(log.contains(cell + ": formatVersion is 99, this version of Revisit reads 2 to "), log);
        assertEquals(before, snapshot(dir), "stored results untouched");
        assertTrue(!Files.exists(dir.resolve("reports")), "no half report");
    }

    @Test
    void anUnknownScaleExitsNonZero(@TempDir Path dir) throws Exception {
        ChildProcess report = ChildProcess.startMain(dir.resolve("report.log"), List.of("-Dscale=huge",
                "-Drevisit.results=" + dir), ReportMain.class.getName());
        assertNotEquals(0, report.await(120));
        assertTrue(report.output().contains("unknown scale 'huge' (property -Dscale)"), report.output());
    }

    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".log")).toList()) {
                files.put(dir.relativize(f).toString(), VerifiedFiles.sha256(f));
            }
        }
        return files;
    }

    private static void assertMessage(Supplier<?> action, String expected) {
        RuntimeException e = assertThrows(RuntimeException.class, action::get);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static RunConfig config(String name, String value) {
        java.util.Properties p = new java.util.Properties();
        p.setProperty(name, value);
        return RunConfig.from(p);
    }
}
