"""The cyclic garbage collector is paused while tables are built, and always restored."""

from __future__ import annotations

import gc

import pandas as pd
import pytest

from edm_tools import CorpusError, prepare_corpus
from edm_tools.gcpause import cyclic_gc_paused
from edm_tools.quotes import extract_quotes


def test_paused_inside_and_restored_after_an_error():
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with cyclic_gc_paused():
            assert not gc.isenabled()
            raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_callers_disabled_collector_stays_disabled():
    gc.disable()
    try:
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_prepare_and_extract_quotes_leave_the_collector_on(tmp_path):
    prepare_corpus(None)
    assert gc.isenabled()
    with pytest.raises(CorpusError):
        prepare_corpus(tmp_path / "missing")
    assert gc.isenabled()
    extract_quotes(pd.DataFrame({"doc_id": ["a"], "text": ["“We are ready,” Petrov said."]}))
    assert gc.isenabled()
