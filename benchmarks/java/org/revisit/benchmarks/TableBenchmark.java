package org.revisit.benchmarks;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.support.ParameterDeclarations;
import org.revisit.plan.StudyTable;
import org.revisit.study.Cell;

import java.util.stream.Stream;

/**
 * A study table as a JUnit class: one test per cell of its grid ({@link StudyTable#cells}) that this run selects,
 * each reading or computing its cell and checking it ({@link StudyGrid#runAndCheck}). A subclass is named after its
 * table ({@link StudyTable#benchmarkClass()}) and declares nothing else, so a new table is a {@code StudyTable}
 * constant, its grid and an empty subclass, and the planner finds every table of a run by the classes' names.
 */
abstract class TableBenchmark {
    /** The table of a benchmark class: the one whose {@link StudyTable#benchmarkClass()} is the class's name. */
    static StudyTable table(Class<?> benchmark) {
        return StudyTable.ofBenchmarkClass(benchmark.getSimpleName()).orElseThrow(() -> new IllegalStateException(
                benchmark.getSimpleName() + " extends TableBenchmark but names no StudyTable"));
    }

    @BeforeAll
    static void computeOnWorkers(TestInfo info) {
        StudyGrid.computeOnWorkers(table(info.getTestClass().orElseThrow()).selectedCells(StudyGrid.study()));
    }

    // -Dcells may select no cell of this class
    @ParameterizedTest(name = "[{index}] {argumentsWithNames}", allowZeroInvocations = true)
    @ArgumentsSource(SelectedCells.class)
    void cell(Cell cell) {
        StudyGrid.runAndCheck(cell);
    }

    /** The test class's table's cells that this run selects. */
    static final class SelectedCells implements ArgumentsProvider {
        @Override
        public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters,
                                                            ExtensionContext context) {
            return table(context.getRequiredTestClass()).selectedCells(StudyGrid.study()).map(Arguments::of);
        }
    }
}
