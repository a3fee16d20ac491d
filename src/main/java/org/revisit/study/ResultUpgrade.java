package org.revisit.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.revisit.probe.Accuracy;

import java.nio.file.Path;

/**
 * Reads stored results of earlier formats into the current one, so results that took hours are not lost when the
 * format grows. Version 2 (one L-BFGS probe on every label, top-1 only) becomes version 3 with what it implied:
 * probe {@code lbfgs}, label fraction 1, the top-1 intervals computed from its test count, top-5 not measured.
 * Version 3 becomes version 4 with {@code timings.concurrentCells} 1: before version 4 every cell ran alone.
 * Version 4 becomes version 5 by nesting its flat fields: what was run under {@code run}, the network and the probe
 * under {@code run.network} and {@code run.probe}, the hyper-parameter texts under {@code run.descriptions}, the
 * architecture's "(-)" mark as {@code lastRelu} false.
 */
final class ResultUpgrade {
    private ResultUpgrade() {
    }

    static JsonNode toCurrent(Path file, JsonNode tree) {
        int version = tree.path("formatVersion").asInt(-1);
        if (version == CellResult.FORMAT_VERSION) {
            return tree;
        }
        if (version < 2 || version > CellResult.FORMAT_VERSION) {
            throw new IllegalArgumentException(file + ": formatVersion is " + version + ", this version of Revisit "
                    + "reads 2 to " + CellResult.FORMAT_VERSION + "; move the file away or re-run its cell");
        }
        ObjectNode r = ((ObjectNode) tree).deepCopy();
        if (version == 2) {
            fromVersion2(r);
        }
        if (version <= 3) {
            ((ObjectNode) r.get("timings")).put("concurrentCells", 1);
        }
        r = fromVersion4(r);
        r.put("formatVersion", CellResult.FORMAT_VERSION);
        return r;
    }

    private static ObjectNode fromVersion4(ObjectNode flat) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        String variant = flat.path("architecture").asText();
        ObjectNode network = f.objectNode();
        network.put("architecture", org.revisit.nets.NetworkSpec.architectureOf(variant));
        network.put("lastRelu", !variant.endsWith(org.revisit.nets.NetworkSpec.MINUS_MARK));
        moveAll(flat, network, "width", "paperWidth", "depth", "representationSize");
        ObjectNode probe = f.objectNode();
        moveAll(flat, probe, "endPoint", "labelFraction", "labelSubset", "poolingTarget");
        move(flat, probe, "probeKind", "kind");
        move(flat, probe, "probeFirstDecay", "firstDecay");
        ObjectNode descriptions = f.objectNode();
        moveAll(flat, descriptions, "network", "training", "probe");
        ObjectNode run = f.objectNode();
        moveAll(flat, run, "benchmark", "cellId", "cellKey", "networkKey", "scale", "task", "seed");
        run.set("network", network);
        run.set("probe", probe);
        run.set("descriptions", descriptions);
        moveAll(flat, run, "dataset", "pretextDataset");
        flat.remove("architecture");
        ObjectNode r = f.objectNode();
        r.set("run", run);
        moveAll(flat, r, "metrics", "timings", "provenance");
        return r;
    }

    /** Moves each of {@code fields} that {@code from} has to {@code to}, under the same name. */
    private static void moveAll(ObjectNode from, ObjectNode to, String... fields) {
        for (String field : fields) {
            move(from, to, field, field);
        }
    }

    private static void move(ObjectNode from, ObjectNode to, String field, String as) {
        JsonNode v = from.remove(field);
        if (v != null) {
            to.set(as, v);
        }
    }

    private static void fromVersion2(ObjectNode r) {
        ObjectNode m = (ObjectNode) r.get("metrics");
        int n = m.path("testImages").asInt();
        m.set("top1", accuracy(m.remove("probeTop1").asDouble(), n));
        m.set("top1Untrained", accuracy(m.remove("probeTop1Untrained").asDouble(), n));
        m.set("top5", accuracy(Double.NaN, 0));
        m.set("top5Untrained", accuracy(Double.NaN, 0));
        m.set("validationTop1ByEpoch", JsonNodeFactory.instance.arrayNode());
        r.put("probeKind", ProbeSetting.Kind.LBFGS.id());
        r.put("probeFirstDecay", 0);
        r.put("labelFraction", 1.0);
        r.put("labelSubset", "all");
        r.put("poolingTarget", org.revisit.probe.FeaturePooling.PAPER_TARGET);
        ((ObjectNode) r.get("timings")).put("featuresFromCache", false);
    }

    private static JsonNode accuracy(double value, int n) {
        Accuracy a = Double.isNaN(value) || n == 0 ? Accuracy.notMeasured() : Accuracy.of(Math.round(value * n), n);
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("value", a.value());
        o.put("n", a.n());
        o.put("low", a.low());
        o.put("high", a.high());
        return o;
    }
}
