package org.revisit.train;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.revisit.util.NativeBackend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ScheduleAndMomentumTest {
    @Test
    void warmupThenStepDecays() {
        WarmupStepSchedule s = new WarmupStepSchedule(0.4, 10, new long[] {30, 50}, 0.1);
        assertEquals(0.04, s.valueAt(0, 0), 1e-12);
        assertEquals(0.2, s.valueAt(4, 0), 1e-12);
        assertEquals(0.4, s.valueAt(9, 0), 1e-12);
        assertEquals(0.4, s.valueAt(29, 0), 1e-12);
        assertEquals(0.04, s.valueAt(30, 0), 1e-12);
        assertEquals(0.004, s.valueAt(50, 0), 1e-12);
    }

    @Test
    void paperShapeKeepsTheProportionsOf35Epochs() {
        TrainingConfig c = TrainingConfig.paperShape(35, 1024, 0.99, 1000, 0);
        assertEquals(0.4, c.peakLr(), 1e-12);
        assertEquals(5, c.warmupEpochs(), 1e-12);
        assertArrayEquals(new double[] {15, 25}, c.decayEpochs(), 1e-12);
        WarmupStepSchedule s = c.schedule(100);
        assertEquals(0.4, s.valueAt(499, 0), 1e-12);
        assertEquals(0.04, s.valueAt(1500, 0), 1e-12);
        TrainingConfig short7 = TrainingConfig.paperShape(7, 64, 0.9, 1000, 0);
        assertEquals(1, short7.warmupEpochs(), 1e-12);
        assertArrayEquals(new double[] {3, 5}, short7.decayEpochs(), 1e-12);
    }

    @Test
    void momentumIsHeavyBallAsTensorFlow() {
        NativeBackend.init();
        Momentum m = new Momentum(0.5, null, 0.9);
        INDArray state = Nd4j.zeros(1, 2);
        GradientUpdater<?> u = m.instantiate(state, true);
        INDArray g1 = Nd4j.createFromArray(new float[] {1f, -2f}).reshape(1, 2);
        u.applyUpdater(g1, 0, 0);
        // a = g = (1, -2); update = lr * a
        assertArrayEquals(new float[] {0.5f, -1f}, g1.toFloatVector(), 1e-6f);
        INDArray g2 = Nd4j.createFromArray(new float[] {1f, 1f}).reshape(1, 2);
        u.applyUpdater(g2, 1, 0);
        // a = 0.9 * (1, -2) + (1, 1) = (1.9, -0.8)
        assertArrayEquals(new float[] {0.95f, -0.4f}, g2.toFloatVector(), 1e-6f);
    }
}
