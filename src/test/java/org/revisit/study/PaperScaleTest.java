package org.revisit.study;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.revisit.faults.ExpectedFaults;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.revisit.data.Augmentation;
import org.revisit.data.Dataset;
import org.revisit.data.DatasetSplits;
import org.revisit.data.ImageFolderFixtures;
import org.revisit.data.ImageSet;
import org.revisit.nets.Architecture;
import org.revisit.nets.Geometry;
import org.revisit.nets.NetworkSpec;
import org.revisit.pretext.ExemplarTask;
import org.revisit.pretext.JigsawTask;
import org.revisit.pretext.TaskName;
import org.revisit.pretext.RotationTask;
import org.revisit.probe.FeatureExtractor;
import org.revisit.probe.FeaturePooling;
import org.revisit.train.PretextTrainer;
import org.revisit.train.TrainedNetwork;
import org.revisit.train.TrainingConfig;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The paper scale bound to an image folder in the ImageNet layout: {@code -Dscale=paper -Ddata.imagenet=DIR} gives
 * paper.md §3's settings on those files, and the paper's pipeline (full-resolution JPEGs, Inception crop to 224 px,
 * ResNet50 at k = 4) trains a step and extracts features here, on a folder the test writes.
 */
class PaperScaleTest {
    @TempDir
    Path dir;

    @Test
    @ExtendWith(ExpectedFaults.class)
    void thePaperScaleOnAnImageNetFolderHasSpecSection3Settings() throws IOException {
        ImageFolderFixtures.imagenet(dir, 6);
        java.util.Properties props = new java.util.Properties();
        props.setProperty("scale", "paper");
        props.setProperty("data.imagenet", dir.toString());
        RunConfig config = RunConfig.from(props);
        {
            assertEquals(Dataset.IMAGENET, config.dataset(), "the paper scale's dataset is ImageNet");
            assertEquals(dir, config.dataFolder(Dataset.IMAGENET));
            Scale.Preset p = Scale.PAPER.preset().forDataset(Scale.PAPER, Dataset.IMAGENET);
            assertEquals(50_000, p.valCount(), "the paper's own validation split: 50,000 training images");
            assertEquals(20_500, Scale.PAPER.preset().forDataset(Scale.PAPER, Dataset.PLACES205).valCount());
            assertEquals(Geometry.paper(3), p.geometry());
            assertEquals(Augmentation.inception(), p.augmentation());
            Dataset.Request r = Study.request(p, Dataset.IMAGENET, config);
            assertEquals(0, r.imageSize(), "full-resolution images: the Inception crop sees the whole image");
            DatasetSplits data = Dataset.IMAGENET.load(dir, r);
            assertEquals(ImageSet.VARIES, data.train().height());
            assertEquals(6, data.test().size());
            assertEquals(3, data.val().size(), "a tiny folder holds out a fifth, not 50,000 (logged)");
            Study.checkImageSize(dir, data, Scale.PAPER, p);
            assertEquals("paper", ResultStore.runName(Scale.PAPER, Dataset.IMAGENET));
            assertEquals("paper-places205", ResultStore.runName(Scale.PAPER, Dataset.PLACES205));

            Study study = new Study(Scale.PAPER, p, data, new ResultStore(dir.resolve("results")));
            Cell rotation = study.cell("t", TaskName.ROTATION, p.network(Architecture.RESNET_V2, 4), 0);
            TrainingConfig t = rotation.training();
            // paper.md §3.1: momentum 0.9, LR 0.1 x B / 256, 5 warm-up epochs, x0.1 at 15 and 25, 35 epochs, L2 1e-4
            assertEquals(35, t.epochs());
            // the released config (config/rotation/imagenet.sh): 64 images on 8 TPU cores
            assertEquals(64, t.batchImages());
            assertEquals(0.1 * 64 / 256, t.peakLr(), 1e-12);
            assertEquals(5, t.warmupEpochs(), 1e-12);
            assertArrayEquals(new double[] {15, 25}, t.decayEpochs(), 1e-12);
            assertEquals(0.1, t.decayFactor());
            assertEquals(0.9, t.momentum());
            assertEquals(1e-4, t.weightDecay());
            assertEquals(0.99, t.bnDecay(), "TF's batch-norm momentum");
            assertEquals(Integer.MAX_VALUE, t.trainImages(), "every training image");
            assertEquals(8, t.replicas(), "Rotation on 8 TPU cores: batch norm sees 8 images per shard");
            TrainingConfig exemplar = study.cell("t", TaskName.EXEMPLAR, p.network(Architecture.RESNET_V1, 4), 0)
                    .training();
            assertEquals(64, exemplar.batchImages(), "Exemplar: 64 images x 8 copies");
            assertEquals(8, exemplar.replicas(), "Exemplar on 8 cores: 8 images mined together");
            TrainingConfig jigsaw = study.cell("t", TaskName.JIGSAW, p.network(Architecture.RESNET_V1, 4), 0)
                    .training();
            assertEquals(128, jigsaw.batchImages());
            assertEquals(8, jigsaw.replicas());
            assertTrue(KeyFormat.training(t).endsWith(", replicas=8}"), KeyFormat.training(t));

            // the batches as remembered from the paper's text, an option
            Study remembered = new Study(Scale.PAPER, p.withPaperBatches(PaperBatches.REMEMBERED), data,
                    new ResultStore(dir.resolve("results-remembered")));
            TrainingConfig rr = remembered.cell("t", TaskName.ROTATION, p.network(Architecture.RESNET_V2, 4), 0)
                    .training();
            assertEquals(1024, rr.batchImages());
            assertEquals(0.1 * 1024 / 256, rr.peakLr(), 1e-12);
            assertEquals(128, rr.replicas(), "Rotation on 128 TPU cores: 8 images per shard");
            assertEquals(512, remembered.cell("t", TaskName.EXEMPLAR, p.network(Architecture.RESNET_V1, 4), 0)
                    .training().batchImages());
            assertEquals(32, remembered.cell("t", TaskName.JIGSAW, p.network(Architecture.RESNET_V1, 4), 0)
                    .training().replicas());
            assertTrue(KeyFormat.training(rr).endsWith(", replicas=128}"), KeyFormat.training(rr));
            assertEquals(Geometry.paperPatch(3), study.cell("t", TaskName.JIGSAW,
                    p.network(Architecture.RESNET_V1, 4), 0).network().geometry(), "64 px patches");
            assertEquals(2048, NetworkSpec.paper(Architecture.RESNET_V2, 4).preLogitsSize());
            // paper.md §3.6: L-BFGS, at most 800 iterations, pre-logits, maps above ~9,000 values pooled
            assertEquals(800, p.probeMaxIterations());
            assertEquals(FeaturePooling.PAPER_TARGET, p.poolingTarget());
            assertEquals(ProbeSetting.lbfgs(), rotation.probe());
            assertEquals("pre_logits", rotation.endPoint());
            // the official linear evaluation's SGD: random crops of train + val every step (Table 2, Figure 8)
            var sgd = (org.revisit.probe.SgdProbe) ProbeSetting.sgd(480).build(p, 0);
            assertEquals(org.revisit.probe.SgdProbe.TrainingData.RANDOM_CROPS_OF_TRAINVAL, sgd.trainingData());
            assertTrue(KeyFormat.probe(sgd).endsWith(", random crops of train+val every step}"), KeyFormat.probe(sgd));

            // the preset asks for every image; the forecast counts the images there are (it overflowed before)
            Scale.Preset capped = p.cappedTo(data, data);
            assertEquals(data.train().size(), capped.probeTrainImages());
            assertEquals(data.test().size(), capped.testImages());
            var estimate = org.revisit.cost.CostModel.of(study).estimate(study, java.util.List.of(rotation), true)
                    .get(0);
            for (double seconds : new double[] {estimate.trainSeconds(), estimate.extractSeconds(),
                    estimate.probeSeconds()}) {
                assertTrue(Double.isFinite(seconds) && seconds > 0, estimate.toString());
            }
            // the SGD probe on random crops runs the network over train + val in each of its 520 epochs
            var sgdEstimate = org.revisit.cost.CostModel.of(study).estimate(study,
                    java.util.List.of(rotation.with(ProbeSetting.sgd(480))), true).get(0);
            assertTrue(sgdEstimate.probeSeconds() > 500 * estimate.extractSeconds() * (capped.probeTrainImages()
                    + capped.probeValImages()) / (capped.probeTrainImages() + capped.probeValImages()
                    + capped.testImages()), sgdEstimate + " vs " + estimate);
        }
    }

