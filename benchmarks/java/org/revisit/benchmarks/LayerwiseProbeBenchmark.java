package org.revisit.benchmarks;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;

/**
 * Figure 5: the cells of {@link org.revisit.plan.StudyTable#LAYERWISE_PROBE}, whose grid and its reasons are declared in
 * {@code org.revisit.plan.LayerwiseProbeGrid}.
 */
@Tag("benchmark")
@Order(4)
class LayerwiseProbeBenchmark extends TableBenchmark {
}
