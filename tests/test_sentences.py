"""Sentence splitting: the abbreviations, initials and quotations of this domain."""

from __future__ import annotations

import json

import pytest

from edm_tools.sentences import paragraph_spans, sentence_spans
from conftest import DATA

CASES = [
    ("U.S. Secretary of State Jane Doe visited Astana. She left.", 2),
    ("Troops stationed in the U.S. The next day they left.", 2),
    ("Gen. Ivanov arrived. Lt. Gen. Petrov followed.", 2),
    ("On Oct. 5 the ministry spoke. It was brief.", 2),
    ("Mr. Smith met Dr. Jones in St. Petersburg. They talked.", 2),
    ("Order No. 3 was signed. Nos. 4 and 5 were not.", 2),
    ("Arman K. Seitov and J. R. Hollis met. They agreed.", 2),
    ("“We will not retreat.” The army moved.", 2),
    ("“Is this the end?” he asked. Nobody answered.", 2),
    ("He cited ‘road maps.’ There is more.", 2),
    ('"No," she said. "Never."', 2),
    ("Output rose by 4.4 billion rubles. Prices rose 2.7%.", 2),
    ("The talks ended (Interfax, October 16). A new round began.", 2),
    ("They met at 10 a.m. on Monday. Nothing came of it.", 2),
    ("See e.g. the CSTO, i.e. Moscow’s bloc, etc. and more. Fine.", 2),
    ("Visit www.politkom.ru for details. Or president.kz today.", 2),
    ("“Gen. Ivanov will stay,” the aide said. «U.S. forces left.» Then ‘Dr. Orlova’ spoke.", 3),
    ("Trade reached $10.8 billion in 2012. “The figure,” an aide said, “is a record.”", 2),
    ("U.S. de-mining teams arrived. They began at once.", 2),
]


@pytest.mark.parametrize("text, n", CASES)
def test_sentence_spans(text, n):
    spans = sentence_spans(text)
    assert len(spans) == n, [text[s:e] for s, e in spans]
    assert all(text[s:e] == text[s:e].strip() for s, e in spans)


def test_sentences_never_cross_paragraphs():
    text = "A title without a stop\n\nThe body begins here. It goes on."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "A title without a stop", "The body begins here.", "It goes on."]


def test_paragraph_spans_single_newlines():
    text = "First line is a paragraph.\nSecond line too."
    assert [text[s:e] for s, e in paragraph_spans(text)] == ["First line is a paragraph.", "Second line too."]


def test_gold_set_accuracy():
    """The gold set of sentence boundaries (see benchmarks/eval_sentences.py) stays above 0.95 F1."""
    from benchmarks.eval_sentences import evaluate

    result = evaluate(DATA / "sentences_gold.jsonl")
    assert result["boundaries"] >= 200
    assert result["f1"] >= 0.95, result


def _all_paragraphs():
    from edm_tools.corpus import split_header

    files = sorted(DATA.glob("*/*.txt")) + sorted((DATA.parent.parent / "edm_tools" / "data" / "sample").glob("*.txt"))
    texts = [split_header(f.read_text(encoding="utf-8", errors="replace"))[1] for f in files]
    texts += [" ".join(json.loads(line)["sentences"]) for line in
              (DATA / "sentences_gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    return [t[a:b] for t in texts for a, b in paragraph_spans(t)]


def test_fast_path_agrees_with_punkt():
    """Splitting piecewise at plain stops must give exactly Punkt's spans for the paragraph."""
    from edm_tools.sentences import _paragraph_pieces, _tokenizer

    paragraphs = _all_paragraphs()
    assert len(paragraphs) > 300
    for paragraph in paragraphs:
        assert _paragraph_pieces(paragraph, _tokenizer()) == list(_tokenizer().span_tokenize(paragraph)), paragraph


def test_stdlib_regex_punkt_agrees_with_stock_punkt():
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    from edm_tools.sentences import _EdmLangVars, _parameters, _tokenizer

    stock = PunktSentenceTokenizer(_parameters(), lang_vars=_EdmLangVars())
    for paragraph in _all_paragraphs()[:400]:
        assert list(_tokenizer().span_tokenize(paragraph)) == list(stock.span_tokenize(paragraph))
