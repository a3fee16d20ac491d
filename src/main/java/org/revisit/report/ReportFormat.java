package org.revisit.report;

import java.nio.file.Path;

/** One way of writing a report into its folder. */
@FunctionalInterface
public interface ReportFormat {
    void write(Report report, Path folder);
}
