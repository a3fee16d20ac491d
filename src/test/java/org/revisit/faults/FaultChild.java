package org.revisit.faults;

import org.revisit.pretext.TaskName;
import org.revisit.data.Augmentation;
import org.revisit.data.DatasetSplits;
import org.revisit.data.FashionMnist;
import org.revisit.nets.Architecture;
import org.revisit.nets.Geometry;
import org.revisit.study.Cell;
import org.revisit.study.CellResult;
import org.revisit.study.ResultStore;
import org.revisit.study.RunConfig;
import org.revisit.study.Scale;
import org.revisit.study.Study;
import org.revisit.util.Json;

import java.nio.file.Path;
import java.util.Map;

/**
 * The process the fault tests kill: {@code cells <resultsDir>} runs two cells of one tiny network (its pre-logits
 * and block3), checkpointing every step, {@code write <file>} rewrites a large verified record forever. Run by {@link ChildProcess}.
 */
public final class FaultChild {
    /** 256 images, batch 16, 2 epochs: 32 training steps, long enough to be killed in the middle. */
    public static final Scale.Preset PRESET = new Scale.Preset(500, 256, 2, 16, Scale.smallDepths(), new int[] {1},
            new int[] {4}, 300, 100, 200, 64, Geometry.small(28, 1), Augmentation.smallImages(),
            new double[] {1e-2, 1e-1}, 50, 0.9, 2250, 0.05, 64);

    private FaultChild() {
    }

    public static Study study(Path results) {
        return study(results, RunConfig.defaults(Scale.SMOKE));
    }

    static Study study(Path results, RunConfig config) {
        DatasetSplits data = FashionMnist.load(FashionMnist.DEFAULT_FOLDER, PRESET.valCount(), 0);
        ResultStore store = new ResultStore(results);
        // tiny networks trained a few steps are not expected to learn: a run near chance is not retried
        return new Study(config, PRESET, data, data, store, store.networks(), 0);
    }

    public static Cell[] cells(Study study) {
        Cell pre = study.cell("faults", TaskName.ROTATION, PRESET.network(Architecture.REVNET, 1), 0);
        return new Cell[] {pre, pre.at("block3")};
    }

    /** Three networks (Rotation on RevNet, VGG19-BN, ResNet50 v2), each probed at two end-points: 3 jobs of 2 cells. */
    public static java.util.List<Cell> workerCells(Study study) {
        java.util.List<Cell> cells = new java.util.ArrayList<>();
        for (Architecture a : new Architecture[] {Architecture.REVNET, Architecture.VGG19_BN, Architecture.RESNET_V2}) {
            Cell pre = study.cell("faults", TaskName.ROTATION, PRESET.network(a, 1), 0);
            cells.add(pre);
            cells.add(pre.at("block3"));
        }
        return cells;
    }

    /** A cell of another table computing what the first of {@link #workerCells} computes (one stored result). */
    public static Cell sharedCell(Study study) {
        return study.cell("faults-shared", TaskName.ROTATION, PRESET.network(Architecture.REVNET, 1), 0);
    }

    public static void main(String[] args) {
        switch (args[0]) {
            case "cells" -> {
                java.util.Properties p = new java.util.Properties();
                p.setProperty("scale", Scale.SMOKE.id());
                p.setProperty("revisit.checkpoint.steps", "1");
                Study study = study(Path.of(args[1]), RunConfig.from(p));
                for (Cell cell : cells(study)) {
                    CellResult r = study.run(cell);
                    System.out.println("RESULT " + r.cellId() + " top1=" + r.metrics().probeTop1());
                }
            }
            case "worker" -> {
                // worker args[2] (i/n) of a study of three networks over one shared folder (WorkersTest)
                java.util.Properties p = new java.util.Properties();
                p.setProperty("scale", Scale.SMOKE.id());
                p.setProperty("revisit.checkpoint.steps", "1");
                Study study = study(Path.of(args[1]), RunConfig.from(p));
                java.util.List<Cell> cells = new java.util.ArrayList<>(workerCells(study));
                cells.add(sharedCell(study));
                org.revisit.run.SharedFolderWorker.Summary s = org.revisit.run.SharedFolderWorker.run(study,
                        cells, org.revisit.run.SharedFolderWorker.Share.parse(args[2]));
                System.out.println("SUMMARY " + s);
            }
            case "write" -> {
                Path file = Path.of(args[1]);
                String payload = "x".repeat(4 << 20);
                for (long i = 0; ; i++) {
                    Json.writeVerified(file, Map.of("generation", i, "payload", payload));
                    if (i == 0) {
                        System.out.println("FIRST WRITE DONE");
                    }
                }
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0] + "; expected cells, worker or write");
        }
    }
}
