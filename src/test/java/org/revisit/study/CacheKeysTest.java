package org.revisit.study;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.revisit.data.DatasetSplits;
import org.revisit.data.FashionMnist;
import org.revisit.data.ImageSet;
import org.revisit.plan.StudyTable;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Pins every cache key of the smoke and small grids: each cell's network key, its result key and the keys of the
 * features it reads (trained and untrained weights, three splits). Stored networks, features and results are found
 * by these keys alone, so a change that moves any of them retrains or recomputes hours of stored work; such a change
 * must be deliberate, and rewrites {@code cache-keys-<scale>.txt} with it (the test writes the keys it computed to
 * {@code target/cache-keys-<scale>.txt} when they differ). The files were rewritten for issue 23's short-budget
 * recipe, learning curves and controls on every table, and again for issue 36: the supervised ceiling's cells
 * (new), the representation-size networks (batch-normalised since), and at the small scale every key (the probe
 * scored on all 10,000 test images, each task's budget from its learning curve, the curves' own long runs), and for
 * issue 37: every Jigsaw network, trained on the official permutation file since, and every Exemplar, Jigsaw and
 * Relative Patch Location network, their inputs standardised as TF standardises grey levels since, and the small
 * learning curves' own networks, 1,024 steps long since.
 */
class CacheKeysTest {
    @ParameterizedTest
    @EnumSource(value = Scale.class, names = {"SMOKE", "SMALL"})
    void everyKeyOfTheGridIsPinned(Scale scale) throws IOException {
        Scale.Preset p = scale.preset();
        DatasetSplits data = FashionMnist.load(FashionMnist.DEFAULT_FOLDER, p.valCount(), 0);
        Study study = new Study(scale, data, new ResultStore(Files.createTempDirectory("keys").resolve("results")));
        List<String> actual = new ArrayList<>();
        for (StudyTable t : StudyTable.values()) {
            for (Cell cell : t.cells(study).toList()) {
                CellKeys keys = CellKeys.of(cell, p, data, data);
                StringBuilder line = new StringBuilder(t.id()).append(" | ").append(cell.id()).append(" | ")
                        .append(cell.probe()).append(" | network ").append(keys.networkKey()).append(" cell ")
                        .append(keys.cellKey()).append(" features");
                String probed = CellKeys.probedWeights(cell, study.trainingSteps(cell));
                for (String weights : cell.control() ? new String[] {probed, "initial"} : new String[] {probed}) {
                    for (ImageSet images : keys.splits()) {
                        line.append(' ').append(keys.featureKey(weights, cell.endPoint(), images, p));
                    }
                }
                actual.add(line.toString());
            }
        }
        String name = "cache-keys-" + scale.id() + ".txt";
        List<String> expected;
        try (InputStream in = CacheKeysTest.class.getResourceAsStream(name)) {
            assertNotNull(in, "src/test/resources/org/revisit/study/" + name);
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        if (!expected.equals(actual)) {
            Path written = Path.of("target", name);
            Files.createDirectories(written.getParent());
            Files.write(written, actual, StandardCharsets.UTF_8);
            for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
                String e = i < expected.size() ? expected.get(i) : "(none)";
                String a = i < actual.size() ? actual.get(i) : "(none)";
                if (!e.equals(a)) {
                    fail(scale.id() + ": " + actual.size() + " cells against " + expected.size() + " pinned; line "
                            + (i + 1) + " was\n  " + e + "\nnow\n  " + a + "\n(all keys computed now: " + written
                            + ")");
                }
            }
        }
    }
}
