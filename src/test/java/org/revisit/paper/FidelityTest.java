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
        String header = "setting\tofficial code\twhere\tpaper\trevisit\trevisit where\tstatus\twhy\n";
        IllegalStateException fields = assertThrows(IllegalStateException.class,
                () -> Fidelity.parse("# c\n" + header + "a\tb\tc\n"));
        assertTrue(fields.getMessage().contains("line 3: expected 8 tab-separated fields, found 3"),
                fields.getMessage());
        IllegalStateException status = assertThrows(IllegalStateException.class,
                () -> Fidelity.parse(header + "a\tb\t\t\td\tx/A.java:1 a\tsame\t\n"));
        assertTrue(status.getMessage().contains("line 2: status 'same', expected match, paper or deviation"),
                status.getMessage());
        IllegalStateException why = assertThrows(IllegalStateException.class,
                () -> Fidelity.parse(header + "a\tb\t\t\td\tx/A.java:1 a\tdeviation\t\n"));
        assertTrue(why.getMessage().contains("line 2: a deviation row needs its why"), why.getMessage());
        IllegalStateException where = assertThrows(IllegalStateException.class,
                () -> Fidelity.parse(header + "a\tb\t\t\td\tsomewhere\tmatch\t\n"));
        assertTrue(where.getMessage().contains("revisit where must read 'path/File.java:LINE name'"),
                where.getMessage());
    }

    /**
     * Every row's place in Revisit is a line of the project's source that declares the name it gives; when code moves,
     * the failure says where the name is now.
     */
    @Test
    void everyRowPointsAtTheLineThatSetsIt() throws IOException {
        java.util.List<String> wrong = new java.util.ArrayList<>();
        for (Fidelity.Row r : Fidelity.rows()) {
            String[] fileLine = r.revisitFileLine().split(":");
            Path file = Path.of("src/main/java/org/revisit").resolve(fileLine[0]);
            if (!Files.isRegularFile(file)) {
                wrong.add(r.setting() + ": no file " + file);
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            int line = Integer.parseInt(fileLine[1]);
            java.util.regex.Pattern name = java.util.regex.Pattern.compile("\\b"
                    + java.util.regex.Pattern.quote(r.revisitName()) + "\\b");
            if (line < 1 || line > lines.size() || !name.matcher(lines.get(line - 1)).find()) {
                int now = -1;
                for (int i = 0; i < lines.size(); i++) {
                    if (name.matcher(lines.get(i)).find() && (now < 0 || Math.abs(i + 1 - line) < Math.abs(now - line))) {
                        now = i + 1;
                    }
                }
                wrong.add(r.setting() + ": line " + line + " of " + file + " does not name " + r.revisitName()
                        + (now > 0 ? "; the nearest line that does is " + now : "; it is not in the file"));
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }
}
