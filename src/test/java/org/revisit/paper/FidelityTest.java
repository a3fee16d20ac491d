package org.revisit.paper;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fidelity table has one source: docs/fidelity.md's copy is exactly what {@link Fidelity#markdown} renders from
 * it.
 */
class FidelityTest {
    private static final String BEGIN = "<!-- fidelity table: generated from fidelity.tsv by FidelityTest -->\n";
    private static final String END = "<!-- end of the fidelity table -->";

    @Test
    void readmeShowsTheTableGeneratedFromItsSource() throws IOException {
        String readme = Files.readString(Path.of("docs", "fidelity.md"));
        int from = readme.indexOf(BEGIN);
        int to = readme.indexOf(END);
        assertTrue(from >= 0 && to > from, "docs/fidelity.md has no fidelity block between its markers");
        String shown = readme.substring(from + BEGIN.length(), to);
        String generated = Fidelity.markdown(Fidelity.rows());
        if (!shown.equals(generated)) {
            Path written = Path.of("target", "fidelity.md");
            Files.createDirectories(written.getParent());
            Files.writeString(written, generated);
            assertEquals(generated, shown, "docs/fidelity.md's fidelity table differs from fidelity.tsv; the generated "
                    + "table"
                    + " is in " + written);
        }
    }

    @Test
    void everyRowNamesTheCodesValueAndEveryDeviationItsReason() {
        List<Fidelity.Row> rows = Fidelity.rows();
        assertTrue(rows.size() >= 30, rows.size() + " rows");
        for (Fidelity.Row r : rows) {
            assertTrue(r.status() == Fidelity.Status.MATCH || !r.why().isBlank(), r.setting());
        }
        // the patch tasks' trunk passes: closed by issue 22's first step
        assertEquals(Fidelity.Status.MATCH, rows.stream().filter(r -> r.setting().startsWith("trunk passes"))
                .findFirst().orElseThrow().status());
    }

    @Test
    void malformedLinesAreRefusedWithTheirLineNumber() {
        String header = "setting\tofficial code\twhere\tpaper\trevisit\tstatus\twhy\n";
        IllegalStateException fields = assertThrows(IllegalStateException.class,
                () -> Fidelity.parse("# c\n" + header + "a\tb\tc\n"));
        assertTrue(fields.getMessage().contains("line 3: expected 7 tab-separated fields, found 3"),
                fields.getMessage());
        IllegalStateException status = assertThrows(IllegalStateException.class,
                () -> Fidelity.parse(header + "a\tb\t\t\td\tsame\t\n"));
        assertTrue(status.getMessage().contains("line 2: status 'same', expected match, paper or deviation"),
                status.getMessage());
        IllegalStateException why = assertThrows(IllegalStateException.class,
                () -> Fidelity.parse(header + "a\tb\t\t\td\tdeviation\t\n"));
        assertTrue(why.getMessage().contains("line 2: a deviation row needs its why"), why.getMessage());
    }
}
