package org.revisit.cost;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.nd4j.linalg.factory.Nd4j;
import org.revisit.nets.Architecture;
import org.revisit.nets.NetworkSpec;
import org.revisit.nets.Networks;
import org.revisit.study.Scale;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Trains one study network on {@link StepWorkload}'s fixed batch for the profiler ({@code benchmarks/profile/profile-step}):
 * untimed warm-up steps, then timed steps, printing one JSON line with each timed step's seconds. With
 * {@code --perf-ctl FIFO --perf-ack FIFO} it switches {@code perf record --control} on after the warm-up and off
 * after the timed steps, so the profile holds the timed steps only; with {@code --onednn-map FILE} it copies the
 * perf map oneDNN wrote for its JIT kernels ({@code DNNL_JIT_PROFILE=2}) to FILE before the JVM, at exit, writes its
 * own map over it. {@code --peer-args} prints the PyTorch twin's arguments for the same network and batch instead.
 * <pre>
 * java ... org.revisit.cost.StepLoopMain --scale small --arch resnet50_v1 --width 1 --batch 256 --warmup 3 --steps 10
 *     [--layout NHWC] [--stock-bn]
 * </pre>
 */
public final class StepLoopMain {
    private StepLoopMain() {
    }

    /** The parsed command line. */
    record Options(Scale scale, Architecture architecture, int width, int batch, int classes, int warmup, int steps,
                   CNN2DFormat layout, boolean stockBatchNorm, boolean peerArgs, Path perfCtl, Path perfAck,
                   Path onednnMap) {
        static Options parse(String[] args) {
            Scale scale = Scale.SMALL;
            Architecture arch = null;
            int width = 1;
            int batch = 256;
            int classes = 4;
            int warmup = 3;
            int steps = 10;
            CNN2DFormat layout = CNN2DFormat.NCHW;
            boolean stock = false;
            boolean peerArgs = false;
            Path ctl = null;
            Path ack = null;
            Path map = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--stock-bn")) {
                    stock = true;
                    continue;
                }
                if (a.equals("--peer-args")) {
                    peerArgs = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--scale" -> scale = Scale.parse(v);
                    case "--arch" -> arch = Architecture.parse(v);
                    case "--width" -> width = positive(a, v);
                    case "--batch" -> batch = positive(a, v);
                    case "--classes" -> classes = positive(a, v);
                    case "--warmup" -> warmup = integer(a, v, 0);
                    case "--steps" -> steps = positive(a, v);
                    case "--layout" -> layout = layout(v);
                    case "--perf-ctl" -> ctl = Path.of(v);
                    case "--perf-ack" -> ack = Path.of(v);
                    case "--onednn-map" -> map = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + a + "; expected --scale, "
                            + "--arch, --width, --batch, --classes, --warmup, --steps, --layout, --stock-bn, "
                            + "--peer-args, --perf-ctl, --perf-ack, --onednn-map");
                }
            }
            if (arch == null) {
                throw new IllegalArgumentException("--arch is required");
            }
            if ((ctl == null) != (ack == null)) {
                throw new IllegalArgumentException("--perf-ctl and --perf-ack go together");
            }
            return new Options(scale, arch, width, batch, classes, warmup, steps, layout, stock, peerArgs, ctl, ack,
                    map);
        }

        private static CNN2DFormat layout(String value) {
            for (CNN2DFormat f : CNN2DFormat.values()) {
                if (f.name().equalsIgnoreCase(value)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("--layout expects NCHW or NHWC, was '" + value + "'");
        }

        private static int positive(String option, String value) {
            return integer(option, value, 1);
        }

        private static int integer(String option, String value, int least) {
            int n;
            try {
                n = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " expects a whole number, was '" + value + "'");
            }
            if (n < least) {
                throw new IllegalArgumentException(option + " must be at least " + least + ", was " + value);
            }
            return n;
        }
    }

    public static void main(String[] args) throws IOException {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("StepLoopMain: " + e.getMessage());
            System.exit(2);
            return;
        }
        Networks.useLayout(o.layout());
        NetworkSpec spec = o.scale().preset().network(o.architecture(), o.width());
        if (o.peerArgs()) {
            System.out.println(String.join(" ", PyTorchPeer.arguments(spec, o.batch(), o.classes(),
                    Runtime.getRuntime().availableProcessors(), o.warmup(), o.steps())));
            return;
        }
        List<Double> seconds = new ArrayList<>();
        try (StepWorkload w = StepWorkload.of(spec, o.batch(), o.classes(), !o.stockBatchNorm());
             PerfControl perf = PerfControl.open(o.perfCtl(), o.perfAck())) {
            for (int i = 0; i < o.warmup(); i++) {
                w.train();
            }
            perf.send("enable");
            for (int i = 0; i < o.steps(); i++) {
                long t = System.nanoTime();
                w.train();
                seconds.add((System.nanoTime() - t) / 1e9);
            }
            perf.send("disable");
        }
        if (o.onednnMap() != null) {
            Path own = Path.of("/tmp", "perf-" + ProcessHandle.current().pid() + ".map");
            if (Files.exists(own)) {
                Files.copy(own, o.onednnMap(), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        StringBuilder json = new StringBuilder();
        json.append(String.format(Locale.ROOT, "{\"pid\":%d,\"network\":\"%s\",\"batch\":%d,\"layout\":\"%s\","
                        + "\"threads\":%d,\"stockBatchNorm\":%b,\"stepSeconds\":[", ProcessHandle.current().pid(),
                spec.label(), o.batch(), o.layout(), Nd4j.getEnvironment().maxMasterThreads(), o.stockBatchNorm()));
        for (int i = 0; i < seconds.size(); i++) {
            json.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", seconds.get(i)));
        }
        System.out.println(json.append("]}"));
    }

    /**
     * The two FIFOs of {@code perf record --control fifo:CTL,ACK}, opened once and kept open (perf reads the control
     * FIFO until it ends); without them every command is a no-op.
     */
    private record PerfControl(Path ctlPath, Writer ctl, BufferedReader ack) implements AutoCloseable {
        static PerfControl open(Path ctl, Path ack) throws IOException {
            if (ctl == null) {
                return new PerfControl(null, null, null);
            }
            return new PerfControl(ctl, Files.newBufferedWriter(ctl, StandardCharsets.US_ASCII),
                    Files.newBufferedReader(ack, StandardCharsets.US_ASCII));
        }

        /** Sends {@code command} and waits for perf's acknowledgement. */
        void send(String command) {
            if (ctl == null) {
                return;
            }
            try {
                ctl.write(command + "\n");
                ctl.flush();
                ack.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot talk to perf through " + ctlPath + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            if (ctl != null) {
                ctl.close();
                ack.close();
            }
        }
    }
}
