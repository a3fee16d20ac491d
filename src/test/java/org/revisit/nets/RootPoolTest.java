package org.revisit.nets;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The paper geometry's root max pool as TF computes it ({@code fixed_padding}, then a VALID 3x3/2 pool): on a map
 * with negative values (the v2 and RevNet roots pool the conv's output, no ReLU between) the padding zeros win the
 * maximum at the border.
 */
class RootPoolTest {
    @Test
    void theZeroPaddedPoolCountsTheZerosAtTheBorderAsTfDoes() {
        for (CNN2DFormat format : CNN2DFormat.values()) {
            var b = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).graphBuilder().addInputs("in");
            LayerGraph t = new LayerGraph(b, format, 0, 0.9);
            t.maxPoolZeroPadded("zero_padded", "in", 3, 2, 1);
            t.maxPool("ignored_padding", "in", 3, 2, 1);
            b.setOutputs("zero_padded", "ignored_padding").setInputTypes(InputType.convolutional(6, 6, 1, format));
            ComputationGraph g = new ComputationGraph(b.build());
            g.init();
            // every value negative: -1 - (row * 6 + column) / 10
            float[] v = new float[36];
            for (int i = 0; i < 36; i++) {
                v[i] = -1 - i / 10f;
            }
            INDArray x = format == CNN2DFormat.NCHW ? Nd4j.create(v, new long[] {1, 1, 6, 6})
                    : Nd4j.create(v, new long[] {1, 6, 6, 1});
            INDArray[] out = g.output(x);
            INDArray tf = out[0].reshape(3, 3);
            INDArray ignored = out[1].reshape(3, 3);
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    // window rows 2r-1..2r+1 and columns 2c-1..2c+1 of the map padded by one zero each side
                    boolean touchesPadding = r == 0 || c == 0;
                    float inside = -1 - ((Math.max(2 * r - 1, 0)) * 6 + Math.max(2 * c - 1, 0)) / 10f;
                    assertEquals(touchesPadding ? 0f : inside, tf.getFloat(r, c), 1e-6, format + " " + r + "," + c);
                    assertEquals(inside, ignored.getFloat(r, c), 1e-6, format + " " + r + "," + c);
                }
            }
        }
    }
}
