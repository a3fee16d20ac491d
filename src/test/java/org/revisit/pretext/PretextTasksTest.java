package org.revisit.pretext;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.revisit.data.Augmentation;
import org.revisit.data.DatasetSplits;
import org.revisit.data.FashionMnist;
import org.revisit.data.ImageSet;
import org.revisit.nets.Architecture;
import org.revisit.nets.Geometry;
import org.revisit.nets.NetworkSpec;
import org.revisit.nets.Networks;
import org.revisit.util.NativeBackend;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PretextTasksTest {
    private static ImageSet images;

    @BeforeAll
    static void load() {
        NativeBackend.init();
        DatasetSplits data = FashionMnist.load(FashionMnist.DEFAULT_FOLDER, 100, 0);
        images = data.train().head(64);
    }

    /** On one fixed batch of real images a tiny network must fit the task: its loss falls over 20 steps. */
    @ParameterizedTest
    @ValueSource(strings = {RotationTask.NAME, ExemplarTask.NAME})
    void lossFallsOnAFixedBatch(String name) {
        PretextTask task = PretextTasks.get(name);
        Geometry geo = Geometry.small(28, 1);
        ComputationGraph g = new ComputationGraph(Networks.builder()
                .setSpec(NetworkSpec.of(Architecture.RESNET_V2, 1, new int[] {1, 1, 1, 1}, geo)).setHead(task.head())
                .optUpdater(new Nesterovs(0.1, 0.9)).optBnDecay(0.9).optSeed(1).build());
        g.init();
        PretextBatch b = task.batch(images, new int[] {0, 1, 2, 3}, Augmentation.smallImages(), geo,
                new SplittableRandom(7));
        DataSet d = new DataSet(b.inputs(), b.labels());
        g.fit(d);
        double first = g.score();
        double last = first;
        for (int step = 1; step < 20; step++) {
            g.fit(d);
            last = g.score();
        }
        System.out.printf("%s: loss %.4f -> %.4f over 20 steps%n", name, first, last);
        assertTrue(Double.isFinite(last) && last < 0.75 * first, name + ": loss " + first + " -> " + last);
    }

    @Test
    void exemplarMakesEightStandardisedCopiesPerImageLabelledByImage() {
        ExemplarTask task = new ExemplarTask();
        PretextBatch b = task.batch(images, new int[] {3, 9}, Augmentation.smallImages(), Geometry.small(28, 1),
                new SplittableRandom(1));
        assertEquals(16, b.inputs().size(0));
        assertEquals(16, b.labels().size(0));
        for (int row = 0; row < 16; row++) {
            assertEquals(row / 8, b.targets()[row]);
            assertEquals(row / 8, b.labels().getDouble(row, 0));
            INDArray copy = b.inputs().get(NDArrayIndex.point(row));
            assertEquals(0, copy.meanNumber().doubleValue(), 1e-4);
            assertEquals(1, copy.stdNumber().doubleValue(), 1e-2);
        }
        // Copies of one image differ (independent augmentations), and evaluation batches are reproducible.
        assertTrue(b.inputs().get(NDArrayIndex.point(0)).sub(b.inputs().get(NDArrayIndex.point(1))).amaxNumber()
                .doubleValue() > 0.1);
        PretextBatch e1 = task.batch(images, new int[] {3}, Augmentation.smallImages(), Geometry.small(28, 1), null);
        PretextBatch e2 = task.batch(images, new int[] {3}, Augmentation.smallImages(), Geometry.small(28, 1), null);
        assertEquals(e1.inputs(), e2.inputs());
    }

    @Test
    void exemplarMetricCountsNearestNeighboursFromTheSameImage() {
        ExemplarTask task = new ExemplarTask();
        // rows 0-1 are image 0 near (1, 0); rows 2-4 image 1, near (0, 1) except row 4, which is nearest row 0
        INDArray logits = Nd4j.create(new float[][] {{1, 0}, {1, 0.1f}, {0, 1}, {0.1f, 1}, {1, -0.5f}});
        PretextBatch b = new PretextBatch(Nd4j.zeros(5, 1), Nd4j.zeros(5, 1), new int[] {0, 0, 1, 1, 1});
        assertEquals(4, task.correct(logits, b));
    }

    @Test
    void unknownTaskNamesAreRefusedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PretextTasks.get("jigsw"));
        assertEquals("unknown pretext task 'jigsw'; known: [exemplar, rotation]", e.getMessage());
    }
}
