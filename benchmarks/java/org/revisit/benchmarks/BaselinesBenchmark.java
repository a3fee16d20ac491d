package org.revisit.benchmarks;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;

/**
 * The baselines: the supervised ceiling's cells of {@link org.revisit.plan.StudyTable#BASELINES}, declared in
 * {@code org.revisit.plan.BaselinesGrid}; the raw-pixel rows are computed before any table's cells
 * ({@code StudyGrid}).
 */
@Tag("benchmark")
@Order(1)
class BaselinesBenchmark extends TableBenchmark {
}
