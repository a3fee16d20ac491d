package org.revisit.util;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

public final class Hashing {
    private Hashing() {
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(String text) {
        return hex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** The first 16 hex digits: enough to name cached artefacts. */
    public static String shortKey(String text) {
        return shortKey(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The first 16 hex digits of the SHA-256 of {@code bytes}. */
    public static String shortKey(byte[] bytes) {
        return hex(sha256().digest(bytes)).substring(0, 16);
    }

    /** Stafford's variant 13 of the MurmurHash3 finaliser (SplittableRandom's own mixer); maps 0 to 0. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
