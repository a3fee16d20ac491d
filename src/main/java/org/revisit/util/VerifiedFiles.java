package org.revisit.util;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Binary artefacts (networks, checkpoints, features) with a SHA-256 sidecar in {@code sha256sum} format
 * ({@code <file>.sha256}, so {@code sha256sum -c} checks them too). Both are written atomically; the digest is
 * taken while the file is written, so it costs no second pass. A file whose sidecar disagrees is corrupt: callers set
 * it aside ({@link #setAside}) and compute it again. A file without a sidecar predates checksums and is accepted.
 */
public final class VerifiedFiles {
    private static final Logger log = LoggerFactory.getLogger(VerifiedFiles.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private VerifiedFiles() {
    }

    public static Path sidecar(Path file) {
        return file.resolveSibling(file.getFileName() + ".sha256");
    }

    /** Writes {@code target} atomically and then its checksum; returns the checksum (hex). */
    public static String write(Path target, AtomicFiles.Writer writer) {
        MessageDigest digest = Hashing.sha256();
        AtomicFiles.write(target, out -> {
            DigestOutputStream d = new DigestOutputStream(out, digest);
            writer.write(d);
            d.flush();
        });
        String hex = Hashing.hex(digest.digest());
        AtomicFiles.writeString(sidecar(target), hex + "  " + target.getFileName() + "\n");
        return hex;
    }

    /** The SHA-256 of a file's bytes (hex). */
    public static String sha256(Path file) {
        MessageDigest digest = Hashing.sha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                digest.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return Hashing.hex(digest.digest());
    }

    /**
     * Checks {@code file} against its sidecar.
     *
     * @return false when the file has no sidecar (written before checksums existed), true when it matches
     * @throws CorruptFileException when the checksum differs or the sidecar is malformed
     */
    public static boolean verify(Path file) {
        Path side = sidecar(file);
        if (!Files.isRegularFile(side)) {
            return false;
        }
        String expected;
        try {
            expected = Files.readString(side, StandardCharsets.UTF_8).trim().split("\\s+")[0];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + side, e);
        }
        if (!expected.matches("[0-9a-f]{64}")) {
            throw new CorruptFileException(side, "not a SHA-256 checksum line (64 hex digits, two spaces, the "
                    + "file name expected)");
        }
        String actual = sha256(file);
        if (!actual.equals(expected)) {
            throw new CorruptFileException(file, "SHA-256 " + actual + " differs from " + expected + " recorded in "
                    + side.getFileName() + " (truncated or changed after it was written)");
        }
        return true;
    }

    /**
     * Renames a corrupt file (and its sidecar) to {@code <name>.corrupt-<time>} beside it, so it is neither used nor
     * lost; a file set aside earlier in the same second keeps its name (the new one gets {@code -2}, {@code -3}, ...).
     * Returns the new name.
     */
    public static Path setAside(Path file) {
        String stamp = ".corrupt-" + LocalDateTime.now().format(STAMP);
        String suffix = stamp;
        for (int n = 2; Files.exists(file.resolveSibling(file.getFileName() + suffix)); n++) {
            suffix = stamp + "-" + n;
        }
        Path moved = file.resolveSibling(file.getFileName() + suffix);
        if (!Files.exists(file)) {
            return moved;
        }
        try {
            Files.move(file, moved);
            Path side = sidecar(file);
            if (Files.exists(side)) {
                Files.move(side, side.resolveSibling(side.getFileName() + suffix), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set aside corrupt file " + file, e);
        }
        log.warn("corrupt artefact set aside as {}; it will be computed again", moved);
        return moved;
    }

    /** Deletes a file and its sidecar. */
    public static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(sidecar(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
