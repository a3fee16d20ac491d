package org.revisit.faults;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revisit.util.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kill -9} while a 4 MB record is being rewritten: the file holds the whole previous or next version. */
@Tag("faults")
@ExtendWith(ExpectedFaults.class)
class KillDuringWriteTest {
    @Test
    void aKilledWriteLeavesACompleteRecord(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cells").resolve("record.json");
        for (int round = 0; round < 3; round++) {
            ChildProcess child = ChildProcess.start(dir.resolve("write-" + round + ".log"), "write", file.toString());
            child.awaitWhileRunning(() -> {
                try {
                    return child.output().contains("FIRST WRITE DONE");
                } catch (java.io.IOException e) {
                    return false;
                }
            }, 120, "the first complete write");
            Thread.sleep(150 + 100L * round); // somewhere inside a later write
            child.kill();
            @SuppressWarnings("unchecked")
            Map<String, Object> read = Json.readVerified(file, Map.class);
            assertEquals(4 << 20, ((String) read.get("payload")).length());
            assertTrue(((Number) read.get("generation")).longValue() >= 0);
        }
        try (Stream<Path> files = Files.list(file.getParent())) {
            // a write cut short leaves only its temporary file, which no reader lists as a record
            assertTrue(files.map(f -> f.getFileName().toString())
                    .allMatch(n -> n.equals("record.json") || (n.startsWith(".record.json.") && n.endsWith(".tmp"))));
        }
    }
}
