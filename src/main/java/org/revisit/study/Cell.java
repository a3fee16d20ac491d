package org.revisit.study;

import org.revisit.nets.NetworkSpec;
import org.revisit.pretext.TaskName;
import org.revisit.train.TrainingConfig;

/**
 * One cell of a table: a pretext task on a network, trained with a configuration, then probed at an end-point with
 * a probe setting. {@code paperWidth} is the paper's width this cell stands in for (-1 for none). Cells that differ
 * only in end-point or probe share the trained network and, per end-point, the extracted features.
 *
 * @param control whether the same probe also runs on the network's weights before training (the control that shows
 *                what pretext training added); tables that compare trained networks only leave it off, which saves
 *                a probe and, away from the pre-logits, the untrained weights' features
 * @param atStep  the training step whose weights are probed (a learning curve's point: 0 the initial weights, a
 *                snapshot inside the run, or its last step); -1, every table but the learning curves, the finished
 *                network
 */
public record Cell(String benchmark, TaskName task, NetworkSpec network, int paperWidth, TrainingConfig training,
                   String endPoint, ProbeSetting probe, Scale scale, boolean control, int atStep) {

    /** The cell of the finished network. */
    public Cell(String benchmark, TaskName task, NetworkSpec network, int paperWidth, TrainingConfig training,
                String endPoint, ProbeSetting probe, Scale scale, boolean control) {
        this(benchmark, task, network, paperWidth, training, endPoint, probe, scale, control, -1);
    }

    public Cell {
        if (atStep < -1) {
            throw new IllegalArgumentException("cell step must be -1 (the finished network) or a step >= 0, not "
                    + atStep);
        }
    }

    /**
     * Readable and unique within a benchmark: "rotation resnet50_v2 k=2 (1,1,1,1) @pre_logits", followed by the
     * probe setting where it is not the default (" mlp(30)", " lbfgs 10% labels").
     */
    public String id() {
        return task + " " + network.label() + " @" + endPoint + probe.label() + (atStep < 0 ? "" : " step " + atStep);
    }

    /** The same cell on the weights after {@code step} of its training run. */
    public Cell afterStep(int step) {
        return new Cell(benchmark, task, network, paperWidth, training, endPoint, probe, scale, control, step);
    }

    /** The same network probed at another end-point. */
    public Cell at(String otherEndPoint) {
        return new Cell(benchmark, task, network, paperWidth, training, otherEndPoint, probe, scale, control, atStep);
    }

    /** The same network and end-point with another probe setting. */
    public Cell with(ProbeSetting otherProbe) {
        return new Cell(benchmark, task, network, paperWidth, training, endPoint, otherProbe, scale, control, atStep);
    }

    /** The same cell on a network trained by {@code other}. */
    public Cell with(TrainingConfig other) {
        return new Cell(benchmark, task, network, paperWidth, other, endPoint, probe, scale, control, atStep);
    }

    /** The same cell without the untrained control. */
    public Cell withoutControl() {
        return new Cell(benchmark, task, network, paperWidth, training, endPoint, probe, scale, false, atStep);
    }

    /** The same cell as a row of another benchmark (which shares its network, features and, if stored, result). */
    public Cell in(String otherBenchmark) {
        return new Cell(otherBenchmark, task, network, paperWidth, training, endPoint, probe, scale, control, atStep);
    }

    @Override
    public String toString() {
        return "Cell{benchmark=" + benchmark + ", task=" + task + ", network=" + network + ", paperWidth="
                + paperWidth + ", training=" + training + ", endPoint=" + endPoint + ", probe=" + probe + ", scale="
                + scale.id() + ", control=" + control + (atStep < 0 ? "" : ", atStep=" + atStep) + "}";
    }
}
