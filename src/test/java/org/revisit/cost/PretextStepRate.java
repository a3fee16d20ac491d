package org.revisit.cost;

import org.revisit.data.Augmentation;
import org.revisit.data.FashionMnist;
import org.revisit.data.ImageSet;
import org.revisit.nets.Architecture;
import org.revisit.nets.NetworkSpec;
import org.revisit.pretext.PretextTask;
import org.revisit.pretext.TaskName;
import org.revisit.study.Scale;
import org.revisit.train.Checkpoints;
import org.revisit.train.Execution;
import org.revisit.train.PretextTrainer;
import org.revisit.train.TrainedNetwork;
import org.revisit.train.TrainingConfig;
import org.revisit.util.NativeBackend;

import java.util.SplittableRandom;

/**
 * Trunk passes per image and pretext training images/s of every task, at the small geometry (Fashion-MNIST, the
 * small preset's ResNet50 v2 at k = 1) and the paper geometry (random 224 px RGB images, ResNet50 v2 at k = 1, the
 * paper's patches), through {@link PretextTrainer}: the measurement behind docs/speed-and-cost.md's "trunk passes"
 * table.
 * {@code mvn -q -o exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.revisit.cost.PretextStepRate
 * [-Dexec.args="smallSteps paperSteps task,task replicas batch,batch devices"]}: with replicas, each step is trained
 * in that many replica shards ({@link org.revisit.train.ReplicaShards}), to measure what the paper scale's per-core
 * batch norm costs; with batches, the small geometry at each of those images per step (32 by default); with devices,
 * each step on that many data-parallel devices ({@link org.revisit.train.DataParallel}; on the CPU backend, threads).
 */
public final class PretextStepRate {
    private PretextStepRate() {
    }

    public static void main(String[] args) {
        NativeBackend.init();
        int smallSteps = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        int paperSteps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Scale.Preset small = Scale.SMALL.preset();
        ImageSet fashion = FashionMnist.load(FashionMnist.DEFAULT_FOLDER, small.valCount(), 0).pretextTrain();
        ImageSet paperImages = randomImages(16, 224);
        System.out.println("| task | geometry | trunk passes / image | batch | replica shards | devices | steps | "
                + "train img/s | s / step |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        java.util.Set<String> only = args.length > 2 ? java.util.Set.of(args[2].split(",")) : null;
        int replicas = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int[] batches = args.length > 4 ? java.util.Arrays.stream(args[4].split(",")).mapToInt(Integer::parseInt)
                .toArray() : new int[] {32};
        int devices = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        for (TaskName name : TaskName.values()) {
            if (only != null && !only.contains(name.id())) {
                continue;
            }
            PretextTask task = name.task();
            NetworkSpec s = small.network(Architecture.RESNET_V2, 1);
            for (int b : batches) {
                row(name, task, s.withGeometry(task.networkGeometry(s.geometry())), "small 28 px", b, smallSteps,
                        small.augmentation(), fashion, replicas, devices);
            }
            if (paperSteps == 0) {
                continue;
            }
            NetworkSpec p = NetworkSpec.paper(Architecture.RESNET_V2, 1);
            row(name, task, p.withGeometry(task.networkGeometry(p.geometry())), "paper 224 px, k = 1", 4,
                    paperSteps, Scale.PAPER.preset().augmentation(), paperImages, replicas, devices);
        }
    }

    private static void row(TaskName name, PretextTask task, NetworkSpec spec, String geometry, int batch, int steps,
                            Augmentation augmentation, ImageSet images, int replicas, int devices) {
        // one warm-up step in a run of its own, then the timed run (its first step includes no graph building)
        TrainingConfig warm = TrainingConfig.paperShape(1, batch, 0.99, batch, 1).withReplicas(replicas);
        PretextTrainer.train("rate-warm", spec, task, warm, augmentation, images, images.head(2), Checkpoints.none(),
                PretextTrainer.StepListener.NONE, new Execution(devices, 1)).graph().close();
        TrainingConfig config = TrainingConfig.paperShape(1, batch, 0.99, batch * steps, 1).withReplicas(replicas);
        TrainedNetwork net = PretextTrainer.train("rate", spec, task, config, augmentation, images, images.head(2),
                Checkpoints.none(), PretextTrainer.StepListener.NONE, new Execution(devices, 1));
        System.out.printf("| %s | %s | %d | %d | %d | %d | %d | %.2f | %.3f |%n", name.id(), geometry,
                task.inputsPerImage(), batch, replicas, devices, net.record().steps(),
                net.record().trainImagesPerSecond(), net.record().trainSeconds() / net.record().steps());
        net.graph().close();
    }

    private static ImageSet randomImages(int n, int size) {
        byte[] pixels = new byte[n * size * size * 3];
        new SplittableRandom(5).nextBytes(pixels);
        return ImageSet.of("random-" + size, pixels, new int[n], size, size, 3, 1);
    }
}
