package org.revisit.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** File access shared by the loaders, failing with a {@link DatasetFormatException} that names the file. */
final class DataFiles {
    private DataFiles() {
    }

    /** The loaders' error for a file that cannot be read: "does not exist", or "cannot be read" with the cause. */
    static DatasetFormatException unreadable(Path file, IOException e) {
        return e instanceof NoSuchFileException
                ? new DatasetFormatException(file, "file", "does not exist", e)
                : new DatasetFormatException(file, "file", "cannot be read: " + e, e);
    }

    static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** Fails naming every one of {@code names} that is not a file in {@code dir}, not only the first. */
    static void requireFiles(Path dir, String what, String... names) {
        java.util.List<String> missing = java.util.Arrays.stream(names)
                .filter(n -> !Files.isRegularFile(dir.resolve(n))).toList();
        if (!missing.isEmpty()) {
            throw new DatasetFormatException(dir, "files", "missing " + String.join(", ", missing) + " of " + what);
        }
    }

    /**
     * {@code folder}, or the archive's folder inside it: a dataset's files may be given as the folder its archive
     * unpacks ({@code archiveFolder}) or as that folder's parent. {@code marker} is one of the dataset's files.
     */
    static Path folderOrArchive(Path folder, String archiveFolder, String marker, String expected) {
        if (!Files.isDirectory(folder)) {
            throw new DatasetFormatException(folder, "data folder", "does not exist or is not a folder; expected "
                    + expected);
        }
        Path nested = folder.resolve(archiveFolder);
        return Files.isRegularFile(folder.resolve(marker)) || !Files.isDirectory(nested) ? folder : nested;
    }
}
