package org.revisit.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.revisit.data.Augmentation;
import org.revisit.data.ImageSet;
import org.revisit.nets.NetworkSpec;
import org.revisit.nets.Networks;
import org.revisit.pretext.PretextBatch;
import org.revisit.pretext.PretextTask;
import org.revisit.probe.Accuracy;
import org.revisit.probe.FeatureExtractor;
import org.revisit.probe.FeaturePooling;
import org.revisit.probe.Probe;
import org.revisit.probe.ProbeResult;
import org.revisit.train.PretextTrainer;
import org.revisit.train.TrainedNetwork;
import org.revisit.train.TrainingConfig;
import org.revisit.util.NdArrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Learning parity with PyTorch: one pretext training run in DL4J and in its PyTorch twin
 * ({@code benchmarks/peer/pytorch_parity.py}) on the same batches (the trainer's own, written out step by step), with
 * the same initialiser, per-step learning rates, momentum, weight decay and batch-norm momentum; both networks'
 * pre-logits features, trained and untrained, are computed from the same evaluation inputs and probed by the same
 * probe. What differs is only the framework: a gain over the untrained control that one framework has and the other
 * lacks is a defect of the trainer, not of the recipe.
 */
public final class LearningParity {
    private static final Logger log = LoggerFactory.getLogger(LearningParity.class);
    private static final long TIMEOUT_MINUTES = 60;

    private LearningParity() {
    }

    /**
     * What one parity run needs. {@code work} receives the exchanged files (deleted afterwards unless
     * {@code keepFiles}); {@code script} is {@code benchmarks/peer/run-pytorch-peer}. With {@code keepFiles} the twin
     * also writes its first step's gradients ({@code twin_gradients.bin}, names in {@code twin_gradients.bin.json}:
     * DL4J's parameter names), for comparing them with DL4J's.
     */
    public record Setup(NetworkSpec spec, PretextTask task, TrainingConfig config, Augmentation augmentation,
                        ImageSet pretextTrain, ImageSet pretextEval, ImageSet probeTrain, ImageSet probeVal,
                        ImageSet test, Probe probe, Path work, Path script, int threads, boolean keepFiles) {
    }

    /** Runs both frameworks; a twin that cannot run gives a row whose {@code note} says why. */
    public static ParityRow run(Setup s) throws IOException {
        Files.createDirectories(s.work());
        String label = s.task().name() + " " + s.spec().label();
        int steps = PretextTrainer.stepsPerEpoch(s.config(), s.pretextTrain()) * s.config().epochs();
        List<PretextBatch> heldOut = PretextTrainer.heldOutBatches(s.task(), s.spec(), s.augmentation(),
                s.pretextEval()).toList();
        ParityFiles.writeInputs(s, steps, heldOut);

        double[] dl4jLosses = new double[steps];
        TrainedNetwork dl4j = PretextTrainer.train("parity " + label, s.spec(), s.task(), s.config(),
                s.augmentation(), s.pretextTrain(), s.pretextEval(), org.revisit.train.Checkpoints.none(),
                (step, loss) -> dl4jLosses[step - 1] = loss);
        ProbeResult dl4jTrained = probe(s, features(s, dl4j.graph()));
        ProbeResult dl4jControl = probe(s, features(s, dl4j.initial()));
        ParityFiles.writeInitialWeights(s.work(), dl4j.initial());

        String why = runTwin(s);
        ProbeResult twinTrained = null;
        ProbeResult twinControl = null;
        double twinPretext = Double.NaN;
        double twinSeconds = Double.NaN;
        double[] twinLosses = new double[0];
        boolean sameInit = false;
        if (why.isEmpty()) {
            twinTrained = probe(s, twinFeatures(s.work().resolve("twin_features_trained.bin")));
            twinControl = probe(s, twinFeatures(s.work().resolve("twin_features_initial.bin")));
            twinPretext = twinPretextAccuracy(s, heldOut);
            JsonNode j = new ObjectMapper().readTree(s.work().resolve("twin.json").toFile());
            twinSeconds = j.path("trainSeconds").asDouble();
            sameInit = j.path("initialWeights").asText().equals("dl4j");
            twinLosses = new double[j.path("losses").size()];
            for (int i = 0; i < twinLosses.length; i++) {
                twinLosses[i] = j.path("losses").get(i).asDouble();
            }
        }
        heldOut.forEach(PretextBatch::close);
        if (!s.keepFiles()) {
            deleteFiles(s.work());
        }
        ParityRow row = ParityRow.of(s.task().name(), s.spec().label(), s.config().toString(), steps,
                Math.min(s.config().trainImages(), s.pretextTrain().size()), s.test().size(),
                dl4j.record().pretextAccuracy(), dl4jTrained.top1(), dl4jControl.top1(), dl4j.record().trainSeconds(),
                twinPretext, twinTrained == null ? Accuracy.notMeasured() : twinTrained.top1(),
                twinControl == null ? Accuracy.notMeasured() : twinControl.top1(), twinSeconds, sameInit, dl4jLosses,
                twinLosses, why);
        log.info("parity {}: {}", label, row);
        return row;
    }

    /** Runs the twin; returns "" when it wrote its results, else why not. */
    private static String runTwin(Setup s) {
        if (!Files.isExecutable(s.script())) {
            return s.script() + " is missing or not executable";
        }
        List<String> cmd = List.of(s.script().toString(), "parity", s.work().toString());
        log.info("twin: {}", String.join(" ", cmd));
        Path err = s.work().resolve("twin.log");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(err.toFile()).redirectErrorStream(true);
            if (s.keepFiles()) {
                pb.environment().put("REVISIT_PARITY_GRADIENTS", s.work().resolve("twin_gradients.bin").toString());
            }
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return "timed out after " + TIMEOUT_MINUTES + " minutes";
            }
            if (p.exitValue() != 0) {
                String last = Files.readString(err, StandardCharsets.UTF_8).strip().lines().reduce((a, b) -> b)
                        .orElse("");
                return "exit " + p.exitValue() + ": " + last;
            }
            return Files.exists(s.work().resolve("twin.json")) ? "" : "wrote no twin.json";
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static INDArray[] features(Setup s, org.deeplearning4j.nn.graph.ComputationGraph graph) {
        ImageSet[] sets = {s.probeTrain(), s.probeVal(), s.test()};
        INDArray[] f = new INDArray[3];
        for (int i = 0; i < 3; i++) {
            f[i] = FeatureExtractor.extract(graph, Networks.PRE_LOGITS, sets[i], s.augmentation(),
                    s.spec().geometry(), s.task(), new FeaturePooling(FeaturePooling.PAPER_TARGET));
        }
        return f;
    }

    private static INDArray[] twinFeatures(Path file) throws IOException {
        List<ArrayFile.Array> arrays = ArrayFile.read(file);
        if (arrays.size() != 3) {
            throw new IOException(file + ": expected 3 feature arrays (train, val, test), found " + arrays.size());
        }
        INDArray[] f = new INDArray[3];
        for (int i = 0; i < 3; i++) {
            ArrayFile.Array a = arrays.get(i);
            f[i] = Nd4j.create(a.floats(), new long[] {a.rows(), a.columns()}, 'c');
        }
        return f;
    }

    private static ProbeResult probe(Setup s, INDArray[] f) {
        ProbeResult r = s.probe().evaluate(f[0], s.probeTrain().labelsCopy(), f[1], s.probeVal().labelsCopy(), f[2],
                s.test().labelsCopy(), s.test().numClasses());
        NdArrays.close(f);
        return r;
    }

    private static double twinPretextAccuracy(Setup s, List<PretextBatch> heldOut) throws IOException {
        Path file = s.work().resolve("twin_eval_outputs.bin");
        List<ArrayFile.Array> outputs = ArrayFile.read(file);
        if (outputs.size() != heldOut.size()) {
            throw new IOException(file + ": expected " + heldOut.size() + " output arrays, found " + outputs.size());
        }
        long correct = 0;
        long count = 0;
        for (int i = 0; i < outputs.size(); i++) {
            ArrayFile.Array a = outputs.get(i);
            INDArray out = Nd4j.create(a.floats(), new long[] {a.rows(), a.columns()}, 'c');
            correct += s.task().correct(out, heldOut.get(i));
            count += heldOut.get(i).targets().length;
            out.close();
        }
        return (double) correct / count;
    }


    private static void deleteFiles(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }
}
