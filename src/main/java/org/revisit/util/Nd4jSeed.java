package org.revisit.util;

/**
 * The seed handed to ND4J's random generator (weight initialisation, dropout masks, SGD probes) for a study seed.
 * ND4J 1.0.0-M2.1 draws other numbers on every call of {@code setSeed(0)}, as if unseeded, and 0 is the study's
 * default seed: every network of seed 0 started from weights no later run could reproduce. Seed 0 goes to ND4J as
 * {@link #FOR_ZERO}; every other seed as it is, so its draws are the ones it always gave ({@code Nd4jSeedTest}).
 */
public final class Nd4jSeed {
    /** ND4J's seed for study seed 0: a value no study uses as a seed of its own. */
    public static final long FOR_ZERO = 0x5EED_0F_5EED_0F_5EL;

    private Nd4jSeed() {
    }

    public static long of(long seed) {
        return seed == 0 ? FOR_ZERO : seed;
    }
}
