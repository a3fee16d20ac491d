package org.revisit.nets;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.revisit.util.NativeBackend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backpropagation of every architecture (and of the custom RevNet vertices in both layouts) against central finite
 * differences, in double precision on a tiny instance: 8 px input, k = 1, one unit per stage, two entries of
 * each parameter array. BN running statistics are not trained by gradients and are excluded.
 */
class GradientCheckTest {
    private static DataType savedDefault;
    private static DataType savedFloatingPoint;

    @BeforeAll
    static void doublePrecision() {
        NativeBackend.init();
        savedDefault = Nd4j.dataType();
        savedFloatingPoint = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE); // GradientCheckUtil insists on it
    }

    @AfterAll
    static void restorePrecision() {
        Nd4j.setDefaultDataTypes(savedDefault, savedFloatingPoint);
    }

    static Stream<Arguments> networks() {
        Geometry g = Geometry.small(8, 1);
        int[] residual = {1, 1, 1, 1};
        return Stream.of(
                Arguments.of(NetworkSpec.of(Architecture.RESNET_V1, 1, residual, g), CNN2DFormat.NCHW),
                Arguments.of(NetworkSpec.of(Architecture.RESNET_V2, 1, residual, g), CNN2DFormat.NCHW),
                Arguments.of(NetworkSpec.of(Architecture.RESNET_V2, 1, residual, g).withoutLastRelu()
                        .withRepresentationSize(16), CNN2DFormat.NCHW),
                Arguments.of(NetworkSpec.of(Architecture.REVNET, 1, residual, g), CNN2DFormat.NCHW),
                Arguments.of(NetworkSpec.of(Architecture.REVNET, 1, residual, g), CNN2DFormat.NHWC),
                Arguments.of(NetworkSpec.of(Architecture.VGG19_BN, 1, new int[] {1, 1, 1, 1, 1}, g), CNN2DFormat.NCHW));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("networks")
    void backpropMatchesFiniteDifferences(NetworkSpec spec, CNN2DFormat format) {
        ComputationGraph net = new ComputationGraph(Networks.builder().setSpec(spec).setOutputs(3).optFormat(format)
                .optDataType(DataType.DOUBLE).optWeightDecay(0).optSeed(5).build());
        net.init();
        Nd4j.getRandom().setSeed(7);
        int n = 3;
        Geometry geo = spec.geometry();
        INDArray x = format == CNN2DFormat.NHWC
                ? Nd4j.rand(DataType.DOUBLE, n, geo.height(), geo.width(), geo.channels())
                : Nd4j.rand(DataType.DOUBLE, n, geo.channels(), geo.height(), geo.width());
        INDArray y = Nd4j.eye(n).castTo(DataType.DOUBLE);
        List<String> failures = check(net, new DataSet(x, y), 2, 1e-6, 1e-3, 1e-8);
        assertTrue(failures.isEmpty(), spec.label() + " " + format + ": analytic and numerical gradients differ: "
                + failures);
    }

    /**
     * Central differences for up to {@code perArray} entries of every trainable parameter array (BN running
     * statistics are not trained by gradients). DL4J's GradientCheckUtil checks every parameter of a graph (its
     * subset option applies to MultiLayerNetwork only), which takes hours at k = 1.
     */
    static List<String> check(ComputationGraph net, DataSet data, int perArray, double eps, double maxRel,
                              double minAbs) {
        return check(net, new org.nd4j.linalg.dataset.MultiDataSet(data.getFeatures(), data.getLabels()), perArray,
                eps, maxRel, minAbs);
    }

    /** As above, for a graph of several inputs (the patch head's order). */
    static List<String> check(ComputationGraph net, org.nd4j.linalg.dataset.api.MultiDataSet data, int perArray,
                              double eps, double maxRel, double minAbs) {
        net.setInputs(data.getFeatures());
        net.setLabels(data.getLabels());
        net.computeGradientAndScore();
        // DL4J's backprop sums over the examples and the updater divides by their number; the score is the mean.
        // An example is a row of the labels (the patch heads build several examples from one image's patches).
        long batch = data.getLabels(0).size(0);
        Map<String, INDArray> analytic = new HashMap<>();
        net.gradient().gradientForVariable().forEach((k, v) -> analytic.put(k, v.div(batch)));
        Random random = new Random(17);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (var e : net.paramTable().entrySet()) {
            String name = e.getKey();
            if (name.endsWith("_mean") || name.endsWith("_var") || name.endsWith("_log10stdev")) {
                continue;
            }
            INDArray param = e.getValue();
            INDArray grad = analytic.get(name);
            long n = param.length();
            for (int s = 0; s < Math.min(perArray, n); s++) {
                long i = n <= perArray ? s : (long) (random.nextDouble() * n);
                double original = param.getDouble(i);
                param.putScalar(i, original + eps);
                double plus = net.score(data, true);
                param.putScalar(i, original - eps);
                double minus = net.score(data, true);
                param.putScalar(i, original);
                double numeric = (plus - minus) / (2 * eps);
                double a = grad.getDouble(i);
                double diff = Math.abs(a - numeric);
                double rel = diff / (Math.abs(a) + Math.abs(numeric));
                if (diff > minAbs && rel > maxRel) {
                    failures.add(String.format("%s[%d]: backprop %.6g vs numeric %.6g", name, i, a, numeric));
                }
                checked++;
            }
        }
        if (checked < 40) {
            failures.add("only " + checked + " entries checked");
        }
        return failures;
    }
}
