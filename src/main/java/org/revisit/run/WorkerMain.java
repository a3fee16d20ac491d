package org.revisit.run;

import org.revisit.plan.StudyTable;
import org.revisit.study.Cell;
import org.revisit.study.RunConfig;
import org.revisit.study.Study;
import org.revisit.util.NativeBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;

/**
 * A worker process of a study spread over several processes or machines sharing one results folder
 * ({@link SharedFolderWorker}): every table's cells at the run's scale (those {@code -Dcells} selects), this
 * process being worker {@code -Drevisit.worker=i/n} (default 0/1). It computes and stores; it renders nothing: any
 * worker, or anyone later, renders the report with {@code ReportMain} from the stored results. Exits 1 when a cell
 * failed (the others are stored).
 *
 * <pre>mvn -q compile exec:java -Dexec.mainClass=org.revisit.run.WorkerMain -Dscale=smoke -Drevisit.worker=0/3</pre>
 */
public final class WorkerMain {
    private static final Logger log = LoggerFactory.getLogger(WorkerMain.class);

    private WorkerMain() {
    }

    public static void main(String[] args) {
        RunConfig config = RunConfig.fromSystemProperties();
        SharedFolderWorker.Share share = SharedFolderWorker.Share.parse(System.getProperty("revisit.worker", "0/1"));
        NativeBackend.init();
        Study study = Study.of(config);
        List<Cell> cells = Arrays.stream(StudyTable.values()).flatMap(t -> t.selectedCells(study)).toList();
        if (cells.isEmpty()) {
            throw new IllegalArgumentException(Preflight.noMatch(config.cells(), Preflight.cellIds(study),
                    config.scale().id()));
        }
        log.info("worker {} on {}: {}", share, study.store().root().toAbsolutePath(), config);
        study.pixelBaselines(); // every worker reads or computes them under the folder's lock: seconds, once
        SharedFolderWorker.Summary s = SharedFolderWorker.run(study, cells, share);
        System.exit(s.failed() > 0 ? 1 : 0);
    }
}
