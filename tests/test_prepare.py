"""The Parquet cache of the cleaned corpus."""

from __future__ import annotations

import os
import shutil

import pandas as pd

from edm_tools import prepare_corpus
from edm_tools.prepare import corpus_fingerprint


def _copy(fixtures_dir, tmp_path):
    dst = tmp_path / "corpus"
    shutil.copytree(fixtures_dir, dst)
    return dst


def test_cache_roundtrip_and_invalidation(fixtures_dir, tmp_path):
    corpus = _copy(fixtures_dir, tmp_path)
    cache = tmp_path / "cache"
    cold = prepare_corpus(corpus, cache_dir=cache)
    warm = prepare_corpus(corpus, cache_dir=cache)
    assert not cold.from_cache and warm.from_cache
    pd.testing.assert_frame_equal(cold.articles.reset_index(drop=True), warm.articles, check_dtype=False)
    pd.testing.assert_frame_equal(cold.sentences, warm.sentences, check_dtype=False)
    assert len(warm.load_report) == len(cold.load_report) > 0
    assert warm.articles.attrs["load_report"] is not None
    # Editing a file invalidates the cache.
    path = corpus / "no_header.txt"
    path.write_text(path.read_text() + " One more sentence.")
    os.utime(path, ns=(1, 1))
    edited = prepare_corpus(corpus, cache_dir=cache)
    assert not edited.from_cache and edited.fingerprint != cold.fingerprint
    # Adding a file invalidates it too.
    fp = corpus_fingerprint(corpus)
    (corpus / "new.txt").write_text("Kazakhstan held elections on Sunday. " * 10)
    assert corpus_fingerprint(corpus) != fp


def test_no_cache_dir_means_no_cache(fixtures_dir, tmp_path):
    first = prepare_corpus(fixtures_dir, cache_dir=None)
    second = prepare_corpus(fixtures_dir, cache_dir=None)
    assert not first.from_cache and not second.from_cache


def test_damaged_cache_is_rebuilt(fixtures_dir, tmp_path):
    cache = tmp_path / "cache"
    first = prepare_corpus(fixtures_dir, cache_dir=cache)
    (cache / first.fingerprint / "articles.parquet").write_bytes(b"garbage")
    again = prepare_corpus(fixtures_dir, cache_dir=cache)
    assert not again.from_cache and len(again.articles) == len(first.articles)


def test_sample_corpus_is_the_default(tmp_path):
    prepared = prepare_corpus(None, cache_dir=None)
    assert len(prepared.articles) >= 1
    assert prepared.load_report.empty
