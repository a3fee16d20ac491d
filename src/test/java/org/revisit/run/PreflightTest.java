package org.revisit.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revisit.study.CellFilter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreflightTest {
    @Test
    void aPatternIsAsFarFromAnIdAsFromItsClosestSubstring() {
        assertEquals(0, Preflight.distance("revnet50", "rotation revnet50 k=1 @pre_logits linear"));
        assertEquals(1, Preflight.distance("rotaton", "rotation revnet50 k=1 @pre_logits linear"));
        assertEquals(3, Preflight.distance("xyz", "abc"));
    }

    @Test
    void aPatternMatchingNothingNamesTheClosestIds() {
        List<String> ids = List.of("jigsaw vgg19_bn k=1 @pre_logits linear", "rotation revnet50 k=1 @block3 linear",
                "rotation revnet50 k=1 @pre_logits linear", "exemplar resnet50_v1 k=2 @pre_logits linear");
        String message = Preflight.noMatch(CellFilter.of("rotaton revnet"), ids, "smoke");
        assertTrue(message.startsWith("-Dcells='rotaton revnet' selects none of the 4 cells of the smoke scale"),
                message);
        assertTrue(message.contains("closest ids: rotation revnet50 k=1 @block3 linear | rotation revnet50 k=1 "
                + "@pre_logits linear | "), message);
    }

    /** A results folder that cannot be created or written stops the run before anything is computed, naming it. */
    @Test
    void anUnwritableFolderIsRefusedNamingTheOption(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        Path results = file.resolve("smoke").resolve("results");
        var e = assertThrows(IllegalArgumentException.class,
                () -> Preflight.checkWritable(results, "-Drevisit.results=" + file));
        assertTrue(e.getMessage().startsWith("-Drevisit.results=" + file + ": cannot create or write " + results),
                e.getMessage());
        Path writable = dir.resolve("fresh").resolve("results");
        Preflight.checkWritable(writable, "-Drevisit.results=" + dir);
        try (var left = Files.list(writable)) {
            assertEquals(0, left.count(), "the probe file is removed");
        }
    }
}
