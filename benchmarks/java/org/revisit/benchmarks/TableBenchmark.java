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

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A study table as a JUnit class: one test per cell of its grid ({@link StudyTable#cells}) that this run selects,
 * each reading or computing its cell and checking it ({@link StudyGrid#runAndCheck}). The classes only name their
 * table in {@link #TABLES}, the list of the study's benchmark classes, so the planner finds every table of a run
 * without reflection.
 */
abstract class TableBenchmark {
    /** Every table's benchmark class, in the order the study runs them (their {@code @Order}). */
    static final Map<Class<?>, StudyTable> TABLES = tables();

    private static Map<Class<?>, StudyTable> tables() {
        Map<Class<?>, StudyTable> m = new LinkedHashMap<>();
        m.put(ArchitectureComparisonBenchmark.class, StudyTable.ARCHITECTURE_COMPARISON);
        m.put(WidthSweepBenchmark.class, StudyTable.WIDTH_SWEEP);
        m.put(LayerwiseProbeBenchmark.class, StudyTable.LAYERWISE_PROBE);
        m.put(PretextVsDownstreamBenchmark.class, StudyTable.PRETEXT_VS_DOWNSTREAM);
        m.put(LabelBudgetBenchmark.class, StudyTable.LABEL_BUDGET);
        m.put(LinearVsMlpBenchmark.class, StudyTable.LINEAR_VS_MLP);
        m.put(ProbeScheduleBenchmark.class, StudyTable.PROBE_SCHEDULE);
        m.put(PriorWorkBenchmark.class, StudyTable.PRIOR_WORK);
        return java.util.Collections.unmodifiableMap(m);
    }

    static StudyTable table(Class<?> benchmark) {
        StudyTable t = TABLES.get(benchmark);
        if (t == null) {
            throw new IllegalStateException(benchmark.getSimpleName() + " is not in TableBenchmark.TABLES");
        }
        return t;
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
