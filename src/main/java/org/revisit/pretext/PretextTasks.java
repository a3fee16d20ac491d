package org.revisit.pretext;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/** The registry from task name to task: the one place a task is named. */
public final class PretextTasks {
    private static final Map<String, Supplier<PretextTask>> TASKS = new TreeMap<>(Map.of(
            RotationTask.NAME, RotationTask::new,
            ExemplarTask.NAME, ExemplarTask::new,
            JigsawTask.NAME, JigsawTask::new,
            RelativePatchLocationTask.NAME, RelativePatchLocationTask::new));

    private PretextTasks() {
    }

    /** Every task's name, sorted. */
    public static java.util.List<String> names() {
        return java.util.List.copyOf(TASKS.keySet());
    }

    public static PretextTask get(String name) {
        Supplier<PretextTask> s = TASKS.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown pretext task '" + name + "'; known: " + TASKS.keySet());
        }
        return s.get();
    }
}
