package org.revisit.benchmarks;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;

/**
 * Table 1, Figures 1-2: the cells of {@link org.revisit.plan.StudyTable#ARCHITECTURE_COMPARISON}, whose grid and its reasons are declared in
 * {@code org.revisit.plan.ArchitectureComparisonGrid}.
 */
@Tag("benchmark")
@Order(2)
class ArchitectureComparisonBenchmark extends TableBenchmark {
}
