package org.revisit.util;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Properties;

/**
 * Applies the backend settings that make DL4J fast on a CPU, before ND4J initialises (docs/speed-and-cost.md):
 * the oneDNN layer helpers (off by default in M2.1, see {@link org.nd4j.nativeblas.Nd4jCpu}) and one OpenMP
 * thread per core. The native classifier ({@code linux-x86_64-onednn}) is chosen in the pom, and tcmalloc is
 * preloaded by the pom's {@code tcmalloc} profile. Backend-agnostic: on CUDA the helper switch is harmless.
 */
public final class NativeBackend {
    private static final Logger log = LoggerFactory.getLogger(NativeBackend.class);
    public static final String HELPERS_DISABLE = "org.eclipse.deeplearning4j.helpers.disable";
    private static volatile boolean initialised;

    private NativeBackend() {
    }

    /** Idempotent; call before the first use of ND4J or DL4J. A user's -D settings win. */
    public static synchronized void init() {
        if (initialised) {
            return;
        }
        if (System.getProperty(HELPERS_DISABLE) == null) {
            System.setProperty(HELPERS_DISABLE, "false");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        if (System.getenv("OMP_NUM_THREADS") == null) {
            Nd4j.getEnvironment().setMaxThreads(cores);
        }
        Nd4j.getEnvironment().allowHelpers(true);
        Nd4j.setDefaultDataTypes(org.nd4j.linalg.api.buffer.DataType.FLOAT, org.nd4j.linalg.api.buffer.DataType.FLOAT);
        initialised = true;
        log.info("ND4J backend {} | {} | oneDNN helpers {}", backendName(), blasInfo(), helpersActive() ? "on" : "off");
        checkGpus();
    }

    /**
     * On the CUDA backend: logs each device and refuses, with the reason, a GPU the backend's binaries cannot run
     * ({@link CudaDevices}); {@code -Drevisit.gpuCheck=false} skips the refusal.
     */
    private static void checkGpus() {
        if (!isCuda()) {
            return;
        }
        java.util.List<CudaDevices.Device> devices = CudaDevices.of(Nd4j.getExecutioner().getEnvironmentInformation());
        devices.forEach(d -> log.info("CUDA device: {} | supported by the M2.1 binaries: {}", d, d.supported()));
        java.util.Optional<String> why = CudaDevices.unsupported(devices);
        if (why.isPresent()) {
            if (Boolean.parseBoolean(System.getProperty("revisit.gpuCheck", "true"))) {
                throw new IllegalStateException(why.get());
            }
            log.warn("{} (checked off by -Drevisit.gpuCheck=false)", why.get());
        }
    }

    /** True on ND4J's CUDA backend (nd4j-cuda-*), whatever its version. */
    public static boolean isCuda() {
        return backendName().startsWith("JCublas");
    }

    public static String backendName() {
        return Nd4j.getBackend().getClass().getSimpleName();
    }

    public static String blasInfo() {
        Properties p = Nd4j.getExecutioner().getEnvironmentInformation();
        // the values are Integers and Strings: Properties.getProperty would return null for the former
        return "backend=" + p.get("backend") + " blas=" + p.get("blas.vendor") + " omp=" + p.get("omp.threads")
                + " cores=" + p.get("cores");
    }

    /** True when DL4J's oneDNN helpers will load (CPU backend with oneDNN, helpers not disabled). */
    public static boolean helpersActive() {
        // Nd4jCpu exists only with the CPU backend on the class path
        return !isCuda() && !Boolean.parseBoolean(System.getProperty(HELPERS_DISABLE, "true"))
                && org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseMKLDNN();
    }
}
