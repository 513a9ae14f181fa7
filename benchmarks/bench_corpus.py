"""Time loading plus cleaning, cold and from the cache, on a synthetic corpus.

    python benchmarks/bench_corpus.py [--n 20000]

Prints articles per second cold (load, clean, split sentences, extract citations, write the
cache) and from the cache, the speed-up, and peak memory of the measuring process. The
measuring process is pinned to one core (Parquet's reader and writer would otherwise use
threads). Both wall-clock and CPU time are printed: the CPU figure is what one core delivers
when other processes share the machine, the wall figure what a user waits on an idle one. The
files are read from the operating system's page cache after the first run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def measure(folder: str, cache: str) -> dict:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    from edm_tools import prepare_corpus

    t0, c0 = time.perf_counter(), time.process_time()
    cold = prepare_corpus(folder, cache_dir=cache)
    t1, c1 = time.perf_counter(), time.process_time()
    warm = prepare_corpus(folder, cache_dir=cache)
    t2, c2 = time.perf_counter(), time.process_time()
    assert warm.from_cache and len(warm.articles) == len(cold.articles)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"articles": len(cold.articles), "sentences": len(cold.sentences),
            "citations": len(cold.citations), "cold_s": t1 - t0, "warm_s": t2 - t1,
            "cold_cpu_s": c1 - c0, "warm_cpu_s": c2 - c1,
            "peak_mib": peak_kib / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark corpus loading and cleaning.")
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--corpus-dir", default=str(HERE / ".data" / "corpus"))
    parser.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return
    from synth import write_corpus

    folder = write_corpus(Path(args.corpus_dir) / str(args.n), args.n)
    with tempfile.TemporaryDirectory() as cache:
        # A fresh process, so peak memory is the loader's alone.
        out = subprocess.run([sys.executable, __file__, "--measure", str(folder), cache],
                             check=True, capture_output=True, text=True).stdout
    r = json.loads(out.strip().splitlines()[-1])
    n = r["articles"]
    print(f"corpus: {n} articles, {r['sentences']:,} sentences, {r['citations']:,} citations")
    for label, key in (("cold  (load + clean + sentences + citations + write cache)", "cold"),
                       ("cache (read Parquet)", "warm")):
        wall, cpu = r[f"{key}_s"], r[f"{key}_cpu_s"]
        print(f"{label:60s} wall {wall:6.2f} s = {n / wall:7,.0f} articles/s;"
              f" CPU {cpu:6.2f} s = {n / cpu:7,.0f} articles/s")
    print(f"cache speed-up: {r['cold_s'] / r['warm_s']:.1f}x (wall), {r['cold_cpu_s'] / r['warm_cpu_s']:.1f}x (CPU);"
          f" peak memory: {r['peak_mib']:,.0f} MiB")


if __name__ == "__main__":
    main()
