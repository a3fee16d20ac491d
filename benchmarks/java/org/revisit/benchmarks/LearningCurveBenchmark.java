package org.revisit.benchmarks;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;

/**
 * Learning curves: the cells of {@link org.revisit.plan.StudyTable#LEARNING_CURVE}, whose grid and its reasons are
 * declared in {@code org.revisit.plan.LearningCurveGrid}. After Table 1, whose networks' snapshots it reads.
 */
@Tag("benchmark")
@Order(3)
class LearningCurveBenchmark extends TableBenchmark {
}
