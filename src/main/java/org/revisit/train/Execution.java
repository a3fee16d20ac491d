package org.revisit.train;

import java.util.OptionalInt;

/**
 * How a training step runs: on {@code devices} data-parallel devices ({@link DataParallel}), each computing its share
 * of the step in {@code passes} passes whose gradients are accumulated before one update
 * ({@link GradientAccumulation}). Each pass is whole replica shards, so neither changes what the step computes beyond
 * floating-point rounding, and neither is part of a network's identity (its cache key). Both must divide the step's
 * replica shards R: a device takes R / D of them, a pass R / (D x passes).
 */
public record Execution(int devices, int passes) {
    /** One device, one pass: the step as {@code ComputationGraph.fit} trains it. */
    public static final Execution SINGLE = new Execution(1, 1);

    public Execution {
        if (devices < 1 || passes < 1) {
            throw new IllegalArgumentException("devices and passes must be 1 or more, not " + devices + " and "
                    + passes);
        }
    }

    /**
     * The execution of a step of {@code replicas} shards: {@code requested} devices ({@code -Drevisit.devices}) when
     * they and the {@code passes} ({@code -Drevisit.accumulate}) divide the shards, else an error naming the option;
     * without a request the most of the backend's {@code available} devices that leaves the passes whole shards
     * (1 on the CPU backend, which has one device).
     */
    public static Execution forStep(OptionalInt requested, int available, int passes, int replicas) {
        if (passes < 1 || replicas % passes != 0) {
            throw new IllegalArgumentException("-Drevisit.accumulate=" + passes + ": a step of " + replicas
                    + " replica shard" + (replicas == 1 ? "" : "s") + " is accumulated over a number of passes that "
                    + "divides " + replicas + " (each pass takes whole shards)"
                    + (replicas == 1 ? "; below the paper scale a step is one shard: use 1" : ""));
        }
        if (requested.isPresent()) {
            int d = requested.getAsInt();
            if (d < 1 || replicas % (d * passes) != 0) {
                throw new IllegalArgumentException("-Drevisit.devices=" + d + ": a step of " + replicas
                        + " replica shard" + (replicas == 1 ? "" : "s") + (passes == 1 ? "" : " in " + passes
                        + " passes") + " trains on a number of devices that divides " + replicas / passes
                        + " (each device takes whole shards, so that its batch norm sees what it would on one device)"
                        + (replicas == 1 ? "; below the paper scale a step is one shard: use 1" : ""));
            }
            return new Execution(d, passes);
        }
        for (int d = Math.min(available, replicas / passes); d > 1; d--) {
            if (replicas % (d * passes) == 0) {
                return new Execution(d, passes);
            }
        }
        return new Execution(1, passes);
    }

    /** Replica shards one pass of one device computes, of a step of {@code replicas}. */
    public int shardsPerPass(int replicas) {
        return replicas / (devices * passes);
    }

    public boolean single() {
        return devices == 1 && passes == 1;
    }

    @Override
    public String toString() {
        return (devices == 1 ? "on 1 device" : "on " + devices + " devices")
                + (passes == 1 ? "" : ", " + passes + " accumulated passes" + (devices == 1 ? "" : " each"));
    }
}
