package org.revisit.run;

import org.junit.jupiter.api.Test;
import org.revisit.study.CellFilter;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
