package org.revisit.report;

import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import org.revisit.util.AtomicFiles;
import tech.tablesaw.columns.Column;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code index.html} from the Freemarker template {@code report.ftlh} (HTML auto-escaping on), with the Plotly
 * figures and plotly.js either inlined or as the sibling file {@code plotly.js}. Either way the folder works
 * offline and the page makes no network request.
 */
public final class HtmlFormat implements ReportFormat {
    public static final String PLOTLY_RESOURCE = "/META-INF/resources/webjars/plotly.js-dist/2.35.3/plotly.js";
    public static final String PLOTLY_FILE = "plotly.js";

    public enum Plotly { INLINE, SIBLING }

    private final Path templates;
    private final Plotly plotly;

    public HtmlFormat(Path templates, Plotly plotly) {
        this.templates = templates;
        this.plotly = plotly;
    }

    /**
     * A figure's script, which carries names from the results (tasks, architectures) inside JavaScript strings and is
     * written unescaped: "</" becomes "<\/" (the same string in JavaScript), so no name can close the script element.
     */
    static String inScript(String snippet) {
        // tablesaw's snippet is <script>...</script>: escape the body only, not the element's own tags
        int open = snippet.indexOf("<script");
        int bodyStart = open < 0 ? 0 : snippet.indexOf('>', open) + 1;
        int bodyEnd = snippet.lastIndexOf("</script>");
        if (bodyEnd < bodyStart) {
            bodyEnd = snippet.length();
        }
        return snippet.substring(0, bodyStart) + snippet.substring(bodyStart, bodyEnd).replace("</", "<\\/")
                + snippet.substring(bodyEnd);
    }

    @Override
    public void write(Report report, Path folder) {
        Map<String, Object> model = new HashMap<>();
        model.put("scale", report.scale());
        model.put("datasets", report.datasets().isEmpty() ? "no dataset yet" : String.join(", ", report.datasets()));
        model.put("generatedAt", report.generatedAt());
        model.put("cellCount", report.results().size());
        Map<String, Map<String, Object>> tables = tableModels(report);
        List<Map<String, Object>> sections = new ArrayList<>();
        for (Section sec : report.sections()) {
            Map<String, Object> m = new HashMap<>();
            m.put("id", sec.id());
            m.put("title", sec.title());
            m.put("html", sec.html());
            if (sec.paperSays() != null) {
                m.put("paperSays", sec.paperSays());
            }
            if (sec.paperTable() != null) {
                m.put("paperTable", tables.get(sec.paperTable()));
            }
            if (sec.note() != null) {
                m.put("note", sec.note());
            }
            List<Map<String, Object>> figs = new ArrayList<>();
            for (StudyFigures.Drawn d : sec.figures()) {
                figs.add(Map.of("id", d.id(), "title", d.title(), "script", inScript(d.figure().asJavascript(d.id()))));
            }
            m.put("figures", figs);
            m.put("table", tables.get(sec.id()));
            sections.add(m);
        }
        model.put("sections", sections);
        List<Map<String, Object>> claims = new ArrayList<>();
        for (var c : report.claims()) {
            claims.add(Map.of("number", c.number(), "claim", c.claim(), "test", c.test(), "verdict",
                    c.verdict().text(), "verdictClass", c.verdict().name().toLowerCase(java.util.Locale.ROOT),
                    "statistic", c.statistic(), "scale", c.scale(), "specRef", c.specRef()));
        }
        model.put("claims", claims);
        model.put("provenance", report.provenance());
        model.put("protocols", report.protocols());
        String plotlyJs = plotlyLibrary();
        if (plotly == Plotly.INLINE) {
            model.put("plotlyInline", plotlyJs);
        } else {
            model.put("plotlySrc", PLOTLY_FILE);
            Path sibling = folder.resolve(PLOTLY_FILE);
            if (!sameContent(sibling, plotlyJs)) {
                AtomicFiles.writeString(sibling, plotlyJs);
            }
        }
        Template template = template();
        AtomicFiles.write(folder.resolve("index.html"), out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            try {
                template.process(model, w);
            } catch (TemplateException e) {
                throw new IOException("template " + templates.resolve("report.ftlh") + ": " + e.getMessage(), e);
            }
            w.flush();
        });
    }

    /** Every table as the template sees it, by name, in the report's order. */
    private static Map<String, Map<String, Object>> tableModels(Report report) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        report.tables().forEach((name, t) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("csv", name + ".csv");
            m.put("columns", t.columnNames());
            List<List<String>> rows = new ArrayList<>();
            for (int r = 0; r < t.rowCount(); r++) {
                List<String> row = new ArrayList<>();
                for (Column<?> c : t.columns()) {
                    row.add(format(c, r));
                }
                rows.add(row);
            }
            m.put("rows", rows);
            out.put(name, m);
        });
        return out;
    }

    private static String format(Column<?> c, int row) {
        if (c.isMissing(row)) {
            return "–";
        }
        Object v = c.get(row);
        if (v instanceof Double d) {
            return Math.abs(d) >= 100 ? String.format("%.0f", d) : String.format("%.2f", d);
        }
        return String.valueOf(v);
    }

    private Template template() {
        try {
            Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
            cfg.setDirectoryForTemplateLoading(templates.toFile());
            cfg.setDefaultEncoding("UTF-8");
            cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
            cfg.setLogTemplateExceptions(false);
            cfg.setFallbackOnNullLoopVariable(false);
            return cfg.getTemplate("report.ftlh");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load template report.ftlh from " + templates.toAbsolutePath(), e);
        }
    }

    static String plotlyLibrary() {
        try (InputStream in = HtmlFormat.class.getResourceAsStream(PLOTLY_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(PLOTLY_RESOURCE + " is missing: the org.webjars.npm:plotly.js-dist "
                        + "dependency must be on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean sameContent(Path file, String text) {
        try {
            return Files.isRegularFile(file) && Files.size(file) == text.getBytes(StandardCharsets.UTF_8).length
                    && Files.readString(file, StandardCharsets.UTF_8).equals(text);
        } catch (IOException e) {
            return false;
        }
    }
}
