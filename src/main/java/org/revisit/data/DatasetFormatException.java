package org.revisit.data;

import java.nio.file.Path;

/** A data file that is missing or malformed: the message names the file, the field and what was expected. */
public class DatasetFormatException extends RuntimeException {
    public DatasetFormatException(Path file, String field, String problem) {
        super(file + ": " + field + ": " + problem);
    }

    public DatasetFormatException(Path file, String field, String problem, Throwable cause) {
        super(file + ": " + field + ": " + problem, cause);
    }
}
