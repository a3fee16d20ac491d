import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.weightinit.impl.XavierInitScheme;
import org.revisit.cost.StepWorkload;
import org.revisit.nets.Architecture;
import org.revisit.study.Scale;
import org.revisit.util.NativeBackend;

/**
 * The lever "train the trunk as a SameDiff graph": the small scale's ResNet50 v1 (k = 1, one unit per stage, 28 px)
 * written in SameDiff with the same layers (no-bias convolutions padded (k-1)/2, batch norm over the batch, ReLU,
 * projection shortcuts, global average pooling, a 4-way softmax), timed on the same fixed batch as DL4J's graph
 * ({@link StepWorkload}) in the same JVM. First it tries SameDiff's own batch-norm op, whose gradient DL4J 1.0.0-M2.1
 * cannot build (deeplearning4j#9029), then batch norm written as moments and arithmetic, which trains.
 * Arguments: batch (inputs), timed steps.
 */
public class SameDiffStep {
    private static SameDiff sd;
    private static int id;
    private static boolean builtInBatchNorm;

    public static void main(String[] args) {
        NativeBackend.init();
        int batch = Integer.parseInt(args[0]);
        int steps = Integer.parseInt(args[1]);
        StepWorkload w = StepWorkload.of(Scale.SMALL.preset().network(Architecture.RESNET_V1, 1), batch, 4, true);
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 4);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, i % 4, 1f);
        }
        DataSet d = new DataSet(w.inputs(), y);
        builtInBatchNorm = true;
        try {
            build().fit(d);
            System.out.println("SameDiff's batchNorm op trains");
        } catch (RuntimeException e) {
            System.out.println("SameDiff's batchNorm op cannot be trained: " + e.getMessage());
        }
        builtInBatchNorm = false;
        SameDiff net = build();
        for (int i = 0; i < 3; i++) {
            net.fit(d);
        }
        long t = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            net.fit(d);
        }
        double sameDiff = (System.nanoTime() - t) / 1e9 / steps;
        for (int i = 0; i < 3; i++) {
            w.train();
        }
        t = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            w.train();
        }
        double dl4j = (System.nanoTime() - t) / 1e9 / steps;
        System.out.printf("resnet50_v1 k=1 small, batch %d, %d threads: SameDiff %.3f s/step (%.0f inputs/s), "
                        + "DL4J graph %.3f s/step (%.0f inputs/s), SameDiff / DL4J speed %.2f%n", batch,
                Nd4j.getEnvironment().maxMasterThreads(), sameDiff, batch / sameDiff, dl4j, batch / dl4j,
                dl4j / sameDiff);
    }

    private static SameDiff build() {
        sd = SameDiff.create();
        id = 0;
        SDVariable in = sd.placeHolder("in", DataType.FLOAT, -1, 1, 28, 28);
        SDVariable label = sd.placeHolder("label", DataType.FLOAT, -1, 4);
        SDVariable x = relu(bn(conv(in, 1, 16, 3, 1), 16));
        int c = 16;
        int[] strides = {1, 2, 2, 2};
        for (int s = 0; s < 4; s++) {
            int out = 64 << s;
            x = unit(x, c, out, strides[s]);
            c = out;
        }
        SDVariable pooled = x.mean(2, 3);
        SDVariable wd = sd.var("dense", new XavierInitScheme('c', c, 4), DataType.FLOAT, c, 4);
        SDVariable loss = sd.loss().softmaxCrossEntropy("loss", label, pooled.mmul(wd), null);
        sd.setLossVariables(loss);
        sd.setTrainingConfig(TrainingConfig.builder().updater(new Nesterovs(0.01, 0.9)).l2(1e-4)
                .dataSetFeatureMapping("in").dataSetLabelMapping("label").build());
        return sd;
    }

    private static SDVariable conv(SDVariable x, int cin, int cout, int k, int s) {
        SDVariable w = sd.var("w" + id++, new XavierInitScheme('c', cin * k * k, cout * k * k), DataType.FLOAT, k,
                k, cin, cout);
        int p = (k - 1) / 2;
        return sd.cnn().conv2d(x, w, Conv2DConfig.builder().kH(k).kW(k).sH(s).sW(s).pH(p).pW(p)
                .paddingMode(PaddingMode.VALID).dataFormat("NCHW").build());
    }

    private static SDVariable bn(SDVariable x, int c) {
        SDVariable g = sd.var("gamma" + id++, Nd4j.ones(DataType.FLOAT, c));
        SDVariable b = sd.var("beta" + id++, Nd4j.zeros(DataType.FLOAT, c));
        SDVariable[] mv = sd.math().moments(x, new int[] {0, 2, 3}, false);
        if (builtInBatchNorm) {
            return sd.nn().batchNorm(x, mv[0], mv[1], g, b, 1e-3, 1);
        }
        SDVariable inv = sd.math().rsqrt(mv[1].add(1e-3)).mul(g).reshape(1, c, 1, 1);
        return x.sub(mv[0].reshape(1, c, 1, 1)).mul(inv).add(b.reshape(1, c, 1, 1));
    }

    private static SDVariable relu(SDVariable x) {
        return sd.nn().relu(x, 0.0);
    }

    private static SDVariable unit(SDVariable x, int cin, int out, int stride) {
        int inner = out / 4;
        SDVariable shortcut = x;
        if (stride > 1 || cin != out) {
            shortcut = bn(conv(x, cin, out, 1, stride), out);
        }
        SDVariable y = relu(bn(conv(x, cin, inner, 1, 1), inner));
        y = relu(bn(conv(y, inner, inner, 3, stride), inner));
        y = bn(conv(y, inner, out, 1, 1), out);
        return relu(y.add(shortcut));
    }
}
