package org.revisit.util;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Frees ND4J arrays at once instead of leaving them to the garbage collector. An array's off-heap buffer is only
 * freed when its small Java object is collected, which a large heap may not do for minutes; meanwhile the native
 * allocator keeps the memory, and a loop over 50,000 images grew one JVM past 20 GB (javacpp's
 * {@code maxphysicalbytes}, then OutOfMemoryError).
 */
public final class NdArrays {
    private NdArrays() {
    }

    /** Closes each array that owns its buffer; views (which share another array's buffer), nulls and repeats are skipped. */
    public static void close(INDArray... arrays) {
        Set<INDArray> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (INDArray a : arrays) {
            if (a != null && seen.add(a) && !a.isView() && a.closeable() && !a.wasClosed()) {
                a.close();
            }
        }
    }
}
