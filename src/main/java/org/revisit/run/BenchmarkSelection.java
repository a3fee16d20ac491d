package org.revisit.run;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which benchmark classes a run's {@code -Dit.test} names, read as Failsafe reads it for the common forms: a
 * comma-separated list of simple class names with {@code *} and {@code ?} wildcards, an optional {@code **}/ or
 * package prefix, {@code .java} or {@code #method} suffix, and {@code !} to exclude. No {@code -Dit.test} selects
 * every class. A {@code %regex[...]} pattern is not interpreted: it selects every class, and {@link #exact()} says
 * so, so a count made from it is named an upper bound.
 */
public record BenchmarkSelection(String itTest, List<Pattern> includes, List<Pattern> excludes, boolean exact) {
    public BenchmarkSelection {
        includes = List.copyOf(includes);
        excludes = List.copyOf(excludes);
    }

    public static BenchmarkSelection of(String itTest) {
        List<Pattern> in = new ArrayList<>();
        List<Pattern> out = new ArrayList<>();
        boolean exact = true;
        if (itTest != null && !itTest.isBlank()) {
            for (String part : itTest.split(",")) {
                String p = part.trim();
                if (p.isEmpty()) {
                    continue;
                }
                if (p.contains("%regex[")) {
                    exact = false;
                    continue;
                }
                boolean exclude = p.startsWith("!");
                (exclude ? out : in).add(glob(exclude ? p.substring(1) : p));
            }
        }
        return new BenchmarkSelection(itTest, in, out, exact);
    }

    /** The run's {@code -Dit.test} (a Maven user property, so a system property of Maven's JVM). */
    public static BenchmarkSelection fromSystemProperties() {
        return of(System.getProperty("it.test"));
    }

    /** Whether a benchmark class of this simple name runs. */
    public boolean selects(String simpleName) {
        boolean included = !exact || includes.isEmpty()
                || includes.stream().anyMatch(p -> p.matcher(simpleName).matches());
        return included && excludes.stream().noneMatch(p -> p.matcher(simpleName).matches());
    }

    private static Pattern glob(String pattern) {
        String p = pattern;
        int hash = p.indexOf('#');
        if (hash >= 0) {
            p = p.substring(0, hash);
        }
        p = p.replace('\\', '/');
        p = p.substring(p.lastIndexOf('/') + 1);
        if (p.endsWith(".java") || p.endsWith(".class")) {
            p = p.substring(0, p.lastIndexOf('.'));
        }
        int dot = p.lastIndexOf('.');
        if (dot >= 0) {
            p = p.substring(dot + 1); // a fully qualified name: its simple name
        }
        StringBuilder regex = new StringBuilder();
        for (char ch : p.toCharArray()) {
            regex.append(ch == '*' ? ".*" : ch == '?' ? "." : Pattern.quote(String.valueOf(ch)));
        }
        return Pattern.compile(regex.toString());
    }
}
