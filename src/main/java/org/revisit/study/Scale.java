package org.revisit.study;

import org.revisit.data.Augmentation;
import org.revisit.data.Dataset;
import org.revisit.nets.Architecture;
import org.revisit.pretext.TaskName;
import org.revisit.nets.Geometry;
import org.revisit.nets.NetworkSpec;
import org.revisit.probe.FeaturePooling;
import org.revisit.probe.SgdProbe;
import org.revisit.train.TrainingConfig;
import org.revisit.train.TrainingRecipe;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The named scales the same benchmarks run at. Each is data: how much of the dataset, how long, which widths and
 * depth. {@code widths[i]} stands in for the paper's {@code paperWidths[i]} (the report compares them), and every
 * result records its scale so a small-scale number is never mistaken for the paper's.
 */
public enum Scale {
    /**
     * Minutes on 2 cores: CI proves the whole path on every push. One width, so the width comparisons start at the
     * small scale. Pretext training is the small scale's (128 steps of 32 images, each seen once, the short-budget
     * recipe): at 60 steps the smoke's Rotation network only drew level with its untrained weights (76.1 against
     * 75.8 % top-1, its learning curve still rising), too close for CI to tell a recipe that learns from one that
     * does not.
     */
    SMOKE(new Preset(2_000, 4_096, 1, 32, smallDepths(), new int[] {1}, new int[] {4},
            2_000, 500, 1_000, 500, Geometry.small(28, 1), Augmentation.smallImages(),
            new double[] {1e-3, 1e-2, 1e-1}, 150, 0.9, Scale.SMALL_POOLING_TARGET, 0.1, 256)
            .withRecipe(shortBudget()), 0),
    /**
     * The default: each task's networks trained for the steps of 32 images its learning curve chose
     * ({@link #smallBudget()}), each Fashion-MNIST training image seen once, by the short-budget recipe the tuning
     * table of docs/scales-and-data.md chose ({@link #shortBudget()}; BN momentum 0.9), the probe on 8,000 / 2,000
     * training and validation images and all 10,000 test images (every comparison paired over them), the SGD probes
     * at a tenth of the paper's epochs; the learning curves run to 1,024 steps, past every task's budget (the longer
     * curves that chose the budgets are in docs/scales-and-data.md; their extra steps are not needed again).
     */
    SMALL(new Preset(10_000, 4_096, 1, 32, smallDepths(), new int[] {1, 2}, new int[] {4, 8},
            8_000, 2_000, 10_000, 2_000, Geometry.small(28, 1), Augmentation.smallImages(),
            new double[] {1e-4, 1e-3, 1e-2, 1e-1}, 400, 0.9, Scale.SMALL_POOLING_TARGET, 0.1, 512)
            .withRecipe(shortBudget().withImages(smallBudget())), 1_024),
    /** The paper's configurations (paper.md §3): ImageNet at 224 px, ResNet50 depth, 35 epochs; needs GPUs. */
    PAPER(new Preset(50_000, Integer.MAX_VALUE, 35, 1024, paperDepths(), new int[] {4, 8, 12, 16},
            new int[] {4, 8, 12, 16}, Integer.MAX_VALUE, 50_000, Integer.MAX_VALUE, 10_000, Geometry.paper(3),
            Augmentation.inception(), new double[] {1e-6, 1e-5, 1e-4, 1e-3, 1e-2}, 800, 0.99,
            FeaturePooling.PAPER_TARGET, 1.0, 2048), 0);

    /**
     * Feature pooling target below the paper scale: 9,000 / 4. The paper pools to about 9,000 values, 4.4 times the
     * 2048-d pre-logits of its k = 4 networks; the small networks at k = 1 have a quarter of those channels (512-d
     * pre-logits), so a quarter of the target keeps the paper's ratio of pooled end-point to pre-logits size.
     */
    static final int SMALL_POOLING_TARGET = FeaturePooling.PAPER_TARGET / 4;

    /** The short-budget recipe's factor on VGG19-BN's learning rates ({@link #shortBudget()}). */
    static final double VGG_FACTOR = 0.3;

    /** Below the paper scale, larger images are scaled to 32 px: CIFAR-10's size, the small networks' design point. */
    static final int SMALL_IMAGE_SIZE = 32;

