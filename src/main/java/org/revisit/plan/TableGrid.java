package org.revisit.plan;

import org.revisit.study.Cell;
import org.revisit.study.Study;

import java.util.stream.Stream;

/** The cells of one table or figure at the study's scale: the whole grid, before {@code -Dcells} selects. */
@FunctionalInterface
public interface TableGrid {
    Stream<Cell> cells(Study study);
}
