package org.revisit.util;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The GPUs the CUDA backend sees and whether ND4J 1.0.0-M2.1's CUDA 11.6 binaries can run on them. Those binaries
 * hold machine code (cubin) for compute capabilities {@link #BUILT} and no PTX (the release workflow's
 * {@code libnd4j.compute} list), so a GPU runs them only when one of its cubins fits: same major revision, the
 * same or a higher minor (NVIDIA's compatibility rule: 8.6 code runs on Ada's 8.9, 8.x code never on Hopper's 9.0).
 * Checked at start-up so that an unsupported GPU gets this explanation instead of a native "no kernel image" error
 * in the first convolution.
 */
public final class CudaDevices {
    /** Compute capabilities (major x 10 + minor) the M2.1 CUDA 11.6 binaries were compiled for. */
    public static final int[] BUILT = {37, 50, 52, 60, 61, 70, 75, 80, 86};

    private CudaDevices() {
    }

    /** One GPU as ND4J's environment information describes it. */
    public record Device(int index, String name, int major, int minor, long totalMemory) {
        public int capability() {
            return major * 10 + minor;
        }

        /** Whether one of the binaries' cubins runs on this device. */
        public boolean supported() {
            for (int built : BUILT) {
                if (built / 10 == major && built % 10 <= minor) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return "GPU " + index + " " + name + " (compute capability " + major + "." + minor + ", "
                    + totalMemory / (1L << 20) + " MiB)";
        }
    }

    /**
     * The devices in ND4J's environment information ({@code cuda.devicesInformation}: one map per device with
     * {@code cuda.deviceName}, {@code cuda.deviceMajor}, {@code cuda.deviceMinor}, {@code cuda.totalMemory});
     * empty on the CPU backend, which has no such entry.
     */
    public static List<Device> of(Properties environment) {
        Object list = environment.get("cuda.devicesInformation");
        List<Device> devices = new ArrayList<>();
        if (!(list instanceof List<?> entries)) {
            return devices;
        }
        for (Object o : entries) {
            if (!(o instanceof Map<?, ?> m)) {
                throw new IllegalStateException("ND4J environment: cuda.devicesInformation holds " + o
                        + ", expected one map per device");
            }
            devices.add(new Device(devices.size(), String.valueOf(m.get("cuda.deviceName")),
                    number(m, "cuda.deviceMajor"), number(m, "cuda.deviceMinor"),
                    m.get("cuda.totalMemory") instanceof Number n ? n.longValue() : 0L));
        }
        return devices;
    }

    /** Why the binaries cannot run on these devices, naming each unsupported one; empty when all are supported. */
    public static Optional<String> unsupported(List<Device> devices) {
        List<Device> bad = devices.stream().filter(d -> !d.supported()).toList();
        if (bad.isEmpty()) {
            return Optional.empty();
        }
        String built = java.util.Arrays.stream(BUILT).mapToObj(c -> c / 10 + "." + c % 10)
                .collect(Collectors.joining(", "));
        return Optional.of(bad.stream().map(Device::toString).collect(Collectors.joining("; "))
                + ": ND4J 1.0.0-M2.1's CUDA 11.6 binaries hold machine code for compute capabilities " + built
                + " and no PTX, and code for one major revision never runs on another, so their kernels cannot load"
                + " on this GPU. Run on the CPU backend (the default profile), use a GPU of capability 3.7-8.x"
                + " (V100, T4, A100, A10, RTX 30/40, L4, L40), or build ND4J from source for this capability"
                + " (README, \"GPUs\"). Set -Drevisit.gpuCheck=false to try anyway.");
    }

    private static int number(Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof Number n)) {
            throw new IllegalStateException("ND4J environment: device entry " + m + " has no number " + key);
        }
        return n.intValue();
    }
}
