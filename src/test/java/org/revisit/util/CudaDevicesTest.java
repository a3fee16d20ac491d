package org.revisit.util;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CudaDevicesTest {
    /** Environment information shaped as ND4J's CUDA executioner reports it. */
    private static Properties gpus(Object... nameMajorMinor) {
        List<Map<String, Object>> list = new java.util.ArrayList<>();
        for (int i = 0; i < nameMajorMinor.length; i += 3) {
            list.add(Map.of("cuda.deviceName", nameMajorMinor[i], "cuda.deviceMajor", nameMajorMinor[i + 1],
                    "cuda.deviceMinor", nameMajorMinor[i + 2], "cuda.totalMemory", 16L << 30));
        }
        Properties p = new Properties();
        p.put("cuda.devicesInformation", list);
        return p;
    }

    @Test
    void aCubinRunsOnItsMajorRevisionAtTheSameOrAHigherMinor() {
        List<CudaDevices.Device> d = CudaDevices.of(gpus("Tesla K80", 3, 7, "Tesla V100", 7, 0, "T4", 7, 5,
                "A100", 8, 0, "RTX 3090", 8, 6, "RTX 4090", 8, 9, "Jetson Nano", 5, 3, "GTX 1080", 6, 1));
        assertEquals(8, d.size());
        d.forEach(dev -> assertTrue(dev.supported(), dev.toString()));
        assertTrue(CudaDevices.unsupported(d).isEmpty());
    }

    @Test
    void hopperBlackwellAndOldKeplerAreRefusedWithTheReason() {
        List<CudaDevices.Device> d = CudaDevices.of(gpus("A100", 8, 0, "H100", 9, 0, "B200", 10, 0,
                "RTX 5090", 12, 0, "GTX 680", 3, 0));
        assertEquals(List.of(true, false, false, false, false), d.stream().map(CudaDevices.Device::supported)
                .toList());
        String why = CudaDevices.unsupported(d).orElseThrow();
        assertTrue(why.contains("GPU 1 H100 (compute capability 9.0"), why);
        assertTrue(why.contains("GTX 680"), why);
        assertFalse(why.contains("A100 (compute"), "a supported device is not named: " + why);
        assertTrue(why.contains("3.7, 5.0, 5.2, 6.0, 6.1, 7.0, 7.5, 8.0, 8.6"), why);
    }

    @Test
    void theCpuBackendHasNoDevicesAndIsNotCuda() {
        NativeBackend.init();
        assertFalse(NativeBackend.isCuda(), NativeBackend.backendName());
        assertTrue(CudaDevices.of(Nd4j.getExecutioner().getEnvironmentInformation()).isEmpty());
    }

    @Test
    void aMalformedDeviceEntryNamesTheKey() {
        Properties p = new Properties();
        p.put("cuda.devicesInformation", List.of(Map.of("cuda.deviceName", "X", "cuda.deviceMajor", 8)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CudaDevices.of(p));
        assertTrue(e.getMessage().contains("cuda.deviceMinor"), e.getMessage());
    }
}
