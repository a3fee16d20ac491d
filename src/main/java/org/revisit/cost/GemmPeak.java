package org.revisit.cost;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.revisit.util.NdArrays;

import java.util.Arrays;

/**
 * The machine's practical fp32 peak: an n x n x n matrix multiply through ND4J's BLAS, the yardstick for every
 * achieved GFLOP/s in the cost tables.
 *
 * @param medianGflops median over {@code repetitions} timed multiplies (after two untimed ones)
 * @param bestGflops   the fastest of them
 */
public record GemmPeak(int size, int repetitions, double medianGflops, double bestGflops) {

    public static GemmPeak measure(int size, int repetitions) {
        INDArray a = Nd4j.rand(DataType.FLOAT, size, size);
        INDArray b = Nd4j.rand(DataType.FLOAT, size, size);
        INDArray c = Nd4j.create(DataType.FLOAT, size, size);
        double flops = 2.0 * size * size * (double) size;
        for (int i = 0; i < 2; i++) {
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        }
        double[] gflops = new double[repetitions];
        for (int i = 0; i < repetitions; i++) {
            long t = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            gflops[i] = flops / ((System.nanoTime() - t) / 1e9) / 1e9;
        }
        NdArrays.close(a, b, c);
        Arrays.sort(gflops);
        return new GemmPeak(size, repetitions, gflops[repetitions / 2], gflops[repetitions - 1]);
    }
}
