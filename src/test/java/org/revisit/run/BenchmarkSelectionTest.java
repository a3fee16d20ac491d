package org.revisit.run;

import org.junit.jupiter.api.Test;
import org.revisit.plan.StudyTable;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchmarkSelectionTest {
    @Test
    void noItTestSelectsEveryTable() {
        assertEquals(StudyTable.values().length, Preflight.tables(BenchmarkSelection.of(null)).size());
        assertEquals(StudyTable.values().length, Preflight.tables(BenchmarkSelection.of(" ")).size());
    }

    @Test
    void namesGlobsPackagesMethodsAndExclusionsReadAsFailsafeReadsThem() {
        assertEquals(List.of(StudyTable.LEARNING_CURVE),
                Preflight.tables(BenchmarkSelection.of("LearningCurveBenchmark")));
        assertEquals(List.of(StudyTable.LEARNING_CURVE),
                Preflight.tables(BenchmarkSelection.of("**/LearningCurveBenchmark.java#cell")));
        assertEquals(List.of(StudyTable.LEARNING_CURVE),
                Preflight.tables(BenchmarkSelection.of("org.revisit.benchmarks.LearningCurveBenchmark")));
        BenchmarkSelection two = BenchmarkSelection.of("Learning*Benchmark, WidthSweepBenchmark");
        assertTrue(two.selects("LearningCurveBenchmark"));
        assertTrue(two.selects("LearningParityBenchmark"));
        assertTrue(two.selects("WidthSweepBenchmark"));
        assertFalse(two.selects("BaselinesBenchmark"));
        BenchmarkSelection but = BenchmarkSelection.of("*Benchmark,!Throughput*");
        assertTrue(but.selects("BaselinesBenchmark"));
        assertFalse(but.selects("ThroughputBenchmark"));
        assertTrue(Preflight.tables(BenchmarkSelection.of("ThroughputBenchmark")).isEmpty());
        assertTrue(BenchmarkSelection.of("LearningCurveBenchmark").exact());
    }

    /** A regular expression is not interpreted: every class counts, and the count says it is an upper bound. */
    @Test
    void aRegexSelectsEveryClassAndSaysTheCountIsABound() {
        BenchmarkSelection regex = BenchmarkSelection.of("%regex[.*Curve.*]");
        assertFalse(regex.exact());
        assertTrue(regex.selects("BaselinesBenchmark"));
    }
}
