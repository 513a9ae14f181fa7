"""Speed of edm_tools.quotes.extract_quotes in articles per second, on one core.

By default the corpus is the foundation benchmark's (``benchmarks/synth.py``: 20,000 synthetic
articles of 4 to 9 recombined sample paragraphs, the corpus ``bench_corpus.py`` times), as the
quotation issue asks. ``--corpus long`` instead builds articles of 6 to 10 sample paragraphs
(about 4,400 characters against 3,600), a harder case. Sentences and citations are computed
outside the timing, by ``prepare_corpus`` (cached under ``benchmarks/.data``), and passed in as
``sentences=`` and ``citations=``. The process is pinned to one core. The target is at least
1,000 articles per second.

Two figures are printed: wall-clock time, and the CPU time of this (single-threaded) process,
which is what one core delivers when other processes share the machine. The best of
``--repeat`` runs is reported for each.

Usage::

    .venv/bin/python benchmarks/bench_quotes.py [--n 20000] [--corpus foundation|long] [--repeat 2]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from edm_tools import load_corpus, prepare_corpus, split_sentences  # noqa: E402
from edm_tools.clean import extract_citations  # noqa: E402
from edm_tools.quotes import extract_quotes, load_lexicon  # noqa: E402
from edm_tools.sentences import paragraph_spans  # noqa: E402

TARGET = 1_000  # articles per second


def synthetic_corpus(n_articles: int, *, seed: int = 0) -> pd.DataFrame:
    """``n_articles`` articles made of random paragraphs of the sample corpus."""
    sample = load_corpus(REPO / "edm_tools" / "data" / "sample")
    paragraphs = [t[s:e] for t in sample["text"] for s, e in paragraph_spans(t)]
    rng = random.Random(seed)
    texts = ["\n\n".join(rng.sample(paragraphs, rng.randint(6, 10))) for _ in range(n_articles)]
    return pd.DataFrame({"doc_id": [f"syn{i:05d}" for i in range(n_articles)], "text": texts})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20000, help="articles (default 20,000)")
    parser.add_argument("--corpus", choices=("foundation", "long"), default="foundation")
    parser.add_argument("--repeat", type=int, default=2, help="timed runs; the best is reported")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    if args.corpus == "foundation":
        from synth import write_corpus

        folder = write_corpus(HERE / ".data" / "corpus" / str(args.n), args.n)
        prepared = prepare_corpus(folder, cache_dir=HERE / ".data" / "cache")
        corpus, sentences, citations = prepared.articles, prepared.sentences, prepared.citations
    else:
        corpus = synthetic_corpus(args.n)
        sentences = split_sentences(corpus)
        citations = extract_citations(corpus.assign(year=None))  # (the year only dates citations)
    load_lexicon()  # read the word lists once, as any long-running process would
    best_wall = best_cpu = float("inf")
    n_quotes = 0
    for _ in range(args.repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        quotes = extract_quotes(corpus, sentences=sentences, citations=citations)
        best_cpu = min(best_cpu, time.process_time() - c0)
        best_wall = min(best_wall, time.perf_counter() - w0)
        n_quotes = len(quotes)
    chars = int(corpus["text"].str.len().sum())
    print(f"extract_quotes: {len(corpus)} articles ({chars / len(corpus):,.0f} characters each on "
          f"average, {len(sentences):,} sentences), {n_quotes:,} quotations")
    for label, seconds in (("wall clock", best_wall), ("CPU time", best_cpu)):
        rate = len(corpus) / seconds
        print(f"best of {args.repeat}, {label:10s}: {seconds:.2f} s = {rate:,.0f} articles/s on one core "
              f"({1000 * seconds / len(corpus):.2f} ms/article; target >= {TARGET:,}) "
              f"[{'ok' if rate >= TARGET else 'MISSED'}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
