package org.revisit.nets;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Sgd;
import org.revisit.nets.vertex.ReversibleCouplingVertex;
import org.revisit.util.NativeBackend;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RevNetTest {
    /** The residual function F of a RevNet unit, in the order the builder adds its layers. */
    private static final List<String> F = List.of("_f_preact_bn", "_f_preact", "_f_conv1", "_f_bn1", "_f_relu1",
            "_f_conv2", "_f_bn2", "_f_relu2", "_f_conv3");

    @BeforeAll
    static void init() {
        NativeBackend.init();
    }

    /** A RevNet with two units per stage, trained a few steps so its BN statistics and weights are not trivial. */
    private static ComputationGraph trained(CNN2DFormat format) {
        NetworkSpec spec = NetworkSpec.of(Architecture.REVNET, 1, new int[] {2, 2, 2, 2}, Geometry.small(12, 1));
        ComputationGraph g = new ComputationGraph(Networks.builder().setSpec(spec).setOutputs(3).optFormat(format)
                .optUpdater(new Sgd(0.05)).optBnDecay(0.5).optSeed(3).build());
        g.init();
        Nd4j.getRandom().setSeed(11);
        INDArray x = input(8, format);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 3);
        for (int i = 0; i < 8; i++) {
            y.putScalar(i, i % 3, 1);
        }
        for (int step = 0; step < 5; step++) {
            g.fit(new DataSet(x, y));
        }
        return g;
    }

    private static INDArray input(int n, CNN2DFormat format) {
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 12, 12, 1).subi(0.5);
        return format == CNN2DFormat.NHWC ? x : x.permute(0, 3, 1, 2).dup('c');
    }

    private static INDArrayIndex[] channels(CNN2DFormat format, long from, long to) {
        INDArrayIndex[] idx = {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()};
        idx[format == CNN2DFormat.NHWC ? 3 : 1] = NDArrayIndex.interval(from, to);
        return idx;
    }

    @ParameterizedTest
    @EnumSource(CNN2DFormat.class)
    void everyUnitReconstructsItsInputFromItsOutput(CNN2DFormat format) {
        ComputationGraph g = trained(format);
        ComputationGraphConfiguration conf = g.getConfiguration();
        Map<String, INDArray> acts = g.feedForward(input(4, format), false);
        int units = 0;
        for (var e : conf.getVertices().entrySet()) {
            if (!(e.getValue() instanceof ReversibleCouplingVertex)) {
                continue;
            }
            String unit = e.getKey();
            INDArray x = acts.get(conf.getVertexInputs().get(unit).get(0));
            INDArray y = acts.get(unit);
            long c = x.size(format == CNN2DFormat.NHWC ? 3 : 1);
            INDArray y1 = y.get(channels(format, 0, c / 2)).dup();
            INDArray y2 = y.get(channels(format, c / 2, c)).dup();
            // Invert: x2 = y1 and x1 = y2 - F(y1), applying the unit's own F layers (inference mode) to y1.
            INDArray f = y1;
            for (String layer : F) {
                f = g.getLayer(unit + layer).activate(f, false, LayerWorkspaceMgr.noWorkspaces()).dup();
            }
            INDArray x1 = y2.sub(f);
            double scale = x.amaxNumber().doubleValue();
            assertTrue(scale > 0, unit);
            assertEquals(0, x.get(channels(format, 0, c / 2)).sub(x1).amaxNumber().doubleValue(), 1e-4 * scale,
                    unit + ": x1");
            assertEquals(0, x.get(channels(format, c / 2, c)).sub(y1).amaxNumber().doubleValue(), 0, unit + ": x2");
            units++;
        }
        assertEquals(8, units);
    }

    @ParameterizedTest
    @EnumSource(CNN2DFormat.class)
    void savedRevNetRestoresIdentically(CNN2DFormat format, @TempDir Path dir) throws Exception {
        ComputationGraph g = trained(format);
        File f = dir.resolve("revnet.zip").toFile();
        ModelSerializer.writeModel(g, f, true);
        ComputationGraph r = ModelSerializer.restoreComputationGraph(f, true);
        INDArray x = input(4, format);
        assertEquals(g.getConfiguration().toJson(), r.getConfiguration().toJson());
        assertEquals(g.params(), r.params());
        assertEquals(g.outputSingle(false, x), r.outputSingle(false, x));
    }
}
