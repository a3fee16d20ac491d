package org.revisit.util;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PrefetcherTest {

    @Test
    void itemsArriveInTheSourceOrder() {
        List<Integer> seen = new ArrayList<>();
        try (Prefetcher<Integer> p = new Prefetcher<>("test", IntStream.range(0, 1000).boxed().iterator(), 2)) {
            while (p.hasNext()) {
                seen.add(p.next());
            }
            assertFalse(p.hasNext());
            assertThrows(NoSuchElementException.class, p::next);
        }
        assertEquals(IntStream.range(0, 1000).boxed().toList(), seen);
    }

    @Test
    void aFailingSourceFailsTheConsumerAfterTheItemsBeforeIt() {
        Iterator<Integer> source = IntStream.range(0, 5).mapToObj(i -> {
            if (i == 3) {
                throw new IllegalArgumentException("bad image 3");
            }
            return i;
        }).iterator();
        try (Prefetcher<Integer> p = new Prefetcher<>("test", source, 2)) {
            assertEquals(0, p.next());
            assertEquals(1, p.next());
            assertEquals(2, p.next());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, p::next);
            assertEquals("bad image 3", e.getMessage());
        }
    }
}
