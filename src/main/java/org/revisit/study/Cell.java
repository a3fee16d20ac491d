package org.revisit.study;

import org.revisit.nets.NetworkSpec;
import org.revisit.train.TrainingConfig;

/**
 * One cell of a table: a pretext task on a network, trained with a configuration and probed at an end-point.
 * {@code paperWidth} is the paper's width this cell stands in for (-1 for none).
 */
public record Cell(String benchmark, String task, NetworkSpec network, int paperWidth, TrainingConfig training,
                   String endPoint, Scale scale) {

    /** Readable and unique within a benchmark: "rotation resnet50_v2 k=2 (1,1,1,1) @pre_logits". */
    public String id() {
        return task + " " + network.label() + " @" + endPoint;
    }

    /** Everything that determines the trained network, without the probe. */
    String trainingDescription(String datasetFingerprint, String augmentation) {
        return "v" + CellResult.FORMAT_VERSION + "|task=" + task + "|head="
                + org.revisit.pretext.PretextTasks.get(task).head(network.geometry()) + "|" + network + "|" + training
                + "|data="
                + datasetFingerprint + "|aug=" + augmentation + "|layout=" + org.revisit.nets.Networks.FORMAT;
    }

    @Override
    public String toString() {
        return "Cell{benchmark=" + benchmark + ", task=" + task + ", network=" + network + ", paperWidth="
                + paperWidth + ", training=" + training + ", endPoint=" + endPoint + ", scale=" + scale.id() + "}";
    }
}
