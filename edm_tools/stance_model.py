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
        proba = self.classifier.predict_proba(self.vectorizer.transform(masked))
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
        X = self.vectorizer.transform(masked)
        proba = self.classifier.predict_proba(X)
        classes = list(self.classifier.classes_)
        polarity = proba[:, classes.index("positive")] - proba[:, classes.index("negative")]
        direction = self.classifier.coef_[classes.index("positive")] - self.classifier.coef_[classes.index("negative")]
        contributions = X.multiply(direction).tocsr()
        names = self._names()
        notes = []
        for i in range(contributions.shape[0]):
            if abs(polarity[i]) < min_polarity:
                notes.append("")
                continue
            lo, hi = contributions.indptr[i], contributions.indptr[i + 1]
            values = contributions.data[lo:hi]
            if not len(values):
                notes.append("")
                continue
            sign = 1 if polarity[i] >= 0 else -1
            order = np.argsort(-(values * sign))[:n]
            notes.append(", ".join(f"\"{names[contributions.indices[lo + k]]}\"({values[k]:+.2f})"
                                   for k in order if values[k] * sign > 0))
        return polarity, notes

    @functools.cached_property
    def _names_cache(self) -> np.ndarray:
        names = self.vectorizer.get_feature_names_out()
        return np.array([n.replace("targetx", "TARGET").replace("otherx", "OTHER").replace("neg_", "not·")
                         for n in names])

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


_NEGATION_SCOPE = re.compile(
    r"(\b(?:not|no|never|nor|neither|without|hardly|cannot)\b|n[’']t\b)([^.,;:!?()]*)", re.IGNORECASE)


_NEGATABLE = re.compile(r"\b(?!TARGETX\b|OTHERX\b)(\w[\w’'-]*)")


def _preprocess(text: str) -> str:
    return mark_negation(text).lower()


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
