package org.revisit.report;

import org.revisit.util.AtomicFiles;

import java.nio.file.Path;

/** Every table of the report as {@code <table>.csv} beside the HTML. */
public final class CsvFormat implements ReportFormat {
    @Override
    public void write(Report report, Path folder) {
        report.tables().forEach((name, table) ->
                AtomicFiles.write(folder.resolve(name + ".csv"), out -> table.write().csv(out)));
    }
}
