package org.revisit.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The paper's published values (SPEC §1), with whether each was verified against an independent source. */
public final class PaperValues {
    private static final String TABLE1 = "paper-table1.csv";

    public record Value(double top1, boolean verified, String source) {
        /** "43.8 (unverified)" or "53.7". */
        public String display() {
            return String.format("%.1f", top1) + (verified ? "" : " (unverified)");
        }
    }

    private final Map<String, Value> table1;

    private PaperValues(Map<String, Value> table1) {
        this.table1 = table1;
    }

    public static PaperValues load() {
        Map<String, Value> m = new HashMap<>();
        try (InputStream in = PaperValues.class.getResourceAsStream(TABLE1)) {
            if (in == null) {
                throw new IllegalStateException("resource " + TABLE1 + " is missing from the class path");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.startsWith("#") || line.startsWith("task,") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",");
                if (f.length != 6) {
                    throw new IllegalStateException(TABLE1 + " line " + n + ": expected 6 fields, found " + f.length);
                }
                m.put(key(f[0], f[1], Integer.parseInt(f[2])),
                        new Value(Double.parseDouble(f[3]), Boolean.parseBoolean(f[4]), f[5]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PaperValues(m);
    }

    /** Table 1 top-1 (%) for a task, architecture and paper width k, if the paper has that cell. */
    public Optional<Value> table1(String task, String architecture, int k) {
        return Optional.ofNullable(table1.get(key(task, architecture, k)));
    }

    private static String key(String task, String arch, int k) {
        return task + "|" + arch + "|" + k;
    }
}
