package org.revisit.cost;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.revisit.data.Augmentation;
import org.revisit.data.DatasetSplits;
import org.revisit.data.FashionMnist;
import org.revisit.nets.Architecture;
import org.revisit.nets.Geometry;
import org.revisit.nets.Head;
import org.revisit.nets.NetworkSpec;
import org.revisit.pretext.PretextTask;
import org.revisit.pretext.TaskName;
import org.revisit.probe.LinearProbe;
import org.revisit.study.Scale;
import org.revisit.train.TrainingConfig;
import org.revisit.util.NativeBackend;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.revisit.nets.MomentsBatchNormHelper;
import org.revisit.nets.Networks;
import org.revisit.pretext.PretextBatch;
import org.revisit.train.PretextTrainer;
import java.util.Map;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The learning-parity path with the real PyTorch twin on real Fashion-MNIST images: starting from DL4J's initial
 * weights and fed DL4J's batches, the twin must compute the same losses, step after step. Step 1 is the forward
 * pass alone (network, head, loss and L2 penalty); the steps after it also compare the update (gradients, heavy-ball
 * momentum, learning rates, weight decay, batch-norm statistics). A trainer that learns differently from a standard
 * one fails here before any probe is run.
 */
class LearningParityTest {
    /** The draw of weights, batches and dropout masks every run of this test sees ({@link #tolerance}). */
    private static final long SEED = 0;
    private static DatasetSplits data;

    @BeforeAll
    static void load() {
        NativeBackend.init();
        data = FashionMnist.load(FashionMnist.DEFAULT_FOLDER, 200, 0);
    }

    static Stream<Arguments> networks() {
        return Stream.of(Arguments.of("rotation", Architecture.RESNET_V2), Arguments.of("rotation", Architecture.RESNET_V1),
                Arguments.of("rotation", Architecture.REVNET), Arguments.of("rotation", Architecture.VGG19_BN),
                Arguments.of("exemplar", Architecture.RESNET_V2), Arguments.of("jigsaw", Architecture.RESNET_V2),
                Arguments.of("relative_patch_location", Architecture.RESNET_V2));
    }

    private static LearningParity.Setup setup(String taskName, Architecture a, Path dir, int images, int epochs,
                                              double peakLr) {
        PretextTask task = TaskName.parse(taskName).task();
        NetworkSpec spec = NetworkSpec.of(a, 1, Scale.smallDepths().get(a), Geometry.small(28, 1));
        spec = spec.withGeometry(task.networkGeometry(spec.geometry()));
        // constant rate after a one-step warm-up; BN momentum 0.9 as the small scales
        TrainingConfig config = new TrainingConfig(epochs, 16, peakLr * 256 / 16, 256, 0.0, new double[0], 0.1, 0.9,
                1e-4, 0.9, images, SEED);
        return new LearningParity.Setup(spec, task, config, Augmentation.smallImages(),
                data.pretextTrain().head(images), data.val().head(32), data.train().head(300), data.val().head(100),
                data.test().head(200), new LinearProbe(new double[] {1e-2}, 50), dir, PyTorchPeer.SCRIPT, 2, true);
    }

