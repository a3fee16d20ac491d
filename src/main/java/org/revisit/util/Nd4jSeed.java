package org.revisit.util;

/**
 * The seed handed to ND4J's random generator (weight initialisation, dropout masks, SGD probes) for a study seed.
 * ND4J 1.0.0-M2.1 draws other numbers on every call of {@code setSeed(0)}, as if unseeded, and 0 is the study's
 * default seed: every network of seed 0 started from weights no later run could reproduce. Every seed goes through
 * here instead; distinct study seeds give distinct, non-zero ND4J seeds ({@code Nd4jSeedTest} pins both).
 */
public final class Nd4jSeed {
    private static final long SALT = 0x5EED_0F_5EED_0F_5EL;

    private Nd4jSeed() {
    }

    public static long of(long seed) {
        long s = Hashing.mix64(seed ^ SALT);
        return s == 0 ? SALT : s; // mix64 is a bijection: only one seed maps to 0
    }
}
