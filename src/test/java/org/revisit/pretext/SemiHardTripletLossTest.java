package org.revisit.pretext;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SemiHardTripletLossTest {
    private static final int[] IDS = {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3};

    private static double[][] random(int n, int d, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return x;
    }

    /** The definition, written out over all triplets with nothing shared with the implementation. */
    private static double bruteForce(double[][] raw, int[] ids, double margin) {
        return bruteForce(raw, ids, margin, false);
    }

    /** @param acrossBatch normalise each column (dimension) over the batch, as {@code l2_normalize(axis=0)} */
    private static double bruteForce(double[][] raw, int[] ids, double margin, boolean acrossBatch) {
        int n = raw.length;
        int d = raw[0].length;
        double[][] e = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double norm = 0;
                for (int k = 0; k < (acrossBatch ? n : d); k++) {
                    double v = acrossBatch ? raw[k][j] : raw[i][k];
                    norm += v * v;
                }
                e[i][j] = raw[i][j] / Math.sqrt(norm);
            }
        }
        double total = 0;
        int pairs = 0;
        for (int a = 0; a < n; a++) {
            for (int p = 0; p < n; p++) {
                if (p == a || ids[p] != ids[a]) {
                    continue;
                }
                pairs++;
                double dap = sq(e[a], e[p]);
                double closestBeyond = Double.POSITIVE_INFINITY;
                double farthest = Double.NEGATIVE_INFINITY;
                for (int m = 0; m < n; m++) {
                    if (ids[m] == ids[a]) {
                        continue;
                    }
                    double dan = sq(e[a], e[m]);
                    farthest = Math.max(farthest, dan);
                    if (dan > dap) {
                        closestBeyond = Math.min(closestBeyond, dan);
                    }
                }
                double neg = closestBeyond < Double.POSITIVE_INFINITY ? closestBeyond : farthest;
                total += Math.max(0, margin + dap - neg);
            }
        }
        return total / pairs;
    }

    private static double sq(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return s;
    }

    @Test
    void matchesTheBruteForceDefinition() {
        SemiHardTripletLoss loss = new SemiHardTripletLoss(SemiHardTripletLoss.PAPER_MARGIN);
        for (long seed = 0; seed < 20; seed++) {
            double[][] x = random(IDS.length, 6, seed);
            SemiHardTripletLoss.Result r = loss.compute(Nd4j.create(x), IDS);
            assertEquals(bruteForce(x, IDS, 0.5), r.loss(), 1e-9, "seed " + seed);
            assertEquals(24, r.pairs());
        }
    }

    @Test
    void gradientMatchesCentralDifferences() {
        SemiHardTripletLoss loss = new SemiHardTripletLoss(SemiHardTripletLoss.PAPER_MARGIN);
        double[][] x = random(IDS.length, 5, 42);
        INDArray g = loss.compute(Nd4j.create(x), IDS).gradient();
        assertEquals(DataType.DOUBLE, g.dataType());
        double eps = 1e-6;
        int checked = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[i].length; j++) {
                double orig = x[i][j];
                x[i][j] = orig + eps;
                double plus = bruteForce(x, IDS, 0.5);
                x[i][j] = orig - eps;
                double minus = bruteForce(x, IDS, 0.5);
                x[i][j] = orig;
                double numeric = (plus - minus) / (2 * eps);
                assertEquals(numeric, g.getDouble(i, j), 1e-5 + 1e-4 * Math.abs(numeric), "d loss / d x[" + i + "][" + j + "]");
                checked++;
            }
        }
        assertEquals(60, checked);
        assertTrue(g.norm2Number().doubleValue() > 0);
    }

    /** The official code's normalisation: each dimension has unit length over the batch; loss and gradient. */
    @Test
    void acrossTheBatchMatchesItsDefinitionAndCentralDifferences() {
        SemiHardTripletLoss loss = new SemiHardTripletLoss(0.5, SemiHardTripletLoss.Normalisation.ACROSS_BATCH);
        for (long seed = 0; seed < 10; seed++) {
            double[][] x = random(IDS.length, 6, seed);
            assertEquals(bruteForce(x, IDS, 0.5, true), loss.compute(Nd4j.create(x), IDS).loss(), 1e-9);
            assertTrue(Math.abs(bruteForce(x, IDS, 0.5, true) - bruteForce(x, IDS, 0.5, false)) > 1e-6,
                    "the two normalisations give different losses");
        }
        double[][] x = random(IDS.length, 5, 7);
        INDArray g = loss.compute(Nd4j.create(x), IDS).gradient();
        double eps = 1e-6;
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[i].length; j++) {
                double orig = x[i][j];
                x[i][j] = orig + eps;
                double plus = bruteForce(x, IDS, 0.5, true);
                x[i][j] = orig - eps;
                double minus = bruteForce(x, IDS, 0.5, true);
                x[i][j] = orig;
                double numeric = (plus - minus) / (2 * eps);
                assertEquals(numeric, g.getDouble(i, j), 1e-5 + 1e-4 * Math.abs(numeric), "x[" + i + "][" + j + "]");
            }
        }
    }

    /** Exemplar normalises as the official code at the paper's geometry and per embedding below it. */
    @Test
    void exemplarNormalisesAcrossTheBatchAtThePaperScaleOnly() {
        ExemplarTask task = new ExemplarTask();
        var paper = (TripletLossFunction) ((org.revisit.nets.Head.Embedding) task.head(
                org.revisit.nets.Geometry.paper(3))).loss();
        var small = (TripletLossFunction) ((org.revisit.nets.Head.Embedding) task.head(
                org.revisit.nets.Geometry.small(28, 1))).loss();
        assertEquals(SemiHardTripletLoss.Normalisation.ACROSS_BATCH, paper.normalisation());
        assertEquals(SemiHardTripletLoss.Normalisation.PER_EMBEDDING, small.normalisation());
    }

    @Test
    void wellSeparatedCopiesCostNothingAndABatchWithoutPositivesIsRefused() {
        double[][] x = new double[IDS.length][4];
        for (int i = 0; i < IDS.length; i++) {
            x[i][IDS[i]] = 1 + 0.01 * i; // each image's copies point along their own axis
        }
        SemiHardTripletLoss.Result r = new SemiHardTripletLoss(0.5).compute(Nd4j.create(x), IDS);
        assertEquals(0, r.loss(), 1e-12);
        assertEquals(0, r.activePairs());
        assertThrows(IllegalArgumentException.class,
                () -> new SemiHardTripletLoss(0.5).compute(Nd4j.create(random(3, 4, 1)), new int[] {0, 1, 2}));
    }
}
