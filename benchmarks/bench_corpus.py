"""Time loading plus cleaning, cold and from the cache, on a synthetic corpus.

    python benchmarks/bench_corpus.py [--n 20000]

Prints articles per second cold (load, clean, split sentences, extract citations, write the
cache) and from the cache, the speed-up, and peak memory of the measuring process. Runs on one
core (the package is single-threaded; BLAS threads are not used here).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def measure(folder: str, cache: str) -> dict:
    from edm_tools import prepare_corpus

    t0 = time.perf_counter()
    cold = prepare_corpus(folder, cache_dir=cache)
    t1 = time.perf_counter()
    warm = prepare_corpus(folder, cache_dir=cache)
    t2 = time.perf_counter()
    assert warm.from_cache and len(warm.articles) == len(cold.articles)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"articles": len(cold.articles), "sentences": len(cold.sentences),
            "citations": len(cold.citations), "cold_s": t1 - t0, "warm_s": t2 - t1,
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
    print(f"cold  (load + clean + sentences + citations + write cache): {r['cold_s']:.2f} s = {n / r['cold_s']:,.0f} articles/s")
    print(f"cache (read Parquet):                                        {r['warm_s']:.2f} s = {n / r['warm_s']:,.0f} articles/s")
    print(f"cache speed-up: {r['cold_s'] / r['warm_s']:.1f}x; peak memory: {r['peak_mib']:,.0f} MiB")


if __name__ == "__main__":
    main()
