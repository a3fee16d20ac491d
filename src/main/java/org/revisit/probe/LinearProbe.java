package org.revisit.probe;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.revisit.util.NdArrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The paper's default evaluation (paper.md §3.6): L-BFGS logistic regression on precomputed frozen features, the L2
 * penalty chosen on the own validation split, then refit on train + validation and scored on the test split.
 * Features are standardised ({@link FeatureStandardizer}).
 */
public final class LinearProbe implements Probe {
    private static final Logger log = LoggerFactory.getLogger(LinearProbe.class);
    private final double[] l2Grid;
    private final int maxIterations;

    public LinearProbe(double[] l2Grid, int maxIterations) {
        this.l2Grid = l2Grid.clone();
        this.maxIterations = maxIterations;
    }

    public double[] l2Grid() {
        return l2Grid.clone();
    }

    public int maxIterations() {
        return maxIterations;
    }

    @Override
    public ProbeResult evaluate(INDArray train, int[] trainLabels, INDArray val, int[] valLabels, INDArray test,
                           int[] testLabels, int classes) {
        long start = System.nanoTime();
        FeatureStandardizer.Splits splits = FeatureStandardizer.standardise(train, val, test);
        INDArray tr = splits.train();
        INDArray va = splits.val();
        INDArray te = splits.test();
        Map<String, Double> byL2 = new LinkedHashMap<>();
        double best = -1;
        double bestL2 = l2Grid[0];
        double[] warm = null;
        Map<Double, double[]> solutions = new java.util.HashMap<>();
        double[] descending = Arrays.stream(l2Grid).boxed().sorted((a, b) -> Double.compare(b, a))
                .mapToDouble(Double::doubleValue).toArray();
        // the features' correlations, computed once, precondition every fit (BohningPreconditioner)
        try (BohningPreconditioner curvature = BohningPreconditioner.of(tr)) {
            for (double l2 : descending) { // strong to weak penalty, each warm-started from the previous solution
                SoftmaxRegression.Fit fit = SoftmaxRegression.fit(tr, trainLabels, classes, l2, maxIterations, warm,
                        curvature);
                warm = fit.model().parameters();
                solutions.put(l2, warm);
                double acc = fit.model().accuracy(va, valLabels);
                byL2.put(Double.toString(l2), acc);
                log.info("probe: l2={} val top-1 {} ({} L-BFGS iterations{})", l2, String.format("%.4f", acc),
                        fit.iterations(), fit.converged() ? "" : ", not converged");
                if (acc > best) {
                    best = acc;
                    bestL2 = l2;
                }
            }
            INDArray all = Nd4j.vstack(tr, va);
            int[] allLabels = concat(trainLabels, valLabels);
            // the refit starts from the chosen penalty's solution on train alone: the same optimum, far fewer
            // iterations
            SoftmaxRegression.Fit fit = SoftmaxRegression.fit(all, allLabels, classes, bestL2, maxIterations,
                    solutions.get(bestL2), curvature);
            INDArray scores = fit.model().logits(te);
            Hits hits = Hits.of(TopK.hits(scores, testLabels, 1));
            Accuracy top1 = Accuracy.of(hits.count(), testLabels.length);
            Accuracy top5 = Accuracy.topK(scores, testLabels, 5);
            NdArrays.close(scores, all, tr, va, te);
            double seconds = (System.nanoTime() - start) / 1e9;
            log.info("probe: chose l2={} (val top-1 {}), test top-1 {}, top-5 {}, {} s", bestL2,
                    String.format("%.4f", best), top1, top5, String.format("%.1f", seconds));
            return new ProbeResult(top1, top5, hits, bestL2, byL2, new double[0], fit.iterations(), fit.converged(),
                    trainLabels.length, valLabels.length, testLabels.length, (int) train.size(1), seconds);
        }
    }

    private static int[] concat(int[] a, int[] b) {
        int[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Override
    public String toString() {
        return "LinearProbe{l2Grid=" + Arrays.toString(l2Grid) + ", maxIterations=" + maxIterations
                + ", solver=L-BFGS(m=10, relTol=" + Lbfgs.PROBE_REL_TOL + ", Böhning-preconditioned), standardised features, "
                + "refit on train+val}";
    }
}
