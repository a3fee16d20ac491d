package org.revisit.cost;

import org.junit.jupiter.api.Test;
import org.revisit.nets.Architecture;
import org.revisit.study.Scale;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StepLoopMainTest {
    @Test
    void optionsAreParsedWithTheirDefaults() {
        StepLoopMain.Options o = StepLoopMain.Options.parse(new String[] {"--arch", "revnet50", "--batch", "128",
                "--stock-bn", "--perf-ctl", "/tmp/c", "--perf-ack", "/tmp/a"});
        assertEquals(Architecture.REVNET, o.architecture());
        assertEquals(Scale.SMALL, o.scale());
        assertEquals(1, o.width());
        assertEquals(128, o.batch());
        assertEquals(3, o.warmup());
        assertEquals(10, o.steps());
        assertTrue(o.stockBatchNorm());
        assertEquals(org.deeplearning4j.nn.conf.CNN2DFormat.NCHW, o.layout());
        assertFalse(o.peerArgs());
        assertEquals(Path.of("/tmp/c"), o.perfCtl());
        assertNull(o.onednnMap());
    }

    @Test
    void badInputNamesTheOptionAndWhatWasExpected() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StepLoopMain.Options.parse(new String[] {
                "--batch", "64"})).getMessage().contains("--arch is required"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StepLoopMain.Options.parse(new String[] {
                "--arch", "vgg19_bn", "--batch", "0"})).getMessage().contains("--batch must be at least 1, was 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StepLoopMain.Options.parse(new String[] {
                "--arch", "vgg19_bn", "--perf-ctl", "/tmp/c"})).getMessage().contains("go together"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StepLoopMain.Options.parse(new String[] {
                "--arch", "vgg19_bn", "--steps", "ten"})).getMessage().contains("--steps expects a whole number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StepLoopMain.Options.parse(new String[] {
                "--arch", "vgg19_bn", "--layout", "CHWN"})).getMessage().contains("--layout expects NCHW or NHWC"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StepLoopMain.Options.parse(new String[] {
                "--arch", "vgg19_bn", "--bogus", "1"})).getMessage().contains("unknown option --bogus"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StepLoopMain.Options.parse(new String[] {
                "--arch", "resnet51"})).getMessage().contains("unknown architecture 'resnet51'"));
    }
}
