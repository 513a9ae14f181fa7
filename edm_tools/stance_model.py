"""A supervised complement to the stance rules: a linear model over target-masked sentences.

The rules of :mod:`edm_tools.stance` read explicit evaluative words and link them to a target.
Much of how analysis portrays an actor is implicit ("kept NATO at arm's length", "Washington's
attention drifted elsewhere"), which no word list reaches. This module learns such patterns
from a packaged training set (``data/stance_train/*.jsonl``: sentence, target, label, written
for this project and kept apart from the evaluation gold set in ``tests/data``).

Each sentence is seen from one target's point of view: that target's mentions become the token
``TARGETX`` and other targets' mentions ``OTHERX``, so "NATO assistance stands in contrast to
Moscow's pressure" is read once as "TARGETX assistance ... OTHERX's pressure" (for NATO) and once
as "OTHERX assistance ... TARGETX's pressure" (for Russia). A TF-IDF of words and word pairs
feeds a multinomial logistic regression (scikit-learn). The model is fitted once per process
from the packaged data (about a second) and is deterministic.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np
import pandas as pd

from .clean import citation_removal_spans, remove_spans
from .errors import ConfigError

CLASSES = ("negative", "neutral", "positive")
TARGET_TOKEN = "TARGETX"
OTHER_TOKEN = "OTHERX"


def mask_sentence(text: str, mentions: Iterable, target: str) -> str:
    """``text`` with ``target``'s mentions as TARGETX and other targets' as OTHERX.

    ``mentions`` are objects with ``target``, ``start`` and ``end`` (offsets in ``text``), as
    :func:`edm_tools.stance.article_mentions` gives.
    """
    out = text
    for m in sorted(mentions, key=lambda m: m.start, reverse=True):
        token = TARGET_TOKEN if m.target == target else OTHER_TOKEN
        out = out[:m.start] + token + out[m.end:]
    return out


@dataclass(frozen=True, eq=False)
class StanceModel:
    """A fitted vectoriser and classifier; :meth:`polarity` gives P(positive) - P(negative)."""

    vectorizer: object
    classifier: object
    n_train: int

    def probabilities(self, masked: Sequence[str]) -> np.ndarray:
        """Rows of (P(negative), P(neutral), P(positive)) for target-masked sentences."""
        if not len(masked):
            return np.zeros((0, 3))
        proba = self.classifier.predict_proba(self.features(masked))
        order = [list(self.classifier.classes_).index(c) for c in CLASSES]
        return proba[:, order]

    def polarity(self, masked: Sequence[str]) -> np.ndarray:
        p = self.probabilities(masked)
        return p[:, 2] - p[:, 0] if len(p) else np.zeros(0)

    def explain(self, masked: Sequence[str], *, n: int = 2,
                min_polarity: float = 0.0) -> tuple[np.ndarray, list[str]]:
        """Polarity of each sentence and the ``n`` words or word pairs that pushed it most,
        as ``"arm length"(-0.21)``: the evidence a reader can check (computed only where the
        polarity reaches ``min_polarity``)."""
        if not len(masked):
            return np.zeros(0), []
        X = self.features(masked)
        proba = self.classifier.predict_proba(X)
        classes = list(self.classifier.classes_)
        polarity = proba[:, classes.index("positive")] - proba[:, classes.index("negative")]
        direction = self.classifier.coef_[classes.index("positive")] - self.classifier.coef_[classes.index("negative")]
        contributions = X.multiply(direction).tocsr()
        names = self._names()
        data, indices = contributions.data, contributions.indices
        bounds = contributions.indptr.tolist()  # Python ints and floats: cheaper to index one by one
        notes = []
        for i, p in enumerate(polarity.tolist()):
            lo, hi = bounds[i], bounds[i + 1]
            if abs(p) < min_polarity or lo == hi:
                notes.append("")
                continue
            values = data[lo:hi]
            sign = 1 if p >= 0 else -1
            order = np.argsort(-(values * sign))[:n]
            notes.append(", ".join(f"\"{names[indices[lo + k]]}\"({values[k]:+.2f})"
                                   for k in order.tolist() if values[k] * sign > 0))
        return polarity, notes

    def features(self, masked: Sequence[str]):
        """The TF-IDF rows of target-masked sentences: the matrix ``vectorizer.transform`` gives.

        scikit-learn counts the words and word pairs of a sentence one at a time and pays for an
        exception on every pair outside the vocabulary (most of them). Here the vocabulary
        indices of all the sentences are gathered in one list and counted with numpy. The count
        matrix is the same (a row per sentence, one entry per feature with its count, column
        indices sorted), and the vectoriser's own TF-IDF step weights and normalises it, so
        the result is identical; a vectoriser this shortcut does not cover is used as is.
        """
        tfidf = getattr(self.vectorizer, "_tfidf", None)
        if not len(masked) or not self._counts_shortcut_applies or tfidf is None:
            return self.vectorizer.transform(masked)
        vocabulary = self.vectorizer.vocabulary_
        word_column = vocabulary.get
        pair_columns = self._pair_columns.get
        preprocess = self.vectorizer.build_preprocessor()
        tokenize = self.vectorizer.build_tokenizer()
        rows: list[int] = []
        columns: list[int] = []
        for row, text in enumerate(masked):
            words = tokenize(preprocess(text))
            found = [j for j in map(word_column, words) if j is not None]
            # The word pairs, scikit-learn's "first second", looked up without building the string.
            for first, second in zip(words, words[1:]):
                following = pair_columns(first)
                if following is not None and second in following:
                    found.append(following[second])
            columns.extend(found)
            rows.extend([row] * len(found))
        n_features = len(vocabulary)
        # One key per (row, column); np.unique sorts them (rows in order, columns sorted within
        # a row, as after scikit-learn's sort_indices) and counts the repeats.
        keys, counts = np.unique(np.asarray(rows, dtype=np.int64) * n_features
                                 + np.asarray(columns, dtype=np.int64), return_counts=True)
        indptr = np.zeros(len(masked) + 1, dtype=np.int64)
        np.cumsum(np.bincount(keys // n_features, minlength=len(masked)), out=indptr[1:])
        index_dtype = np.int32 if len(keys) <= np.iinfo(np.int32).max else np.int64  # as scikit-learn
        from scipy import sparse

        matrix = sparse.csr_matrix((counts.astype(np.float64), (keys % n_features).astype(index_dtype),
                                    indptr.astype(index_dtype)), shape=(len(masked), n_features))
        return tfidf.transform(matrix, copy=False)

    @functools.cached_property
    def _pair_columns(self) -> dict[str, dict[str, int]]:
        """The vocabulary's word pairs as first word -> second word -> column."""
        pairs: dict[str, dict[str, int]] = {}
        for feature, column in self.vectorizer.vocabulary_.items():
            first, space, second = feature.partition(" ")
            if space:
                pairs.setdefault(first, {})[second] = column
        return pairs

    @functools.cached_property
    def _counts_shortcut_applies(self) -> bool:
        """Whether :meth:`features` may count words itself: a fitted TfidfVectorizer of words
        and word pairs without stop words, as :func:`fit_model` makes."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectorizer = self.vectorizer
        if type(vectorizer) is not TfidfVectorizer or not hasattr(vectorizer, "vocabulary_"):
            return False
        params = vectorizer.get_params()
        return (params["analyzer"] == "word" and tuple(params["ngram_range"]) == (1, 2)
                and params["stop_words"] is None and not params["binary"]
                and params["input"] == "content" and params["dtype"] is np.float64
                and params["tokenizer"] is None)

    @functools.cached_property
    def _names_cache(self) -> np.ndarray:
        return np.array([_display_name(n) for n in self.vectorizer.get_feature_names_out()])

    def _names(self) -> np.ndarray:
        return self._names_cache


def training_pairs() -> pd.DataFrame:
    """The packaged training set: columns ``text``, ``target``, ``label``."""
    folder = resources.files("edm_tools.data").joinpath("stance_train")
    rows = []
    try:
        files = sorted((p for p in folder.iterdir() if p.name.endswith(".jsonl")), key=lambda p: p.name)
    except (OSError, FileNotFoundError) as exc:
        raise ConfigError(f"The stance training set data/stance_train/ is missing ({exc}); reinstall edm_tools.") from exc
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                rows.append((record["text"], record["target"], record["label"]))
            except (json.JSONDecodeError, KeyError) as exc:
                raise ConfigError(f"data/stance_train/{path.name} line {n} is not a training pair: {exc}") from exc
    return pd.DataFrame(rows, columns=["text", "target", "label"])


# Every negator starts with n, w, h or c: the lookahead lets the engine pass over other
# positions at once (three times faster) and changes nothing that matches.
_NEGATION_SCOPE = re.compile(
    r"(?=[nwhc])(\b(?:not|no|never|nor|neither|without|hardly|cannot)\b|n[’']t\b)([^.,;:!?()]*)",
    re.IGNORECASE)


_NEGATABLE = re.compile(r"\b(?!TARGETX\b|OTHERX\b)(\w[\w’'-]*)")


def _preprocess(text: str) -> str:
    return with_neighbour_words(mark_negation(without_citations(text))).lower()


_WORD = re.compile(r"[A-Za-z][A-Za-z_'’-]*")
NEIGHBOUR_WINDOW = 3


def with_neighbour_words(text: str, window: int = NEIGHBOUR_WINDOW) -> str:
    """``text`` followed by the words within ``window`` words of each target mention, tagged
    ``tgt_`` (of TARGETX) or ``oth_`` (of OTHERX).

    A bag of words cannot tell whose "pressure" a sentence reports; these target-dependent
    features (the device of Jiang et al., 2011, "Target-dependent Twitter sentiment
    classification") let the model weigh "pressure" next to the target apart from "pressure"
    next to another actor. On the training set, out of fold, they raise the model's macro-F1
    from 0.765 to 0.785 (windows of 2 to 4 words score alike).
    """
    words = _WORD.findall(text)
    marks = {i: "tgt_" if word.startswith(TARGET_TOKEN) else "oth_"
             for i, word in enumerate(words) if word.startswith((TARGET_TOKEN, OTHER_TOKEN))}
    tagged = [tag + words[j] for i, tag in marks.items()
              for j in range(max(0, i - window), min(len(words), i + 1 + window))
              if j not in marks]
    return f"{text} . {' '.join(tagged)}" if tagged else text


def _display_name(feature: str) -> str:
    """A feature as evidence reads it: ``tgt_pressure`` as ``pressure@TARGET``."""
    words = []
    for word in feature.split(" "):
        suffix = ""
        if word.startswith(("tgt_", "oth_")):
            suffix = "@TARGET" if word.startswith("tgt_") else "@OTHER"
            word = word[4:]
        word = word.replace("targetx", "TARGET").replace("otherx", "OTHER").replace("neg_", "not·")
        words.append(word + suffix)
    return " ".join(words)


def without_citations(text: str) -> str:
    """``text`` without its in-text citations: "(Interfax, October 16)" names a source, not a
    stance, and an outlet's name must not become evidence for or against a target."""
    if "(" not in text:
        return text
    return remove_spans(text, citation_removal_spans(text))


def mark_negation(text: str) -> str:
    """Prefix the words after a negator, up to the next punctuation, with ``NEG_``: the
    standard device that lets a bag of words tell "a threat" from "not a threat"."""
    return _NEGATION_SCOPE.sub(lambda m: m.group(1) + _NEGATABLE.sub(r"NEG_\1", m.group(2)), text)


def fit_model(masked: Sequence[str], labels: Sequence[str], *, C: float = 4.0) -> StanceModel:
    """Fit the vectoriser and classifier on target-masked sentences and their labels."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2, max_df=0.5,
                                 token_pattern=r"(?u)\b[A-Za-z][A-Za-z_'’-]*\b", preprocessor=_preprocess)
    X = vectorizer.fit_transform(masked)
    classifier = LogisticRegression(C=C, max_iter=3000, class_weight="balanced")
    classifier.fit(X, list(labels))
    return StanceModel(vectorizer, classifier, len(labels))


def masked_training_set(targets) -> tuple[list[str], list[str]]:
    """The training sentences masked for their target (mentions found as at scoring time)."""
    from .stance import _compile_target, _resolve_targets, article_mentions

    compiled = [_compile_target(t) for t in _resolve_targets(targets)]
    pairs = training_pairs()
    texts = pairs["text"].tolist()
    mentions = article_mentions(texts, compiled)
    masked, labels = [], []
    for text, target, label, found in zip(texts, pairs["target"], pairs["label"], mentions):
        if label not in CLASSES:
            continue
        masked.append(mask_sentence(text, found, target))
        labels.append(label)
    return masked, labels


@functools.lru_cache(maxsize=1)
def default_model() -> StanceModel:
    """The model fitted on the packaged training set (once per process)."""
    masked, labels = masked_training_set(None)
    return fit_model(masked, labels)
