package org.revisit.plan;

import org.revisit.pretext.TaskName;
import org.revisit.nets.Architecture;
import org.revisit.study.Cell;
import org.revisit.study.Scale;
import org.revisit.study.Study;

import java.util.List;
import java.util.stream.Stream;

/**
 * Figure 5: the linear probe at the paper's five layers (block1-4 and the pre-logits, "five intermediate layers",
 * paper.md §2) of ResNet50 v2, RevNet50 and VGG19-BN, for each task, at the scale's first width; early end-points are
 * max-pooled to the scale's feature target, each beside the same end-point of the untrained weights (a random
 * network's layers also differ, so a drop towards the end counts only where the control does not show it). A
 * patch task's features at an end-point are the mean over its nine (each pooled first), as at the pre-logits.
 * Smoke: Rotation on RevNet and VGG, the networks smoke's Table 1 trains.
 */
final class LayerwiseProbeGrid implements TableGrid {
    /** The paper's five layers (its names: VGG's block1 is the code's block2, see Architecture.paperEndPoint). */
    static final List<String> PAPER_LAYERS = List.of("block1", "block2", "block3", "block4", "pre_logits");
    private static final List<Architecture> ARCHITECTURES = List.of(Architecture.RESNET_V2, Architecture.REVNET,
            Architecture.VGG19_BN);

    @Override
    public Stream<Cell> cells(Study study) {
        boolean smoke = study.scale() == Scale.SMOKE;
        List<TaskName> tasks = smoke ? List.of(TaskName.ROTATION) : Grids.TASKS;
        List<Architecture> architectures = smoke ? List.of(Architecture.REVNET, Architecture.VGG19_BN)
                : ARCHITECTURES;
        int k = study.preset().widths()[0];
        return tasks.stream().flatMap(task -> architectures.stream().flatMap(a -> {
            Cell base = Grids.cell(study, StudyTable.LAYERWISE_PROBE, task, study.preset().network(a, k));
            return a.endPoints().stream().filter(e -> PAPER_LAYERS.contains(a.paperEndPoint(e))).map(base::at);
        }));
    }
}
