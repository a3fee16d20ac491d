package org.revisit.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code benchmarks/profile/categorise.py} puts each sampled symbol of a training step in the category its shared
 * object and name say, on lines in the format {@code perf report} prints (taken from a real profile of this project).
 */
class ProfileSplitTest {
    private static final String REPORT = """
            # Samples: 14K of event 'cpu-clock:ppp'
            #
                48.00%          4800  libgomp.so.1                   [.] 0x000000000001df7a
                10.00%          1000  [JIT] tid 19281                [.] jit_uni_reorder_kernel_f32
                 9.00%           900  [JIT] tid 19281                [.] jit_avx512_common_1x1_conv_kernel
                 8.00%           800  libnd4jcpu.so                  [.] dnnl::impl::cpu::ncsp_batch_normalization_fwd_t<(dnnl_data_type_t)3>::execute_forward(dnnl::impl::exec_ctx_t const&) const
                 7.00%           700  libnd4jcpu.so                  [.] std::_Function_handler<void (unsigned long, long, long, long), sd::reduceExec41<double, double, double, simdOps::Mean<double, double> >
                 6.00%           600  libnd4jcpu.so                  [.] functions::pairwise_transforms::PairWiseTransform<float, float, float>::exec<simdOps::Add<float, float, float> >
                 5.00%           500  [JIT] tid 19281                [.] java.lang.Object java.util.HashMap.get(java.lang.Object)
                 4.00%           400  libjvm.so                      [.] PhaseChaitin::Split
                 2.00%           200  [kernel.kallsyms]              [.] clear_page_erms
                 1.00%           100  libtcmalloc_minimal.so.4.5.10  [.] aligned_alloc
            """;

    @Test
    void samplesFallInTheCategoriesTheirSymbolsName(@TempDir Path dir) throws IOException, InterruptedException {
        Path symbols = Files.writeString(dir.resolve("symbols.txt"), REPORT);
        Path steps = Files.writeString(dir.resolve("steps.json"), "{\"stepSeconds\":[1.0,1.0]}\n");
        Path split = dir.resolve("split.json");
        Path md = dir.resolve("split.md");
        Process p = new ProcessBuilder(List.of("python3", "benchmarks/profile/categorise.py", symbols.toString(),
                steps.toString(), "test", split.toString())).redirectOutput(md.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "categorise.py failed");
        JsonNode j = new ObjectMapper().readTree(split.toFile());
        assertEquals(10_000, j.get("samples").asInt());
        JsonNode c = j.get("categories");
        assertEquals(0.48, c.get("idle threads: OpenMP spin and barrier waits").asDouble(), 1e-9);
        assertEquals(0.10, c.get("oneDNN reorders (layout conversions)").asDouble(), 1e-9);
        assertEquals(0.09, c.get("oneDNN convolutions (forward, backward data, backward weights)").asDouble(), 1e-9);
        assertEquals(0.08, c.get("oneDNN batch norm").asDouble(), 1e-9);
        assertEquals(0.07, c.get("libnd4j reductions (sums, means, variances)").asDouble(), 1e-9);
        assertEquals(0.06, c.get("libnd4j broadcast and pairwise (adds, multiplies)").asDouble(), 1e-9);
        assertEquals(0.05, c.get("Java side: DL4J and ND4J bookkeeping (JIT-compiled and interpreted Java, JNI)")
                .asDouble(), 1e-9);
        assertEquals(0.04, c.get("JVM: JIT compiler and garbage collector").asDouble(), 1e-9);
        assertEquals(0.02, c.get("allocation: kernel page faults and zeroing").asDouble(), 1e-9);
        assertEquals(0.01, c.get("allocation: malloc and free").asDouble(), 1e-9);
        // 10,000 samples at 999 Hz over two steps of a second: 5.0 CPU seconds a step, 5 cores busy
        assertEquals(5.005, j.get("cpuSecondsPerStep").asDouble(), 1e-3);
        assertTrue(Files.readString(md).contains("| idle threads: OpenMP spin and barrier waits | 48.0 % | 2402 |"),
                Files.readString(md));
    }
}
