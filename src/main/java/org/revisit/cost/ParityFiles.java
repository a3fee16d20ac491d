package org.revisit.cost;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.revisit.data.ImageSet;
import org.revisit.nets.Geometry;
import org.revisit.nets.Head;
import org.revisit.nets.NetworkSpec;
import org.revisit.nets.Networks;
import org.revisit.pretext.PretextBatch;
import org.revisit.train.PretextTrainer;
import org.revisit.train.TrainingConfig;
import org.revisit.train.WarmupStepSchedule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * What the DL4J side of the learning-parity run hands its PyTorch twin ({@code pytorch_parity.py}): every training
 * batch in order, the held-out pretext inputs, the probe's evaluation inputs, DL4J's initial weights and a manifest
 * of the network, the task and the per-step learning rates.
 */
final class ParityFiles {
    static final String[] SPLITS = {"train", "val", "test"};

    private ParityFiles() {
    }

    /** The per-step learning rates DL4J's updater applies (its iteration counter starts at 0). */
    static double[] learningRates(TrainingConfig config, int stepsPerEpoch, int steps) {
        WarmupStepSchedule schedule = config.schedule(stepsPerEpoch);
        double[] lr = new double[steps];
        for (int i = 0; i < steps; i++) {
            lr[i] = schedule.valueAt(i, 0);
        }
        return lr;
    }

    static void writeInputs(LearningParity.Setup s, int steps, List<PretextBatch> heldOut) throws IOException {
        Path dir = s.work();
        try (ArrayFile.Writer w = new ArrayFile.Writer(dir.resolve("train.bin"))) {
            Iterator<PretextBatch> it = PretextTrainer.batches(s.task(), s.spec(), s.config(), s.augmentation(),
                    s.pretextTrain(), 0);
            while (it.hasNext()) {
                PretextBatch b = it.next();
                w.write(inputs(b.inputs()));
                if (b.order() != null) {
                    w.write(inputs(b.order()));
                }
                w.write(ArrayFile.Array.of(b.targets(), b.targets().length));
                b.close();
            }
        }
        try (ArrayFile.Writer w = new ArrayFile.Writer(dir.resolve("eval.bin"))) {
            for (PretextBatch b : heldOut) {
                w.write(inputs(b.inputs()));
                if (b.order() != null) {
                    w.write(inputs(b.order()));
                }
            }
        }
        Geometry g = s.spec().geometry();
        int k = s.task().representationInputs();
        ImageSet[] sets = {s.probeTrain(), s.probeVal(), s.test()};
        for (int i = 0; i < sets.length; i++) {
            ImageSet set = sets[i];
            int size = g.height() * g.width() * set.channels();
            float[] values = new float[set.size() * k * size];
            for (int j = 0; j < set.size(); j++) {
                s.task().representationInput(set, j, s.augmentation(), g, values, j * k * size);
            }
            try (ArrayFile.Writer w = new ArrayFile.Writer(dir.resolve("probe_" + SPLITS[i] + ".bin"))) {
                w.write(ArrayFile.Array.of(values, (long) set.size() * k, g.height(), g.width(), set.channels()));
            }
        }
        Files.writeString(dir.resolve("manifest.json"), manifest(s, steps).toPrettyString(), StandardCharsets.UTF_8);
    }

    /**
     * DL4J's initial weights, one array per parameter in its parameter table's order, named in {@code init.json}:
     * the twin starts from them (its own name mapping, {@code pytorch_parity.py}), so the two runs differ in nothing
     * but the framework.
     */
    static void writeInitialWeights(Path dir, org.deeplearning4j.nn.graph.ComputationGraph initial)
            throws IOException {
        var names = new ObjectMapper().createArrayNode();
        try (ArrayFile.Writer w = new ArrayFile.Writer(dir.resolve("init.bin"))) {
            for (var e : initial.paramTable().entrySet()) {
                names.add(e.getKey());
                w.write(inputs(e.getValue()));
            }
        }
        Files.writeString(dir.resolve("init.json"), names.toString(), StandardCharsets.UTF_8);
    }

    private static ArrayFile.Array inputs(INDArray x) {
        INDArray c = x.dup('c');
        float[] v = c.data().asFloat();
        long[] shape = c.shape();
        c.close();
        return ArrayFile.Array.of(v, shape);
    }

    static ObjectNode manifest(LearningParity.Setup s, int steps) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode j = m.createObjectNode();
        NetworkSpec spec = s.spec();
        if (!spec.lastRelu() || spec.representationSize() > 0) {
            throw new IllegalArgumentException("learning parity: the twin builds the standard variants only, not "
                    + spec.label());
        }
        j.put("architecture", spec.architecture().id()).put("width", spec.width());
        var depth = j.putArray("depth");
        for (int d : spec.depth()) {
            depth.add(d);
        }
        Geometry g = spec.geometry();
        ObjectNode geo = j.putObject("geometry");
        geo.put("name", g.name()).put("height", g.height()).put("width", g.width()).put("channels", g.channels())
                .put("rootKernel", g.rootKernel()).put("rootStride", g.rootStride())
                .put("rootMaxPool", g.rootMaxPool());
        var ss = geo.putArray("stageStrides");
        for (int v : g.stageStrides()) {
            ss.add(v);
        }
        var vp = geo.putArray("vggPoolStrides");
        for (int v : g.vggPoolStrides()) {
            vp.add(v);
        }
        ObjectNode head = j.putObject("head");
        Head h = s.task().head(g);
        head.put("outputs", h.outputs());
        if (h instanceof Head.PatchClassifier p) {
            head.put("kind", "patch").put("patches", p.patches()).put("embedding", p.embedding())
                    .put("hidden", p.hidden()).put("keep", p.keep());
        } else {
            head.put("kind", h instanceof Head.Embedding ? "embedding" : "softmax");
        }
        TrainingConfig c = s.config();
        j.put("task", s.task().name()).put("seed", c.seed()).put("threads", s.threads())
                .put("momentum", c.momentum()).put("weightDecay", c.weightDecay()).put("bnDecay", c.bnDecay())
                .put("layout", Networks.layout().name()).put("representationInputs", s.task().representationInputs())
                .put("recipe", c.toString());
        var lrs = j.putArray("learningRates");
        for (double v : learningRates(c, PretextTrainer.stepsPerEpoch(c, s.pretextTrain()), steps)) {
            lrs.add(v);
        }
        return j;
    }
}
