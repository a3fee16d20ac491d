package org.revisit.plan;

import org.revisit.study.Cell;
import org.revisit.study.Study;
import org.revisit.train.Snapshots;

import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Learning curves (not in the paper): each task on its best architecture at the scale's first width, probed at the
 * pre-logits after step 0 (the initial weights), after each snapshot its one training run kept
 * ({@link Study#LEARNING_CURVE_POINTS} intervals) and after its last step, each point beside the same untrained
 * control. At the small scale the curve's run is a network of its own, {@link org.revisit.study.Scale#learningCurveSteps}
 * long, well past the study's budget, so the curve shows where the features pass the raw pixels and where they
 * flatten (the budget per task is read off it); elsewhere the points read the snapshots of the network Table 1
 * trains. Smoke: Rotation only. The paper scale keeps no snapshots (its networks are too large): its curves have
 * their two ends.
 */
final class LearningCurveGrid implements TableGrid {
    @Override
    public Stream<Cell> cells(Study study) {
        int k = study.preset().widths()[0];
        return Grids.tasks(study).stream().flatMap(task -> {
            Cell table = Grids.cell(study, StudyTable.LEARNING_CURVE, task, Grids.bestNetwork(study, task, k));
            int steps = study.scale().learningCurveSteps();
            Cell base = steps == 0 ? table
                    : table.with(table.training().withImages(steps * table.training().batchImages()));
            int total = study.trainingSteps(base);
            int[] inside = Snapshots.steps(total, study.snapshotPoints());
            return IntStream.concat(IntStream.concat(IntStream.of(0), IntStream.of(inside)), IntStream.of(total))
                    .distinct().mapToObj(base::afterStep);
        });
    }
}
