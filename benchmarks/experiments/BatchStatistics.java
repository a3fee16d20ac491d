import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.summarystats.Variance;
import org.nd4j.linalg.factory.Nd4j;
import org.revisit.util.NativeBackend;

/**
 * Batch-norm statistics in double without a double copy of the activation: the study's path (cast to double, then
 * {@code moments}), float {@code moments} (fast, and the error the study avoids), and the mean from per-row sums by a
 * float matrix-vector product summed in double beside the variance from float input into double outputs. Each at
 * shapes of the small networks' activations: milliseconds per call and the largest relative error of the mean and
 * variance against the study's path.
 */
public class BatchStatistics {
    static final int[] AX = {0, 2, 3};
    public static void main(String[] a) {
        NativeBackend.init();
        int[][] shapes = {{128, 16, 28, 28}, {128, 64, 28, 28}, {128, 128, 14, 14}, {512, 16, 28, 28}, {1024, 64, 28, 28}};
        for (int[] s : shapes) {
            int n = s[0], c = s[1], h = s[2], w = s[3];
            INDArray x = Nd4j.rand(DataType.FLOAT, n, c, h, w).muli(2.0).addi(0.5);
            INDArray ones = Nd4j.ones(DataType.FLOAT, (long) h * w, 1);
            INDArray[] ref = cast(x, c);
            String[] names = {"cast+double moments", "float moments", "gemv mean + double-out moments var", "gemv mean + double-out Variance"};
            for (int m = 0; m < 4; m++) {
                final int mm = m;
                java.util.function.Supplier<INDArray[]> f = () -> switch (mm) {
                    case 0 -> cast(x, c);
                    case 1 -> { INDArray mf = Nd4j.createUninitialized(DataType.FLOAT, c), vf = Nd4j.createUninitialized(DataType.FLOAT, c);
                        Nd4j.exec(DynamicCustomOp.builder("moments").addInputs(x).addOutputs(mf, vf).addIntegerArguments(AX).build()); yield new INDArray[] {mf, vf}; }
                    case 2 -> { INDArray md = Nd4j.createUninitialized(DataType.DOUBLE, c), vd = Nd4j.createUninitialized(DataType.DOUBLE, c);
                        Nd4j.exec(DynamicCustomOp.builder("moments").addInputs(x).addOutputs(md, vd).addIntegerArguments(AX).build());
                        yield new INDArray[] {gemvMean(x, ones, n, c, h, w), vd}; }
                    default -> { INDArray vd = Nd4j.createUninitialized(DataType.DOUBLE, c);
                        Nd4j.exec(new Variance(x, vd, false, 0, 2, 3));
                        yield new INDArray[] {gemvMean(x, ones, n, c, h, w), vd}; }
                };
                INDArray[] r = f.get();
                for (int i = 0; i < 2; i++) f.get();
                int reps = 10;
                long t = System.nanoTime();
                for (int i = 0; i < reps; i++) f.get();
                double ms = (System.nanoTime() - t) / 1e6 / reps;
                System.out.printf("%-18s %-36s %7.2f ms  mean err %.1e var err %.1e%n", java.util.Arrays.toString(s), names[m], ms, err(r[0], ref[0]), err(r[1], ref[1]));
            }
        }
    }
    static INDArray gemvMean(INDArray x, INDArray ones, int n, int c, int h, int w) {
        INDArray partial = x.reshape('c', (long) n * c, (long) h * w).mmul(ones);
        return partial.castTo(DataType.DOUBLE).reshape('c', n, c).sum(0).divi((double) n * h * w);
    }
    static INDArray[] cast(INDArray x, int c) {
        INDArray xd = x.castTo(DataType.DOUBLE);
        INDArray md = Nd4j.createUninitialized(DataType.DOUBLE, c), vd = Nd4j.createUninitialized(DataType.DOUBLE, c);
        Nd4j.exec(DynamicCustomOp.builder("moments").addInputs(xd).addOutputs(md, vd).addIntegerArguments(AX).build());
        xd.close();
        return new INDArray[] {md, vd};
    }
    static double err(INDArray a, INDArray ref) {
        double e = 0;
        for (int k = 0; k < ref.length(); k++) e = Math.max(e, Math.abs(a.getDouble(k) - ref.getDouble(k)) / Math.abs(ref.getDouble(k)));
        return e;
    }
}
