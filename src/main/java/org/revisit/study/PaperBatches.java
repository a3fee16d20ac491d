package org.revisit.study;

import org.revisit.pretext.TaskName;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The paper scale's pretext batches and the TPU cores each step was split over ({@code -Drevisit.paperBatches}). A
 * step is trained in as many replica shards as cores ({@link org.revisit.train.ReplicaShards}), and its peak rate is
 * 0.1 x batch / 256 (the paper's rule).
 */
public enum PaperBatches {
    /**
     * The default: the released configs ({@code config/<task>/imagenet.sh}: {@code --batch_size}, the global batch),
     * 64 images for Rotation and Exemplar, 128 for Jigsaw and Relative Patch Location, 256 for the supervised
     * network, on the 8 TPU cores the official README says "produce results close to those reported". They are the
     * verifiable source, and the practical one for a user with 8 GPUs.
     */
    RELEASED(perTask(64, 64, 128, 128, 256), perTask(8, 8, 8, 8, 8)),
    /**
     * The batches the paper's text is remembered to give, not verified against it: Rotation 1,024 images on 128
     * cores, Exemplar 512 (x 8 copies) on 32, Jigsaw and Relative Patch Location 1,024 on 32.
     */
    REMEMBERED(perTask(1_024, 512, 1_024, 1_024, 1_024), perTask(128, 32, 32, 32, 32));

    private final Map<TaskName, Integer> batchImages;
    private final Map<TaskName, Integer> cores;

    PaperBatches(Map<TaskName, Integer> batchImages, Map<TaskName, Integer> cores) {
        this.batchImages = batchImages;
        this.cores = cores;
        for (TaskName t : TaskName.values()) {
            if (batchImages.get(t) % cores.get(t) != 0) {
                throw new IllegalStateException(name() + ": " + t.id() + "'s " + batchImages.get(t)
                        + " images do not split over " + cores.get(t) + " cores");
            }
        }
    }

    /** Images per pretext step of {@code task}. */
    public int batchImages(TaskName task) {
        return batchImages.get(task);
    }

    /** The cores, and so the replica shards, a step of {@code task} is split over. */
    public int cores(TaskName task) {
        return cores.get(task);
    }

    /** {@code released} or {@code remembered}, as {@code -Drevisit.paperBatches} takes it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PaperBatches parse(String id) {
        for (PaperBatches b : values()) {
            if (b.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
                return b;
            }
        }
        throw new IllegalArgumentException("-Drevisit.paperBatches='" + id + "': expected released (the official "
                + "code's configs, the default) or remembered (the paper's batches as recalled, unverified)");
    }

    /** Each task's batch and cores: "rotation 64 images on 8 cores, ...". */
    public String describe() {
        StringBuilder b = new StringBuilder();
        for (TaskName t : TaskName.values()) {
            b.append(b.length() > 0 ? ", " : "").append(t.id()).append(' ').append(batchImages(t))
                    .append(" images on ").append(cores(t)).append(" cores");
        }
        return b.toString();
    }

    /** Rotation, Exemplar, Jigsaw, Relative Patch Location, supervised. */
    private static Map<TaskName, Integer> perTask(int rotation, int exemplar, int jigsaw, int location,
                                                  int supervised) {
        Map<TaskName, Integer> m = new EnumMap<>(TaskName.class);
        m.put(TaskName.ROTATION, rotation);
        m.put(TaskName.EXEMPLAR, exemplar);
        m.put(TaskName.JIGSAW, jigsaw);
        m.put(TaskName.RELATIVE_PATCH_LOCATION, location);
        m.put(TaskName.SUPERVISED, supervised);
        return Map.copyOf(m);
    }
}