    /**
     * How far the twin's loss after 0, 1 and 2 updates may be from DL4J's. Seed 0's weights and batches are the same
     * in every run ({@code Nd4jSeed}), so the test is one fixed draw; each bound is at least 2.5 times the largest
     * difference over five other draws of the initial weights (float32 in two libraries: each update amplifies the
     * rounding of the one before):
     * rotation on ResNet v1 / v2 / RevNet and Exemplar at most 6e-6, 6e-5 and 1.6e-3; VGG19-BN 5e-7, 8e-4 and
     * 4e-2 (its fc6 and fc7 batch norms normalise 1x1 maps over the batch's 64 inputs, so a unit near a ReLU's kink
     * falls on either side in the two libraries after the first update); the patch heads, whose dropout draws its
     * own masks in each framework, 5.4e-3, 1.3e-2 and 6.7e-3.
     */
    private static double[] tolerance(String task, Architecture a) {
        if (TaskName.parse(task).task().head(Geometry.small(28, 1)) instanceof Head.PatchClassifier) {
            return new double[] {1.5e-2, 3.5e-2, 2e-2};
        }
        return a == Architecture.VGG19_BN ? new double[] {1e-4, 2e-3, 1e-1} : new double[] {1e-4, 1e-3, 5e-3};
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("networks")
    void twinComputesDl4jsLossesFromTheSameWeightsAndBatches(String task, Architecture a, @TempDir Path dir)
            throws IOException {
        ParityRow row = LearningParity.run(setup(task, a, dir, 48, 1, 0.01));
        assertEquals("", row.note(), "the twin ran");
        assertTrue(row.sameInitialWeights(), "the twin started from DL4J's weights");
        assertEquals(3, row.dl4jLosses().length);
        assertEquals(3, row.twinLosses().length);
        String losses = "DL4J " + Arrays.toString(row.dl4jLosses()) + " twin " + Arrays.toString(row.twinLosses())
                + " | " + row;
        double[] tolerance = tolerance(task, a);
        for (int step = 1; step <= 3; step++) {
            int s = step;
            assertTrue(row.lossDifference(s) < tolerance[s - 1], () -> "step " + s + ": " + losses);
        }
        assertTrue(row.dl4jTop1().value() > 0.3 && row.twinTop1().value() > 0.3, row::toString);
        assertTrue(row.dl4jControl().value() > 0.3 && row.twinControl().value() > 0.3, row::toString);
        assertTrue(row.twinPretextAccuracy() >= 0 && row.twinPretextAccuracy() <= 1, row::toString);
    }

    /**
     * The pin of the cause the parity benchmark found: on the same weights and batch, every kernel's gradient in
     * DL4J is PyTorch's to within the architecture's bound: ResNet50 v2 1 %, RevNet 5 %, VGG19-BN 3 %, each at least
     * 2.5 times the largest relative difference over six draws of the initial weights (0.23 %, 1.9 % and 1.1 %, in
     * the layers where the rounding of every batch norm above has compounded). ResNet v2's bound is the pin: with the
     * batch statistics accumulated in float its first layer was 1.6 % off; RevNet's and VGG's (2.5 % and 3.6 % then)
     * catch gross errors only.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(value = Architecture.class, names = {"RESNET_V2", "VGG19_BN",
            "REVNET"})
    void firstStepGradientsAreThoseOfPyTorch(Architecture a, @TempDir Path dir) throws IOException {
        LearningParity.Setup s = setup("rotation", a, dir, 48, 1, 0.01);
        assertEquals("", LearningParity.run(s).note());
        ComputationGraph g = new ComputationGraph(Networks.builder().setSpec(s.spec()).setHead(s.task()
                .head(s.spec().geometry())).optWeightDecay(0).optBnDecay(s.config().bnDecay()).build());
        g.init();
        MomentsBatchNormHelper.install(g);
        String[] names = new ObjectMapper().readValue(dir.resolve("init.json").toFile(), String[].class);
        List<ArrayFile.Array> init = ArrayFile.read(dir.resolve("init.bin"));
        for (int i = 0; i < names.length; i++) {
            INDArray p = g.getParam(names[i]);
            p.assign(Nd4j.create(init.get(i).floats(), p.shape()));
        }
        PretextBatch first = PretextTrainer.batches(s.task(), s.spec(), s.config(), s.augmentation(),
                s.pretextTrain(), 0).next();
        g.setInputs(first.networkInputs());
        g.setLabels(first.labels());
        g.computeGradientAndScore();
        Map<String, INDArray> dl4j = g.gradient().gradientForVariable();
        String[] twinNames = new ObjectMapper().readValue(dir.resolve("twin_gradients.bin.json").toFile(),
                String[].class);
        List<ArrayFile.Array> twin = ArrayFile.read(dir.resolve("twin_gradients.bin"));
        assertTrue(twinNames.length > 20, "gradients of " + twinNames.length + " parameters");
        long n = first.labels().size(0); // DL4J's gradient is the batch's sum, the twin's its mean
        double bound = switch (a) {
            case REVNET -> 5e-2;
            case VGG19_BN -> 3e-2;
            default -> 1e-2;
        };
        int kernels = 0;
        for (int i = 0; i < twinNames.length; i++) {
            if (!twinNames[i].endsWith("_W")) {
                // a batch-norm offset's gradient is a sum over the batch that nearly cancels: its relative
                // difference measures that cancellation (seen at 1.7 % on VGG), not the trainer
                continue;
            }
            kernels++;
            INDArray ours = dl4j.get(twinNames[i]).div(n);
            INDArray theirs = Nd4j.create(twin.get(i).floats(), ours.shape());
            double rel = ours.sub(theirs).norm2Number().doubleValue() / theirs.norm2Number().doubleValue();
            String name = twinNames[i];
            assertTrue(rel < bound, () -> a + " " + name + ": DL4J's gradient is " + rel + " off PyTorch's");
        }
        assertTrue(kernels > 10, "gradients of " + kernels + " kernels compared");
    }

    @Test
    void aMalformedTwinFileNamesTheFileAndTheByte(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("twin_features_trained.bin");
        try (ArrayFile.Writer w = new ArrayFile.Writer(f)) {
            w.write(ArrayFile.Array.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        }
        List<ArrayFile.Array> back = ArrayFile.read(f);
        assertEquals(2, back.get(0).rows());
        assertEquals(3, back.get(0).columns());
        assertEquals(6f, back.get(0).floats()[5]);
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length - 2));
        IOException cut = assertThrows(IOException.class, () -> ArrayFile.read(f));
        assertTrue(cut.getMessage().contains(f.toString()) && cut.getMessage().contains("truncated array at byte 0"),
                cut.getMessage());
        bytes[1] = 'X';
        Files.write(f, bytes);
        IOException magic = assertThrows(IOException.class, () -> ArrayFile.read(f));
        assertTrue(magic.getMessage().contains("expected an array header"), magic.getMessage());
    }
}
