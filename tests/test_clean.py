"""Cleaning: normalisation, modelling text, tokens, tables."""

from __future__ import annotations

import pytest

from edm_tools import SchemaError, clean_corpus, load_corpus, split_paragraphs, split_sentences, tokenize
from edm_tools.clean import normalize_for_model, remove_spans
from edm_tools.corpus import normalize_body


def test_normalize_body_keeps_quotes_and_fixes_spacing():
    raw = "Publication: X\r\n\r\n\r\nRussia\u2019s \u201cplan\u201d\u00a0\u2013 here.  \r\nNext\u200b line."
    text = normalize_body(raw)
    assert text == "Publication: X\n\nRussia\u2019s \u201cplan\u201d \u2013 here.\nNext line."


def test_normalize_for_model():
    assert normalize_for_model("Russia\u2019s \u201cplan\u201d \u2013 \u00abfine\u00bb\u2026") == "Russia's \"plan\" - \"fine\"..."


def test_normalize_for_model_is_idempotent():
    text = "“A” — ‘b’ … ﬁne"
    once = normalize_for_model(text)
    assert normalize_for_model(once) == once


def test_remove_spans():
    assert remove_spans("a (x) b (y).", [(2, 5), (8, 11)]) == "a b."


@pytest.mark.parametrize(
    "text, tokens",
    [
        ("Russia’s Foreign Minister said on October 16", ["russia", "foreign", "minister"]),
        ("The Kremlin’s pipeline-building drive, according to Interfax", ["kremlin", "pipeline-building", "drive"]),
        ("In 2008 the CSTO held Rubezh-2008", ["csto", "held", "rubezh-2008"]),
    ],
)
def test_tokenize(text, tokens):
    assert tokenize(text) == tokens


def test_tokenize_custom_stopwords():
    assert tokenize("Moscow and Astana", stopwords={"moscow"}) == ["and", "astana"]


def test_clean_corpus_adds_columns(fixtures_dir):
    corpus = load_corpus(fixtures_dir)
    cleaned = clean_corpus(corpus)
    assert "model_text" not in corpus.columns  # the input is untouched
    row = cleaned.set_index("doc_id").loc["edm_full_header"]
    assert row.n_citations == 5 and row.n_paragraphs == 2 and row.n_sentences == 5
    assert "Interfax" not in row.model_text and "(CPC)" in row.model_text
    assert '"reliable partners"' in row.model_text


def test_tables_and_offsets(fixtures_dir):
    corpus = load_corpus(fixtures_dir)
    texts = corpus.set_index("doc_id")["text"]
    sentences = split_sentences(corpus)
    assert list(sentences.columns) == ["doc_id", "sentence_id", "paragraph_id", "start", "end", "sentence"]
    for row in sentences.itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.sentence
    paragraphs = split_paragraphs(corpus)
    for row in paragraphs.itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.text
    counts = clean_corpus(corpus).set_index("doc_id")["n_paragraphs"]
    assert paragraphs.groupby("doc_id").size().sort_index().tolist() == counts.sort_index().tolist()


def test_schema_error_names_missing_columns():
    import pandas as pd

    with pytest.raises(SchemaError, match="text"):
        split_sentences(pd.DataFrame({"doc_id": ["a"]}))
    with pytest.raises(SchemaError, match="DataFrame"):
        clean_corpus(["not", "a", "table"])
