package org.revisit.study;

import org.revisit.nets.Architecture;
import org.revisit.nets.Geometry;
import org.revisit.nets.NetworkSize;
import org.revisit.nets.NetworkSpec;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints the study's networks as a Markdown table: parameters and forward GFLOPs per input for every architecture at
 * the paper's widths (224 px, 1000 classes, and the 64 px patches of the patch tasks) and at each scale's own
 * widths and depths. Read from the configurations, nothing is allocated:
 * {@code mvn -q exec:java -Dexec.mainClass=org.revisit.study.ArchitectureTable}.
 */
public final class ArchitectureTable {
    private ArchitectureTable() {
    }

    public static void main(String[] args) {
        print(System.out);
    }

    static void print(PrintStream out) {
        out.println("| scale | architecture | depth | input | k | parameters | GFLOPs/input |");
        out.println("|---|---|---|---|---|---:|---:|");
        for (Architecture a : Architecture.values()) {
            for (int k : Scale.PAPER.preset().widths()) {
                row(out, "paper", NetworkSpec.paper(a, k), 1000);
            }
            row(out, "paper (patch)", NetworkSpec.paper(a, 8).withGeometry(Geometry.paperPatch(3)), 1000);
        }
        for (Scale s : new Scale[] {Scale.SMOKE, Scale.SMALL}) {
            Scale.Preset p = s.preset();
            for (Architecture a : Architecture.values()) {
                for (int k : p.widths()) {
                    row(out, s.id(), p.network(a, k), 4);
                }
            }
        }
    }

    private static void row(PrintStream out, String scale, NetworkSpec spec, int outputs) {
        NetworkSize size = NetworkSize.of(spec, outputs);
        out.printf(Locale.ROOT, "| %s | %s | %s | %s | %d | %,d | %.3f |%n", scale, spec.architecture().displayName(),
                spec.depthLabel(), spec.geometry().height() + " px", spec.width(), size.parameters(),
                size.forwardGflops());
    }
}
