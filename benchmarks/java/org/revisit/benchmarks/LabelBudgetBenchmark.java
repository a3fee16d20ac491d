package org.revisit.benchmarks;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;

/**
 * Figure 7: the cells of {@link org.revisit.plan.StudyTable#LABEL_BUDGET}, whose grid and its reasons are declared in
 * {@code org.revisit.plan.LabelBudgetGrid}.
 */
@Tag("benchmark")
@Order(6)
class LabelBudgetBenchmark extends TableBenchmark {
}
