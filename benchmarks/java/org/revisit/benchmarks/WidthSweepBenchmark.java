package org.revisit.benchmarks;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;

/**
 * Figure 6: the cells of {@link org.revisit.plan.StudyTable#WIDTH_SWEEP}, whose grid and its reasons are declared in
 * {@code org.revisit.plan.WidthSweepGrid}.
 */
@Tag("benchmark")
@Order(3)
class WidthSweepBenchmark extends TableBenchmark {
}
