package org.revisit.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a figure needs beyond tablesaw-jsplot's builders, as plain Plotly attributes merged into its traces and
 * layout before it is drawn ({@code revisitPatch} in the template): error bars, line colours and dashes, colour
 * scales, axis ticks and ranges. Trace {@code i} of the patch merges into trace {@code i} of the figure.
 */
final class FigurePatch {
    /** Plotly's default qualitative colours, one per line group. */
    static final List<String> COLOURS = List.of("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
            "#e377c2", "#7f7f7f", "#bcbd22", "#17becf");
    /** Plotly's dash styles, one per line within a colour. */
    static final List<String> DASHES = List.of("solid", "dash", "dot", "dashdot", "longdash", "longdashdot");

    private final List<Map<String, Object>> traces = new ArrayList<>();
    private final Map<String, Object> layout = new LinkedHashMap<>();

    /** Trace {@code i}'s attributes, created empty. */
    Map<String, Object> trace(int i) {
        while (traces.size() <= i) {
            traces.add(new LinkedHashMap<>());
        }
        return traces.get(i);
    }

    /** Asymmetric error bars on y for trace {@code i}: the interval [low, high] around each y. */
    FigurePatch errorBars(int i, double[] y, double[] low, double[] high) {
        double[] plus = new double[y.length];
        double[] minus = new double[y.length];
        for (int j = 0; j < y.length; j++) {
            plus[j] = Double.isFinite(high[j]) ? round(high[j] - y[j]) : 0;
            minus[j] = Double.isFinite(low[j]) ? round(y[j] - low[j]) : 0;
        }
        trace(i).put("error_y", ordered("type", "data", "symmetric", false, "array", plus, "arrayminus", minus,
                "thickness", 1, "width", 3));
        return this;
    }

    FigurePatch line(int i, String colour, String dash) {
        trace(i).put("line", ordered("color", colour, "dash", dash));
        trace(i).put("marker", ordered("color", colour));
        return this;
    }

    /** Merges {@code value} at the dotted layout {@code path}, e.g. {@code "xaxis.tickvals"}. */
    FigurePatch layout(String path, Object value) {
        Map<String, Object> at = layout;
        String[] keys = path.split("\\.");
        for (int k = 0; k < keys.length - 1; k++) {
            @SuppressWarnings("unchecked")
            Map<String, Object> next = (Map<String, Object>) at.computeIfAbsent(keys[k], x -> new LinkedHashMap<>());
            at = next;
        }
        at.put(keys[keys.length - 1], value);
        return this;
    }

    /**
     * A map in the order of its {@code key, value} pairs: the report is the same bytes for the same results (Map.of
     * iterates in an order that changes from one JVM to the next).
     */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int k = 0; k < keysAndValues.length; k += 2) {
            m.put((String) keysAndValues[k], keysAndValues[k + 1]);
        }
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper COMPACT =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** The patch as a JavaScript object literal (JSON on one line). */
    String json() {
        try {
            return COMPACT.writeValueAsString(ordered("traces", traces, "layout", layout));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a figure patch holds only maps, lists, numbers and strings", e);
        }
    }
}
