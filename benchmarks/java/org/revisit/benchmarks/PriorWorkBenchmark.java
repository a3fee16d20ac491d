package org.revisit.benchmarks;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;

/**
 * Table 2: the cells of {@link org.revisit.plan.StudyTable#PRIOR_WORK}, whose grid and its reasons are declared in
 * {@code org.revisit.plan.PriorWorkGrid}.
 */
@Tag("benchmark")
@Order(9)
class PriorWorkBenchmark extends TableBenchmark {
}
