package org.revisit.faults;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revisit.study.Cell;
import org.revisit.study.CellResult;
import org.revisit.study.Study;
import org.revisit.util.NativeBackend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stored result, network or feature file changed or cut short after it was written is noticed by its checksum,
 * set aside (never deleted, never used) and computed again; the recomputed cell gives the same numbers.
 */
@Tag("faults")
@ExtendWith(ExpectedFaults.class)
class CorruptArtefactsTest {
    @BeforeAll
    static void init() {
        NativeBackend.init();
    }

    @Test
    void corruptResultsNetworksAndFeaturesAreSetAsideAndRecomputed(@TempDir Path dir) throws IOException {
        Study study = FaultChild.study(dir.resolve("results"));
        Cell cell = FaultChild.cells(study)[0];
        CellResult first = study.run(cell);
        Path cells = dir.resolve("results").resolve("cells");
        Path result = only(cells, ".json");

        // a changed byte in a result: the record still parses, its checksum does not match
        String text = Files.readString(result);
        Files.writeString(result, text.replace("\"task\" : \"rotation\"", "\"task\" : \"rotatioN\""));
        CellResult again = study.run(cell);
        assertTrue(again.timings().networkFromCache() && again.timings().featuresFromCache(),
                "only the probe runs again");
        assertEquals(first.metrics().top1(), again.metrics().top1());
        assertEquals(1, count(cells, ".corrupt-"), "the corrupt result is kept aside");

        // a result cut short
        byte[] bytes = Files.readAllBytes(result);
        Files.write(result, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertEquals(first.metrics().top1(), study.run(cell).metrics().top1());
        assertEquals(2, count(cells, ".corrupt-"));
        assertEquals(1, study.store().all().size(), "set-aside files are not results");

        // a flipped byte in the trained network: trained again, from the same seed to the same network
        Path networks = dir.resolve("results").resolve("networks");
        Path network = networks.resolve(first.networkKey()).resolve("network.zip");
        flip(network);
        Files.delete(result);
        CellResult retrained = study.run(cell);
        assertFalse(retrained.timings().networkFromCache(), "a corrupt network is not loaded");
        assertEquals(first.metrics().pretextAccuracy(), retrained.metrics().pretextAccuracy(), "retrained network");
        assertEquals(first.metrics().top1(), retrained.metrics().top1(), "retrained network's probe");
        assertTrue(count(networks.resolve(first.networkKey()), "network.zip.corrupt-") == 1);

        // a flipped byte in the features: extracted again
        Path features = dir.resolve("results").resolve("features");
        try (Stream<Path> files = Files.list(features)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".f32")).toList()) {
                flip(f);
            }
        }
        Files.delete(result);
        CellResult reextracted = study.run(cell);
        assertTrue(reextracted.timings().networkFromCache());
        assertFalse(reextracted.timings().featuresFromCache(), "corrupt features are not read");
        // the re-extracted features are stored again and read back unchanged
        Files.delete(result);
        CellResult reread = study.run(cell);
        assertTrue(reread.timings().featuresFromCache());
        assertEquals(reextracted.metrics().top1(), reread.metrics().top1());
    }

    /** Leftovers of writes cut short (temporary files) are not read as results. */
    @Test
    void temporaryFilesOfInterruptedWritesAreIgnored(@TempDir Path dir) throws IOException {
        Study study = FaultChild.study(dir.resolve("results"));
        Path folder = dir.resolve("results").resolve("cells").resolve("faults");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(".0123456789abcdef.json.42.tmp"), "{\"formatVersion\" : 4, \"cellI",
                StandardCharsets.UTF_8);
        assertTrue(study.store().all().isEmpty());
    }

    /** Two corruptions of one file within a second: both copies are kept. */
    @Test
    void aFileSetAsideTwiceInOneSecondKeepsBothCopies(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("r.json");
        Files.writeString(f, "first");
        Path a = org.revisit.util.VerifiedFiles.setAside(f);
        Files.writeString(f, "second");
        Path b = org.revisit.util.VerifiedFiles.setAside(f);
        assertFalse(a.equals(b), a + " was overwritten");
        assertEquals("first", Files.readString(a));
        assertEquals("second", Files.readString(b));
    }

    static void flip(Path f) throws IOException {
        byte[] b = Files.readAllBytes(f);
        b[b.length / 2] ^= 0x20;
        Files.write(f, b);
    }

    static Path only(Path root, String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList();
            assertEquals(1, found.size(), found.toString());
            return found.get(0);
        }
    }

    static long count(Path root, String nameContains) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.getFileName().toString().contains(nameContains)).count();
        }
    }
}
