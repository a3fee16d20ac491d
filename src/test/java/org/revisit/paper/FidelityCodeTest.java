package org.revisit.paper;

import org.junit.jupiter.api.Test;
import org.revisit.data.PerImageStandardization;
import org.revisit.nets.Architecture;
import org.revisit.nets.Geometry;
import org.revisit.nets.Networks;
import org.revisit.pretext.ExemplarTask;
import org.revisit.pretext.JigsawTask;
import org.revisit.pretext.TaskName;
import org.revisit.probe.FeaturePooling;
import org.revisit.study.PaperBatches;
import org.revisit.study.Scale;
import org.revisit.train.TrainingConfig;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The fidelity table against the code: for each row whose setting is a value, the text the row's "Revisit" column
 * states must be what the code builds at the paper scale, computed here from the code itself. A row edited without the
 * code, or code changed without its row, fails with both.
 */
class FidelityCodeTest {

    /** Each checked row's setting, and the text its Revisit column must contain, from the code. */
    static Map<String, List<String>> fromTheCode() {
        Scale.Preset paper = Scale.PAPER.preset();
        TrainingConfig rotation = paper.training(TaskName.ROTATION, Architecture.REVNET, 0);
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("optimiser", List.of("momentum " + number(rotation.momentum())));
        m.put("peak learning rate",
                List.of(number(rotation.peakLr() * 256 / rotation.batchImages()) + " × B/256"));
        m.put("images per step", List.of("released configs' " + batches(PaperBatches.RELEASED),
                "-Drevisit.paperBatches=remembered: " + batches(PaperBatches.REMEMBERED)));
        m.put("weight decay", List.of(number(rotation.weightDecay())));
        m.put("batch norm", List.of(number(paper.bnDecay()) + ", " + number(Networks.BN_EPS)));
        m.put("Exemplar normalisation", List.of(ExemplarTask.normalisation(Geometry.paper(3)).name()));
        m.put("per-image standardisation",
                List.of("1/(" + number(PerImageStandardization.LEVELS_PER_UNIT) + " √N)"));
        m.put("Jigsaw permutations per step", List.of(JigsawTask.SUBSET + " per replica shard"));
        m.put("trunk passes per image, patch tasks", List.of(new JigsawTask().inputsPerImage() + " "));
        m.put("pooling mode", List.of("⌈√(HWC / " + FeaturePooling.PAPER_TARGET + ")⌉"));
        return m;
    }

    @Test
    void everyValueRowStatesWhatTheCodeBuilds() {
        Map<String, Fidelity.Row> rows = Fidelity.rows().stream()
                .collect(Collectors.toMap(Fidelity.Row::setting, r -> r));
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : fromTheCode().entrySet()) {
            Fidelity.Row row = rows.get(e.getKey());
            if (row == null) {
                wrong.add("no fidelity row '" + e.getKey() + "'");
                continue;
            }
            for (String built : e.getValue()) {
                if (!row.revisit().contains(built)) {
                    wrong.add("fidelity row '" + e.getKey() + "' says '" + row.revisit() + "', but the code builds '"
                            + built + "'");
                }
            }
        }
        if (!wrong.isEmpty()) {
            fail(String.join("\n", wrong));
        }
        assertTrue(fromTheCode().size() >= 10);
    }

    /** "64 / 64 / 128 / 128 on 8 replica shards": Rotation, Exemplar, Jigsaw, Relative Patch Location. */
    private static String batches(PaperBatches b) {
        List<TaskName> order = List.of(TaskName.ROTATION, TaskName.EXEMPLAR, TaskName.JIGSAW,
                TaskName.RELATIVE_PATCH_LOCATION);
        String images = order.stream().map(t -> String.valueOf(b.batchImages(t))).collect(Collectors.joining(" / "));
        List<String> cores = order.stream().map(t -> String.valueOf(b.cores(t))).toList();
        return images + " on " + (cores.stream().distinct().count() == 1 ? cores.get(0) + " replica shards"
                : String.join(" / ", cores));
    }

    /** 0.9, 1e-4, 127.5: as the rows write numbers. */
    private static String number(double v) {
        if (v != 0 && Math.abs(v) < 1e-2) {
            return String.format(Locale.ROOT, "%.0e", v).replaceAll("e-0*", "e-");
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
