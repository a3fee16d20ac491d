package org.revisit.study;

import org.junit.jupiter.api.Test;
import org.revisit.data.DatasetSplits.DatasetFingerprint;
import org.revisit.nets.Architecture;
import org.revisit.pretext.TaskName;
import org.revisit.probe.Accuracy;
import org.revisit.probe.Hits;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failed runs ({@link RunCheck}) and the baselines a network is read against ({@link Baselines}), on result records
 * built to pass or fail each rule.
 */
class BaselinesTest {
    static final int N = 1_000;
    static final DatasetFingerprint DATA = new DatasetFingerprint("fashion-mnist", "abc", "def", 10, 5, N, 28, 28,
            1, 10);
    static final Provenance PROVENANCE = new Provenance("c", false, "mvn", "cpu", "cpu", true, "cpu", 2, 1, "17",
            "linux", "2026-12-07T00:00:00Z");

    /** The first {@code right} of N test images right. */
    static String hits(int right) {
        boolean[] b = new boolean[N];
        for (int i = 0; i < right; i++) {
            b[i] = true;
        }
        return Hits.of(b).encode();
    }

    static CellResult result(TaskName task, Architecture a, int width, double pretext, int right, int controlRight,
                             Integer atStep) {
        CellResult.Run run = new CellResult.Run("architecture_comparison", task.id() + " " + a.id() + " " + width,
                "key" + task + a + width + atStep, "net", Scale.SMALL, task, 0,
                new CellResult.Network(a, true, width, 4 * width, "(1,1,1,1)", 0),
                new CellResult.Probing("pre_logits", ProbeSetting.Kind.LBFGS, 0, 1.0, "all", 2250, atStep),
                new CellResult.Descriptions("net", "training", "probe"), DATA, null);
        return new CellResult(CellResult.FORMAT_VERSION, run, new CellResult.Metrics(pretext, 100,
                Accuracy.of(right, N), Accuracy.notMeasured(), Accuracy.of(controlRight, N), Accuracy.notMeasured(),
                0.01, Map.of(), List.of(), 10, true, 10, 5, N, 512, 1000, 1000, hits(right), hits(controlRight)),
                new CellResult.Timings(1, 1, false, 1, 1, false, 1, 3, 1), PROVENANCE);
    }

    static PixelBaseline pixels(PixelBaseline.Input input, int right) {
        return new PixelBaseline(PixelBaseline.FORMAT_VERSION, "p" + input.id(), Scale.SMALL, input.id(), 784,
                "probe", Accuracy.of(right, N), Accuracy.notMeasured(), 0.01, hits(right), 10, 5, N, DATA, 1.0,
                PROVENANCE);
    }

    @Test
    void aRunNearChanceOrBelowItsUntrainedWeightsFailed() {
        // Rotation's chance is 25 %: 35 % is within 1.5 x of it, as the collapsed RevNet representation networks were
        var nearChance = result(TaskName.ROTATION, Architecture.REVNET, 2, 0.35, 850, 800, null);
        assertTrue(RunCheck.failure(nearChance).orElseThrow().contains("near chance"), RunCheck.failure(nearChance)
                .toString());
        var below = result(TaskName.ROTATION, Architecture.REVNET, 2, 0.80, 700, 800, null);
        assertTrue(RunCheck.failure(below).orElseThrow().contains("below its untrained weights"));
        var fine = result(TaskName.ROTATION, Architecture.REVNET, 2, 0.80, 850, 800, null);
        assertFalse(RunCheck.failed(fine));
        // a learning curve's first points are near chance by design; Exemplar has no chance level
        assertFalse(RunCheck.failed(result(TaskName.ROTATION, Architecture.REVNET, 2, 0.25, 800, 800, 0)));
        assertFalse(RunCheck.failed(result(TaskName.EXEMPLAR, Architecture.REVNET, 2, 0.01, 850, 800, null)));
        assertEquals(List.of(fine), RunCheck.usable(List.of(nearChance, below, fine)));
    }

    @Test
    void eachNetworkIsReadAgainstItsPixelsAndItsArchitecturesCeiling() {
        var rotation = result(TaskName.ROTATION, Architecture.RESNET_V1, 1, 0.8, 860, 800, null);
        var exemplar = result(TaskName.EXEMPLAR, Architecture.RESNET_V1, 1, 0.8, 820, 800, null);
        var ceiling = result(TaskName.SUPERVISED, Architecture.RESNET_V1, 1, 0.9, 900, 700, null);
        var otherWidth = result(TaskName.SUPERVISED, Architecture.RESNET_V1, 2, 0.9, 950, 700, null);
        Baselines b = Baselines.of(List.of(pixels(PixelBaseline.Input.SCALED, 830),
                pixels(PixelBaseline.Input.STANDARDISED, 840)), List.of(rotation, exemplar, ceiling, otherWidth));
        assertEquals(830, Math.round(b.pixelsFor(rotation).orElseThrow().top1().value() * N));
        assertEquals(840, Math.round(b.pixelsFor(exemplar).orElseThrow().top1().value() * N),
                "Exemplar's probe input is standardised per image below the paper scale");
        Hits.Paired over = b.overPixels(rotation).orElseThrow();
        assertEquals(30, over.onlyA());
        assertEquals(0, over.onlyB());
        assertEquals(0.03, over.value(), 1e-12);
        assertTrue(over.above(0));
        assertEquals(-0.02, b.overPixels(exemplar).orElseThrow().value(), 1e-12);
        assertEquals(ceiling, b.ceilingFor(rotation).orElseThrow(), "same architecture and width");
        // (86 - 80) / (90 - 80) of the gap from the untrained weights to the ceiling
        assertEquals(60.0, b.gapClosed(rotation).orElseThrow(), 1e-9);
        assertTrue(b.gapClosed(ceiling).isEmpty(), "the ceiling closes no gap to itself");
    }
}
