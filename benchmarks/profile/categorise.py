#!/usr/bin/env python3
"""Splits a perf profile of training steps by where the time goes.

Usage: categorise.py SYMBOLS STEPS_JSON TITLE SPLIT_JSON > split.md

SYMBOLS is `perf report --stdio --no-children --sort dso,sym -F overhead,sample,dso,sym`; STEPS_JSON the profiled
program's one-line JSON with its timed steps' seconds ("stepSeconds"). Every sample (one per millisecond of CPU
time of any thread at 999 Hz) falls in the first category whose rule matches its shared object and symbol; the
table gives each category's share of the samples and its CPU milliseconds per step, and the wall time per step
beside the CPU time per step (their ratio is how many cores the step kept busy).
"""
import json
import re
import sys

HZ = 999
LINE = re.compile(r"\s*([\d.]+)%\s+(\d+)\s+(.+?)\s+\[(.)\]\s+(.*)$")

# (category, shared-object pattern, symbol pattern); first match wins; patterns are case-insensitive regexes
RULES = [
    ("idle threads: OpenMP spin and barrier waits", r"libgomp|libiomp", r""),
    ("idle threads: kernel scheduling and futex waits", r"kernel", r"futex|schedule|finish_task_switch|switch_to|"
                                                                   r"idle|irqentry_exit|exit_to_user"),
    ("allocation: kernel page faults and zeroing", r"kernel", r"page|fault|clear_|memcg|alloc|lru|mmap|munmap"),
    ("kernel: other", r"kernel", r""),
    ("allocation: malloc and free", r"tcmalloc|jemalloc|libc\.so", r"malloc|free|alloc|delete|new|tc_|memalign"),
    ("copies and zeroing: libc memcpy and memset", r"libc\.so", r"mem(cpy|move|set)"),
    ("oneDNN reorders (layout conversions)", r"", r"reorder|single_blk_kernel|blk_reorder|jit_uni_.*transpos|"
                                                 r"rnn_weights_reorder|wino_reorder"),
    ("oneDNN convolutions (forward, backward data, backward weights)", r"\[JIT\]|libnd4jcpu|libtorch|libdnnl|"
                                                                      r"libmkldnn",
     r"conv|brgemm|brgconv|wino|rtus|gemm_.*f32|jit_avx.*_gemm|sgemm|im2col|col2im|1x1"),
    ("oneDNN batch norm", r"", r"batch_normalization|bnorm|\bbn_|batchnorm"),
    ("oneDNN pooling", r"", r"pool"),
    ("oneDNN element-wise and other primitives", r"", r"dnnl|mkldnn|^jit_|^_jit_"),
    ("libnd4j reductions (sums, means, variances)", r"libnd4jcpu", r"reduce|variance|deviation|moments|"
                                                                  r"summarystats|indexreduce|reduction"),
    ("libnd4j broadcast and pairwise (adds, multiplies)", r"libnd4jcpu", r"broadcast|pairwise"),
    ("libnd4j element-wise transforms (ReLU, scalar ops, casts)", r"libnd4jcpu", r"transform|scalar|relu|lambda|"
                                                                                r"assign|derivative"),
    ("libnd4j other ops and bookkeeping", r"libnd4jcpu|libjnind4j", r""),
    ("BLAS (OpenBLAS, MKL)", r"openblas|libmkl|libblas", r""),
    ("JVM: JIT compiler and garbage collector", r"libjvm", r"^Phase|Compile|C2|C1|PS|Parallel|GC|Scavenge|Mark|"
                                                           r"Compact|Oop|Node|Dict|IndexSet|LRG|Matcher|Parse"),
    ("Java side: DL4J and ND4J bookkeeping (JIT-compiled and interpreted Java, JNI)", r"\[JIT\]|libjvm|libjava|"
                                                                                      r"perf-\d+\.map", r""),
    ("PyTorch: convolutions", r"libtorch|libc10", r"conv|mkldnn|dnnl|gemm|im2col|col2im"),
    ("PyTorch: batch norm", r"libtorch", r"batch_norm|batchnorm"),
    ("PyTorch: element-wise and reductions", r"libtorch", r"vectorized|loop|kernel|reduce|sum|add|mul|threshold|"
                                                          r"relu|copy|fill|cpu_"),
    ("PyTorch: other libtorch code (ATen kernels, dispatcher, autograd; Debian's build has no symbols to split it)",
     r"libtorch|libc10", r""),
    ("oneDNN element-wise and other primitives", r"libdnnl|libmkldnn", r""),
    ("Python interpreter", r"python", r""),
]
COMPILED = [(c, re.compile(d, re.I), re.compile(s, re.I)) for c, d, s in RULES]


def category(dso, sym):
    for c, d, s in COMPILED:
        if d.search(dso) and s.search(sym):
            return c
    return "other: " + dso


def main():
    symbols, steps_json, title, split_json = sys.argv[1:5]
    with open(steps_json) as f:
        steps = json.loads(f.read().strip().splitlines()[-1])["stepSeconds"]
    counts = {}
    total = 0
    for line in open(symbols):
        if not line.strip() or line.startswith("#"):
            continue
        m = LINE.match(line)
        if not m:
            continue
        _, n, dso, _, sym = m.groups()
        c = category(dso.strip(), sym.strip())
        counts[c] = counts.get(c, 0) + int(n)
        total += int(n)
    if total == 0:
        sys.exit(f"categorise.py: {symbols} holds no samples")
    wall = sum(steps) / len(steps)
    cpu = total / HZ / len(steps)
    rows = sorted(counts.items(), key=lambda kv: -kv[1])
    with open(split_json, "w") as f:
        json.dump({"title": title, "steps": len(steps), "wallSecondsPerStep": wall, "cpuSecondsPerStep": cpu,
                   "samples": total, "categories": {c: n / total for c, n in rows}}, f, indent=1)
    print(f"**{title}**: {len(steps)} timed steps, {wall * 1000:.0f} ms wall and {cpu * 1000:.0f} ms CPU per step "
          f"({cpu / wall:.2f} cores busy), {total:,} samples\n")
    print("| where the time goes | share of CPU time | CPU ms per step |")
    print("|---|---:|---:|")
    for c, n in rows:
        print(f"| {c} | {100 * n / total:.1f} % | {n / HZ / len(steps) * 1000:.0f} |")


if __name__ == "__main__":
    main()
