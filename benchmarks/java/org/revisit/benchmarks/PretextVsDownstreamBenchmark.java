package org.revisit.benchmarks;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;

/**
 * Figure 4: the cells of {@link org.revisit.plan.StudyTable#PRETEXT_VS_DOWNSTREAM}, whose grid and its reasons are declared in
 * {@code org.revisit.plan.PretextVsDownstreamGrid}.
 */
@Tag("benchmark")
@Order(5)
class PretextVsDownstreamBenchmark extends TableBenchmark {
}
