package org.revisit.benchmarks;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.revisit.study.Cell;
import org.revisit.study.StudyTable;

import java.util.stream.Stream;

/**
 * Figure 4: pretext accuracy against downstream probe accuracy for every trained network of the study (Table 1's
 * and Figure 6's), per task, by architecture. Every row shares the identical cell of those tables: nothing is
 * trained or probed twice.
 */
@Tag("benchmark")
@Order(5)
class PretextVsDownstreamBenchmark {
    static final String NAME = StudyTable.PRETEXT_VS_DOWNSTREAM.id();

    static Stream<Cell> cells() {
        return Stream.concat(ArchitectureComparisonBenchmark.cells(), WidthSweepBenchmark.cells())
                .map(c -> c.in(NAME)).distinct();
    }

    @BeforeAll
    static void computeOnWorkers() {
        StudyGrid.computeOnWorkers(cells());
    }

    // -Dcells may select no cell of this class
    @ParameterizedTest(name = "[{index}] {argumentsWithNames}", allowZeroInvocations = true)
    @MethodSource("cells")
    void pretextAgainstProbe(Cell cell) {
        StudyGrid.runAndCheck(cell);
    }
}
