package org.nd4j.nativeblas;

import java.lang.reflect.Method;

/**
 * Compatibility bridge that lets DL4J 1.0.0-M2.1 load its oneDNN layer helpers.
 *
 * <p>{@code org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper#mklDnnEnabled()} checks, by reflection,
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance().isUseMKLDNN()}. In ND4J M2.1 that class moved to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and the method became {@code isUseONEDNN()},
 * so the check always fails and the helpers never load (several times slower training; docs/speed-and-cost.md). This class restores
 * the old name and delegates, again by reflection, so the project still compiles against the CUDA backend.
 * It only works on the class path (a split package is refused on the module path).
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    public static final class Environment {
        private static final Environment INSTANCE = new Environment();
        private static final String MOVED = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        public boolean isUseMKLDNN() {
            try {
                Class<?> c = Class.forName(MOVED);
                Object env = c.getMethod("getInstance").invoke(null);
                Method m = c.getMethod("isUseONEDNN");
                return (Boolean) m.invoke(env);
            } catch (ReflectiveOperationException | LinkageError e) {
                return false;
            }
        }
    }
}