    /**
     * @param valCount          images carved out of the official train split as the own validation split
     * @param pretextImages     training images used for pretext training
     * @param batchImages       images per pretext step below the paper's geometry (at it: {@code paperBatches})
     * @param probeTrainImages  training images (with labels) for the probe
     * @param probeValImages    validation images used to choose the probe's L2 penalty
     * @param testImages        official test images scored
     * @param pretextEvalImages held-out validation images for the pretext accuracy
     * @param poolingTarget     feature maps above this many values are max-pooled down to about it (paper.md §3.6)
     * @param probeEpochScale   multiplies the epochs of the SGD probes' paper schedules (70 / 160 / 520 epochs)
     * @param probeBatch        the SGD probes' mini-batch (2048 in the paper; learning rate 0.1 x batch / 256)
     * @param evaluation        the official code's evaluation or Revisit's choices ({@link EvaluationChoices}); by
     *                          default the official at the paper's geometry, Revisit's below it
     * @param recipe            the pretext training's learning rate and schedule; by default the paper's rule
     * @param paperBatches      the pretext batches and cores at the paper's geometry; by default the released configs'
     */
    public record Preset(int valCount, int pretextImages, int epochs, int batchImages, Map<Architecture, int[]> depths,
                         int[] widths, int[] paperWidths, int probeTrainImages, int probeValImages, int testImages,
                         int pretextEvalImages, Geometry geometry, Augmentation augmentation, double[] l2Grid,
                         int probeMaxIterations, double bnDecay, int poolingTarget, double probeEpochScale,
                         int probeBatch, EvaluationChoices evaluation, TrainingRecipe recipe,
                         PaperBatches paperBatches) {

        public Preset {
            if (paperBatches == null) {
                paperBatches = PaperBatches.RELEASED;
            }
            if (evaluation == null) {
                evaluation = geometry.equals(Geometry.paper(geometry.channels())) ? EvaluationChoices.OFFICIAL
                        : EvaluationChoices.REVISIT;
            }
            if (recipe == null) {
                recipe = new TrainingRecipe.PaperRule();
            }
        }

        /** With the evaluation its geometry implies ({@link EvaluationChoices}). */
        public Preset(int valCount, int pretextImages, int epochs, int batchImages, Map<Architecture, int[]> depths,
                      int[] widths, int[] paperWidths, int probeTrainImages, int probeValImages, int testImages,
                      int pretextEvalImages, Geometry geometry, Augmentation augmentation, double[] l2Grid,
                      int probeMaxIterations, double bnDecay, int poolingTarget, double probeEpochScale,
                      int probeBatch) {
            this(valCount, pretextImages, epochs, batchImages, depths, widths, paperWidths, probeTrainImages,
                    probeValImages, testImages, pretextEvalImages, geometry, augmentation, l2Grid, probeMaxIterations,
                    bnDecay, poolingTarget, probeEpochScale, probeBatch, null, null, null);
        }

        /** This preset evaluating as {@code e} ({@code -Drevisit.evaluation}). */
        public Preset withEvaluation(EvaluationChoices e) {
            return new Preset(valCount, pretextImages, epochs, batchImages, depths, widths, paperWidths,
                    probeTrainImages, probeValImages, testImages, pretextEvalImages, geometry, augmentation, l2Grid,
                    probeMaxIterations, bnDecay, poolingTarget, probeEpochScale, probeBatch, e, recipe, paperBatches);
        }

        /** This preset training its networks by {@code r}. */
        public Preset withRecipe(TrainingRecipe r) {
            return new Preset(valCount, pretextImages, epochs, batchImages, depths, widths, paperWidths,
                    probeTrainImages, probeValImages, testImages, pretextEvalImages, geometry, augmentation, l2Grid,
                    probeMaxIterations, bnDecay, poolingTarget, probeEpochScale, probeBatch, evaluation, r,
                    paperBatches);
        }

        /** This preset with the paper scale's batches {@code b} ({@code -Drevisit.paperBatches}). */
        public Preset withPaperBatches(PaperBatches b) {
            return new Preset(valCount, pretextImages, epochs, batchImages, depths, widths, paperWidths,
                    probeTrainImages, probeValImages, testImages, pretextEvalImages, geometry, augmentation, l2Grid,
                    probeMaxIterations, bnDecay, poolingTarget, probeEpochScale, probeBatch, evaluation, recipe, b);
        }

        /**
         * The pretext training of {@code task} on a network of {@code architecture}: this preset's recipe over its
         * images, epochs and the task's batch, in the task's replica shards.
         */
        public TrainingConfig training(TaskName task, Architecture architecture, long seed) {
            return recipe.config(task, architecture, epochs, batchImages(task), bnDecay, pretextImages, seed)
                    .withReplicas(replicas(task));
        }

        /**
         * This preset on {@code dataset}: at the paper scale ImageNet or Places205 at 224 px as they are; below it,
         * images of at most 32 px (STL-10 and image folders scaled to 32 when loaded), with the colour augmentation
         * for colour images, and the paper's own validation split where the dataset has one at the paper scale.
         */
        public Preset forDataset(Scale scale, Dataset dataset) {
            if (scale == PAPER) {
                if (!dataset.isImageFolder()) {
                    throw new IllegalArgumentException("scale 'paper' runs the paper's 224 px configuration on "
                            + "ImageNet or Places205 (-Ddataset=imagenet|places205, -Ddata.imagenet=DIR); "
                            + dataset.id() + " has " + dataset.nativeSize() + " px images: use -Dscale=smoke or small");
                }
                return with(geometry, augmentation, dataset.paperValCount());
            }
            int size = dataset.isImageFolder() ? SMALL_IMAGE_SIZE : Math.min(dataset.nativeSize(), SMALL_IMAGE_SIZE);
            Augmentation a = dataset.channels() == 3 ? augmentation.withColour() : augmentation;
            return with(Geometry.small(size, dataset.channels()), a, valCount);
        }

        /**
         * This preset with its image counts capped at what {@code data} holds: the paper preset asks for every
         * image (Integer.MAX_VALUE), and the cost model needs the counts a run will use.
         */
        public Preset cappedTo(org.revisit.data.DatasetSplits data, org.revisit.data.DatasetSplits pretextData) {
            return new Preset(valCount, Math.min(pretextImages, pretextData.pretextTrain().size()), epochs,
                    batchImages, depths, widths, paperWidths, Math.min(probeTrainImages, data.train().size()),
                    Math.min(probeValImages, data.val().size()), Math.min(testImages, data.test().size()),
                    Math.min(pretextEvalImages, pretextData.val().size()), geometry, augmentation, l2Grid,
                    probeMaxIterations, bnDecay, poolingTarget, probeEpochScale, probeBatch, evaluation, recipe,
                    paperBatches);
        }

        /** The side images are scaled to when loaded (0: as they are). */
        public int loadedImageSize(Dataset dataset) {
            if (paperGeometry() || dataset.nativeSize() == geometry.height()) {
                return 0;
            }
            return geometry.height();
        }

        /** Whether this preset builds the paper's 224 px networks. */
        public boolean paperGeometry() {
            return geometry.equals(Geometry.paper(geometry.channels()));
        }

        private Preset with(Geometry g, Augmentation a, int val) {
            // the evaluation follows the new geometry (official at the paper's, Revisit's below it)
            return new Preset(val, pretextImages, epochs, batchImages, depths, widths, paperWidths, probeTrainImages,
                    probeValImages, testImages, pretextEvalImages, g, a, l2Grid, probeMaxIterations, bnDecay,
                    poolingTarget, probeEpochScale, probeBatch, null, recipe, paperBatches);
        }

        /**
         * Images per pretext step for {@code task}: at the paper scale its {@link #paperBatches} (the released
         * configs' by default), else the scale's one batch.
         */
        public int batchImages(TaskName task) {
            return paperGeometry() ? paperBatches.batchImages(task) : batchImages;
        }

        /**
         * Replica shards of a pretext step for {@code task}: at the paper scale the cores of its
         * {@link #paperBatches}, each normalising its share of the step; below it one, the whole step.
         */
        public int replicas(TaskName task) {
            return paperGeometry() ? paperBatches.cores(task) : 1;
        }

        /**
         * What the SGD probes train on: at the paper scale random crops of the training and validation splits every
         * step, as the official code; below it the training split's central-crop features, computed once (an SGD
         * probe of the small scale would otherwise run its network over every image in every one of its epochs).
         */
        public SgdProbe.TrainingData sgdTrainingData() {
            return paperGeometry() ? SgdProbe.TrainingData.RANDOM_CROPS_OF_TRAINVAL
                    : SgdProbe.TrainingData.CENTRAL_CROPS_OF_TRAIN;
        }

        /** Depth of an architecture at this scale (units per stage, or convs per VGG block). */
        public int[] depth(Architecture a) {
            int[] d = depths.get(a);
            if (d == null) {
                throw new IllegalArgumentException("this scale defines no depth for " + a.id() + "; it has "
                        + depths.keySet());
            }
            return d.clone();
        }

        /** The architecture at width k with this scale's depth and geometry. */
        public NetworkSpec network(Architecture a, int width) {
            return NetworkSpec.of(a, width, depth(a), geometry);
        }

        private String depthsText() {
            StringBuilder b = new StringBuilder("{");
            for (Architecture a : Architecture.values()) {
                if (depths.containsKey(a)) {
                    b.append(b.length() > 1 ? ", " : "").append(a.id()).append('=')
                            .append(Arrays.toString(depths.get(a)));
                }
            }
            return b.append('}').toString();
        }

        @Override
        public String toString() {
            return "Preset{valCount=" + valCount + ", pretextImages=" + pretextImages + ", epochs=" + epochs
                    + ", batchImages=" + batchImages + ", depths=" + depthsText()
                    + ", widths=" + Arrays.toString(widths) + ", paperWidths=" + Arrays.toString(paperWidths)
                    + ", probeTrainImages=" + probeTrainImages + ", probeValImages=" + probeValImages
                    + ", testImages=" + testImages + ", pretextEvalImages=" + pretextEvalImages + ", geometry="
                    + geometry + ", augmentation=" + augmentation + ", l2Grid=" + Arrays.toString(l2Grid)
                    + ", probeMaxIterations=" + probeMaxIterations + ", bnDecay=" + bnDecay + ", poolingTarget="
                    + poolingTarget + ", probeEpochScale=" + probeEpochScale + ", probeBatch=" + probeBatch
                    + ", evaluation=" + evaluation.id() + ", recipe=" + recipe + ", paperBatches=" + paperBatches.id()
                    + "}";
        }
    }

