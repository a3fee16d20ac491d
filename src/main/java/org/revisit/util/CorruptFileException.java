package org.revisit.util;

import java.nio.file.Path;

/** A stored artefact does not match its checksum or cannot be parsed: it must be set aside and recomputed. */
public class CorruptFileException extends RuntimeException {
    private final Path file;

    public CorruptFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public CorruptFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
