"""Speed and memory of edm_tools' topic models on a 20,000-article synthetic archive.

The archive is built in memory by recombining paragraphs of the packaged sample articles
(edm_tools/data/sample) and the topic development corpus (tests/data/topics_dev): each
synthetic article takes 3 to 7 paragraphs, most from articles of one theme and some from
anywhere, and a year from 2004 to 2024. It is a DataFrame with doc_id, year, date and
model_text (the loader is skipped). Everything runs on one thread (OMP_NUM_THREADS=1 and
threadpoolctl). Prints wall time and peak resident memory (resource.getrusage) of:

- ``fit_topics(corpus, k=20)`` (targets: at most 60 s, under 4 GiB);
- ``fit_topics(corpus, k="auto", k_grid=(5, 10, 15, 20, 25, 30))`` (target: at most 300 s);
- ``fit_topics_streaming(corpus, k=20)`` and ``fit_topics(corpus, k=20, method="lda")``
  for reference.

    python benchmarks/bench_topics.py [--n-docs 20000] [--skip-extra]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

os.environ["OMP_NUM_THREADS"] = "1"
os.environ["OPENBLAS_NUM_THREADS"] = "1"
os.environ["MKL_NUM_THREADS"] = "1"

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from edm_tools import load_corpus  # noqa: E402
from edm_tools.clean import model_text  # noqa: E402
from edm_tools.prepare import sample_corpus_path  # noqa: E402
from edm_tools.topics import fit_topics, fit_topics_streaming  # noqa: E402

DEV = Path(__file__).resolve().parents[1] / "tests" / "data" / "topics_dev"
GRID = (5, 10, 15, 20, 25, 30)


def _paragraphs() -> list[tuple[str, str]]:
    """(group, cleaned paragraph) for every paragraph of the source articles."""
    with sample_corpus_path() as sample:
        frames = [load_corpus(sample)]
    frames.append(load_corpus(DEV))
    rows = []
    for frame in frames:
        for doc_id, text in zip(frame["doc_id"], frame["text"]):
            group = doc_id.rsplit("_", 1)[0] if "_" in doc_id else doc_id
            if group.startswith("v") and group[1:3].isdigit():  # sample articles: v01_i034_...
                group = "sample"
            for paragraph in text.split("\n\n"):
                if len(paragraph.split()) >= 15:
                    rows.append((group, model_text(paragraph)))
    return rows


def synthetic_corpus(n_docs: int = 20_000, seed: int = 0) -> pd.DataFrame:
    """A DataFrame of ``n_docs`` articles: doc_id, year, date, model_text."""
    rng = np.random.default_rng(seed)
    paragraphs = _paragraphs()
    groups: dict[str, list[int]] = {}
    for i, (group, _) in enumerate(paragraphs):
        groups.setdefault(group, []).append(i)
    names = sorted(groups)
    texts, years, dates = [], [], []
    for _ in range(n_docs):
        own = groups[names[rng.integers(len(names))]]
        n = int(rng.integers(3, 8))
        picks = [own[j] for j in rng.integers(len(own), size=n)]
        picks[-1] = int(rng.integers(len(paragraphs))) if rng.random() < 0.5 else picks[-1]
        texts.append(" ".join(paragraphs[p][1] for p in picks))
        year = int(rng.integers(2004, 2025))
        years.append(year)
        dates.append(pd.Timestamp(year=year, month=int(rng.integers(1, 13)),
                                  day=int(rng.integers(1, 29))))
    return pd.DataFrame({
        "doc_id": pd.array([f"syn_{i:05d}" for i in range(n_docs)], dtype="string"),
        "year": pd.array(years, dtype="Int64"),
        "date": pd.to_datetime(pd.Series(dates)).astype("datetime64[ns]"),
        "model_text": pd.array(texts, dtype="string"),
    })


def _peak_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # KiB on Linux


def _measure(name: str, fn, limit_s: float | None, limit_gib: float | None) -> dict:
    t0 = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - t0
    peak = _peak_gib()
    verdict = []
    if limit_s is not None:
        verdict.append(f"time {'OK' if seconds <= limit_s else 'OVER'} (limit {limit_s:.0f} s)")
    if limit_gib is not None:
        verdict.append(f"memory {'OK' if peak < limit_gib else 'OVER'} (limit {limit_gib} GiB)")
    extra = ""
    if getattr(result, "k_curve", None) is not None:
        extra = f"; chose k={result.k}"
    print(f"{name:48s} {seconds:7.1f} s  peak RSS {peak:5.2f} GiB  coherence "
          f"{result.coherence:.3f}  diversity {result.diversity:.3f}  stability "
          f"{result.stability:.2f}{extra}  {'; '.join(verdict)}", flush=True)
    return {"name": name, "seconds": seconds, "peak_gib": peak, "result": result}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-docs", type=int, default=20_000)
    parser.add_argument("--skip-extra", action="store_true",
                        help="only the two timed targets (k=20 and k='auto')")
    args = parser.parse_args()
    t0 = time.perf_counter()
    corpus = synthetic_corpus(args.n_docs)
    words = int(corpus["model_text"].str.count(" ").sum())
    print(f"Synthetic corpus: {len(corpus):,} articles, about {words / 1e6:.1f} M words, years "
          f"{corpus['year'].min()}-{corpus['year'].max()}; built in "
          f"{time.perf_counter() - t0:.1f} s; peak RSS so far {_peak_gib():.2f} GiB. "
          f"Python {sys.version.split()[0]}, one thread.", flush=True)
    with threadpool_limits(1):
        runs = [
            ("fit_topics k=20 (NMF, default)", lambda: fit_topics(corpus, k=20), 60, 4.0),
            (f"fit_topics k='auto' grid {GRID}",
             lambda: fit_topics(corpus, k="auto", k_grid=GRID), 300, 4.0),
        ]
        if not args.skip_extra:
            runs += [
                ("fit_topics_streaming k=20 (MiniBatchNMF)",
                 lambda: fit_topics_streaming(corpus, k=20), None, 4.0),
                ("fit_topics k=20 method='lda'", lambda: fit_topics(corpus, k=20, method="lda"),
                 None, 4.0),
            ]
        for name, fn, limit_s, limit_gib in runs:
            _measure(name, fn, limit_s, limit_gib)


if __name__ == "__main__":
    main()
