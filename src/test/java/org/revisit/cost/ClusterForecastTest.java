package org.revisit.cost;

import org.junit.jupiter.api.Test;
import org.revisit.study.ClusterShape;
import org.revisit.study.RunConfig;

import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterForecastTest {
    private static CellEstimate cell(String task, String network, double seconds, boolean done) {
        return new CellEstimate("t", task + " " + network, task, network, 1, done, seconds, 0, 0, 0, "test");
    }

    /** Five networks (two cells on the first) of 5, 4, 3, 3 and 3 s, one stored cell that costs nothing. */
    private static final List<CellEstimate> CELLS = List.of(cell("rotation", "a", 4, false),
            cell("rotation", "a", 1, false), cell("jigsaw", "a", 4, false), cell("rotation", "b", 3, false),
            cell("exemplar", "b", 3, false), cell("exemplar", "c", 3, false), cell("exemplar", "d", 9, true));

    @Test
    void oneWorkerTakesEveryJobInTurn() {
        ClusterForecast f = ClusterForecast.of(CELLS, 1, new ClusterShape(1, 1, 0.9));
        assertEquals(5, f.jobs(), "one job per task and network; a stored cell is none");
        assertEquals(18, f.makespanSeconds(), 1e-9);
        assertEquals(18, f.deviceSeconds(), 1e-9);
        assertEquals(5, f.longestJobSeconds(), 1e-9);
    }

    @Test
    void workersTakeTheLongestJobFirst() {
        // 5 | 4 | 3, then the 3s go to the first free: 5 + 0, 4 + 3, 3 + 3 -> makespan 7
        assertEquals(7, ClusterForecast.of(CELLS, 1, new ClusterShape(3, 1, 0.9)).makespanSeconds(), 1e-9);
        assertEquals(5, ClusterForecast.of(CELLS, 1, new ClusterShape(8, 1, 0.9)).makespanSeconds(), 1e-9,
                "more workers than jobs: the longest job sets the end");
    }

    @Test
    void devicesShortenEachJobAtTheirEfficiencyAndCostDeviceTime() {
        ClusterForecast f = ClusterForecast.of(CELLS, 1, new ClusterShape(1, 4, 0.5));
        assertEquals(18 / 2.0, f.makespanSeconds(), 1e-9, "4 devices at 50 %: twice as fast");
        assertEquals(18 * 2.0, f.deviceSeconds(), 1e-9, "and twice the device time");
        assertEquals(36, ClusterForecast.of(CELLS, 2, new ClusterShape(1, 1, 1)).makespanSeconds(), 1e-9,
                "forecasts shared by two local workers are taken back to one cell's time alone");
    }

    @Test
    void badShapesNameTheProperty() {
        Properties p = new Properties();
        p.setProperty("scale", "smoke");
        p.setProperty("revisit.cluster", "8 by 4");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunConfig.from(p));
        assertTrue(e.getMessage().contains("-Drevisit.cluster='8 by 4': expected WxD"), e.getMessage());
        p.setProperty("revisit.cluster", "8x4");
        p.setProperty("revisit.cluster.efficiency", "1.5");
        e = assertThrows(IllegalArgumentException.class, () -> RunConfig.from(p));
        assertTrue(e.getMessage().contains("revisit.cluster.efficiency"), e.getMessage());
        p.setProperty("revisit.cluster.efficiency", "0.8");
        assertEquals(new ClusterShape(8, 4, 0.8), RunConfig.from(p).cluster().orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> new ClusterShape(0, 4, 0.9));
    }
}
