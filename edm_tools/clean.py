"""Cleaning: paragraphs, sentences, in-text citations and the text used for modelling.

``text`` (from :func:`edm_tools.load_corpus`) keeps every quotation mark and dash as written, and
all offsets point into it. The modelling text is a separate, normalised form: NFKC, straight
quotes, one kind of dash, citations removed.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

import pandas as pd

from . import schemas
from .citations import Citation, find_citations, resolve_date
from .sentences import numbered_sentence_spans, paragraph_spans

_QUOTE_MAP = {
    "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "″": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "‹": "'", "›": "'", "′": "'", "`": "'",
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
    "…": "...",
}
_TOKEN = re.compile(r"[a-z][a-z0-9]*(?:[-'][a-z0-9]+)*")


def normalize_for_model(text: str) -> str:
    """NFKC, straight quotes, ASCII hyphens for every dash, single spaces.

    Idempotent: ``normalize_for_model(normalize_for_model(t)) == normalize_for_model(t)``.
    """
    text = unicodedata.normalize("NFKC", text)
    # str.replace for the few marks present is several times faster than str.translate.
    for mark, plain in _QUOTE_MAP.items():
        if mark in text:
            text = text.replace(mark, plain)
    return " ".join(text.split())


def remove_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` without the given (start, end) spans, and without the space before each."""
    out: list[str] = []
    position = 0
    for start, end in sorted(spans):
        if start < position:
            continue
        cut = start
        while cut > position and text[cut - 1] == " ":
            cut -= 1
        out.append(text[position:cut])
        position = end
    out.append(text[position:])
    return "".join(out)


def citation_removal_spans(text: str, citations: list[Citation] | None = None) -> list[tuple[int, int]]:
    """Spans to delete so the citations vanish: a whole parenthesis when every part of it is a
    citation, else only the citation parts (with their semicolons)."""
    citations = find_citations(text) if citations is None else citations
    by_paren: dict[tuple[int, int], list] = {}
    for c in citations:
        by_paren.setdefault((c.paren_start, c.paren_end), []).append(c)
    spans = []
    for (p_start, p_end), parts in by_paren.items():
        inner = text[p_start + 1:p_end - 1]
        if len(parts) == inner.count(";") + 1:
            spans.append((p_start, p_end))
        else:
            for c in parts:
                start, end = c.start, c.end
                if end < p_end - 1 and text[end] == ";":
                    end += 1
                    while end < p_end - 1 and text[end] == " ":
                        end += 1
                else:  # the last part: take the "; " before it instead
                    before = text.rfind(";", p_start, start)
                    start = before if before != -1 else start
                spans.append((start, end))
    return spans


def model_text(text: str, citations: list[Citation] | None = None) -> str:
    """The text for modelling: citations removed, then :func:`normalize_for_model`."""
    stripped = remove_spans(text, citation_removal_spans(text, citations))
    return normalize_for_model(stripped)


