package org.revisit.util;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One JSON mapper for every stored record: sorted keys, so equal records give equal bytes and equal hashes. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .configure(com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static void writeFile(Path file, Object value) {
        AtomicFiles.writeString(file, write(value) + "\n");
    }

    /** The file as a JSON tree, for records stored in an earlier format that must be upgraded before binding. */
    public static com.fasterxml.jackson.databind.JsonNode readTree(Path file) {
        try {
            return MAPPER.readTree(Files.readAllBytes(file));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static <T> T convert(Path file, com.fasterxml.jackson.databind.JsonNode tree, Class<T> type) {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(file + ": not a valid " + type.getSimpleName() + " record"
                    + field(e) + ": " + e.getOriginalMessage(), e);
        }
    }

    /** " at field run.network.architecture" for a value Jackson could not bind, else empty. */
    private static String field(com.fasterxml.jackson.core.JacksonException e) {
        if (!(e instanceof com.fasterxml.jackson.databind.JsonMappingException m) || m.getPath().isEmpty()) {
            return "";
        }
        return " at field " + m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                : Integer.toString(r.getIndex())).collect(java.util.stream.Collectors.joining("."));
    }

    /** The field of a verified record holding the SHA-256 of the record's text without it. */
    public static final String CHECKSUM_FIELD = "sha256";

    /**
     * Writes {@code value} atomically with its own checksum: the SHA-256 of the record's canonical text (sorted keys,
     * this mapper's format) without the {@value #CHECKSUM_FIELD} field, stored in that field.
     */
    public static void writeVerified(Path file, Object value) {
        com.fasterxml.jackson.databind.node.ObjectNode tree = MAPPER.valueToTree(value);
        tree.remove(CHECKSUM_FIELD);
        String sha = Hashing.sha256(canonical(tree));
        tree.put(CHECKSUM_FIELD, sha);
        AtomicFiles.writeString(file, canonical(tree) + "\n");
    }

    /**
     * The tree of a record written by {@link #writeVerified}, its checksum checked and removed. A record without the
     * field predates checksums and is returned as it is.
     *
     * @throws CorruptFileException when the file is not JSON (truncated) or its checksum differs
     */
    public static com.fasterxml.jackson.databind.JsonNode readVerifiedTree(Path file) {
        com.fasterxml.jackson.databind.JsonNode tree;
        try {
            tree = MAPPER.readTree(Files.readAllBytes(file));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new CorruptFileException(file, "not valid JSON (truncated?): " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (tree == null || !tree.isObject()) {
            throw new CorruptFileException(file, "empty or not a JSON object");
        }
        com.fasterxml.jackson.databind.node.ObjectNode object = (com.fasterxml.jackson.databind.node.ObjectNode) tree;
        com.fasterxml.jackson.databind.JsonNode recorded = object.remove(CHECKSUM_FIELD);
        if (recorded != null) {
            String actual = Hashing.sha256(canonical(object));
            if (!actual.equals(recorded.asText())) {
                throw new CorruptFileException(file, "SHA-256 of the record " + actual + " differs from its "
                        + CHECKSUM_FIELD + " field " + recorded.asText() + " (changed after it was written)");
            }
        }
        return object;
    }

    /** {@link #readVerifiedTree} bound to {@code type}. */
    public static <T> T readVerified(Path file, Class<T> type) {
        return convert(file, readVerifiedTree(file), type);
    }

    private static String canonical(com.fasterxml.jackson.databind.JsonNode tree) {
        try {
            // objects written from a tree keep the tree's key order: sort it so that a record's text is one string
            return MAPPER.writeValueAsString(MAPPER.treeToValue(tree, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + tree, e);
        }
    }

    public static <T> T read(Path file, Class<T> type) {
        try {
            return MAPPER.readValue(Files.readAllBytes(file), type);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(file + ": not a valid " + type.getSimpleName() + " record"
                    + field(e) + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
