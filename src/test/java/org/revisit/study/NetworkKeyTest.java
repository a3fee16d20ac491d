package org.revisit.study;

import org.revisit.pretext.TaskName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revisit.data.DatasetSplits;
import org.revisit.data.FashionMnist;
import org.revisit.nets.Architecture;
import org.revisit.util.Hashing;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins the key of a trained network: a change to it retrains every stored network of every scale, so it changes
 * only on purpose, with this test. Version 3: batch-norm statistics accumulated in double (issue 20); the key below is
 * the smoke preset's short-budget recipe (issue 23: 128 steps over 4,096 images, peak 0.1, x0.1 for the last
 * quarter).
 */
class NetworkKeyTest {
    @Test
    void smokeRotationNetworkKeyIsPinned(@TempDir Path dir) {
        DatasetSplits data = FashionMnist.load(FashionMnist.DEFAULT_FOLDER, Scale.SMOKE.preset().valCount(), 0);
        Study study = new Study(Scale.SMOKE, data, new ResultStore(dir.resolve("results")));
        Cell cell = study.cell("architecture_comparison", TaskName.ROTATION,
                Scale.SMOKE.preset().network(Architecture.REVNET, 1), 0);
        String description = KeyFormat.network(cell, data.fingerprint(), Scale.SMOKE.preset().augmentation(),
                org.revisit.nets.Networks.layout());
        assertTrue(description.startsWith("v3|task=rotation|"), description);
        assertEquals("19591c304b0c25a2", Hashing.shortKey(description), description);
    }
}
