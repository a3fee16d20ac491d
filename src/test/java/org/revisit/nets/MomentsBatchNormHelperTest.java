package org.revisit.nets;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.summarystats.Variance;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.junit.jupiter.api.Test;
import org.revisit.util.NativeBackend;

import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MomentsBatchNormHelperTest {

    @BeforeAll
    static void init() {
        NativeBackend.init();
    }

    @Test
    void momentsGivesThePopulationMeanAndVarianceOfTheHelper() {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.randn(DataType.FLOAT, 8, 5, 6, 7).muli(2).addi(Nd4j.linspace(DataType.FLOAT, 1, 5, 5)
                .reshape(1, 5, 1, 1));
        INDArray mean = Nd4j.create(DataType.FLOAT, 5);
        INDArray var = Nd4j.create(DataType.FLOAT, 5);
        Nd4j.exec(DynamicCustomOp.builder("moments").addInputs(x).addOutputs(mean, var).addIntegerArguments(0, 2, 3)
                .build());
        INDArray expectedVar = Nd4j.create(DataType.FLOAT, 5);
        Nd4j.exec(new Variance(x, expectedVar, false, 0, 2, 3));
        assertTrue(x.mean(0, 2, 3).equalsWithEps(mean, 1e-5), () -> mean + " vs " + x.mean(0, 2, 3));
        assertTrue(expectedVar.equalsWithEps(var, 1e-4), () -> var + " vs " + expectedVar);
    }

    /**
     * With float statistics, training with the helper gives the same weights and BN statistics as DL4J's oneDNN
     * helper: the speed-up changes nothing else. (The study accumulates them in double, which moves away from DL4J's
     * own numbers on purpose, towards PyTorch's: LearningParityTest.)
     */
    /** Every architecture in NCHW (the default layout); NHWC's statistics take other axes: two networks suffice. */
    static Stream<Arguments> layouts() {
        return Stream.concat(Stream.of(Architecture.values()).map(a -> Arguments.of(a, CNN2DFormat.NCHW)),
                Stream.of(Architecture.RESNET_V1, Architecture.VGG19_BN).map(a -> Arguments.of(a, CNN2DFormat.NHWC)));
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void trainingMatchesTheOneDnnHelper(Architecture a, CNN2DFormat format) {
        NetworkSpec spec = NetworkSpec.of(a, 1, a == Architecture.VGG19_BN ? new int[] {1, 1, 1, 1, 1}
                : new int[] {1, 1, 1, 1}, Geometry.small(16, 1));
        ComputationGraph reference = network(spec, format);
        ComputationGraph moments = network(spec, format);
        int installed = MomentsBatchNormHelper.install(moments, false);
        assertTrue(installed > 0, "the oneDNN helpers are on in this build, so every BN layer has one to replace");
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.FLOAT, 32, 1, 16, 16).muli(3).subi(1);
        if (format == CNN2DFormat.NHWC) {
            x = x.permute(0, 2, 3, 1).dup('c');
        }
        INDArray y = Nd4j.zeros(DataType.FLOAT, 32, 4);
        for (int i = 0; i < 32; i++) {
            y.putScalar(i, i % 4, 1);
        }
        DataSet d = new DataSet(x, y);
        for (int step = 0; step < 3; step++) {
            reference.fit(d);
            moments.fit(d);
        }
        assertEquals(reference.score(), moments.score(), 1e-4 * Math.abs(reference.score()));
        Map<String, INDArray> expected = reference.paramTable();
        Map<String, INDArray> actual = moments.paramTable();
        for (var e : expected.entrySet()) {
            INDArray diff = e.getValue().sub(actual.get(e.getKey()));
            double scale = Math.max(1e-3, e.getValue().norm2Number().doubleValue());
            assertTrue(diff.norm2Number().doubleValue() <= 1e-4 * scale, () -> a.id() + " " + e.getKey()
                    + " differs by " + diff.norm2Number() + " (norm " + scale + ")");
        }
    }

    private static ComputationGraph network(NetworkSpec spec, CNN2DFormat format) {
        ComputationGraph g = new ComputationGraph(Networks.builder().setSpec(spec).setOutputs(4)
                .optUpdater(new Sgd(0.05)).optSeed(11).optFormat(format).build());
        g.init();
        return g;
    }
}
