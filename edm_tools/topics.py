"""Topic models of the EDM: what it writes about, how robust each topic is, and how the agenda
shifts over time.

The text is the cleaned modelling text (:func:`edm_tools.clean_corpus`'s ``model_text``:
citations removed, quotes and dashes normalised). :class:`TopicAnalyzer` turns it into terms:
lowercased words without English and domain stopwords (reporting verbs, month names, citation
furniture; ``data/stopwords_domain.txt`` and ``data/topics_stopwords.txt``), plural forms folded
onto the form the corpus uses most (``pipelines`` and ``pipeline`` are one term), and frequent
two-word phrases joined (``foreign minister``). Phrases are only formed from words that stand
next to each other in the text, never across a stopword or punctuation.

The default model is NMF on TF-IDF (raw term counts, l2-normalised articles); ``method="lda"``
fits LDA on counts. The text is vectorised once and the matrix reused for every fit.
``k="auto"`` fits every k of a grid and keeps the one with the best topic quality: NPMI
coherence times topic diversity (Dieng, Ruiz and Blei 2020) times coverage (the share of
articles that use a top term of their dominant topic, so that a model cannot score by leaving
themes out), all from the corpus's own document co-occurrence (:func:`topic_coherence`,
:func:`topic_diversity`, :func:`topic_coverage`). The chosen k is fitted ``n_seeds`` times
(an SVD-based start, then random starts); the result is the fit that the others reproduce
best (the medoid), and each topic's stability is the share of its top terms that the
matching topic of the other fits shares (Hungarian matching on the cosine of topic-term
vectors). :func:`fit_topics_streaming` fits archives that do not fit in memory, chunk by
chunk, with MiniBatchNMF or online LDA.
"""

from __future__ import annotations

import math
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from . import schemas
from .clean import default_stopwords, model_text
from .errors import ParameterError

__all__ = [
    "TopicAnalyzer", "TopicModelResult", "default_k_grid", "fit_topics", "fit_topics_streaming",
    "learn_analyzer", "plot_k_curve", "plot_prevalence", "topic_aliases", "topic_coherence",
    "topic_coverage", "topic_diversity", "topic_stability", "topic_stopwords",
    "write_topic_tables",
]

METHODS = ("nmf", "lda")
TERMS = ("topic", "rank", "term", "weight")
TOPICS = ("topic", "label", "size", "share", "coherence", "stability", "top_terms",
          "representative_doc_id", "representative_title")
DOC_TOPICS = ("doc_id", "topic", "weight")
DOMINANT = ("doc_id", "year", "date", "topic", "weight", "label")
PREVALENCE = ("year", "topic", "share", "n_docs")
PREVALENCE_MONTHLY = ("month", "topic", "share", "n_docs")
K_CURVE = ("k", "coherence", "diversity", "coverage", "score", "reconstruction_error",
           "fit_seconds", "selected")

N_TOP = 10  # top terms per topic for coherence, diversity and stability
_EPSILON = 1e-12  # as gensim's direct_confirmation_measure
# A word (an alias joined with "_"), or punctuation that ends a run of adjacent words.
_PIECE = re.compile(
    r"[a-z][a-z0-9]*(?:[-'_][a-z0-9]+)*|[.,;:!?()\[\]{}\"/|]|(?<=\s)['-](?=\s)|(?<=\s)'|'(?=\s)|--")
_LABEL_TERMS = 3


# ---------------------------------------------------------------------------------------------
# Text to terms


@dataclass(frozen=True, eq=False)
class TopicAnalyzer:
    """Turns modelling text into topic-model terms; the ``analyzer`` of :attr:`vectorizer_`.

    Call it on a string for its terms; a list of terms passes through unchanged (the fitting
    code analyses each article once and hands the vectorizer the terms).

    Parameters
    ----------
    stopwords
        Words dropped; they also break phrases.
    folds
        Surface form -> term, e.g. ``{"pipelines": "pipeline"}`` (see :func:`learn_analyzer`).
    phrases
        Pairs of adjacent terms joined into one term ``"foreign minister"``.
    aliases
        (variant, term) pairs applied to the text before anything else, so that
        ``U.S.``, ``US`` and ``United States`` are all the term ``united states`` (see
        :func:`topic_aliases`).
    min_length
        Shorter words are dropped.
    """

    stopwords: frozenset[str]
    folds: Mapping[str, str] = field(default_factory=dict)
    phrases: frozenset[tuple[str, str]] = frozenset()
    aliases: tuple[tuple[str, str], ...] = ()
    min_length: int = 2
    # Memos, rebuilt after unpickling: the combined alias pattern and token -> term tables.
    _alias_re: Any = field(init=False, repr=False, compare=False, default=None)
    _alias_terms: dict = field(init=False, repr=False, compare=False, default_factory=dict)
    _memo: dict = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self):
        if self.aliases:
            variants = sorted((v for v, _ in self.aliases), key=len, reverse=True)
            alternatives = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in variants)
            object.__setattr__(self, "_alias_re",
                               re.compile(rf"(?<![\w.])(?:{alternatives})(?!\w)"))
            object.__setattr__(self, "_alias_terms",
                               {v: " " + t.replace(" ", "_") + " " for v, t in self.aliases})

    def __getstate__(self):
        return {f: getattr(self, f) for f in ("stopwords", "folds", "phrases", "aliases",
                                                "min_length")}

    def __setstate__(self, state):
        for name, value in state.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_memo", {})
        object.__setattr__(self, "_alias_re", None)
        self.__post_init__()

    def _alias(self, match: re.Match) -> str:
        return self._alias_terms.get(" ".join(match.group(0).split()), match.group(0))

    def _term(self, token: str, fold: bool) -> str:
        """The term of one raw token; "" for a token that ends a run."""
        if not token[0].isalpha():
            return ""  # punctuation
        if "_" in token:
            return token.replace("_", " ")  # an alias
        if token.endswith("'s"):
            token = token[:-2]
        if "'" in token:
            token = token.strip("'")
        if len(token) < self.min_length or token in self.stopwords:
            return ""
        return self.folds.get(token, token) if fold else token

    def tokens(self, text: str, *, fold: bool = True) -> list[str]:
        """The kept words in order, with ``""`` where a run of adjacent words ends (at
        punctuation or a stopword): phrases never span a ``""``."""
        if self._alias_re is not None:
            text = self._alias_re.sub(self._alias, text)
        memo = self._memo.setdefault(fold, {})
        get = memo.get
        pieces = _PIECE.findall(text.lower())
        terms = [get(t) for t in pieces]
        if None in terms:
            for i, term in enumerate(terms):
                if term is None:
                    terms[i] = memo[pieces[i]] = self._term(pieces[i], fold)
        return terms

    def join_phrases(self, tokens: Sequence[str]) -> list[str]:
        """The terms of :meth:`tokens`' output, known phrases joined (left to right, greedily)."""
        phrases = self.phrases
        if not phrases:
            return [t for t in tokens if t]
        out: list[str] = []
        append = out.append
        i, n = 0, len(tokens) - 1
        while i < n:
            t = tokens[i]
            if t:
                if (t, tokens[i + 1]) in phrases:
                    append(f"{t} {tokens[i + 1]}")
                    i += 2
                    continue
                append(t)
            i += 1
        if i == n and tokens[n]:
            append(tokens[n])
        return out

    def __call__(self, doc: str | Sequence[str]) -> list[str]:
        if isinstance(doc, str):
            return self.join_phrases(self.tokens(doc))
        return list(doc)


@dataclass(frozen=True, slots=True)
class _Vectors:
    """The vectorised corpus, computed once and reused for every k."""

    matrix: sp.csr_matrix
    vectorizer: Any
    analyzer: TopicAnalyzer
    terms: np.ndarray
    kept: np.ndarray  # positions (in the corpus) of the articles that have at least one term


