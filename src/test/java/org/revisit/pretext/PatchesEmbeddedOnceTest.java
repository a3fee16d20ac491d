package org.revisit.pretext;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.revisit.data.Augmentation;
import org.revisit.data.FashionMnist;
import org.revisit.data.ImageSet;
import org.revisit.nets.Architecture;
import org.revisit.nets.Geometry;
import org.revisit.nets.Head;
import org.revisit.nets.NetworkSpec;
import org.revisit.nets.Networks;
import org.revisit.util.NativeBackend;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The patch tasks' trunk sees each image's nine patches once, as in the official code, where it used to see every
 * example's patches (Jigsaw: 72 per image, each patch 8 times). For Jigsaw the two are the same computation: every
 * patch appears exactly 8 times in the old batch, so the trunk's batch-norm statistics are the same, and the loss
 * and every gradient must agree; the new batch only spends 8 times fewer trunk passes. (72 per image for Jigsaw,
 * 16 for Relative Patch Location, before.)
 */
class PatchesEmbeddedOnceTest {

    @Test
    void jigsawOnNinePatchesEqualsJigsawOnEveryExamplesPatches() {
        Result[] r = onceAndEvery(new JigsawTask(), 100);
        Result once = r[0];
        Result every = r[1];
        assertEquals(every.score, once.score, 1e-10 * Math.abs(every.score), "loss");
        assertEquals(every.gradients.keySet(), once.gradients.keySet());
        for (var e : every.gradients.entrySet()) {
            INDArray a = e.getValue();
            INDArray o = once.gradients.get(e.getKey());
            double scale = Math.max(a.amaxNumber().doubleValue(), 1e-6); // the bias before BN: about 0
            double diff = a.sub(o).amaxNumber().doubleValue();
            assertTrue(diff <= 1e-8 * scale, e.getKey() + ": gradients differ by " + diff + " of " + scale);
        }
    }

    /**
     * Relative Patch Location's former batch held the centre patch 8 times and each neighbour once, so the trunk's
     * batch norm weighted the centre 8-fold; now it sees each patch once, as in the official code, and the loss of
     * the same weights moves (the comparison above can tell).
     */
    @Test
    void relativePatchLocationsBatchNormNowSeesEachPatchOnce() {
        Result[] r = onceAndEvery(new RelativePatchLocationTask(), 8);
        double relative = Math.abs(r[0].score - r[1].score) / Math.abs(r[1].score);
        assertTrue(relative > 1e-6, "losses " + r[0].score + " and " + r[1].score);
    }

    /** The loss and gradients of one batch fed once per patch, and fed as every example's patches. */
    private static Result[] onceAndEvery(PatchTask task, int classes) {
        NativeBackend.init();
        ImageSet images = FashionMnist.load(FashionMnist.DEFAULT_FOLDER, 100, 0).train().head(8);
        Geometry geo = task.networkGeometry(Geometry.small(28, 1));
        // the task's head without dropout, so both passes are deterministic; double precision, so that the two
        // orders of summation agree to far below any difference the formulations could make
        DataType saved = Nd4j.dataType();
        DataType savedFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            ComputationGraph g = new ComputationGraph(Networks.builder()
                    .setSpec(NetworkSpec.of(Architecture.RESNET_V2, 1, new int[] {1, 1, 1, 1}, geo))
                    .setHead(new Head.PatchClassifier(task.patchesPerExample(), classes, 16, 32, 1.0)).optDataType(DataType.DOUBLE).optSeed(3)
                    .build());
            g.init();
            return compare(g, task.batch(images, new int[] {0, 1, 2, 3}, Augmentation.smallImages(), geo,
                    new SplittableRandom(5)));
        } finally {
            Nd4j.setDefaultDataTypes(saved, savedFloat);
        }
    }

    private static Result[] compare(ComputationGraph g, PretextBatch single) {
        PretextBatch b = new PretextBatch(single.inputs().castTo(DataType.DOUBLE),
                single.labels().castTo(DataType.DOUBLE), single.targets(), single.order().castTo(DataType.DOUBLE));
        assertEquals(4 * 9, b.inputs().size(0));
        int perImage = (int) (b.order().length() / 4);

        // the former batch: every example's nine patches laid out in its order, 72 per image, read consecutively
        int[] rows = b.order().dup('c').reshape(new long[] {b.order().length()}).toIntVector();
        INDArray flat = b.inputs().reshape('c', b.inputs().size(0), -1);
        long[] shape = b.inputs().shape().clone();
        shape[0] = rows.length;
        INDArray everyExample = Nd4j.pullRows(flat, 1, rows, 'c').reshape('c', shape);
        INDArray consecutive = Nd4j.arange(rows.length).castTo(b.order().dataType()).reshape('c', b.order().shape());
        assertEquals(4L * perImage, everyExample.size(0));
        return new Result[] {gradients(g, new INDArray[] {b.inputs(), b.order()}, b.labels()),
                gradients(g, new INDArray[] {everyExample, consecutive}, b.labels())};
    }

    private record Result(double score, Map<String, INDArray> gradients) {
    }

    private static Result gradients(ComputationGraph g, INDArray[] inputs, INDArray labels) {
        g.setInputs(inputs);
        g.setLabels(labels);
        g.computeGradientAndScore();
        Map<String, INDArray> grads = new HashMap<>();
        g.gradient().gradientForVariable().forEach((k, v) -> grads.put(k, v.dup()));
        return new Result(g.score(), grads);
    }
}
