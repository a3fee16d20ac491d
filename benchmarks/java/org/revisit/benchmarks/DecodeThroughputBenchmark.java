package org.revisit.benchmarks;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.revisit.cost.DecodeMeter;
import org.revisit.cost.DecodeThroughput;
import org.revisit.cost.DecodeThroughputRun;
import org.revisit.cost.ThroughputStore;
import org.revisit.study.Provenance;
import org.revisit.study.Scale;
import org.revisit.study.Study;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Images/s decoded from JPEG folders on this machine, with the JDK's decoder: alone, into the small scales' 32 px
 * squares, and into the paper's 224 px training input, on one thread and on every core. The files are
 * {@link PhotoLikeJpegs} (ImageNet's sizes and mean file size); rows feed the report's cost section.
 */
@Tag("benchmark")
@Order(0)
class DecodeThroughputBenchmark {
    private static final Logger log = LoggerFactory.getLogger(DecodeThroughputBenchmark.class);

    static Stream<Object[]> grid() {
        int cores = Runtime.getRuntime().availableProcessors();
        return Stream.of(DecodeMeter.Operation.values()).flatMap(op -> Stream.of(1, cores).distinct()
                .map(threads -> new Object[] {op, threads}));
    }

    /** Images timed per row: enough for a stable rate, few enough for the smoke scale's minutes. */
    static int images(Scale scale) {
        return scale == Scale.SMOKE ? 48 : 400;
    }

    @ParameterizedTest(name = "{0} on {1} threads")
    @MethodSource("grid")
    void decode(DecodeMeter.Operation op, int threads) {
        Study study = StudyGrid.study();
        ThroughputStore store = new ThroughputStore(study.store().root());
        String id = "decode " + op.label() + " threads=" + threads;
        List<Provenance> stored = store.decoding().stream().filter(r -> r.id().equals(id))
                .map(DecodeThroughputRun::provenance).toList();
        if (ThroughputBenchmark.stored(study, id, stored)) {
            return;
        }
        int n = images(study.scale());
        List<Path> files = PhotoLikeJpegs.write(Path.of("target", "decode-benchmark-jpegs"), n, 1L);
        DecodeThroughput t = DecodeMeter.measure(files, op, threads);
        log.info("{}: {} img/s ({} MB/s) over {} images of {} kB and {} MP on average", id,
                String.format("%.1f", t.imagesPerSecond()), String.format("%.1f", t.megabytesPerSecond()),
                t.images(), String.format("%.0f", t.meanFileKilobytes()), String.format("%.3f", t.meanMegapixels()));
        assertEquals(n, t.images());
        assertTrue(t.imagesPerSecond() > 0 && t.meanMegapixels() > 0.16, t.toString());
        store.write(new DecodeThroughputRun(DecodeThroughputRun.FORMAT_VERSION, study.scale().id(), id, t,
                Provenance.capture()));
    }
}
