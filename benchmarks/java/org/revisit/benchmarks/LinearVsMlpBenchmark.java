package org.revisit.benchmarks;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;

/**
 * Figure 3: the cells of {@link org.revisit.plan.StudyTable#LINEAR_VS_MLP}, whose grid and its reasons are declared in
 * {@code org.revisit.plan.LinearVsMlpGrid}.
 */
@Tag("benchmark")
@Order(7)
class LinearVsMlpBenchmark extends TableBenchmark {
}
