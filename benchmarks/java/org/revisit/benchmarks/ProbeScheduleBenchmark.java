package org.revisit.benchmarks;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;

/**
 * Figure 8: the cells of {@link org.revisit.plan.StudyTable#PROBE_SCHEDULE}, whose grid and its reasons are declared in
 * {@code org.revisit.plan.ProbeScheduleGrid}.
 */
@Tag("benchmark")
@Order(8)
class ProbeScheduleBenchmark extends TableBenchmark {
}
