package org.revisit.cost;

import org.revisit.util.Nd4jSeed;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.revisit.probe.ProbeResult;
import org.revisit.study.ProbeSetting;
import org.revisit.study.Scale;
import org.revisit.util.NdArrays;
import org.revisit.util.ProcessMemory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One probe's cost at a scale's sizes: the whole probe (for L-BFGS the penalty path and the refit, for SGD and the
 * MLP the scale's schedule) on generated features of the pre-logits' size, labels from a random linear teacher
 * with noise, so the solver has a real optimum to find. Probes are timed on generated features because their cost
 * depends only on the sizes; their accuracy is measured on real features in the study.
 *
 * @param iterations L-BFGS iterations of the refit, or SGD steps
 * @param examplesPerSecond SGD probes: training examples processed per second (NaN for L-BFGS)
 */
public record ProbeThroughput(String probe, int trainExamples, int valExamples, int features, int classes,
                              int iterations, double seconds, double examplesPerSecond, long peakResidentBytes) {
    private static final Logger log = LoggerFactory.getLogger(ProbeThroughput.class);
    /** Label noise relative to the teacher's score spread. */
    static final double NOISE = 0.5;

    public static ProbeThroughput measure(ProbeSetting setting, Scale.Preset preset, int train, int val, int features,
                                          int classes, long seed) {
        Nd4j.getRandom().setSeed(Nd4jSeed.of(seed));
        // like pooled ReLU features: non-negative, skewed and correlated (a random mixing before the ReLU); labels
        // from a linear teacher with a little noise, so the classes overlap and the weak penalties take many steps
        INDArray mixing = Nd4j.randn(DataType.FLOAT, features, features).divi(Math.sqrt(features));
        INDArray teacher = Nd4j.randn(DataType.FLOAT, features, classes);
        INDArray[] x = new INDArray[3];
        int[][] y = new int[3][];
        int[] sizes = {train, val, val};
        for (int s = 0; s < 3; s++) {
            INDArray z = Nd4j.randn(DataType.FLOAT, sizes[s], features);
            x[s] = org.nd4j.linalg.ops.transforms.Transforms.relu(z.mmul(mixing), false);
            INDArray scores = x[s].mmul(teacher);
            double spread = scores.stdNumber().doubleValue();
            scores.addi(Nd4j.randn(DataType.FLOAT, sizes[s], classes).muli(NOISE * spread));
            y[s] = scores.argMax(1).toIntVector();
            NdArrays.close(z, scores);
        }
        ProcessMemory.resetPeaks();
        String name = setting.probeName();
        log.info("probe throughput {}: {} x {} features, {} classes", name, train, features, classes);
        ProbeResult r = setting.build(preset, seed).evaluate(x[0], y[0], x[1], y[1], x[2], y[2], classes);
        long rss = ProcessMemory.peakResidentBytes();
        NdArrays.close(mixing, teacher, x[0], x[1], x[2]);
        double rate = setting.kind() == ProbeSetting.Kind.LBFGS ? Double.NaN
                : (double) r.iterations() * preset.probeBatch() / r.seconds();
        ProbeThroughput t = new ProbeThroughput(name, train, val, features, classes, r.iterations(), r.seconds(),
                rate, rss);
        log.info("probe throughput {}: {} s, {} iterations, {} examples/s", name, String.format("%.1f", r.seconds()),
                r.iterations(), String.format("%.0f", rate));
        return t;
    }
}
