"""Speed of edm_tools.quotes.extract_quotes in articles per second, on one core.

A synthetic corpus of 2,000 articles is built by recombining the paragraphs of the packaged
sample corpus (fixed seed, 6 to 10 paragraphs each); its sentence and citation tables are
computed once, outside the timing, and passed in as ``sentences=`` and ``citations=`` (as
``prepare_corpus`` gives them). The target is at least 1,000 articles per second.

Two figures are printed: wall-clock time, and the CPU time of this (single-threaded) process,
which is what one core delivers when other processes share the machine. The best of
``--repeat`` runs is reported for each.

Usage::

    .venv/bin/python benchmarks/bench_quotes.py [--articles 2000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from edm_tools import load_corpus, split_sentences  # noqa: E402
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
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best is reported")
    args = parser.parse_args(argv)
    corpus = synthetic_corpus(args.articles)
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
