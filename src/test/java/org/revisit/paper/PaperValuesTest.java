package org.revisit.paper;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The paper's values as paper.md §1 gives them, read from their one place. */
class PaperValuesTest {
    @Test
    void table1AndTable2AreThePapers() {
        PaperValues paper = PaperValues.load();
        assertEquals(new PaperValues.Value(53.7, true, "SLIDES"), paper.table1("rotation", "revnet50", 16).get());
        assertEquals("53.7", paper.table1("rotation", "revnet50", 16).get().display());
        assertTrue(paper.table1("rotation", "revnet50", 3).isEmpty(), "no such width in the paper");
        assertTrue(paper.table1().size() > 40);
        assertEquals(4, PaperValues.TABLE2.size());
        assertEquals(55.4, PaperValues.priorWork("rotation").get().ours());
        assertEquals(34.7, PaperValues.priorWork("jigsaw").get().previous());
    }
}
