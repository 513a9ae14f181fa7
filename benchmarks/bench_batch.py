"""Time the full batch of four notebooks on a synthetic corpus.

    python benchmarks/bench_batch.py [--n 20000] [--jobs 2]

Prints the time to load and clean the corpus (cold, into a fresh cache), each notebook's time
(kernel start, execution, HTML rendering), and the runner's overhead beyond the notebooks' own
work: the wall time of the whole batch minus the corpus preparation and the notebooks'
critical path.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the batch runner.")
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--corpus-dir", default=str(HERE / ".data" / "corpus"))
    args = parser.parse_args()
    from synth import write_corpus

    from edm_tools import prepare_corpus
    from edm_tools.batch import RunSpec, run_batch

    folder = write_corpus(Path(args.corpus_dir) / str(args.n), args.n)
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        t0 = time.perf_counter()
        prepare_corpus(folder, cache_dir=cache)
        t_prepare = time.perf_counter() - t0
        t1 = time.perf_counter()
        [result] = run_batch([RunSpec(name="bench", corpus=str(folder))], out_dir=Path(tmp) / "out",
                             jobs=args.jobs, cache_dir=cache, progress=lambda m: print("  " + m, flush=True))
        t_batch = time.perf_counter() - t1
    print(f"corpus: {args.n} articles; load + clean (cold, once for the batch): {t_prepare:.1f} s")
    for nb in result.notebooks:
        print(f"{nb.notebook:20s} {nb.status:6s} {nb.duration_s:7.1f} s (of which HTML rendering {nb.render_s:.1f} s)")
    durations = sorted((nb.duration_s for nb in result.notebooks), reverse=True)
    # With J workers the notebooks' critical path is at least the longest one and the sum / J.
    critical = max(durations[0], sum(durations) / args.jobs)
    print(f"batch wall time (jobs={args.jobs}): {t_batch:.1f} s; with the cold load: {t_prepare + t_batch:.1f} s")
    print(f"runner overhead beyond the notebooks (wall - critical path): {t_batch - critical:.1f} s")
    print("all ok" if result.ok else "SOME NOTEBOOKS FAILED")


if __name__ == "__main__":
    main()