    /**
     * One Rotation step of ResNet50 v2 at k = 4 on 224 px crops of the folder's JPEGs, in two replica shards of one
     * image's four rotations each, then 2,048-d features.
     */
    @Test
    @ExtendWith(ExpectedFaults.class)
    void thePaperPipelineTrainsAndExtractsOnJpegs() throws IOException {
        ImageFolderFixtures.imagenet(dir, 3);
        Scale.Preset p = Scale.PAPER.preset().forDataset(Scale.PAPER, Dataset.IMAGENET);
        DatasetSplits data = Dataset.IMAGENET.load(dir, Study.request(p, Dataset.IMAGENET,
                RunConfig.defaults(Scale.PAPER)));
        NetworkSpec spec = p.network(Architecture.RESNET_V2, 4);
        var task = TaskName.parse(RotationTask.NAME).task();
        TrainingConfig one = TrainingConfig.paperShape(1, 2, p.bnDecay(), 2, 0).withReplicas(2);
        TrainedNetwork net = PretextTrainer.train("paper-step", spec, task, one, p.augmentation(), data.train(),
                data.val().head(2));
        assertEquals(1, net.record().steps());
        assertTrue(Double.isFinite(net.record().finalLoss()), "loss " + net.record().finalLoss());
        assertTrue(net.record().parameters() > 23_000_000, "ResNet50 at k = 4: " + net.record().parameters());
        INDArray features = FeatureExtractor.extract(net.graph(), "pre_logits", data.test().head(2),
                p.augmentation(), spec.geometry(), task, new FeaturePooling(p.poolingTarget()));
        assertArrayEquals(new long[] {2, 2048}, features.shape());
        assertFalse(features.isNaN().any(), "finite features");
    }
}
