package org.revisit.probe;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.revisit.data.Augmentation;
import org.revisit.data.DatasetSplits;
import org.revisit.data.FashionMnist;
import org.revisit.data.Image;
import org.revisit.data.ImageSet;
import org.revisit.nets.Architecture;
import org.revisit.nets.Geometry;
import org.revisit.nets.NetworkSpec;
import org.revisit.nets.Networks;
import org.revisit.pretext.RotationTask;
import org.revisit.util.NativeBackend;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official linear evaluation's SGD probe: random crops of train + val, cropped afresh every step (row 7 of the
 * fidelity table).
 */
class RandomCropProbeTest {

    /**
     * The paper's crop of a 256 x 320 image: 224 px squares at the 33 x 97 whole-pixel offsets of
     * {@code resize_small 256, crop 224}, each drawn; the centre without a random stream.
     */
    @Test
    void randomEvaluationCropsTakeEveryWholePixelOffsetOfTheResizedImage() {
        int h = 256;
        int w = 320;
        byte[] px = new byte[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = (byte) (y == 0 || x == 0 ? 255 : 0); // marks row 0 and column 0
            }
        }
        Image img = ImageSet.of("ramp", px, new int[1], h, w, 1, 1).image(0);
        Augmentation a = Augmentation.inception();
        double side = Math.min(h, w) * Math.sqrt(a.evalArea());
        assertEquals(224, side, 1e-9);
        Set<Integer> ys = new HashSet<>();
        Set<Integer> xs = new HashSet<>();
        float[] out = new float[224 * 224];
        int corners = 0;
        for (int t = 0; t < 20_000; t++) {
            SplittableRandom probe = new SplittableRandom(t);
            int y = probe.nextInt(33);
            int x = probe.nextInt(97);
            ys.add(y);
            xs.add(x);
            if (y == 0 || x == 0 || t < 20) {
                // the crop is where the stream says: its first row is the image's row 0 only when y = 0
                corners += y == 0 || x == 0 ? 1 : 0;
                a.evalSquare(img, side, out, 0, 224, 224, new SplittableRandom(t));
                assertEquals(y == 0, out[1] > 0.99f && out[223] > 0.99f, "offset " + y + "," + x);
                assertEquals(x == 0, out[224] > 0.99f, "offset " + y + "," + x);
            }
        }
        assertTrue(corners > 500, corners + " crops at the top or left edge checked");
        assertEquals(33, ys.size());
        assertEquals(97, xs.size());
        a.evalSquare(img, side, out, 0, 224, 224, null);
        assertTrue(out[0] < -0.99f, "the central crop (offset 16, 48) holds neither marked row nor column");
    }

    /** The probe trains on train + val, each step on new crops, and draws them from its seed. */
    @Test
    void probeOnRandomCropsTrainsOnTrainvalAndCropsAfreshEveryStep() {
        NativeBackend.init();
        DatasetSplits data = FashionMnist.load(FashionMnist.DEFAULT_FOLDER, 100, 0);
        ImageSet train = data.train().head(48);
        ImageSet val = data.val().head(16);
        ImageSet test = data.test().head(32);
        Geometry g = Geometry.small(28, 1);
        ComputationGraph net = new ComputationGraph(Networks.builder()
                .setSpec(NetworkSpec.of(Architecture.RESNET_V2, 1, new int[] {1, 1, 1, 1}, g)).setOutputs(4)
                .optSeed(2).build());
        net.init();
        Augmentation aug = Augmentation.smallImages();
        var task = new RotationTask();
        FeaturePooling pool = new FeaturePooling(FeaturePooling.PAPER_TARGET);
        INDArray central = FeatureExtractor.extract(net, "pre_logits", train, aug, g, task, pool);
        FeatureStandardizer std = FeatureStandardizer.fit(central);
        RandomCropFeatures crops = new RandomCropFeatures(net, "pre_logits", List.of(train, val), aug, g, task, pool,
                std);
        assertEquals(64, crops.size(), "train + val");
        int[] rows = {0, 47, 48, 63, 5};
        INDArray a = crops.batch(rows, new SplittableRandom(3));
        INDArray again = crops.batch(rows, new SplittableRandom(3));
        INDArray other = crops.batch(rows, new SplittableRandom(4));
        assertEquals(a, again, "the same stream, the same crops");
        assertFalse(a.equalsWithEps(other, 1e-6), "another stream, other crops");
        assertEquals(val.labelsCopy()[15], crops.labels()[63], "example 63 is the last validation image");

        SgdProbe probe = SgdProbe.builder().setEpochs(2).optBatch(16).optSeed(1)
                .optTrainingData(SgdProbe.TrainingData.RANDOM_CROPS_OF_TRAINVAL).build();
        INDArray testFeatures = FeatureExtractor.extract(net, "pre_logits", test, aug, g, task, pool);
        ProbeResult r = probe.evaluate(crops, testFeatures, test.labelsCopy(), 10, std);
        assertEquals(64, r.trainCount(), "trained on train + val");
        assertEquals(2, r.validationTop1ByEpoch().length, "a test-split curve point per epoch");
        assertEquals(r.top1().value(), r.validationTop1ByEpoch()[1], 1e-9, "the last point is the final score");
        assertTrue(probe.toString().contains("random crops of train+val"), probe.toString());
        assertThrows(IllegalStateException.class, () -> probe.evaluate(central, train.labelsCopy(), central,
                train.labelsCopy(), testFeatures, test.labelsCopy(), 10), "fixed features cannot feed it");
    }
}
