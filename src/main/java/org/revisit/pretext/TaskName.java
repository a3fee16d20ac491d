package org.revisit.pretext;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The registry from task name to task: the one place a task is named. The study runs every pretext task registered
 * here, in the order declared (Table 1's: Rotation, Exemplar, Relative Patch Location, Jigsaw); {@code supervised},
 * registered as the official code registers it, is the baselines' supervised ceiling and is no pretext task
 * ({@link #isBaseline()}). A task is stored, keyed and printed by its {@link #id()}.
 */
public enum TaskName {
    ROTATION(RotationTask.NAME, RotationTask::new),
    EXEMPLAR(ExemplarTask.NAME, ExemplarTask::new),
    RELATIVE_PATCH_LOCATION(RelativePatchLocationTask.NAME, RelativePatchLocationTask::new),
    JIGSAW(JigsawTask.NAME, JigsawTask::new),
    SUPERVISED(SupervisedTask.NAME, SupervisedTask::new);

    private final String id;
    private final Supplier<PretextTask> factory;

    TaskName(String id, Supplier<PretextTask> factory) {
        this.id = id;
        this.factory = factory;
    }

    /** The name in configurations, cache keys and result files, e.g. {@code relative_patch_location}. */
    @JsonValue
    public String id() {
        return id;
    }

    /** A new instance of the task. */
    public PretextTask task() {
        return factory.get();
    }

    /** Whether this is a baseline trained on the labels rather than a self-supervised pretext task. */
    public boolean isBaseline() {
        return this == SUPERVISED;
    }

    /** The self-supervised tasks, in Table 1's order. */
    public static List<TaskName> pretextTasks() {
        return Arrays.stream(values()).filter(t -> !t.isBaseline()).toList();
    }

    /** Every task's id, sorted. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(TaskName::id).sorted().toList();
    }

    /** The task named {@code id}; an unknown name is refused with the known ones. */
    public static TaskName parse(String id) {
        for (TaskName t : values()) {
            if (t.id.equals(id)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown pretext task '" + id + "'; known: " + ids());
    }

    /** The id, so that a task in a text reads as it is stored. */
    @Override
    public String toString() {
        return id;
    }
}
