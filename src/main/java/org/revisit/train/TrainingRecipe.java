package org.revisit.train;

import org.revisit.nets.Architecture;
import org.revisit.pretext.TaskName;

import java.util.EnumMap;
import java.util.Map;

/**
 * How a scale turns its pretext budget (epochs over its images, at its batch) into a {@link TrainingConfig}: the
 * learning rate and its schedule. The configuration it makes is part of every network's key and is recorded with
 * every result.
 */
public sealed interface TrainingRecipe {

    /**
     * The configuration of a run of {@code task} on a network of {@code architecture} over {@code trainImages}
     * images for {@code epochs}.
     */
    TrainingConfig config(TaskName task, Architecture architecture, int epochs, int batchImages, double bnDecay,
                          int trainImages, long seed);

    /**
     * The paper's rule (paper.md §3.1): peak rate 0.1 x batch / 256 after a linear warm-up of 5 epochs, x0.1 after 15
     * and 25 of 35 epochs, the shape compressed into the run's epochs.
     */
    record PaperRule() implements TrainingRecipe {
        @Override
        public TrainingConfig config(TaskName task, Architecture architecture, int epochs, int batchImages,
                                     double bnDecay, int trainImages, long seed) {
            return TrainingConfig.paperShape(epochs, batchImages, bnDecay, trainImages, seed);
        }

        @Override
        public String toString() {
            return "PaperRule{lr=0.1 x batch/256, warm-up 5/35, x0.1 at 15/35 and 25/35 of the run}";
        }
    }

    /**
     * A recipe for runs of a few hundred steps, chosen by measured sweeps (docs/scales-and-data.md, "How the small
     * scale was tuned"):
     * the task's peak rate times the architecture's factor from the first step, independent of the batch, then x0.1
     * for the run's last {@code 1 - decayAt}. The paper's rule gives 0.0125 at 32 images and spends a seventh of such
     * a run warming up and most of the rest decayed; at these budgets the networks then learn too little to beat
     * their untrained weights.
     *
     * @param peakLr             the peak rate per task
     * @param architectureFactor multiplies the task's rate for an architecture (1 for any not named): a plain
     *                           network without skip connections learns only at a smaller step
     * @param decayAt            the fraction of the run after which the rate is a tenth (1: never)
     * @param images             the pretext images of a run per task, each seen once per epoch (a task not named:
     *                           the scale's images); the budget the learning curves chose
     */
    record ShortBudget(Map<TaskName, Double> peakLr, Map<Architecture, Double> architectureFactor, double decayAt,
                       Map<TaskName, Integer> images)
            implements TrainingRecipe {
        public ShortBudget {
            peakLr = Map.copyOf(new EnumMap<>(peakLr));
            architectureFactor = Map.copyOf(architectureFactor);
            images = Map.copyOf(images);
            for (var e : images.entrySet()) {
                if (e.getValue() < 1) {
                    throw new IllegalArgumentException("short-budget recipe: the images of " + e.getKey().id()
                            + " must be positive, not " + e.getValue());
                }
            }
            for (var e : architectureFactor.entrySet()) {
                if (!(e.getValue() > 0)) {
                    throw new IllegalArgumentException("short-budget recipe: the factor of " + e.getKey().id()
                            + " must be positive, not " + e.getValue());
                }
            }
            for (TaskName t : TaskName.values()) {
                if (!(peakLr.getOrDefault(t, 0.0) > 0)) {
                    throw new IllegalArgumentException("short-budget recipe: no positive peak rate for " + t.id()
                            + " in " + peakLr);
                }
            }
            if (!(decayAt > 0 && decayAt <= 1)) {
                throw new IllegalArgumentException("short-budget recipe: decayAt must be in (0, 1], not " + decayAt);
            }
        }

        /** Every task over the scale's images. */
        public ShortBudget(Map<TaskName, Double> peakLr, Map<Architecture, Double> architectureFactor,
                           double decayAt) {
            this(peakLr, architectureFactor, decayAt, Map.of());
        }

        /** This recipe with each task's run over its own number of images. */
        public ShortBudget withImages(Map<TaskName, Integer> perTask) {
            return new ShortBudget(peakLr, architectureFactor, decayAt, perTask);
        }

        /** Every task and architecture at the same peak rate. */
        public static ShortBudget of(double peakLr, double decayAt) {
            Map<TaskName, Double> m = new EnumMap<>(TaskName.class);
            for (TaskName t : TaskName.values()) {
                m.put(t, peakLr);
            }
            return new ShortBudget(m, Map.of(), decayAt);
        }

        /** The peak rate of {@code task} on {@code architecture}. */
        public double peakLr(TaskName task, Architecture architecture) {
            return peakLr.get(task) * architectureFactor.getOrDefault(architecture, 1.0);
        }

        @Override
        public TrainingConfig config(TaskName task, Architecture architecture, int epochs, int batchImages,
                                     double bnDecay, int trainImages, long seed) {
            double[] decays = decayAt < 1 ? new double[] {decayAt * epochs} : new double[0];
            // lrScaleBatch = batch: the peak rate is the task's, whatever the batch
            return new TrainingConfig(epochs, batchImages, peakLr(task, architecture), batchImages, 0.0, decays,
                    0.1, 0.9, 1e-4, bnDecay, images.getOrDefault(task, trainImages), seed);
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("ShortBudget{peakLr={");
            for (TaskName t : TaskName.values()) {
                b.append(t.ordinal() > 0 ? ", " : "").append(t.id()).append('=').append(peakLr.get(t));
            }
            b.append("}, architectureFactor={");
            int i = 0;
            for (Architecture a : Architecture.values()) {
                if (architectureFactor.containsKey(a)) {
                    b.append(i++ > 0 ? ", " : "").append(a.id()).append('=').append(architectureFactor.get(a));
                }
            }
            b.append("}, decayAt=").append(decayAt).append(", x0.1 after, momentum 0.9, weight decay 1e-4");
            if (!images.isEmpty()) {
                b.append(", images={");
                int j = 0;
                for (TaskName t : TaskName.values()) {
                    if (images.containsKey(t)) {
                        b.append(j++ > 0 ? ", " : "").append(t.id()).append('=').append(images.get(t));
                    }
                }
                b.append('}');
            }
            return b.append('}').toString();
        }
    }
}