@functools.lru_cache(maxsize=1)
def default_stopwords() -> frozenset[str]:
    """scikit-learn's English stopwords plus the domain list in ``data/stopwords_domain.txt``."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    domain = resources.files("edm_tools.data").joinpath("stopwords_domain.txt").read_text("utf-8")
    words = {w.strip() for w in domain.splitlines() if w.strip() and not w.startswith("#")}
    return frozenset(ENGLISH_STOP_WORDS) | frozenset(words)


def tokenize(text: str, *, stopwords: Iterable[str] | None = None, min_length: int = 2) -> list[str]:
    """Lowercased word tokens without stopwords; needs no downloaded nltk data.

    Possessive ``'s`` is dropped (``Russia's`` -> ``russia``); hyphenated words stay whole.

    >>> tokenize("Russia’s Foreign Minister said on October 16 that cooperation grew")
    ['russia', 'foreign', 'minister', 'cooperation', 'grew']
    """
    stop = default_stopwords() if stopwords is None else frozenset(stopwords)
    tokens = []
    for token in _TOKEN.findall(normalize_for_model(text).lower()):
        if token.endswith("'s"):
            token = token[:-2]
        token = token.strip("'")
        if len(token) >= min_length and token not in stop and not token.isdigit():
            tokens.append(token)
    return tokens


def _citation_rows(doc_id: str, citations: list[Citation], year) -> list[tuple]:
    year = None if year is None or pd.isna(year) else int(year)
    return [
        (doc_id, i, c.source, c.place, c.date_text, resolve_date(c, year), c.start, c.end)
        for i, c in enumerate(citations)
    ]


def _citation_frame(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(schemas.CITATIONS))
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    return frame.astype({"start": "int64", "end": "int64", "citation_id": "int64"})


def _sentence_frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(schemas.SENTENCES)).astype(
        {"sentence_id": "int64", "paragraph_id": "int64", "start": "int64", "end": "int64"})


@dataclass(frozen=True, slots=True)
class CleanedArticle:
    """Everything cleaning derives from one article (see :func:`clean_article`)."""

    model_text: str
    n_paragraphs: int
    sentences: list[tuple]
    citations: list[tuple]


def clean_article(doc_id: str, text: str, year=None,
                  citations: list[Citation] | None = None) -> CleanedArticle:
    """Clean one article: a function of the article alone, so tables can be cleaned in chunks
    or worker processes. Citations and sentences are found once and reused; ``citations``, when
    given, are ``find_citations(text)`` already computed (the loader parses them to date the
    article)."""
    if citations is None:
        citations = find_citations(text)
    sentences = sentence_rows(doc_id, text)
    n_paragraphs = sentences[-1][2] + 1 if sentences else 0
    return CleanedArticle(model_text(text, citations), n_paragraphs, sentences,
                          _citation_rows(doc_id, citations, year))


def clean_tables(corpus: pd.DataFrame, citations: Sequence[list[Citation] | None] | None = None,
                 ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(:func:`clean_corpus`, :func:`split_sentences`, :func:`extract_citations`) in one pass.

    ``citations``: optionally, each row's ``find_citations(text)`` already computed (or None).
    """
    schemas.require_columns(corpus, schemas.CORPUS, caller="clean_corpus")
    if citations is None:
        citations = [None] * len(corpus)
    elif len(citations) != len(corpus):
        raise ValueError(f"clean_tables: {len(citations)} citation lists for {len(corpus)} articles")
    cleaned = [clean_article(d, t, y, c) for d, t, y, c in
               zip(corpus["doc_id"], corpus["text"], corpus["year"], citations)]
    articles = corpus.assign(
        model_text=pd.Series([c.model_text for c in cleaned], index=corpus.index, dtype="string"),
        n_paragraphs=pd.array([c.n_paragraphs for c in cleaned], dtype="int64"),
        n_sentences=pd.array([len(c.sentences) for c in cleaned], dtype="int64"),
        n_citations=pd.array([len(c.citations) for c in cleaned], dtype="int64"),
    )
    sentences = _sentence_frame([row for c in cleaned for row in c.sentences])
    citations = _citation_frame([row for c in cleaned for row in c.citations])
    return articles, sentences, citations


def extract_citations(corpus: pd.DataFrame) -> pd.DataFrame:
    """One row per in-text citation in each article.

    Returns
    -------
    DataFrame with columns ``doc_id``, ``citation_id`` (0, 1, ... within the article),
    ``source`` (``Interfax``), ``place`` (``Moscow`` in ``(www.politkom.ru, Moscow, October
    6)``, else empty), ``date_text`` (as written), ``date`` (the calendar date, with the
    article's year where the citation gives none; missing when no day and month),
    ``start``, ``end`` (offsets of the citation part in ``text``, without the parentheses).
    """
    schemas.require_columns(corpus, ("doc_id", "text", "year"), caller="extract_citations")
    rows: list[tuple] = []
    for doc_id, text, year in zip(corpus["doc_id"], corpus["text"], corpus["year"]):
        rows.extend(_citation_rows(doc_id, find_citations(text), year))
    return _citation_frame(rows)


def split_sentences(corpus: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence.

    Returns
    -------
    DataFrame with columns ``doc_id``, ``sentence_id`` (0, 1, ... within the article),
    ``paragraph_id`` (0, 1, ...), ``start``, ``end`` (offsets in ``text``), ``sentence``.
    """
    schemas.require_columns(corpus, ("doc_id", "text"), caller="split_sentences")
    rows: list[tuple] = []
    for doc_id, text in zip(corpus["doc_id"], corpus["text"]):
        rows.extend(sentence_rows(doc_id, text))
    return _sentence_frame(rows)


def sentence_rows(doc_id: str, text: str) -> list[tuple]:
    """The sentences of one article as (doc_id, sentence_id, paragraph_id, start, end, sentence)."""
    return [(doc_id, i, paragraph, start, end, text[start:end])
            for i, (paragraph, start, end) in enumerate(numbered_sentence_spans(text))]


def split_paragraphs(corpus: pd.DataFrame) -> pd.DataFrame:
    """One row per paragraph: ``doc_id``, ``paragraph_id``, ``start``, ``end``, ``text``."""
    schemas.require_columns(corpus, ("doc_id", "text"), caller="split_paragraphs")
    rows = [
        (doc_id, i, s, e, text[s:e])
        for doc_id, text in zip(corpus["doc_id"], corpus["text"])
        for i, (s, e) in enumerate(paragraph_spans(text))
    ]
    return pd.DataFrame(rows, columns=list(schemas.PARAGRAPHS))


def clean_corpus(corpus: pd.DataFrame) -> pd.DataFrame:
    """The corpus with cleaning columns added (the input is not changed).

    Adds ``model_text`` (citations removed, normalised by :func:`normalize_for_model`),
    ``n_paragraphs``, ``n_sentences`` and ``n_citations``.
    """
    return clean_tables(corpus)[0]