def topic_stopwords(extra: Iterable[str] | None = None) -> frozenset[str]:
    """:func:`edm_tools.clean.default_stopwords` plus ``data/topics_stopwords.txt`` and ``extra``.

    The topic list holds words that every EDM article uses whatever its subject (``analysts``,
    ``officials``, ``percent``): useful prose, useless as topic terms.
    """
    text = resources.files("edm_tools.data").joinpath("topics_stopwords.txt").read_text("utf-8")
    words = {w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#")}
    return default_stopwords() | frozenset(words) | frozenset(w.lower() for w in (extra or ()))


def topic_aliases() -> tuple[tuple[str, str], ...]:
    """(variant, term) pairs of ``data/topics_aliases.txt``: ``("U.S.", "united states")``."""
    text = resources.files("edm_tools.data").joinpath("topics_aliases.txt").read_text("utf-8")
    pairs = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        term, _, variants = line.partition("\t")
        pairs.extend((v.strip(), term.strip().lower()) for v in variants.split("|") if v.strip())
    return tuple(pairs)


def _plural_folds(counts: Mapping[str, int]) -> dict[str, str]:
    """Map plural and singular forms to the form the corpus uses more often.

    Conservative: ``-ies``/``-y``, ``-sses``/``-xes``/``-ches``/``-shes`` and a plain ``-s``
    (not after ``s``, ``u`` or ``i``: ``gas``, ``status``, ``crisis`` stay), and only when both
    forms occur in the corpus.
    """
    folds: dict[str, str] = {}
    for word, n in counts.items():
        if len(word) < 4 or not word.endswith("s") or "-" in word:
            continue
        if word.endswith("ies"):
            base = word[:-3] + "y"
        elif word.endswith(("sses", "xes", "ches", "shes")):
            base = word[:-2]
        elif word.endswith(("ss", "us", "is")):
            continue
        else:
            base = word[:-1]
        m = counts.get(base)
        if m:
            head, tail = (word, base) if n > m else (base, word)
            folds[tail] = head
    return folds


def _learn_phrases(token_lists: Sequence[list[str]], *, min_count: int,
                   threshold: float) -> frozenset[tuple[str, str]]:
    """Adjacent pairs whose normalised PMI (gensim's ``npmi_scorer``) reaches ``threshold``."""
    unigrams: Counter = Counter()
    bigrams: Counter = Counter()
    for tokens in token_lists:
        unigrams.update(tokens)
        bigrams.update(zip(tokens, tokens[1:]))
    unigrams.pop("", None)
    total = sum(unigrams.values())
    if not total:
        return frozenset()
    phrases = set()
    for (a, b), n in bigrams.items():
        if n < min_count or not a or not b:
            continue
        p_ab = n / total
        if p_ab >= 1.0:
            continue
        score = math.log(p_ab / (unigrams[a] / total * unigrams[b] / total)) / -math.log(p_ab)
        if score >= threshold:
            phrases.add((a, b))
    return frozenset(phrases)


def learn_analyzer(texts: Iterable[str], *, stopwords: Iterable[str] | None = None,
                   phrases: bool = True, fold_plurals: bool = True, aliases: bool = True,
                   phrase_min_count: int | None = None, phrase_threshold: float = 0.5,
                   ) -> tuple[TopicAnalyzer, list[list[str]]]:
    """Learn plural folds and phrases from ``texts``; return the analyzer and each text's terms.

    Parameters
    ----------
    texts
        Modelling texts (``model_text``).
    stopwords
        Replaces :func:`topic_stopwords` when given.
    phrases, fold_plurals, aliases
        Join frequent adjacent pairs; fold plural and singular forms; map the names of
        :func:`topic_aliases` (``U.S.`` -> ``united states``).
    phrase_min_count
        Least number of occurrences of a phrase; ``None``: 5, or one per 1,000 texts if more.
    phrase_threshold
        Least normalised PMI of a phrase (-1..1).
    """
    stop = topic_stopwords() if stopwords is None else frozenset(w.lower() for w in stopwords)
    alias_pairs = topic_aliases() if aliases else ()
    raw = TopicAnalyzer(stop, aliases=alias_pairs)
    token_lists = [raw.tokens(t, fold=False) for t in texts]
    folds: dict[str, str] = {}
    if fold_plurals:
        counts: Counter = Counter()
        for tokens in token_lists:
            counts.update(tokens)
        counts.pop("", None)
        folds = _plural_folds(counts)
        if folds:
            get = folds.get
            token_lists = [[get(t, t) for t in tokens] for tokens in token_lists]
    pairs: frozenset = frozenset()
    if phrases:
        min_count = phrase_min_count or max(5, len(token_lists) // 1000)
        pairs = _learn_phrases(token_lists, min_count=min_count, threshold=phrase_threshold)
    analyzer = TopicAnalyzer(stop, folds, pairs, alias_pairs)
    return analyzer, [analyzer.join_phrases(tokens) for tokens in token_lists]


# ---------------------------------------------------------------------------------------------
# Quality measures


def topic_coherence(top_terms: Sequence[Sequence[str]] | np.ndarray, doc_term, *,
                    vocabulary: Mapping[str, int] | None = None) -> np.ndarray:
    """NPMI coherence of each topic over document co-occurrence.

    The mean, over pairs of a topic's top terms, of ``log(p(a, b) / (p(a) p(b))) / -log(p(a,
    b))``, where ``p`` is the share of documents that contain the terms. It is gensim's
    ``CoherenceModel(coherence="c_npmi")`` with a window as long as the longest document
    (the same epsilon of 1e-12), computed on the sparse matrix for the top terms only. A pair
    with a term in no document scores -1; a pair of terms that are in every document, 0.

    Parameters
    ----------
    top_terms
        One sequence of terms per topic, or an integer array (topics x terms) of columns of
        ``doc_term``.
    doc_term
        Documents x terms matrix (any counts or weights; only > 0 matters).
    vocabulary
        Term -> column of ``doc_term``; needed when ``top_terms`` holds strings.

    Returns
    -------
    Array of one NPMI (-1..1) per topic.
    """
    doc_term = sp.csc_matrix(doc_term)
    n_docs = doc_term.shape[0]
    if n_docs == 0:
        raise ParameterError("topic_coherence needs at least one document; the matrix has none.")
    index = _term_index(top_terms, vocabulary, doc_term.shape[1])
    if index.shape[1] < 2:
        return np.full(index.shape[0], np.nan)
    columns, inverse = np.unique(index, return_inverse=True)
    inverse = inverse.reshape(index.shape)
    present = (doc_term[:, columns] > 0).astype(np.float64)
    co = np.asarray((present.T @ present).todense())
    return _npmi_from_counts(co, n_docs, inverse)


def _term_index(top_terms, vocabulary, n_terms: int) -> np.ndarray:
    if isinstance(top_terms, np.ndarray) and top_terms.dtype.kind in "iu":
        index = top_terms
    else:
        if vocabulary is None:
            raise ParameterError(
                "topic_coherence got terms as strings but no vocabulary: pass "
                "vocabulary={term: column} (e.g. vectorizer.vocabulary_).")
        rows = [list(t) for t in top_terms]
        missing = sorted({w for row in rows for w in row if w not in vocabulary})
        if missing:
            raise ParameterError(
                f"topic_coherence: {len(missing)} top term(s) are not in the vocabulary "
                f"({', '.join(map(repr, missing[:5]))}). Build the reference matrix with a "
                "column for every term.")
        if len({len(r) for r in rows}) > 1:
            raise ParameterError("topic_coherence needs the same number of terms per topic.")
        index = np.array([[vocabulary[w] for w in r] for r in rows], dtype=np.int64)
    if index.ndim != 2:
        raise ParameterError("top_terms must be a table of topics x terms.")
    if index.size and (index.min() < 0 or index.max() >= n_terms):
        raise ParameterError("top_terms holds a column outside the document-term matrix.")
    return index


def _npmi_from_counts(co: np.ndarray, n_docs: int, inverse: np.ndarray) -> np.ndarray:
    """Per-topic mean NPMI from the co-document counts of the top terms (diagonal = df)."""
    df = np.diag(co)
    p = df / n_docs
    p_ab = co / n_docs
    with np.errstate(divide="ignore", invalid="ignore"):
        npmi = np.log((p_ab + _EPSILON) / np.outer(p, p)) / -np.log(p_ab + _EPSILON)
    npmi[(p[:, None] == 0) | (p[None, :] == 0)] = -1.0
    npmi[co >= n_docs] = 0.0
    n = inverse.shape[1]
    upper = np.triu_indices(n, 1)
    return np.array([npmi[np.ix_(row, row)][upper].mean() for row in inverse])


def topic_diversity(top_terms: Sequence[Sequence[str]] | np.ndarray) -> float:
    """Share of distinct terms among all topics' top terms (1.0: no topic shares a term)."""
    rows = [list(r) for r in top_terms]
    total = sum(len(r) for r in rows)
    if not total:
        return float("nan")
    return len({t for r in rows for t in r}) / total


def topic_coverage(weights: np.ndarray, top_index: np.ndarray, doc_term) -> float:
    """Share of documents that use at least one top term of their dominant topic.

    Coherence and diversity only judge the topics a model shows; a model with too few topics
    can show a few pure ones and leave whole themes without any (their articles load on no
    topic, or on one whose words they do not use). Coverage counts those articles.

    Parameters
    ----------
    weights
        Document-topic weights (documents x topics), rows matching ``doc_term``.
    top_index
        Columns of ``doc_term`` of each topic's top terms (topics x terms).
    doc_term
        Documents x terms matrix (only > 0 matters).
    """
    doc_term = sp.csr_matrix(doc_term)
    if doc_term.shape[0] == 0:
        return float("nan")
    dominant = np.asarray(weights).argmax(axis=1)
    loaded = np.asarray(weights).max(axis=1) > 0
    covered = 0
    for t in range(top_index.shape[0]):
        rows = np.flatnonzero((dominant == t) & loaded)
        if len(rows):
            hits = doc_term[rows][:, top_index[t]].getnnz(axis=1)
            covered += int((hits > 0).sum())
    return covered / doc_term.shape[0]


def topic_stability(reference: np.ndarray, others: Sequence[np.ndarray], *,
                    n_top: int = N_TOP) -> np.ndarray:
    """How well each topic of ``reference`` reappears in other fits of the same model.

    Topics are matched one to one (Hungarian algorithm on the cosine of topic-term vectors);
    a topic's stability is the share of its ``n_top`` terms that its match also has among its
    top terms, averaged over ``others``.

    Parameters
    ----------
    reference
        Topic-term weights (topics x terms), e.g. ``model.components_``.
    others
        The same for fits from other seeds.

    Returns
    -------
    Array of one stability (0..1) per topic of ``reference``; NaN without ``others``.
    """
    from scipy.optimize import linear_sum_assignment

    k = reference.shape[0]
    if not others:
        return np.full(k, np.nan)
    ref_unit = _unit_rows(reference)
    ref_top = np.argsort(-reference, axis=1)[:, :n_top]
    scores = np.zeros(k)
    for other in others:
        cosine = ref_unit @ _unit_rows(other).T
        rows, cols = linear_sum_assignment(-cosine)
        other_top = np.argsort(-other, axis=1)[:, :n_top]
        for r, c in zip(rows, cols):
            scores[r] += len(set(ref_top[r]) & set(other_top[c])) / n_top
    return scores / len(others)


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def default_k_grid(n_docs: int) -> tuple[int, ...]:
    """The numbers of topics tried by ``k="auto"``: every k from 2 to 12 for a small corpus,
    a spread up to 50 for a large one, never more than one topic per 5 articles."""
    upper = max(2, min(50, n_docs // 5))
    if upper <= 12:
        return tuple(range(2, upper + 1))
    return tuple(k for k in (4, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50) if k <= upper)


# ---------------------------------------------------------------------------------------------
# The result


@dataclass(frozen=True, slots=True)
class TopicModelResult:
    """A fitted topic model and its tables.

    Attributes
    ----------
    terms
        ``topic`` (int64, 0..k-1), ``rank`` (int64, 1 = strongest), ``term`` (string; a phrase
        is two words with a space), ``weight`` (float64, the topic's weight on the term, each
        topic's weights over the whole vocabulary summing to 1).
    topics
        One row per topic: ``topic``, ``label`` (its three top terms, ``"gas / pipeline /
        gazprom"``), ``size`` (int64, articles whose dominant topic it is), ``share`` (float64,
        its mean share over the articles with modelled words: the corpus-wide prevalence), ``coherence`` (NPMI of its
        top 10 terms, -1..1), ``stability`` (0..1, share of its top 10 terms that the matching
        topic of other seeds shares; NaN with one seed), ``top_terms`` (the top 10, comma
        separated), ``representative_doc_id`` and ``representative_title`` (the article where the
        topic's share is highest).
    doc_topics
        ``doc_id`` (string), ``topic`` (int64), ``weight`` (float64): each article's share of
        each topic, k rows per article, summing to 1 (0 for every topic when none of the
        article's words is in the vocabulary).
    dominant
        One row per article: ``doc_id``, ``year`` (Int64), ``date`` (datetime64[ns]), ``topic``
        (Int64, missing when the article has no modelled words), ``weight`` (its share), ``label``.
    prevalence
        ``year`` (int64), ``topic`` (int64), ``share`` (float64: mean of the articles' topic
        shares that year; the shares of a year sum to 1), ``n_docs`` (int64, articles that year).
    prevalence_monthly
        The same by ``month`` (datetime64[ns], first day of the month), for articles with a date;
        empty when none has one.
    k_curve
        One row per k tried when ``k="auto"`` (else None): ``k``, ``coherence`` (mean NPMI),
        ``diversity``, ``coverage`` (:func:`topic_coverage`), ``score`` (coherence x diversity
        x coverage, the criterion), ``reconstruction_error`` (NMF; NaN for LDA),
        ``fit_seconds``, ``selected`` (bool).
    k, method, seed
        The fitted number of topics, ``"nmf"`` or ``"lda"``, the seed.
    coherence, diversity, stability
        Means over topics (stability NaN with one seed).
    fit_seconds
        Wall time of the whole fit.
    model_, vectorizer_
        The fitted scikit-learn estimator and vectorizer (``vectorizer_.transform(texts)`` then
        ``model_.transform`` scores new articles; ``vectorizer_.analyzer`` is the
        :class:`TopicAnalyzer`).
    """

    terms: pd.DataFrame
    topics: pd.DataFrame
    doc_topics: pd.DataFrame
    dominant: pd.DataFrame
    prevalence: pd.DataFrame
    prevalence_monthly: pd.DataFrame
    k_curve: pd.DataFrame | None
    k: int
    method: str
    seed: int
    coherence: float
    diversity: float
    stability: float
    fit_seconds: float
    model_: Any
    vectorizer_: Any

    def top_terms(self, n: int = N_TOP) -> list[list[str]]:
        """The ``n`` top terms of each topic, in topic order."""
        t = self.terms[self.terms["rank"] <= n].sort_values(["topic", "rank"])
        return [list(g["term"]) for _, g in t.groupby("topic", sort=True)]


# ---------------------------------------------------------------------------------------------
# Checking arguments


def _check_method(method: str) -> str:
    if not isinstance(method, str) or method.lower() not in METHODS:
        raise ParameterError(
            f"Unknown topic-model method {method!r}. Use 'nmf' (NMF on TF-IDF, the default) or "
            "'lda' (LDA on counts).")
    return method.lower()


def _check_k(k, *, allow_auto: bool = True) -> int | str:
    if isinstance(k, str) and allow_auto and k.strip().lower() == "auto":
        return "auto"
    if isinstance(k, str) and k.strip().isdigit():
        k = int(k)
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        hint = "an integer >= 2 or 'auto'" if allow_auto else "an integer >= 2"
        raise ParameterError(f"k must be {hint}, got {k!r}.")
    if k < 2:
        raise ParameterError(
            f"k must be at least 2 topics, got k={k}. One topic describes nothing; use k=2 or "
            "more, or k='auto'.")
    return int(k)


def _check_grid(k_grid, n_docs: int) -> tuple[int, ...]:
    grid = default_k_grid(n_docs) if k_grid is None else tuple(k_grid)
    for k in grid:
        _check_k(k, allow_auto=False)
    grid = tuple(sorted({int(k) for k in grid}))
    usable = tuple(k for k in grid if k <= n_docs)
    if not usable:
        raise ParameterError(
            f"The corpus has {n_docs} article(s) with modelled words, too few for any k in "
            f"k_grid={list(grid)}: every k needs at least k articles. Use a smaller grid or add "
            "articles.")
    return usable


def _check_size(n_docs: int, k: int) -> None:
    if n_docs < k:
        raise ParameterError(
            f"The corpus has {n_docs} article(s) with modelled words, too few for k={k} topics: "
            f"a model needs at least k articles (better 10 per topic). Lower k or add articles.")


def _check_common(n_seeds: int, n_terms: int) -> None:
    if isinstance(n_seeds, bool) or not isinstance(n_seeds, (int, np.integer)) or n_seeds < 1:
        raise ParameterError(f"n_seeds must be an integer >= 1, got {n_seeds!r}.")
    if isinstance(n_terms, bool) or not isinstance(n_terms, (int, np.integer)) or n_terms < 2:
        raise ParameterError(f"n_terms must be an integer >= 2, got {n_terms!r}.")


def _texts(corpus: pd.DataFrame, caller: str) -> list[str]:
    """The modelling texts, computed from ``text`` when ``model_text`` is absent."""
    schemas.require_columns(corpus, ("doc_id",), caller=caller)
    if "model_text" in corpus.columns:
        return ["" if pd.isna(t) else str(t) for t in corpus["model_text"]]
    if "text" in corpus.columns:
        return [model_text("" if pd.isna(t) else str(t)) for t in corpus["text"]]
    raise schemas.SchemaError(
        f"{caller} needs a model_text column (or text, to clean): pass the articles of "
        "edm_tools.prepare_corpus(...) or edm_tools.clean_corpus(...).")


def _check_unique(doc_ids: pd.Series, caller: str) -> None:
    duplicated = doc_ids[doc_ids.duplicated()]
    if len(duplicated):
        raise ParameterError(
            f"{caller} needs one row per article, but {len(duplicated)} doc_id(s) repeat "
            f"({', '.join(map(repr, duplicated.unique()[:3].tolist()))}). Drop the duplicates "
            "(load_corpus does) or make the ids unique.")


def _default_min_df(n_docs: int) -> int:
    """At least 2 articles, and one in 2,000 for a large archive."""
    return max(2, n_docs // 2000)


# ---------------------------------------------------------------------------------------------
# Fitting


def _vectorize(texts: list[str], *, method: str, stopwords, phrases: bool, fold_plurals: bool,
               aliases: bool, min_df, max_df, max_features, sublinear_tf: bool) -> _Vectors:
    """Analyse every article once, count, prune and weight: the matrix every k reuses."""
    from sklearn.feature_extraction.text import TfidfTransformer

    analyzer, term_lists = learn_analyzer(texts, stopwords=stopwords, phrases=phrases,
                                          fold_plurals=fold_plurals, aliases=aliases)
    has_terms = np.flatnonzero([bool(t) for t in term_lists])
    if len(has_terms) == 0:
        raise ParameterError(
            "No article has any word left to model after removing stopwords: check that the "
            "corpus holds prose in model_text (or text), and the stopword list.")
    counts, names = _count(term_lists[i] for i in has_terms)
    del term_lists
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    columns = _prune(df, names, len(has_terms), min_df=min_df, max_df=max_df,
                     max_features=max_features)
    counts = counts[:, columns]
    vocabulary = {names[c]: i for i, c in enumerate(columns)}
    row_has = np.diff(counts.indptr) > 0
    kept = has_terms[row_has]
    if not row_has.all():  # articles whose words were all pruned
        counts = counts[row_has]
    if method == "nmf":
        transformer = TfidfTransformer(sublinear_tf=sublinear_tf)
        transformer.idf_ = _idf(df[columns], len(has_terms))
        matrix = transformer.transform(counts).astype(np.float32)  # NMF keeps float32: faster
    else:
        matrix = counts.astype(np.float64)
    vectorizer = _fixed_vectorizer(method, analyzer, vocabulary, _idf(df[columns], len(has_terms)),
                                   sublinear_tf=sublinear_tf)
    return _Vectors(sp.csr_matrix(matrix), vectorizer, analyzer,
                    np.array([names[c] for c in columns], dtype=object), kept)


def _count(term_lists: Iterable[list[str]]) -> tuple[sp.csr_matrix, list[str]]:
    """Documents x terms counts, and the terms in column order (first seen first)."""
    from array import array

    vocabulary: dict[str, int] = {}
    setdefault = vocabulary.setdefault
    indices = array("q")  # 8-byte integers on every platform
    indptr = array("q", [0])
    for terms in term_lists:
        indices.extend([setdefault(t, len(vocabulary)) for t in terms])
        indptr.append(len(indices))
    indices_np = np.frombuffer(indices, dtype=np.int64) if len(indices) else np.zeros(0, np.int64)
    matrix = sp.csr_matrix(
        (np.ones(len(indices_np), dtype=np.float64), indices_np, np.frombuffer(indptr, np.int64)),
        shape=(len(indptr) - 1, len(vocabulary)))
    matrix.sum_duplicates()
    return matrix, list(vocabulary)


def _prune(df: np.ndarray, names: Sequence[str], n_docs: int, *, min_df, max_df,
           max_features) -> np.ndarray:
    """Columns kept by min_df / max_df / max_features, in alphabetical order of their terms.

    As scikit-learn's vectorizers: an integer is a number of articles, a float in [0, 1] a
    share of them; ``max_features`` keeps the terms found in most articles.
    """
    min_count = _doc_count(_default_min_df(n_docs) if min_df is None else min_df, n_docs,
                           "min_df")
    max_count = _doc_count(max_df, n_docs, "max_df")
    keep = np.flatnonzero((df >= min_count) & (df <= max_count))
    if len(keep) == 0:
        raise ParameterError(
            f"After pruning, no terms remain (min_df={min_df!r}: in at least {min_count:g} "
            f"articles; max_df={max_df!r}: in at most {max_count:g} of {n_docs}). Try a lower "
            "min_df or a higher max_df, or add articles.")
    if max_features is not None:
        if isinstance(max_features, bool) or not isinstance(max_features, (int, np.integer)) \
                or max_features < 1:
            raise ParameterError(f"max_features must be a positive integer or None, got "
                                 f"{max_features!r}.")
        if len(keep) > max_features:
            order = sorted(keep, key=lambda c: (-df[c], names[c]))
            keep = np.array(order[:max_features])
    return np.array(sorted(keep, key=lambda c: names[c]), dtype=np.int64)


def _doc_count(value, n_docs: int, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ParameterError(f"{name} must be a number of articles (int) or a share (float in "
                             f"[0, 1]), got {value!r}.")
    if isinstance(value, (int, np.integer)):
        if value < 0:
            raise ParameterError(f"{name} must be >= 0, got {value}.")
        return float(value)
    if not 0.0 <= value <= 1.0:
        raise ParameterError(f"{name} as a share must be in [0, 1], got {value}; pass an "
                             "integer for a number of articles.")
    return value * n_docs


def _idf(df: np.ndarray, n_docs: int) -> np.ndarray:
    return np.log((1 + n_docs) / (1 + df.astype(np.float64))) + 1  # scikit-learn's smooth idf


def _make_model(method: str, k: int, seed: int, *, init: str | None, max_iter: int | None,
                n_docs: int):
    if method == "nmf":
        from sklearn.decomposition import NMF

        # Random starts converge slowly; 200 iterations bring them within 0.1% of the
        # objective of 400 on a 20,000-article archive, at half the time.
        default_iter = 200 if init == "random" else 400
        return NMF(n_components=k, init=init or "nndsvda", random_state=seed,
                   max_iter=max_iter or default_iter, tol=1e-4)
    from sklearn.decomposition import LatentDirichletAllocation

    online = n_docs > 5000
    return LatentDirichletAllocation(
        n_components=k, random_state=seed, learning_method="online" if online else "batch",
        max_iter=max_iter or (10 if online else 50), batch_size=512, n_jobs=None)


def _fit_one(matrix, method: str, k: int, seed: int, *, init: str | None = None,
             max_iter: int | None = None):
    import warnings

    from sklearn.exceptions import ConvergenceWarning

    model = _make_model(method, k, seed, init=init, max_iter=max_iter, n_docs=matrix.shape[0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        weights = model.fit_transform(matrix)
    return model, weights


def _init(i: int) -> str:
    """NMF start of the i-th fit: nndsvda (SVD-based, fast to converge) first, random after."""
    return "nndsvda" if i == 0 else "random"


def _fit_restarts(matrix, method: str, k: int, seed: int, n_seeds: int, *, max_iter,
                  first=None):
    """Fit ``n_seeds`` times (seeds seed, seed + 1, ...) and keep the medoid.

    The medoid is the fit whose topics the other fits reproduce best (mean
    :func:`topic_stability`), so no single start decides the result; its stability against the
    other fits is returned with it. ``first`` is an already-made fit for ``seed``.
    """
    fits = [first or _fit_one(matrix, method, k, seed, init=_init(0), max_iter=max_iter)]
    fits += [_fit_one(matrix, method, k, seed + i, init=_init(i), max_iter=max_iter)
             for i in range(1, n_seeds)]
    best, stability = _medoid([f[0].components_ for f in fits])
    return fits[best][0], fits[best][1], stability


def _medoid(components: Sequence[np.ndarray]) -> tuple[int, np.ndarray]:
    """The fit whose topics the others reproduce best, and its per-topic stability."""
    if len(components) == 1:
        return 0, np.full(components[0].shape[0], np.nan)
    agreement = [
        topic_stability(c, [o for j, o in enumerate(components) if j != i])
        for i, c in enumerate(components)
    ]
    best = int(np.argmax([a.mean() for a in agreement]))
    return best, agreement[best]


def _top_index(components: np.ndarray, n: int) -> np.ndarray:
    """Columns of each topic's n strongest terms, strongest first (ties by column)."""
    order = np.argsort(-components, axis=1, kind="stable")
    return order[:, :n]


def fit_topics(corpus: pd.DataFrame, *, k: int | str = "auto", method: str = "nmf",
               k_grid: Sequence[int] | None = None, seed: int = 0, n_seeds: int = 3,
               phrases: bool = True, fold_plurals: bool = True, aliases: bool = True,
               stopwords: Iterable[str] | None = None, min_df: int | float | None = None,
               max_df: int | float = 0.5, max_features: int | None = 50_000,
               sublinear_tf: bool = False, n_terms: int = 20,
               max_iter: int | None = None) -> TopicModelResult:
    """Fit a topic model to the articles and describe its topics, stability and prevalence.

    Parameters
    ----------
    corpus
        Articles with ``doc_id`` and ``model_text`` (or ``text``, cleaned here); ``year``,
        ``date`` and ``title`` are used when present (as from :func:`edm_tools.prepare_corpus`).
    k
        Number of topics, or ``"auto"`` to choose it from ``k_grid`` by NPMI coherence x
        topic diversity (see :attr:`TopicModelResult.k_curve`).
    method
        ``"nmf"``: NMF on sublinear TF-IDF (default); ``"lda"``: LDA on counts.
    k_grid
        The ks tried by ``k="auto"``; default :func:`default_k_grid`. Values above the number
        of articles are skipped.
    seed
        Random seed; the same seed gives the same result.
    n_seeds
        Fits of the chosen k: one from an SVD-based start (nndsvda) and ``n_seeds - 1`` from
        random starts (seeds ``seed + 1``, ...). The result is the fit the others reproduce
        best, and they give each topic's stability. ``1``: one fit, no stability (faster).
    phrases, fold_plurals, aliases
        Join frequent adjacent word pairs (``foreign minister``); fold plural and singular
        forms; map the names of :func:`topic_aliases` (``U.S.`` -> ``united states``).
    stopwords
        Replaces :func:`topic_stopwords` when given.
    min_df, max_df, max_features
        Vocabulary pruning as in scikit-learn's vectorizers (an integer counts articles, a
        float is a share). ``min_df=None``: 2 articles, or one in 2,000 in a large archive.
        ``max_df=0.5`` drops words in over half the articles; ``max_features`` keeps the
        terms found in most articles.
    sublinear_tf
        Use 1 + log(count) instead of the count in TF-IDF (NMF only). Off by default: on the
        labelled development corpus it lowered agreement with the themes (see
        benchmarks/eval_topics.py --ablation).
    n_terms
        Terms per topic in :attr:`TopicModelResult.terms`.
    max_iter
        Iterations of the model; ``None``: 400 for NMF from the SVD start and 200 from a
        random start, 50 for LDA (10 online passes above 5,000 articles).

    Returns
    -------
    TopicModelResult

    Raises
    ------
    ParameterError
        For a bad k, method, grid or seed count, a corpus with fewer articles than k, or a
        vocabulary left empty by pruning.
    """
    start = time.perf_counter()
    method = _check_method(method)
    k = _check_k(k)
    _check_common(n_seeds, n_terms)
    texts = _texts(corpus, "fit_topics")
    _check_unique(corpus["doc_id"].astype(str), "fit_topics")
    if k != "auto":
        _check_size(sum(bool(t.strip()) for t in texts), k)
    vectors = _vectorize(texts, method=method, stopwords=stopwords, phrases=phrases,
                         fold_plurals=fold_plurals, aliases=aliases, min_df=min_df, max_df=max_df,
                         max_features=max_features, sublinear_tf=sublinear_tf)
    matrix = vectors.matrix
    n_docs = matrix.shape[0]
    present = sp.csc_matrix((matrix > 0).astype(np.float32))
    k_curve = None
    first = None
    if k == "auto":
        rows, best = [], None
        for kk in _check_grid(k_grid, n_docs):
            t0 = time.perf_counter()
            fit = _fit_one(matrix, method, kk, seed, init=_init(0), max_iter=max_iter)
            top = _top_index(fit[0].components_, N_TOP)
            coherence = float(topic_coherence(top, present).mean())
            diversity = topic_diversity(top)
            coverage = topic_coverage(fit[1], top, present)
            score = coherence * diversity * coverage
            error = getattr(fit[0], "reconstruction_err_", float("nan"))
            rows.append((kk, coherence, diversity, coverage, score, float(error),
                         time.perf_counter() - t0, False))
            if best is None or score > best[0] + 1e-9:
                best = (score, kk, fit)
        _, k, first = best
        k_curve = pd.DataFrame(rows, columns=list(K_CURVE))
        k_curve["selected"] = k_curve["k"] == k
        k_curve = k_curve.astype({"k": "int64", "selected": "bool"})
    else:
        _check_size(n_docs, k)
    model, weights, stability = _fit_restarts(matrix, method, k, seed, n_seeds,
                                              max_iter=max_iter, first=first)
    top = _top_index(model.components_, N_TOP)
    coherence = topic_coherence(top, present)
    return _build_result(
        _doc_meta(corpus, np.arange(len(corpus))), vectors.kept, weights, model.components_,
        vectors.terms, coherence=coherence, stability=stability, k_curve=k_curve,
        method=method, seed=seed, n_terms=n_terms, model=model,
        vectorizer=vectors.vectorizer, start=start)


def _doc_meta(corpus: pd.DataFrame, positions: np.ndarray) -> pd.DataFrame:
    """doc_id, year, date, title of the articles at ``positions`` (missing columns as NA)."""
    sub = corpus.iloc[positions]
    n = len(sub)
    year = sub["year"] if "year" in sub.columns else pd.Series([pd.NA] * n)
    date = sub["date"] if "date" in sub.columns else pd.Series([pd.NaT] * n)
    title = sub["title"] if "title" in sub.columns else pd.Series([pd.NA] * n)
    return pd.DataFrame({
        "doc_id": pd.array(sub["doc_id"].astype(str).to_numpy(), dtype="string"),
        "year": pd.array(pd.to_numeric(pd.Series(np.asarray(year, dtype=object)),
                                       errors="coerce"), dtype="Int64"),
        "date": pd.to_datetime(pd.Series(np.asarray(date, dtype=object)),
                               errors="coerce").astype("datetime64[ns]"),
        "title": pd.array(np.asarray(title, dtype=object), dtype="string"),
    })


def _build_result(all_meta: pd.DataFrame, kept: np.ndarray, weights: np.ndarray,
                  components: np.ndarray, feature_names: np.ndarray, *, coherence: np.ndarray,
                  stability: np.ndarray, k_curve, method: str, seed: int, n_terms: int, model,
                  vectorizer, start: float) -> TopicModelResult:
    """The tables, from the modelled articles' raw weights and the topic-term weights.

    ``all_meta`` describes every article of the corpus (see :func:`_doc_meta`); ``weights``
    holds the rows of the modelled ones, at positions ``kept``. Articles without modelled
    words still get rows (weight 0, no dominant topic).
    """
    k = components.shape[0]
    totals = weights.sum(axis=1, keepdims=True)
    shares = np.divide(weights, totals, out=np.zeros_like(weights, dtype=np.float64),
                       where=totals > 0)
    full = np.zeros((len(all_meta), k))
    full[kept] = shares
    has = full.sum(axis=1) > 0

    topic_terms = components / np.maximum(components.sum(axis=1, keepdims=True), 1e-300)
    n_terms = min(n_terms, components.shape[1])
    top = _top_index(components, n_terms)
    terms = pd.DataFrame({
        "topic": np.repeat(np.arange(k, dtype=np.int64), n_terms),
        "rank": np.tile(np.arange(1, n_terms + 1, dtype=np.int64), k),
        "term": pd.array(feature_names[top].ravel(), dtype="string"),
        "weight": np.take_along_axis(topic_terms, top, axis=1).ravel().astype(np.float64),
    })
    top10 = feature_names[top[:, :N_TOP]]
    labels = [" / ".join(row[:_LABEL_TERMS]) for row in top10]

    dominant_topic = np.where(has, full.argmax(axis=1), -1)
    dominant_weight = np.where(has, full.max(axis=1), np.nan)
    dominant = pd.DataFrame({
        "doc_id": all_meta["doc_id"].to_numpy(),
        "year": all_meta["year"].to_numpy(),
        "date": all_meta["date"].to_numpy(),
        "topic": pd.array(np.where(has, dominant_topic, 0), dtype="Int64"),
        "weight": dominant_weight,
        "label": pd.array([labels[t] if t >= 0 else pd.NA for t in dominant_topic],
                          dtype="string"),
    })
    dominant.loc[~has, "topic"] = pd.NA
    dominant = dominant.astype({"doc_id": "string", "year": "Int64",
                                "date": "datetime64[ns]"})

    doc_topics = pd.DataFrame({
        "doc_id": pd.array(np.repeat(all_meta["doc_id"].to_numpy(), k), dtype="string"),
        "topic": np.tile(np.arange(k, dtype=np.int64), len(all_meta)),
        "weight": full.ravel().astype(np.float64),
    })

    size = np.bincount(dominant_topic[has], minlength=k).astype(np.int64)
    share = full[has].mean(axis=0) if has.any() else np.zeros(k)
    best_doc = np.argmax(np.where(has[:, None], full, -1.0), axis=0)
    topics = pd.DataFrame({
        "topic": np.arange(k, dtype=np.int64),
        "label": pd.array(labels, dtype="string"),
        "size": size,
        "share": share.astype(np.float64),
        "coherence": np.asarray(coherence, dtype=np.float64),
        "stability": np.asarray(stability, dtype=np.float64),
        "top_terms": pd.array([", ".join(r) for r in top10], dtype="string"),
        "representative_doc_id": pd.array(all_meta["doc_id"].to_numpy()[best_doc],
                                          dtype="string"),
        "representative_title": pd.array(all_meta["title"].to_numpy()[best_doc],
                                         dtype="string"),
    })

    prevalence = _prevalence(full[has], all_meta["year"].to_numpy()[has], "year", k)
    dates = all_meta["date"].to_numpy()[has]
    months = pd.to_datetime(pd.Series(dates)).dt.to_period("M").dt.to_timestamp()
    prevalence_monthly = _prevalence(full[has], months.to_numpy(), "month", k)
    prevalence_monthly["month"] = prevalence_monthly["month"].astype("datetime64[ns]")
    return TopicModelResult(
        terms=terms, topics=topics, doc_topics=doc_topics, dominant=dominant,
        prevalence=prevalence, prevalence_monthly=prevalence_monthly, k_curve=k_curve, k=k,
        method=method, seed=seed, coherence=float(np.mean(coherence)),
        diversity=topic_diversity(top10), stability=float(np.mean(stability)),
        fit_seconds=time.perf_counter() - start, model_=model, vectorizer_=vectorizer)


def _prevalence(shares: np.ndarray, periods: np.ndarray, column: str, k: int) -> pd.DataFrame:
    """Mean topic share per period (periods that are missing are left out)."""
    frame = pd.DataFrame(shares, columns=range(k))
    frame[column] = periods
    frame = frame[pd.notna(frame[column])]
    if frame.empty:
        out = pd.DataFrame({column: pd.Series(dtype="int64" if column == "year" else
                                              "datetime64[ns]"),
                            "topic": pd.Series(dtype="int64"),
                            "share": pd.Series(dtype="float64"),
                            "n_docs": pd.Series(dtype="int64")})
        return out
    grouped = frame.groupby(column, sort=True)
    means = grouped.mean()
    counts = grouped.size()
    long = means.stack().rename("share").reset_index()
    long.columns = [column, "topic", "share"]
    long["n_docs"] = long[column].map(counts).astype("int64")
    long["topic"] = long["topic"].astype("int64")
    if column == "year":
        long["year"] = long["year"].astype("int64")
    return long.sort_values([column, "topic"], ignore_index=True)


# ---------------------------------------------------------------------------------------------
# Streaming


def _chunks(source, batch_size: int) -> Callable[[], Iterator[pd.DataFrame]]:
    if isinstance(source, pd.DataFrame):
        return lambda: (source.iloc[i:i + batch_size] for i in range(0, len(source), batch_size))
    if callable(source):
        return source
    raise ParameterError(
        "fit_topics_streaming needs a DataFrame or a function that returns a fresh iterator "
        f"of DataFrame chunks on each call (it reads the corpus several times), got "
        f"{type(source).__name__}.")


def fit_topics_streaming(source: pd.DataFrame | Callable[[], Iterable[pd.DataFrame]], *,
                         k: int, method: str = "nmf", seed: int = 0, n_seeds: int = 1,
                         chunk_size: int = 2000, batch_size: int = 256, n_passes: int = 2,
                         phrases: bool = True,
                         fold_plurals: bool = True, aliases: bool = True,
                         stopwords: Iterable[str] | None = None, sample_size: int = 5000,
                         min_df: int | float | None = None,
                         max_df: float = 0.5, max_features: int | None = 50_000,
                         sublinear_tf: bool = False, n_terms: int = 20) -> TopicModelResult:
    """Fit a topic model chunk by chunk, for archives too large for :func:`fit_topics`.

    The corpus is read several times, one chunk at a time, and no document-term matrix of the
    whole corpus is ever built: (1) plural folds and phrases are learnt from a random sample
    of ``sample_size`` articles; (2) the vocabulary and document frequencies from all articles;
    (3) ``MiniBatchNMF`` (TF-IDF) or online ``LatentDirichletAllocation`` (counts) is fitted
    on the sample, then updated by ``n_passes`` passes of ``partial_fit`` over all articles;
    (4) every chunk is transformed for the tables and the coherence counts. Memory is bounded
    by ``sample_size`` and ``chunk_size``, not by the size of the archive. The result has the
    same tables as :func:`fit_topics` (``k_curve`` is None: choose k on a sample with
    ``fit_topics(sample, k="auto")``).

    Parameters
    ----------
    source
        A DataFrame (read in chunks of ``chunk_size`` rows), or a function returning a fresh
        iterable of DataFrame chunks each time it is called (e.g. reading Parquet row groups),
        with the columns :func:`fit_topics` needs.
    k
        Number of topics (an integer >= 2).
    n_seeds
        Fits used for stability (each costs the passes of step 3 and 4 again).
    chunk_size, batch_size, n_passes
        Rows per chunk of a DataFrame source; articles per model update (mini-batch); passes
        over the corpus in step 3.
    sample_size
        Articles (a random sample of the whole archive, drawn with ``seed``) used to learn
        plural folds and phrases and to start the model.
    method, seed, phrases, fold_plurals, aliases, stopwords, min_df, max_df, max_features,
    sublinear_tf, n_terms
        As for :func:`fit_topics` (``max_df`` as a share, ``min_df`` an integer or share,
        ``max_features`` keeps the terms in the most articles).

    Returns
    -------
    TopicModelResult
    """
    start = time.perf_counter()
    method = _check_method(method)
    k = _check_k(k, allow_auto=False)
    _check_common(n_seeds, n_terms)
    for name, value, least in (("chunk_size", chunk_size, 1), ("batch_size", batch_size, 1),
                               ("n_passes", n_passes, 0), ("sample_size", sample_size, 1)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < least:
            raise ParameterError(f"{name} must be an integer >= {least}, got {value!r}.")
    chunks = _chunks(source, chunk_size)

    # (1) Learn the analyzer on a sample spread over the whole archive (reservoir sampling).
    sample = _reservoir(chunks, sample_size, seed)
    analyzer, _ = learn_analyzer(sample, stopwords=stopwords, phrases=phrases,
                                 fold_plurals=fold_plurals, aliases=aliases)

    # (2) Vocabulary and document frequencies.
    df: Counter = Counter()
    n_docs = 0
    for chunk in chunks():
        for text in _texts(chunk, "fit_topics_streaming"):
            terms = analyzer(text)
            if terms:
                n_docs += 1
                df.update(set(terms))
    _check_size(n_docs, k)
    vocabulary, idf = _stream_vocabulary(df, n_docs, min_df=min_df, max_df=max_df,
                                         max_features=max_features)
    vectorizer = _fixed_vectorizer(method, analyzer, vocabulary, idf, sublinear_tf=sublinear_tf)
    feature_names = vectorizer.get_feature_names_out()

    def matrices():
        for chunk in chunks():
            texts = _texts(chunk, "fit_topics_streaming")
            yield chunk, sp.csr_matrix(vectorizer.transform(texts))

    # (3) Fit, (4) transform.
    start_matrix = sp.csr_matrix(vectorizer.transform(sample))
    start_matrix = start_matrix[np.diff(start_matrix.indptr) > 0]
    del sample
    fits = [_stream_fit(start_matrix, matrices, method, k, seed + i, n_docs, batch_size,
                        n_passes) for i in range(n_seeds)]
    best, stability = _medoid([m.components_ for m in fits])
    model = fits[best]
    top = _top_index(model.components_, N_TOP)
    columns, inverse = np.unique(top, return_inverse=True)
    inverse = inverse.reshape(top.shape)
    co = np.zeros((len(columns), len(columns)))
    n_rows = 0
    weights, kept, metas = [], [], []
    for chunk, matrix in matrices():
        present = (matrix[:, columns] > 0).astype(np.float64)
        co += (present.T @ present).toarray()
        metas.append(_doc_meta(chunk, np.arange(len(chunk))))
        rows = np.flatnonzero(np.diff(matrix.indptr) > 0)
        if len(rows):
            weights.append(model.transform(matrix[rows]))
            kept.append(rows + n_rows)
        n_rows += matrix.shape[0]
    kept = np.concatenate(kept)
    coherence = _npmi_from_counts(co, len(kept), inverse)  # as fit_topics: articles with terms
    all_meta = pd.concat(metas, ignore_index=True)
    _check_unique(all_meta["doc_id"], "fit_topics_streaming")
    return _build_result(
        all_meta, kept, np.vstack(weights), model.components_, feature_names,
        coherence=coherence, stability=stability, k_curve=None, method=method, seed=seed,
        n_terms=n_terms, model=model, vectorizer=vectorizer, start=start)


def _reservoir(chunks, size: int, seed: int) -> list[str]:
    """A uniform random sample of ``size`` modelling texts, in one pass (Algorithm R)."""
    rng = np.random.default_rng(seed)
    sample: list[str] = []
    seen = 0
    for chunk in chunks():
        for text in _texts(chunk, "fit_topics_streaming"):
            if seen < size:
                sample.append(text)
            else:
                j = int(rng.integers(seen + 1))
                if j < size:
                    sample[j] = text
            seen += 1
    return sample


def _stream_vocabulary(df: Counter, n_docs: int, *, min_df, max_df, max_features):
    names = list(df)
    counts = np.array([df[t] for t in names], dtype=np.int64)
    columns = _prune(counts, names, n_docs, min_df=min_df, max_df=max_df,
                     max_features=max_features)
    vocabulary = {names[c]: i for i, c in enumerate(columns)}
    return vocabulary, _idf(counts[columns], n_docs)


def _fixed_vectorizer(method: str, analyzer: TopicAnalyzer, vocabulary: dict, idf: np.ndarray,
                      *, sublinear_tf: bool):
    """A fitted scikit-learn vectorizer with our vocabulary and idf, for new articles."""
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

    if method == "lda":
        return CountVectorizer(analyzer=analyzer, vocabulary=vocabulary).fit([[]])
    vectorizer = TfidfVectorizer(analyzer=analyzer, vocabulary=vocabulary,
                                 sublinear_tf=sublinear_tf, dtype=np.float32)
    vectorizer.fit([[]])
    vectorizer.idf_ = idf
    return vectorizer


def _stream_fit(start_matrix, matrices, method: str, k: int, seed: int, n_docs: int,
                batch_size: int, n_passes: int):
    """Fit on the sample matrix, then ``n_passes`` passes of partial_fit over all chunks."""
    import warnings

    from sklearn.exceptions import ConvergenceWarning

    if method == "nmf":
        from sklearn.decomposition import MiniBatchNMF

        model = MiniBatchNMF(n_components=k, init="nndsvda", random_state=seed,
                             batch_size=batch_size)
    else:
        from sklearn.decomposition import LatentDirichletAllocation

        model = LatentDirichletAllocation(n_components=k, random_state=seed,
                                          learning_method="online", total_samples=n_docs,
                                          batch_size=batch_size)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        if start_matrix.shape[0] >= k:
            model.fit(start_matrix)
        for _ in range(n_passes):
            for _, matrix in matrices():
                matrix = matrix[np.diff(matrix.indptr) > 0]
                if method == "lda":  # LDA splits a chunk into mini-batches itself
                    if matrix.shape[0]:
                        model.partial_fit(matrix)
                    continue
                for lo in range(0, matrix.shape[0], batch_size):
                    batch = matrix[lo:lo + batch_size]
                    if hasattr(model, "components_") or batch.shape[0] >= k:
                        model.partial_fit(batch)
    if not hasattr(model, "components_"):
        raise ParameterError(
            f"fit_topics_streaming could not start the model: no chunk held {k} articles "
            f"with modelled words. Use a larger chunk_size and batch_size, or a smaller k.")
    return model


# ---------------------------------------------------------------------------------------------
# Figures and files


def plot_prevalence(result: TopicModelResult, *, by: str = "year", topics: Sequence[int] | None
                    = None, ax=None):
    """Topic prevalence over time as a stacked area chart; returns the matplotlib Figure.

    Parameters
    ----------
    result
        A fitted :class:`TopicModelResult`.
    by
        ``"year"`` or ``"month"`` (needs dated articles).
    topics
        The topics to show (default: all, the largest at the bottom).
    ax
        Axes to draw on; a new Figure when None.
    """
    from matplotlib.figure import Figure

    if by not in ("year", "month"):
        raise ParameterError(f"by must be 'year' or 'month', got {by!r}.")
    table = result.prevalence if by == "year" else result.prevalence_monthly
    column = by
    if ax is None:
        fig = Figure(figsize=(10, 5.5), layout="constrained")
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    labels = dict(zip(result.topics["topic"], result.topics["label"]))
    if table.empty:
        ax.text(0.5, 0.5, f"No articles with a {by}: prevalence over time is unavailable.",
                ha="center", va="center", transform=ax.transAxes)
    else:
        wide = table.pivot(index=column, columns="topic", values="share").fillna(0) * 100
        order = result.topics.sort_values("share", ascending=False)["topic"].tolist()
        if topics is not None:
            order = [t for t in order if t in set(topics)]
        wide = wide[order]
        names = [f"{t}: {labels[t]}" for t in order]
        x = wide.index.to_numpy()
        if len(wide) == 1:
            ax.bar(range(len(order)), wide.iloc[0].to_numpy(), tick_label=[str(t) for t in order])
            ax.set_xlabel("Topic")
        else:
            colors = _colors(len(order))
            ax.stackplot(x, wide.to_numpy().T, labels=names, colors=colors, alpha=0.9)
            ax.set_xlabel("Year" if by == "year" else "Month")
            ax.set_xlim(x.min(), x.max())
            if by == "year":
                from matplotlib.ticker import MaxNLocator

                ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small",
                      frameon=False, title="Topic")
        ax.set_ylim(0, None)
    ax.set_ylabel("Share of articles' topic weight (%)")
    ax.set_title(f"Topic prevalence by {by} ({result.method.upper()}, k={result.k})")
    return fig


def _colors(n: int):
    from matplotlib import colormaps

    cmap = colormaps["tab20"]
    return [cmap(i % 20) for i in range(n)]


def plot_k_curve(result: TopicModelResult, *, ax=None):
    """Coherence, diversity, coverage and their product against k (the choice of
    ``k="auto"``).

    Returns the matplotlib Figure; raises :class:`ParameterError` when k was given explicitly.
    """
    from matplotlib.figure import Figure

    if result.k_curve is None:
        raise ParameterError(
            "This result has no k curve: k was given explicitly. Fit with k='auto' (and a "
            "k_grid) to compare numbers of topics.")
    curve = result.k_curve
    if ax is None:
        fig = Figure(figsize=(7, 4.5), layout="constrained")
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    ax.plot(curve["k"], curve["coherence"], marker="o", label="NPMI coherence (-1..1)")
    ax.plot(curve["k"], curve["diversity"], marker="s", label="Topic diversity (0..1)")
    ax.plot(curve["k"], curve["coverage"], marker="v", label="Coverage (0..1)")
    ax.plot(curve["k"], curve["score"], marker="^", linewidth=2.5,
            label="Score = coherence x diversity x coverage")
    ax.axvline(result.k, color="grey", linestyle="--", label=f"Chosen k = {result.k}")
    ax.set_xlabel("Number of topics k")
    ax.set_ylabel("Value (unitless)")
    ax.set_title(f"Choosing the number of topics ({result.method.upper()})")
    ax.set_xticks(curve["k"].tolist())
    ax.legend(fontsize="small")
    return fig


def write_topic_tables(result: TopicModelResult, out_dir: str | Path) -> dict[str, Path]:
    """Write the tables (CSV) and figures (PNG) of a topic model into ``out_dir``.

    Files: ``topic_terms.csv`` (topic, rank, term, weight), ``doc_topics.csv`` (doc_id, topic,
    weight), ``topics.csv`` (topic, label, size, stability, share, coherence, top_terms,
    representative_doc_id, representative_title), ``dominant.csv``, ``prevalence.csv`` (year,
    topic, share, n_docs), ``prevalence_monthly.csv`` (when articles have dates),
    ``prevalence.png``, and ``k_curve.csv`` with ``k_curve.png`` when k was chosen
    automatically.

    Returns
    -------
    Mapping of a short name (``"topic_terms"``, ...) to the path written.
    """
    out = Path(out_dir).expanduser()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ParameterError(f"Cannot create the output folder {str(out)!r}: {exc}.") from exc
    topics = result.topics[["topic", "label", "size", "stability", "share", "coherence",
                            "top_terms", "representative_doc_id", "representative_title"]]
    tables = {"topic_terms": result.terms, "doc_topics": result.doc_topics, "topics": topics,
              "dominant": result.dominant, "prevalence": result.prevalence}
    if not result.prevalence_monthly.empty:
        tables["prevalence_monthly"] = result.prevalence_monthly
    if result.k_curve is not None:
        tables["k_curve"] = result.k_curve
    written: dict[str, Path] = {}
    for name, table in tables.items():
        path = out / f"{name}.csv"
        table.to_csv(path, index=False)
        written[name] = path
    figures = {"prevalence_figure": ("prevalence.png", plot_prevalence(result))}
    if result.k_curve is not None:
        figures["k_curve_figure"] = ("k_curve.png", plot_k_curve(result))
    for name, (filename, fig) in figures.items():
        path = out / filename
        fig.savefig(path, dpi=120)
        written[name] = path
    return written
