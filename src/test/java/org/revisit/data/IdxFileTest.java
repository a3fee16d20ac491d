package org.revisit.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxFileTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void readsRawAndGzip(boolean gz) throws IOException {
        byte[] raw = IdxFixtures.idx(new int[] {2, 3}, new byte[] {1, 2, 3, 4, 5, 6});
        Path f = dir.resolve("a.idx");
        Files.write(f, gz ? IdxFixtures.gzip(raw) : raw);
        IdxFile idx = IdxFile.read(f, 2);
        assertArrayEquals(new int[] {2, 3}, idx.dims());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, idx.data());
    }

    @Test
    void wrongMagicNamesFileAndField() throws IOException {
        byte[] raw = IdxFixtures.idx(new int[] {2, 3}, new byte[6]);
        Path f = dir.resolve("labels.idx");
        Files.write(f, raw);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxFile.read(f, 1));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("magic number"), e.getMessage());
        assertTrue(e.getMessage().contains("0x00000802") && e.getMessage().contains("0x00000801"), e.getMessage());
    }

    @Test
    void truncatedDataIsReported() throws IOException {
        byte[] raw = IdxFixtures.idx(new int[] {10, 4, 4}, new byte[160]);
        Path f = dir.resolve("images.idx");
        Files.write(f, Arrays.copyOf(raw, raw.length - 5));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxFile.read(f, 3));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("found 155 bytes, expected 160")
                && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void truncatedGzipIsReported() throws IOException {
        byte[] gz = IdxFixtures.gzip(IdxFixtures.idx(new int[] {100, 4, 4}, new byte[1600]));
        Path f = dir.resolve("images.gz");
        Files.write(f, Arrays.copyOf(gz, gz.length / 2));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxFile.read(f, 3));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("gzip stream"), e.getMessage());
    }

    @Test
    void corruptGzipIsReported() throws IOException {
        byte[] gz = IdxFixtures.gzip(IdxFixtures.idx(new int[] {100, 4, 4}, new byte[1600]));
        for (int i = 12; i < gz.length - 8; i++) {
            gz[i] ^= (byte) 0x5a;
        }
        Path f = dir.resolve("images.gz");
        Files.write(f, gz);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxFile.read(f, 3));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }

    @Test
    void missingFileIsReported() {
        Path f = dir.resolve("nope.gz");
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxFile.read(f, 1));
        assertEquals(f + ": file: does not exist", e.getMessage());
    }
}
