package org.revisit.pretext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The registry from task name to task: the one place a task is named. The study runs every task registered here, in
 * the order registered (Table 1's: Rotation, Exemplar, Relative Patch Location, Jigsaw).
 */
public final class PretextTasks {
    private static final Map<String, Supplier<PretextTask>> TASKS = new LinkedHashMap<>();

    static {
        TASKS.put(RotationTask.NAME, RotationTask::new);
        TASKS.put(ExemplarTask.NAME, ExemplarTask::new);
        TASKS.put(RelativePatchLocationTask.NAME, RelativePatchLocationTask::new);
        TASKS.put(JigsawTask.NAME, JigsawTask::new);
    }

    private PretextTasks() {
    }

    /** Every task's name, sorted. */
    public static List<String> names() {
        return TASKS.keySet().stream().sorted().toList();
    }

    /** Every task's name in the order registered: the study's tasks. */
    public static List<String> inStudyOrder() {
        return List.copyOf(TASKS.keySet());
    }

    public static PretextTask get(String name) {
        Supplier<PretextTask> s = TASKS.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown pretext task '" + name + "'; known: " + names());
        }
        return s.get();
    }
}
