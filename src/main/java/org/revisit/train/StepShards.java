package org.revisit.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.revisit.pretext.PretextBatch;

import java.util.ArrayList;
import java.util.List;

/**
 * A step cut into n consecutive shards of whole images, for devices or accumulated passes: every input and the labels
 * in n equal row blocks (the tasks lay a step out image by image), a patch task's order (the rows of its patch input
 * each example gathers, {@link PretextBatch#order()}) renumbered from its shard's first patch.
 */
final class StepShards {
    private StepShards() {
    }

    static List<MultiDataSet> of(PretextBatch batch, int n) {
        return split(batch.networkInputs(), batch.labels(), batch.order() != null, n);
    }

    /** The shards of a shard: a multi-input step's second input is its patch order ({@link PretextBatch}). */
    static List<MultiDataSet> of(org.nd4j.linalg.dataset.api.MultiDataSet step, int n) {
        return split(step.getFeatures(), step.getLabels(0), step.getFeatures().length == 2, n);
    }

    private static List<MultiDataSet> split(INDArray[] inputs, INDArray labels, boolean order, int n) {
        List<MultiDataSet> out = new ArrayList<>(n);
        long patchRows = inputs[0].size(0) / n;
        for (int s = 0; s < n; s++) {
            INDArray[] in = new INDArray[inputs.length];
            for (int k = 0; k < inputs.length; k++) {
                in[k] = block(inputs[k], s, n);
            }
            if (order) {
                in[1].subi((double) s * patchRows);
            }
            out.add(new MultiDataSet(in, new INDArray[] {block(labels, s, n)}));
        }
        return out;
    }

    private static INDArray block(INDArray a, int s, int n) {
        long rows = a.size(0);
        if (rows % n != 0) {
            throw new IllegalArgumentException("a step of " + rows + " rows cannot be cut into " + n + " equal shards");
        }
        long r = rows / n;
        return a.get(NDArrayIndex.interval(s * r, (s + 1) * r)).dup();
    }
}
