package org.revisit.study;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.revisit.faults.ExpectedFaults;
import org.junit.jupiter.api.io.TempDir;
import org.revisit.data.DatasetSplits;
import org.revisit.data.FashionMnist;
import org.revisit.nets.Architecture;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.revisit.data.ImageSet;
import org.revisit.pretext.PretextBatch;
import org.revisit.pretext.PretextTask;
import org.revisit.probe.FeaturePooling;
import org.revisit.pretext.SupervisedTask;
import org.revisit.pretext.TaskName;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The baselines and the retry of a failed run on a few real Fashion-MNIST images. */
class BaselineStudyTest {
    static DatasetSplits data;

    @BeforeAll
    static void load() {
        data = FashionMnist.load(FashionMnist.DEFAULT_FOLDER, StudyTest.TINY.valCount(), 0);
    }

    @Test
    void pixelBaselinesAreProbedOnceAndStored(@TempDir Path dir) {
        ResultStore store = new ResultStore(dir.resolve("results"));
        Study study = new Study(Scale.SMOKE, StudyTest.TINY, data, store);
        List<PixelBaseline> first = study.pixelBaselines();
        assertEquals(2, first.size(), "[-1, 1] and standardised per image");
        for (PixelBaseline b : first) {
            assertEquals(28 * 28, b.features(), "the 784 pixels, under the pooling target");
            assertEquals(StudyTest.TINY.testImages(), b.testImages());
            assertTrue(b.top1().value() > 0.5, "a linear probe on Fashion-MNIST pixels: " + b.top1());
            assertTrue(Files.isRegularFile(dir.resolve("results/baselines/pixels-" + b.key() + ".json")));
        }
        assertEquals(first, study.pixelBaselines(), "read back, not computed again");
        assertEquals(first, store.pixelBaselines());
        assertTrue(!first.get(0).key().equals(first.get(1).key()), "each input has its own key");
    }

    /** Each row is the image's evaluation input as its task makes it, pixel for pixel (784 values: no pooling). */
    @Test
    void thePixelsAreTheNetworksInputs() {
        Scale.Preset p = Scale.SMOKE.preset();
        ImageSet five = data.test().head(5);
        for (PixelBaseline.Input input : PixelBaseline.Input.values()) {
            PretextTask task = input.task().task();
            INDArray pixels = PixelBaseline.pixels(five, task, p, new FeaturePooling(Scale.SMALL_POOLING_TARGET));
            assertArrayEquals(new long[] {5, 28 * 28}, pixels.shape());
            for (int i = 0; i < 5; i++) {
                float[] expected = new float[28 * 28];
                task.representationInput(five, i, p.augmentation(), p.geometry(), expected, 0);
                assertArrayEquals(expected, pixels.getRow(i).toFloatVector(), input + " image " + i);
            }
        }
    }

    @Test
    void theSupervisedTaskTrainsOnTheImagesLabels() {
        var images = data.train().head(8);
        PretextBatch b = new SupervisedTask().batch(images, new int[] {0, 1, 2, 3, 4, 5, 6, 7},
                StudyTest.TINY.augmentation(), StudyTest.TINY.geometry(), new java.util.SplittableRandom(1));
        for (int i = 0; i < 8; i++) {
            assertEquals(images.label(i), b.targets()[i]);
            assertEquals(1.0, b.labels().getDouble(i, images.label(i)), 0.0);
        }
        assertEquals(0.1, TaskName.SUPERVISED.task().chance(), 1e-12);
        assertTrue(TaskName.SUPERVISED.isBaseline());
        assertTrue(!TaskName.pretextTasks().contains(TaskName.SUPERVISED), "no table runs it as a pretext task");
        b.close();
    }

    /**
     * A run that learns nothing (learning rate 0: its pretext accuracy stays at Rotation's chance) is flagged as
     * failed and retried, with another seed and then at half the rate; each attempt is stored and the last one is
     * the cell's answer.
     */
    @Test
    @ExtendWith(ExpectedFaults.class)
    void aFailedRunIsRetriedWithAnotherSeedThenHalfTheRate(@TempDir Path dir) {
        ResultStore store = new ResultStore(dir.resolve("results"));
        Study study = new Study(RunConfig.defaults(Scale.SMOKE), StudyTest.TINY, data, data, store, store.networks(),
                Study.RETRIES);
        Cell base = study.cell("architecture_comparison", TaskName.ROTATION,
                StudyTest.TINY.network(Architecture.RESNET_V2, 1), 0);
        Cell frozen = base.with(base.training().withRateTimes(0));
        CellResult r = study.run(frozen);
        assertEquals(2, r.run().seed(), "the second retry's seed");
        assertTrue(r.run().descriptions().training().contains("baseLr=0.0"), r.run().descriptions().training());
        List<CellResult> stored = store.all();
        assertEquals(List.of(0L, 1L, 2L), stored.stream().map(s -> s.run().seed()).sorted().toList());
        assertTrue(stored.stream().allMatch(RunCheck::failed), "every attempt near chance is flagged");
        assertEquals(1, Study.retry(base, 1).training().seed());
        assertEquals(base.training().baseLr(), Study.retry(base, 1).training().baseLr(), 1e-12, "another seed");
        assertEquals(0.5 * base.training().baseLr(), Study.retry(base, 2).training().baseLr(), 1e-12,
                "then also half the rate");
    }
}
