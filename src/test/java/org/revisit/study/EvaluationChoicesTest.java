package org.revisit.study;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.revisit.data.Augmentation;
import org.revisit.data.Dataset;
import org.revisit.data.DatasetSplits;
import org.revisit.data.FashionMnist;
import org.revisit.data.PerImageStandardization;
import org.revisit.nets.Architecture;
import org.revisit.nets.Geometry;
import org.revisit.pretext.ExemplarTask;
import org.revisit.pretext.PretextTask;
import org.revisit.pretext.TaskName;
import org.revisit.probe.ProbeResult;
import org.revisit.probe.SgdProbe;
import org.revisit.util.NativeBackend;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official code's evaluation as the paper scale's default, and Revisit's choices as the named option
 * ({@code -Drevisit.evaluation}): Exemplar's probe input, the SGD probes' features and the MLP's learning rate.
 */
class EvaluationChoicesTest {
    @TempDir
    Path dir;

    @Test
    void thePaperScaleEvaluatesAsTheOfficialCodeAndTheOthersAsRevisit() {
        assertEquals(EvaluationChoices.OFFICIAL, Scale.PAPER.preset().evaluation());
        assertEquals(EvaluationChoices.OFFICIAL, Scale.PAPER.preset().forDataset(Scale.PAPER, Dataset.IMAGENET)
                .evaluation());
        assertEquals(EvaluationChoices.REVISIT, Scale.SMALL.preset().evaluation());
        assertEquals(EvaluationChoices.REVISIT, Scale.SMOKE.preset().forDataset(Scale.SMOKE, Dataset.CIFAR_10)
                .evaluation());
        Scale.Preset paper = Scale.PAPER.preset();
        var mlp = (SgdProbe) ProbeSetting.mlp(480).build(paper, 0);
        assertEquals(0.1, mlp.baseLr(), "the official MLP: the linear probe's learning rate");
        assertFalse(mlp.standardises(), "the official probes: raw features");
        var ours = (SgdProbe) ProbeSetting.mlp(480).build(paper.withEvaluation(EvaluationChoices.REVISIT), 0);
        assertEquals(ProbeSetting.MLP_LEARNING_RATE, ours.baseLr());
        assertTrue(ours.standardises());
        assertTrue(KeyFormat.probe(mlp).contains(", raw features"), KeyFormat.probe(mlp));
        assertTrue(KeyFormat.probe(ours).contains(", standardised features"), KeyFormat.probe(ours));
    }

    /** Official: the central crop in [-1, 1], not standardised; Revisit's: standardised, as in pretext training. */
    @Test
    void theOfficialExemplarProbeInputIsTheUnstandardisedCrop() {
        DatasetSplits data = FashionMnist.load(FashionMnist.DEFAULT_FOLDER, 100, 0);
        Geometry g = Geometry.small(28, 1);
        Augmentation aug = Augmentation.smallImages();
        int n = 28 * 28;
        float[] crop = new float[n];
        aug.eval(data.train(), 3, crop, 0, 28, 28);
        PretextTask official = new ExemplarTask().withOfficialProbeInput();
        float[] in = new float[n];
        official.representationInput(data.train(), 3, aug, g, in, 0);
        assertArrayEquals(crop, in);
        float[] standardised = crop.clone();
        PerImageStandardization.apply(standardised, 0, n);
        new ExemplarTask().representationInput(data.train(), 3, aug, g, in, 0);
        assertArrayEquals(standardised, in);
        assertEquals("[-1, 1] unstandardised", official.probeInputKey());
        PretextTask rotation = TaskName.ROTATION.task();
        assertSame(rotation, rotation.withOfficialProbeInput(), "only Exemplar's input differs");
    }

    /** Only Exemplar's feature files and the SGD probes' results are keyed apart; L-BFGS cells of other tasks not. */
    @Test
    void theOfficialEvaluationChangesOnlyTheKeysItChanges() {
        DatasetSplits data = FashionMnist.load(FashionMnist.DEFAULT_FOLDER, 100, 0);
        Scale.Preset revisit = Scale.SMOKE.preset();
        Scale.Preset official = revisit.withEvaluation(EvaluationChoices.OFFICIAL);
        Study study = new Study(Scale.SMOKE, revisit, data, new ResultStore(dir));
        Cell exemplar = study.cell("t", TaskName.EXEMPLAR, revisit.network(Architecture.RESNET_V1, 1), 0);
        Cell rotation = study.cell("t", TaskName.ROTATION, revisit.network(Architecture.RESNET_V1, 1), 0);
        CellKeys a = CellKeys.of(exemplar, revisit, data, data);
        CellKeys b = CellKeys.of(exemplar, official, data, data);
        assertEquals(a.networkKey(), b.networkKey(), "the same network");
        assertNotEquals(a.featureKey("trained", "pre_logits", a.test(), revisit),
                b.featureKey("trained", "pre_logits", b.test(), official), "other inputs, other features");
        CellKeys r1 = CellKeys.of(rotation, revisit, data, data);
        CellKeys r2 = CellKeys.of(rotation, official, data, data);
        assertEquals(r1.featureKey("trained", "pre_logits", r1.test(), revisit),
                r2.featureKey("trained", "pre_logits", r2.test(), official));
        assertEquals(r1.cellKey(), r2.cellKey(), "the L-BFGS probe is the same either way");
        Cell sgd = rotation.with(ProbeSetting.sgd(30));
        assertNotEquals(CellKeys.of(sgd, revisit, data, data).cellKey(), CellKeys.of(sgd, official, data, data)
                .cellKey(), "raw against standardised features");
    }

    /** Standardised, a probe ignores a feature's scale; on raw features (the official code's) it does not. */
    @Test
    void rawFeaturesAreNotStandardised() {
        NativeBackend.init();
        Nd4j.getRandom().setSeed(5);
        int[] labels = new int[64];
        for (int i = 0; i < 64; i++) {
            labels[i] = i % 2;
        }
        INDArray x = Nd4j.randn(DataType.FLOAT, 64, 4);
        for (int i = 0; i < 64; i++) {
            x.putScalar(i, 0, x.getFloat(i, 0) + labels[i]);
        }
        INDArray scaled = x.dup();
        scaled.getColumn(1).muli(1000);
        for (boolean standardise : new boolean[] {true, false}) {
            SgdProbe p = SgdProbe.builder().setEpochs(3).optBatch(16).optStandardise(standardise).optSeed(2).build();
            ProbeResult a = p.evaluate(x, labels, x, labels, x, labels, 2);
            ProbeResult b = p.evaluate(scaled, labels, scaled, labels, scaled, labels, 2);
            boolean same = java.util.Arrays.equals(a.validationTop1ByEpoch(), b.validationTop1ByEpoch());
            assertEquals(standardise, same, (standardise ? "standardised, a feature's scale changes nothing"
                    : "raw, the 1000x feature changes the fit") + ": " + java.util.Arrays.toString(
                    a.validationTop1ByEpoch()) + " vs " + java.util.Arrays.toString(b.validationTop1ByEpoch()));
        }
    }
}
