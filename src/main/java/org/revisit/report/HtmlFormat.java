package org.revisit.report;

import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import org.revisit.util.AtomicFiles;
import tech.tablesaw.api.Table;
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

    /**
     * The figure's script with its {@link FigurePatch} merged into its traces and layout just before Plotly draws it
     * ({@code revisitPatch}, defined in the template), and the fixed width tablesaw sets dropped so it fills its box.
     */
    static String patched(StudyFigures.Drawn d) {
        String script = d.figure().asJavascript(d.id());
        String draw = "Plotly.newPlot(target_" + d.id() + ", data, layout";
        int at = script.indexOf(draw);
        if (at < 0) {
            throw new IllegalStateException("figure " + d.id() + ": no '" + draw + "' in tablesaw's script");
        }
        return script.substring(0, at) + "revisitPatch(data, layout, " + d.patch().json() + ");\n"
                + script.substring(at);
    }

    @Override
    public void write(Report report, Path folder) {
        Map<String, Object> model = new HashMap<>();
        model.put("scale", report.scale());
        model.put("datasets", report.datasets().isEmpty() ? "no dataset yet" : String.join(", ", report.datasets()));
        model.put("generatedAt", Report.minute(report.generatedAt()) + " UTC");
        model.put("pretextBatches", report.pretextBatches());
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
                figs.add(d.figure() == null ? Map.of("id", d.id(), "title", d.title(), "script", "", "notDrawn",
                        d.notDrawn()) : Map.of("id", d.id(), "title", d.title(), "script", inScript(patched(d))));
            }
            m.put("figures", figs);
            m.put("table", tables.get(sec.id()));
            sections.add(m);
        }
        model.put("sections", sections);
        model.put("claims", report.claims().stream().map(HtmlFormat::claimModel).toList());
        Headline headline = report.headline();
        model.put("headline", Map.of("verdicts", headline.verdictCounts(), "selfSupervision",
                headline.selfSupervision(), "bestGains", headline.bestGains(), "overPixels",
                headline.overPixels().orElse(""), "bestOverPixels", headline.bestOverPixels(), "failures",
                headline.failures(), "failedRuns", headline.failedRuns()));
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

    /**
     * Every table as the template sees it, by name, in the report's order. A study table leads with its decision
     * columns ({@link DecisionView}) and keeps every column of its CSV in {@code full}, folded away.
     */
    private static Map<String, Map<String, Object>> tableModels(Report report) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        report.tables().forEach((name, t) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("csv", name + ".csv");
            Map<String, Object> all = grid(t);
            DecisionView.view(name, t).ifPresentOrElse(view -> {
                m.putAll(grid(view));
                m.put("full", all);
                m.put("fullCount", t.columnCount());
            }, () -> m.putAll(all));
            out.put(name, m);
        });
        return out;
    }

    private static Map<String, Object> grid(Table t) {
        List<List<String>> rows = new ArrayList<>();
        for (int r = 0; r < t.rowCount(); r++) {
            List<String> row = new ArrayList<>();
            for (Column<?> c : t.columns()) {
                row.add(format(c, r));
            }
            rows.add(row);
        }
        return Map.of("columns", t.columnNames(), "rows", rows);
    }

    static String format(Column<?> c, int row) {
        if (c.isMissing(row)) {
            return "–";
        }
        Object v = c.get(row);
        if (v instanceof Double d) {
            if (c.name().equals("labels %")) {
                return d == Math.rint(d) ? String.format("%.0f", d) : String.valueOf(d);
            }
            return Math.abs(d) >= 100 ? String.format("%.0f", d) : String.format("%.2f", d);
        }
        if (c.name().equals("representation d") && Integer.valueOf(0).equals(v)) {
            return "none";
        }
        return String.valueOf(v);
    }

    /**
     * A claim as one line: its statistic's first clause (the count or the numbers a verdict rests on), the rest of
     * the statistic as a list, folded away.
     */
    static Map<String, Object> claimModel(org.revisit.claims.ClaimResult c) {
        String[] blocks = c.statistic().split(" \\|\\| ");
        String first = blocks[0];
        int colon = first.indexOf(": ");
        int semicolon = first.indexOf("; ");
        int cut = colon < 0 ? semicolon : semicolon < 0 ? colon : Math.min(colon, semicolon);
        String summary = cut > 0 ? first.substring(0, cut) : first;
        List<String> details = new ArrayList<>();
        if (cut > 0) {
            details.addAll(List.of(first.substring(cut + 2).split("; ")));
        }
        for (int i = 1; i < blocks.length; i++) {
            details.add(blocks[i]);
        }
        Map<String, Object> m = new HashMap<>();
        m.put("number", c.number());
        m.put("claim", c.claim());
        m.put("test", c.test());
        m.put("verdict", c.verdict().text());
        m.put("verdictClass", c.verdict().name().toLowerCase(java.util.Locale.ROOT));
        m.put("summary", summary);
        m.put("details", details);
        m.put("specRef", c.specRef());
        return m;
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
