package org.revisit.probe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.revisit.faults.ExpectedFaults;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureCacheTest {
    @Test
    void featuresAreExtractedOnceThenRead(@TempDir Path dir) {
        FeatureCache cache = new FeatureCache(dir);
        INDArray x = Nd4j.rand(DataType.FLOAT, 37, 5);
        AtomicInteger extractions = new AtomicInteger();
        INDArray first = cache.getOrExtract("k", "test", () -> {
            extractions.incrementAndGet();
            return x;
        });
        INDArray second = cache.getOrExtract("k", "test", () -> {
            extractions.incrementAndGet();
            return Nd4j.zeros(DataType.FLOAT, 37, 5);
        });
        assertEquals(1, extractions.get());
        assertEquals(x, first);
        assertEquals(x, second);
    }

    /** A truncated file names itself and its expected size, and is extracted again rather than used. */
    @Test
    @ExtendWith(ExpectedFaults.class)
    void truncatedFileIsReportedAndReplaced(@TempDir Path dir) throws IOException {
        FeatureCache cache = new FeatureCache(dir);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3);
        cache.getOrExtract("k", "test", () -> x);
        Path f = cache.file("k");
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureCache.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("4 x 3 floats need 64"),
                e.getMessage());
        Files.writeString(f, "not a feature file at all");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FeatureCache.read(f)).getMessage()
                .contains("RVF1"));
        assertEquals(x, cache.getOrExtract("k", "test", () -> x));
        assertEquals(x, FeatureCache.read(f));
    }
}