    private final Preset preset;
    private final int learningCurveSteps;

    Scale(Preset preset, int learningCurveSteps) {
        this.preset = preset;
        this.learningCurveSteps = learningCurveSteps;
    }

    /**
     * The steps of each task's learning-curve run, a network of its own trained past the study's budget to show where
     * its features pass the raw pixels and where they flatten (each image seen once while the data lasts); 0: the
     * curve reads the snapshots of Table 1's network (smoke, to stay within CI's minutes; the paper scale keeps no
     * snapshots).
     */
    public int learningCurveSteps() {
        return learningCurveSteps;
    }

    /**
     * The recipe below the paper scale, chosen by the recipe sweeps on ResNet50 v2 k = 1 at 128 steps
     * (docs/scales-and-data.md, "How the small scale was tuned"): the highest peak rate each task learned at
     * (Rotation and Exemplar 0.1; Relative Patch Location 0.05 and Jigsaw 0.025, which stopped learning their task at
     * 0.1), x0.1 for the last quarter; VGG19-BN, checked beside it, learned Rotation at 0.03 and lost to its
     * untrained weights at 0.1, so its rates are {@value #VGG_FACTOR} of the task's.
     */
    public static TrainingRecipe.ShortBudget shortBudget() {
        Map<TaskName, Double> lr = new EnumMap<>(TaskName.class);
        lr.put(TaskName.ROTATION, 0.1);
        lr.put(TaskName.EXEMPLAR, 0.1);
        lr.put(TaskName.RELATIVE_PATCH_LOCATION, 0.05);
        lr.put(TaskName.JIGSAW, 0.025);
        lr.put(TaskName.SUPERVISED, 0.1);
        return new TrainingRecipe.ShortBudget(lr, Map.of(Architecture.VGG19_BN, VGG_FACTOR), 0.75);
    }

