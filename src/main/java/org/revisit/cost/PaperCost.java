package org.revisit.cost;

import org.revisit.nets.Architecture;
import org.revisit.nets.NetworkSize;
import org.revisit.nets.NetworkSpec;
import org.revisit.pretext.PretextTask;
import org.revisit.pretext.TaskName;
import org.revisit.study.Scale;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one cell of the paper scale costs, from FLOP counts: pretext training (forward + backward = 3 x the forward
 * multiply-adds, 2 FLOPs each, per input x inputs per image x 1,231,167 images x 35 epochs) and the frozen features
 * of ImageNet's train and validation splits (one forward pass per representation input), in GPU-hours at a GPU's
 * sustained training rate. Heads, batch norm and the probe are left out (under 2 % of the training FLOPs for every
 * cell; the L-BFGS probe adds about 0.3 GPU-hours per penalty at 2,048 features).
 */
public final class PaperCost {
    /** ImageNet's official training split less the paper's 50,000 held-out images. */
    public static final long TRAIN_IMAGES = 1_281_167L - 50_000L;
    /** Images whose features the probe needs: the whole official train split and the 50,000 test images. */
    public static final long FEATURE_IMAGES = 1_281_167L + 50_000L;

    /**
     * A GPU's sustained fp32 training rate, from NVIDIA's published ResNet-50 v1.5 training throughput
     * (DeepLearningExamples, PyTorch, batch 256): images/s x 4.1 GMACs x 2 x 3.
     */
    public record Gpu(String name, double resnet50ImagesPerSecond) {
        public static final Gpu V100_FP32 = new Gpu("V100 fp32", 367);
        public static final Gpu A100_TF32 = new Gpu("A100 TF32", 938);

        public double sustainedFlops() {
            return resnet50ImagesPerSecond * RESNET50_MACS * 2 * 3;
        }
    }

    /** ResNet-50 v1.5's forward multiply-adds at 224 px (torchvision's count: 4.09 G). */
    static final double RESNET50_MACS = 4.09e9;

    private PaperCost() {
    }

    /**
     * @param inputsPerImage trunk passes per training image (the patch tasks embed each of the 9 patches once and
     *                       permute or pair the embeddings, as the paper's code does)
     */
    public record Cell(String task, String network, int width, double forwardGmacs, int inputsPerImage,
                       int representationInputs, double trainingPflop, double featuresPflop) {
        public double gpuHours(Gpu gpu) {
            return (trainingPflop + featuresPflop) * 1e15 / gpu.sustainedFlops() / 3600;
        }
    }

    public static Cell cell(TaskName taskName, Architecture a, int width) {
        PretextTask task = taskName.task();
        NetworkSpec image = NetworkSpec.paper(a, width);
        NetworkSpec net = image.withGeometry(task.networkGeometry(image.geometry()));
        double macs = NetworkSize.of(net, 1000).multiplyAdds();
        int inputs = task.inputsPerImage();
        double training = 6 * macs * inputs * TRAIN_IMAGES * Scale.PAPER.preset().epochs() / 1e15;
        double features = 2 * macs * task.representationInputs() * FEATURE_IMAGES / 1e15;
        return new Cell(taskName.id(), a.id(), width, macs / 1e9, inputs, task.representationInputs(), training,
                features);
    }

    /** Every task x architecture x width of Table 1. */
    public static List<Cell> table1() {
        List<Cell> cells = new ArrayList<>();
        // Table 1's pretext tasks, by name (the supervised ceiling is not one of its rows)
        for (String task : TaskName.pretextTasks().stream().map(TaskName::id).sorted().toList()) {
            for (Architecture a : Architecture.values()) {
                for (int k : Scale.PAPER.preset().widths()) {
                    cells.add(cell(TaskName.parse(task), a, k));
                }
            }
        }
        return cells;
    }

    /** A Markdown table: GPU-hours per cell by task and network, one column per width, on {@code gpu}. */
    public static String markdown(List<Cell> cells, Gpu gpu) {
        int[] widths = Scale.PAPER.preset().widths();
        StringBuilder b = new StringBuilder("| task | network | GMACs/input at k=4 | inputs/image |");
        for (int k : widths) {
            b.append(" k=").append(k).append(" |");
        }
        b.append("\n|---|---|---:|---:|").append("---:|".repeat(widths.length)).append('\n');
        double total = 0;
        for (int i = 0; i < cells.size(); i += widths.length) {
            Cell first = cells.get(i);
            b.append("| ").append(first.task()).append(" | ").append(first.network()).append(" | ")
                    .append(String.format(Locale.ROOT, "%.2f", first.forwardGmacs())).append(" | ")
                    .append(first.inputsPerImage()).append(" |");
            for (int j = 0; j < widths.length; j++) {
                Cell c = cells.get(i + j);
                total += c.gpuHours(gpu);
                b.append(' ').append(String.format(Locale.ROOT, "%,.0f", c.gpuHours(gpu))).append(" |");
            }
            b.append('\n');
        }
        b.append(String.format(Locale.ROOT, "%nAll %d cells: %,.0f %s GPU-hours (sustained %.1f TFLOP/s).%n",
                cells.size(), total, gpu.name(), gpu.sustainedFlops() / 1e12));
        return b.toString();
    }
}
