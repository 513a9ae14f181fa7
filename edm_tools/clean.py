"""Cleaning: paragraphs, sentences, in-text citations and the text used for modelling.

``text`` (from :func:`edm_tools.load_corpus`) keeps every quotation mark and dash as written, and
all offsets point into it. The modelling text is a separate, normalised form: NFKC, straight
quotes, one kind of dash, citations removed.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from importlib import resources

import pandas as pd

from . import schemas
from .citations import find_citations, resolve_date
from .sentences import paragraph_spans, sentence_spans

_QUOTE_MAP = str.maketrans({
    "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "″": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "‹": "'", "›": "'", "′": "'", "`": "'",
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
    "…": "...",
})
_WS = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,;:!?])")
_TOKEN = re.compile(r"[a-z][a-z0-9]*(?:[-'][a-z0-9]+)*")


def normalize_for_model(text: str) -> str:
    """NFKC, straight quotes, ASCII hyphens for every dash, single spaces.

    Idempotent: ``normalize_for_model(normalize_for_model(t)) == normalize_for_model(t)``.
    """
    text = unicodedata.normalize("NFKC", text).translate(_QUOTE_MAP)
    return _WS.sub(" ", text).strip()


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


def citation_removal_spans(text: str) -> list[tuple[int, int]]:
    """Spans to delete so the citations vanish: a whole parenthesis when every part of it is a
    citation, else only the citation parts (with their semicolons)."""
    citations = find_citations(text)
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
                end = c.end
                if end < p_end - 1 and text[end] == ";":
                    end += 1
                spans.append((c.start, end))
    return spans


def model_text(text: str) -> str:
    """The text for modelling: citations removed, then :func:`normalize_for_model`."""
    stripped = remove_spans(text, citation_removal_spans(text))
    return _SPACE_BEFORE_PUNCT.sub(r"\1", normalize_for_model(stripped))


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


def _citation_rows(doc_id: str, text: str, year) -> list[tuple]:
    year = None if year is None or pd.isna(year) else int(year)
    return [
        (doc_id, i, c.source, c.place, c.date_text, resolve_date(c, year), c.start, c.end)
        for i, c in enumerate(find_citations(text))
    ]


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
        rows.extend(_citation_rows(doc_id, text, year))
    frame = pd.DataFrame(rows, columns=list(schemas.CITATIONS))
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    return frame.astype({"start": "int64", "end": "int64", "citation_id": "int64"})


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
    return pd.DataFrame(rows, columns=list(schemas.SENTENCES)).astype(
        {"sentence_id": "int64", "paragraph_id": "int64", "start": "int64", "end": "int64"})


def sentence_rows(doc_id: str, text: str) -> list[tuple]:
    """The sentences of one article as (doc_id, sentence_id, paragraph_id, start, end, sentence)."""
    paragraphs = paragraph_spans(text)
    rows = []
    p = 0
    for i, (start, end) in enumerate(sentence_spans(text)):
        while p + 1 < len(paragraphs) and start >= paragraphs[p + 1][0]:
            p += 1
        rows.append((doc_id, i, p, start, end, text[start:end]))
    return rows


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
    schemas.require_columns(corpus, schemas.CORPUS, caller="clean_corpus")
    texts = corpus["text"].tolist()
    return corpus.assign(
        model_text=pd.Series([model_text(t) for t in texts], index=corpus.index, dtype="string"),
        n_paragraphs=[len(paragraph_spans(t)) for t in texts],
        n_sentences=[len(sentence_spans(t)) for t in texts],
        n_citations=[len(find_citations(t)) for t in texts],
    )