    /**
     * Pretext images per task at the small scale, each seen once (steps of 32 images), read off each task's learning
     * curve (to 1,536 steps when they were chosen): about where its features pass the raw pixels and flatten (the readings are in
     * docs/scales-and-data.md, "The small scale's budget"). The supervised ceiling trains as long as the longest
     * task.
     */
    static Map<TaskName, Integer> smallBudget() {
        Map<TaskName, Integer> steps = new EnumMap<>(TaskName.class);
        steps.put(TaskName.ROTATION, 512);
        steps.put(TaskName.EXEMPLAR, 384);
        steps.put(TaskName.RELATIVE_PATCH_LOCATION, 1_024);
        steps.put(TaskName.JIGSAW, 768);
        steps.put(TaskName.SUPERVISED, 1_024);
        Map<TaskName, Integer> images = new EnumMap<>(TaskName.class);
        steps.forEach((t, n) -> images.put(t, n * 32));
        return images;
    }

    /**
     * The small presets' depths: one unit per residual stage, and one or two convs per VGG block. Each keeps its
     * architecture's defining trait (bottleneck units with skips, reversible couplings, a plain conv-BN-ReLU stack
     * ending in fc6/fc7) at a cost comparable across architectures (see NetworkSize and the table in
     * docs/architectures.md).
     */
    public static Map<Architecture, int[]> smallDepths() {
        Map<Architecture, int[]> m = new EnumMap<>(Architecture.class);
        for (Architecture a : Architecture.values()) {
            m.put(a, a == Architecture.VGG19_BN ? new int[] {1, 1, 2, 2, 2} : new int[] {1, 1, 1, 1});
        }
        return m;
    }

    static Map<Architecture, int[]> paperDepths() {
        Map<Architecture, int[]> m = new EnumMap<>(Architecture.class);
        for (Architecture a : Architecture.values()) {
            m.put(a, a.paperDepth());
        }
        return m;
    }

    public Preset preset() {
        return preset;
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scale named {@code name} ({@code -Dscale}); {@code small} when it is null or blank. */
    public static Scale parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (n.isEmpty()) {
            return SMALL;
        }
        for (Scale s : values()) {
            if (s.id().equals(n)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scale '" + name + "' (property -Dscale); expected one of "
                + Arrays.stream(values()).map(Scale::id).toList());
    }
}
