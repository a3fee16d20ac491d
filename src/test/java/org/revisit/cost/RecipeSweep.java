package org.revisit.cost;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.revisit.data.Augmentation;
import org.revisit.data.DatasetSplits;
import org.revisit.data.FashionMnist;
import org.revisit.data.ImageSet;
import org.revisit.nets.Architecture;
import org.revisit.nets.NetworkSpec;
import org.revisit.nets.Networks;
import org.revisit.pretext.PretextTask;
import org.revisit.pretext.TaskName;
import org.revisit.probe.FeatureExtractor;
import org.revisit.probe.FeaturePooling;
import org.revisit.probe.LinearProbe;
import org.revisit.probe.ProbeResult;
import org.revisit.study.Scale;
import org.revisit.train.PretextTrainer;
import org.revisit.train.TrainedNetwork;
import org.revisit.train.TrainingConfig;
import org.revisit.util.NativeBackend;
import org.revisit.util.NdArrays;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * A recipe sweep for the small scale (issue 23): one task on one small network, trained from the same initial
 * weights under each recipe of a grid (peak learning rate x distinct pretext images x schedule), each probed by the
 * small scale's L-BFGS probe (8,000 / 2,000 / 4,000 Fashion-MNIST images, pre-logits) beside its untrained control.
 * Prints a markdown row per recipe and appends it, tab-separated, to {@code target/recipe-sweep.tsv}.
 * <p>
 * {@code mvn -q -o exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.revisit.cost.RecipeSweep
 * -Dexec.args="task architecture steps batch lr,lr images,images schedule,schedule [crop [gamma]]"}, the
 * architecture as tables name it ("resnet50_v2 (-)" for the variant), {@code images} distinct pretext images (a run
 * of {@code steps x batch} images streams that many once, fewer are repeated), schedules
 * {@code paper} (the paper's warm-up and decays in proportion to the run), {@code constant} (one warm-up step) or
 * {@code late} (constant, x0.1 for the last quarter), {@code crop} the smallest crop area (the small scale's 0.25 by
 * default), {@code gamma} Exemplar's gamma jitter ({@link org.revisit.pretext.ExemplarTask#withGammaJitter}). Run it
 * with {@code LD_PRELOAD} naming tcmalloc, as the study's forks are: glibc's allocator is up to 3x
 * slower with ND4J's large buffers, more so at larger batches.
 */
public final class RecipeSweep {
    private static final Path OUT = Path.of("target", "recipe-sweep.tsv");

    private RecipeSweep() {
    }

    public static void main(String[] args) throws IOException {
        NativeBackend.init();
        TaskName task = TaskName.parse(args[0]);
        boolean minus = args[1].endsWith(NetworkSpec.MINUS_MARK); // "resnet50_v2 (-)": the "(-)" variant
        Architecture architecture = Architecture.parse(minus ? NetworkSpec.architectureOf(args[1]) : args[1]);
        int steps = Integer.parseInt(args[2]);
        int batch = Integer.parseInt(args[3]);
        double[] rates = java.util.Arrays.stream(args[4].split(",")).mapToDouble(Double::parseDouble).toArray();
        int[] images = java.util.Arrays.stream(args[5].split(",")).mapToInt(Integer::parseInt).toArray();
        String[] schedules = args[6].split(",");
        double minArea = args.length > 7 ? Double.parseDouble(args[7]) : Augmentation.smallImages().minArea();
        Scale.Preset small = Scale.SMALL.preset();
        DatasetSplits data = FashionMnist.load(FashionMnist.DEFAULT_FOLDER, small.valCount(), 0);
        Augmentation base = small.augmentation();
        Augmentation aug = new Augmentation(minArea, base.maxArea(), base.minAspect(), base.maxAspect(), base.flip(),
                base.brightness(), base.evalArea());
        double gamma = args.length > 8 ? Double.parseDouble(args[8]) : 1; // Exemplar's gamma jitter, 1: none
        PretextTask t = gamma == 1 ? task.task()
                : ((org.revisit.pretext.ExemplarTask) task.task()).withGammaJitter(gamma);
        NetworkSpec s = minus ? small.network(architecture, 1).withoutLastRelu() : small.network(architecture, 1);
        NetworkSpec spec = s.withGeometry(t.networkGeometry(s.geometry()));
        ImageSet probeTrain = data.train().head(small.probeTrainImages());
        ImageSet probeVal = data.val().head(small.probeValImages());
        ImageSet test = data.test().head(small.testImages());
        ImageSet heldOut = data.val().head(small.pretextEvalImages());
        String header = "| task | network | steps x batch | peak lr | distinct images | schedule | min crop | pretext acc "
                + "| top-1 | control | gain [95 % CI] | train s |";
        System.out.println(header);
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        ProbeResult control = null;
        for (int n : images) {
            for (String schedule : schedules) {
                for (double lr : rates) {
                    TrainingConfig config = config(steps, batch, lr, n, schedule, small.bnDecay());
                    TrainedNetwork net = PretextTrainer.train("sweep", spec, t, config, aug,
                            data.pretextTrain(), heldOut);
                    ProbeResult trained = probe(net.graph(), spec, t, aug, probeTrain, probeVal, test);
                    if (control == null) { // every recipe starts from the same weights: one control
                        control = probe(net.initial(), spec, t, aug, probeTrain, probeVal, test);
                    }
                    double gain = trained.top1().value() - control.top1().value();
                    double half = 1.96 * Math.sqrt(variance(trained) + variance(control));
                    String row = String.format(Locale.ROOT, "| %s | %s | %d x %d | %.4g | %d | %s | %.2f | %.1f %% | "
                                    + "%.1f | %.1f | %+.1f [%+.1f, %+.1f] | %.0f |",
                            task.id() + (gamma == 1 ? "" : " gamma " + gamma), spec.label(), steps,
                            batch, lr, Math.min(n, steps * batch), schedule, minArea,
                            100 * net.record().pretextAccuracy(), 100 * trained.top1().value(),
                            100 * control.top1().value(), 100 * gain, 100 * (gain - half), 100 * (gain + half),
                            net.record().trainSeconds());
                    System.out.println(row);
                    Files.writeString(OUT, row.substring(2, row.length() - 2).replace(" | ", "\t") + "\n",
                            StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    net.graph().close();
                    net.initial().close();
                }
            }
        }
    }

    /** {@code steps} steps of {@code batch} images over {@code images} distinct ones, at peak rate {@code lr}. */
    static TrainingConfig config(int steps, int batch, double lr, int images, String schedule, double bnDecay) {
        int seen = steps * batch;
        int distinct = Math.min(images, seen);
        int epochs = Math.max(1, (int) Math.round((double) seen / distinct));
        double baseLr = lr * 256 / batch;
        return switch (schedule) {
            case "paper" -> {
                TrainingConfig p = TrainingConfig.paperShape(epochs, batch, bnDecay, distinct, 0);
                yield new TrainingConfig(epochs, batch, baseLr, 256, p.warmupEpochs(), p.decayEpochs(), 0.1, 0.9,
                        1e-4, bnDecay, distinct, 0);
            }
            case "constant" -> new TrainingConfig(epochs, batch, baseLr, 256, 0.0, new double[0], 0.1, 0.9, 1e-4,
                    bnDecay, distinct, 0);
            case "late" -> new TrainingConfig(epochs, batch, baseLr, 256, 0.0, new double[] {0.75 * epochs}, 0.1,
                    0.9, 1e-4, bnDecay, distinct, 0);
            default -> throw new IllegalArgumentException("schedule '" + schedule
                    + "': expected paper, constant or late");
        };
    }

    private static double variance(ProbeResult r) {
        double p = r.top1().value();
        return p * (1 - p) / r.top1().n();
    }

    private static ProbeResult probe(ComputationGraph g, NetworkSpec spec, PretextTask t, Augmentation aug,
                                     ImageSet train, ImageSet val, ImageSet test) {
        FeaturePooling pooling = new FeaturePooling(Scale.SMALL.preset().poolingTarget());
        INDArray[] f = new INDArray[3];
        ImageSet[] sets = {train, val, test};
        for (int i = 0; i < 3; i++) {
            f[i] = FeatureExtractor.extract(g, Networks.PRE_LOGITS, sets[i], aug, spec.geometry(), t, pooling);
        }
        Scale.Preset p = Scale.SMALL.preset();
        ProbeResult r = new LinearProbe(p.l2Grid(), p.probeMaxIterations()).evaluate(f[0], train.labelsCopy(), f[1],
                val.labelsCopy(), f[2], test.labelsCopy(), test.numClasses());
        NdArrays.close(f);
        return r;
    }
}
