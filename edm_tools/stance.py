"""Stance toward Russia, NATO and the West, sentence by sentence, with the evidence.

The research question: how does the EDM portray Russia, NATO and the West, and how does that
change over time, by author voice and by who is quoted? This module answers it in four steps.

1. **Targets** (:func:`load_targets`, ``data/targets.yml``): the phrases that name each target,
   the false friends that do not (``Russian-speaking Kazakhs``, ``western Kazakhstan``) and the
   terms that name it only in context (``the Alliance`` is NATO in a NATO article and the CSTO in
   a CSTO article). Users add targets from a dict or a YAML file.
2. **Mentions** (:func:`find_mentions`): the terms of all targets compiled once into one
   regular expression (one scan per sentence), then each target's own exclusion pattern;
   every mention with its offsets. Mentions inside source citations
   (``(Interfax, Moscow, May 5)``) are not mentions.
3. **Sentence scores** (:func:`score_stance`): for each sentence and each target it mentions, a
   score in [-1, 1], a label and the cues that produced it, with the voice (the author's, or a
   quotation's, from :func:`edm_tools.quotes.extract_quotes`) and the speaker.
4. **Aggregates** (:func:`aggregate_stance`, :func:`stance_over_time`,
   :func:`plot_stance_over_time`): means per article, per year or month, with percentile
   bootstrap intervals.

How a sentence is scored
------------------------
Whole-sentence sentiment (VADER's compound score) gives one number per sentence, so in "NATO
assistance stands in contrast to Moscow's pressure" it cannot say that NATO is portrayed well
and Russia badly, and VADER's general-English valences misread this register ("United States"
is positive because of *united*; *security*, *support* and *peacekeeping* are praise; *war* and
*crisis* are strongly negative in sentences that only report them). Here each sentence is
tokenised once and:

* **cues** come from the geopolitical lexicon ``data/stance_lexicon.txt`` (word, role, valence:
  *pressure* is ``agent -0.5``) and, for every other word, from VADER's lexicon (read from the
  vaderSentiment package, never downloaded) times ``vader_weight`` (0.8); the lexicon file
  switches off VADER words that are factual here (``security 0``, ``united 0``, ``war``);
* **roles** decide which target a cue is about. An ``agent`` cue portrays its doer (the subject
  before it, the possessor in "Moscow's pressure", the adjective in "Russian pressure", the noun
  after "by"/"from" in "pressure from Moscow"), not the one acted on ("pressure on Astana").
  A ``patient`` cue portrays the one acted on ("Tazhin praised Russia", "dependence on
  Russia"). A ``mutual`` cue ("cooperation", "tensions") portrays every party, an ``attribute``
  ("reliable") whichever target it is attached to. A passive ("Russia was criticised"), an
  experiencer verb ("NATO faces pressure") or an explicit doer after the cue ("pressure from
  X") turns the subject before the cue into the one acted on. A speech or viewing verb
  ("said", "called", "sees") or an evaluation ("praised") between a subject and a cue makes the
  subject the speaker, not the one described ("an election the EU called illegitimate");
* **the doer is the nearest candidate**: a subject farther from the cue than another target
  (x0.3) or than another name (x0.5), or that sits in a prepositional phrase ("toward Russia's
  borders", x0.3), counts less;
* **clauses**: cues never link across a clause boundary (";", ":", a dash, "but", "while",
  "whereas", "despite", "in contrast to", "unlike", and a comma that closes a clause opened by
  "while", "although", "as", "given" at the start of the sentence). As in VADER, the clause after
  "but"/"yet" counts 1.5 times and the one before half. A comma or a relative pronoun between
  cue and target weakens the link (x0.6 each, at most twice), and so does distance
  (1 / (1 + (d - 2) / 10) beyond two words). In a sentence about a single target, a cue in a
  clause that mentions no target still counts, at 0.4 (marked ``…`` in the evidence);
* **negation** ("not", "never", "without", "n't", "refused", "baseless" within four words before
  a cue, and not past a nearer cue) flips and halves it (``not→``); so does "rather than" /
  "instead of" for the clause after it, and "could/should ... more" before a positive cue
  ("could play a more constructive role"). **Hedges** ("may", "reportedly", "appears", "if") in
  the clause multiply it by 0.6 (``~``); boosters ("deeply", VADER's booster list) by 1.3,
  dampeners by 0.7. A word in scare quotes (“brotherly” ties) is read as irony when positive
  (x -0.5) and at half strength when negative;
* words inside parentheses, inside a mention, capitalised words within a sentence (names:
  "Peace Mission", "Security Council") and words that name a document or body ("Partnership
  and Cooperation Agreement", "cooperation program") are not cues.

The contributions for a target add up to ``S``; the rule score is ``S / sqrt(S**2 + 1)``
(VADER's normalisation), in (-1, 1). A sentence without cues for a target scores 0.

**Calibration** (default, ``calibration=True``): the rule-based scorer also computes a handful of
interpretable features per sentence and target (:data:`FEATURES`: linked positive and negative
sums, the ``…`` sums, the tone of unlinked cues in the target's own clause when the target is
its subject or object and not the speaker, marked ``≈`` in the evidence, the tone elsewhere,
negation, hedging, several targets, quoted voice, length; no words). A multinomial logistic
regression fitted on the tuning half only (``benchmarks/fit_stance_calibration.py``, shipped as
``data/stance_calibration.json``) maps them to ``P(positive) - P(negative)``, the score. A
target with no cue shown scores 0. ``calibration=False`` gives the rule score.

Labels: ``positive`` when ``score >= threshold``, ``negative`` when ``score <= -threshold``,
else ``neutral``. The default threshold :data:`LABEL_THRESHOLD` is 0.15: one clear cue decides
(``Moscow's pressure``, ``praised Russia``), while routine diplomatic vocabulary
(``cooperation``) and factual sentences stay neutral. The threshold and the model's share
:data:`MODEL_WEIGHT` were chosen together on the packaged training set with the model out of
fold (``benchmarks/fit_stance_model_weight.py``), never on the evaluation gold set.
"""

from __future__ import annotations

import bisect
import functools
import json
import math
import operator
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from . import schemas
from .citations import find_citations
from .errors import ConfigError, ParameterError

#: |score| at or above which a sentence is labelled positive / negative.
LABEL_THRESHOLD = 0.15
# Share of the supervised model (edm_tools.stance_model) in a sentence's score. It and the label
# threshold are chosen together on the training set with the model out of fold
# (benchmarks/fit_stance_model_weight.py prints the grid): the smallest weight within 0.01
# macro-F1 of the best, and the best threshold for it, so that the rules' explicit evidence
# still decides a sentence the model is unsure of ("NATO assistance stands in contrast to
# Moscow's pressure": NATO positive).
MODEL_WEIGHT = 0.7
#: Weight of VADER's general-English valences relative to the geopolitical lexicon.
VADER_WEIGHT = 0.8
LABELS = ("negative", "neutral", "positive")
VOICES = ("author", "quoted")
#: Quotation kinds of :func:`edm_tools.quotes.extract_quotes` that make a sentence "quoted".
QUOTED_KINDS = ("statement", "block")
FREQS = ("year", "month")

MENTION_COLUMNS = ("doc_id", "sentence_id", "target", "term", "start", "end")
STANCE_COLUMNS = (
    "doc_id", "sentence_id", "start", "end", "sentence", "target", "terms", "n_mentions",
    "score", "label", "cues", "voice", "speaker", "year", "date",
)
AGGREGATE_COLUMNS = (
    "n_sentences", "n_mentions", "mean_score", "share_negative", "share_positive",
    "ci_low", "ci_high",
)

_TARGET_KEYS = frozenset({"label", "terms", "exclude", "exclude_patterns", "contextual", "extend",
                          "description"})
_RULE_KEYS = frozenset({"terms", "when", "unless", "default"})
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

# ----------------------------------------------------------------------------------------------
# Targets


@dataclass(frozen=True, slots=True)
class ContextRule:
    """Terms that name a target only when the nearest anchor in the article is a ``when`` one."""

    terms: tuple[str, ...]
    when: tuple[str, ...]
    unless: tuple[str, ...] = ()
    default: bool = False


@dataclass(frozen=True, slots=True)
class Target:
    """One stance target: the phrases that name it and the false friends that do not.

    See ``edm_tools/data/targets.yml`` for the meaning of each field.
    """

    name: str
    label: str
    terms: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    exclude_patterns: tuple[str, ...] = ()
    contextual: tuple[ContextRule, ...] = ()


def _packaged_text(name: str) -> str:
    return resources.files("edm_tools.data").joinpath(name).read_text(encoding="utf-8")


def _read_yaml_targets(path: str | Path) -> dict:
    try:
        text = Path(path).expanduser().read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(
            f"Cannot read the targets file {str(path)!r}: {exc.strerror or exc}. "
            "Pass the path of a YAML file shaped like edm_tools/data/targets.yml."
        ) from exc
    return _parse_yaml_targets(text, str(path))


def _parse_yaml_targets(text: str, where: str) -> dict:
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"The targets file {where} is not valid YAML: {exc}") from exc
    if loaded is None:
        return {}
    if not isinstance(loaded, Mapping):
        raise ParameterError(
            f"The targets file {where} must hold a mapping of target names to definitions "
            f"(russia: {{terms: [...]}}), got a {type(loaded).__name__}."
        )
    return dict(loaded)


def _string_list(value, *, target: str, key: str, where: str, required: bool) -> tuple[str, ...]:
    if value is None:
        value = []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ParameterError(
            f"Target {target!r} ({where}): {key!r} must be a list of strings, got {value!r}. "
            f"Write it as {key}: [\"...\", \"...\"]."
        )
    items = tuple(v.strip() for v in value if v.strip())
    if required and not items:
        raise ParameterError(
            f"Target {target!r} ({where}): {key!r} is empty. Give at least one phrase that "
            f"names the target, e.g. {{{target!r}: {{'terms': ['{target.title()}']}}}}."
        )
    return items


def _target_from_spec(name, spec, where: str) -> Target:
    if not isinstance(name, str) or not _NAME.match(name):
        raise ParameterError(
            f"Target name {name!r} ({where}) must be a lower-case identifier such as 'china' "
            "or 'european_union'."
        )
    if not isinstance(spec, Mapping):
        raise ParameterError(
            f"Target {name!r} ({where}) must be a mapping such as {{'terms': ['China', "
            f"'Beijing']}}, got {type(spec).__name__} {spec!r}."
        )
    unknown = set(spec) - _TARGET_KEYS
    if unknown:
        raise ParameterError(
            f"Target {name!r} ({where}) has unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
            f"known keys: {', '.join(sorted(_TARGET_KEYS))}."
        )
    terms = _string_list(spec.get("terms"), target=name, key="terms", where=where, required=True)
    exclude = _string_list(spec.get("exclude"), target=name, key="exclude", where=where, required=False)
    patterns = _string_list(spec.get("exclude_patterns"), target=name, key="exclude_patterns",
                            where=where, required=False)
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ParameterError(
                f"Target {name!r} ({where}): exclude_patterns entry {pattern!r} is not a valid "
                f"regular expression ({exc}). Fix it, or list the phrase under 'exclude'."
            ) from exc
    rules_spec = spec.get("contextual") or []
    if not isinstance(rules_spec, (list, tuple)):
        raise ParameterError(
            f"Target {name!r} ({where}): 'contextual' must be a list of rules such as "
            "{terms: [the Alliance], when: [NATO], unless: [CSTO]}."
        )
    rules = []
    for i, rule in enumerate(rules_spec):
        key = f"contextual[{i}]"
        if not isinstance(rule, Mapping) or set(rule) - _RULE_KEYS:
            raise ParameterError(
                f"Target {name!r} ({where}): {key} must be a mapping with keys terms, when and "
                f"optionally unless and default, got {rule!r}."
            )
        if not isinstance(rule.get("default", False), bool):
            raise ParameterError(
                f"Target {name!r} ({where}): {key}.default must be true or false, got "
                f"{rule.get('default')!r}."
            )
        rules.append(ContextRule(
            terms=_string_list(rule.get("terms"), target=name, key=f"{key}.terms", where=where, required=True),
            when=_string_list(rule.get("when"), target=name, key=f"{key}.when", where=where, required=True),
            unless=_string_list(rule.get("unless"), target=name, key=f"{key}.unless", where=where,
                                required=False),
            default=rule.get("default", False),
        ))
    label = spec.get("label") or name.replace("_", " ").title()
    if not isinstance(label, str):
        raise ParameterError(f"Target {name!r} ({where}): 'label' must be a string, got {label!r}.")
    return Target(name=name, label=label, terms=terms, exclude=exclude, exclude_patterns=patterns,
                  contextual=tuple(rules))


def _merge_spec(specs: dict, origin: dict, name, spec, where: str) -> None:
    origin[name] = where
    if isinstance(spec, Mapping) and spec.get("extend"):
        if name not in specs:
            raise ParameterError(
                f"Target {name!r} ({where}) says extend: true, but there is no target {name!r} "
                f"to extend (known: {', '.join(specs) or 'none'}). Drop 'extend' to add it."
            )
        merged = dict(specs[name])
        for key in ("terms", "exclude", "exclude_patterns", "contextual"):
            if key in spec:
                old = merged.get(key) or []
                new = spec[key] if isinstance(spec[key], (list, tuple)) else [spec[key]]
                merged[key] = list(old) + list(new)
        if "label" in spec:
            merged["label"] = spec["label"]
        specs[name] = merged
    else:
        specs[name] = spec


def load_targets(path: str | Path | None = None, *, extra: Mapping | None = None,
                 names: Iterable[str] | None = None, defaults: bool = True) -> dict[str, Target]:
    """The stance targets: the packaged ones plus a user's, validated.

    Parameters
    ----------
    path
        A YAML file of extra targets in the format of ``edm_tools/data/targets.yml`` (a mapping
        of name to ``{label, terms, exclude, exclude_patterns, contextual}``). Its targets are
        added to the packaged ones; one with a packaged name replaces it, unless it says
        ``extend: true``, which appends its lists to the packaged target.
    extra
        More targets as a dict (from a notebook parameter), applied after ``path``:
        ``{"china": {"terms": ["China", "Chinese", "Beijing"]}}``.
    names
        Keep only these targets, in this order (``["russia", "china"]``).
    defaults
        False leaves out the packaged targets (only ``path`` and ``extra``).

    Returns
    -------
    dict of target name to :class:`Target`, in order.

    Raises
    ------
    ParameterError
        A target with no terms, an unknown key, a bad name or regular expression, or ``names``
        naming an unknown target; the message names the target and the key.
    ConfigError
        ``path`` cannot be read or is not YAML.

    Examples
    --------
    >>> targets = load_targets(extra={"china": {"terms": ["China", "Chinese", "Beijing"]}})
    >>> list(targets)
    ['russia', 'nato', 'west', 'china']
    """
    specs: dict = {}
    origin: dict = {}
    if defaults:
        packaged = "edm_tools/data/targets.yml"
        for name, spec in _parse_yaml_targets(_packaged_text("targets.yml"), packaged).items():
            _merge_spec(specs, origin, name, spec, packaged)
    if path is not None:
        if isinstance(path, Mapping):
            raise ParameterError(
                "load_targets takes a YAML file path as its first argument; pass a dict of "
                "targets as load_targets(extra={...})."
            )
        for name, spec in _read_yaml_targets(path).items():
            _merge_spec(specs, origin, name, spec, str(path))
    if extra is not None:
        if not isinstance(extra, Mapping):
            raise ParameterError(
                f"extra must be a dict of target name to definition, such as "
                f"{{'china': {{'terms': ['China']}}}}, got {type(extra).__name__}."
            )
        for name, spec in extra.items():
            _merge_spec(specs, origin, name, spec, "extra")
    targets = {name: _target_from_spec(name, spec, origin[name]) for name, spec in specs.items()}
    if names is not None:
        names = [names] if isinstance(names, str) else list(names)
        unknown = [n for n in names if n not in targets]
        if unknown:
            raise ParameterError(
                f"Unknown target(s) {', '.join(map(repr, unknown))}; known targets: "
                f"{', '.join(targets) or 'none'}. Add a target with "
                "load_targets(extra={name: {'terms': [...]}})."
            )
        targets = {n: targets[n] for n in names}
    if not targets:
        raise ParameterError("No targets are defined. Pass extra={name: {'terms': [...]}} or "
                             "defaults=True.")
    return targets


@functools.lru_cache(maxsize=1)
def _default_targets() -> tuple[Target, ...]:
    """The packaged targets, parsed once per process (as the lexicon and the calibration are):
    reading the YAML took about 40 ms of every score_stance call."""
    return tuple(load_targets().values())


def _resolve_targets(targets) -> tuple[Target, ...]:
    """Accept None, a name, a list of names, a Target, or a mapping/sequence of Targets."""
    if targets is None:
        return _default_targets()
    if isinstance(targets, Target):
        return (targets,)
    if isinstance(targets, str):
        return tuple(load_targets(names=[targets]).values())
    if isinstance(targets, Mapping):
        values = list(targets.values())
        if all(isinstance(v, Target) for v in values) and values:
            return tuple(values)
        return tuple(load_targets(extra=targets, defaults=False).values())
    if isinstance(targets, Iterable):
        items = list(targets)
        if items and all(isinstance(t, Target) for t in items):
            return tuple(items)
        if items and all(isinstance(t, str) for t in items):
            return tuple(load_targets(names=items).values())
    raise ParameterError(
        f"targets must be None (Russia, NATO, the West), a list of target names such as "
        f"['russia', 'nato'], or the dict returned by load_targets(...); got {targets!r}."
    )


def _phrase_regex(phrase: str) -> str:
    """Spaces match any white space; a phrase starting in lower case also matches it
    capitalised, as at the start of a sentence ("the West", "The West")."""
    parts = [re.escape(w) for w in phrase.split()]
    first = phrase[0]
    if first.islower():
        parts[0] = f"[{first}{first.upper()}]" + parts[0][1:]
    return r"\s+".join(parts)


def _phrase_starts_and_rest(phrase: str) -> tuple[str, str]:
    """The characters :func:`_phrase_regex` lets the phrase start with, and the regex of the rest."""
    words = phrase.split()
    first = phrase[0]
    words[0] = words[0][1:]
    starts = "".join(dict.fromkeys(first + first.upper())) if first.islower() else first
    return starts, r"\s+".join(re.escape(w) for w in words)


def _alternation(phrases: Iterable[str]) -> str:
    r"""A regex for any of ``phrases`` as whole words, longest phrase regex first.

    It matches exactly what ``(?<!\w)(?:NATO|North\s+Atlantic...|Russia|...)(?!\w)`` would,
    but the alternatives are grouped by first character,
    ``(?:N(?<!\wN)(?:orth\s+Atlantic...|ATO)|R(?<!\wR)(?:ussia|...))(?!\w)``: alternatives that
    start with different characters never match at the same place, and the order within a group
    is kept, so the same alternative wins. Starting every branch with a literal lets the regex
    engine skip to the characters that can begin a phrase instead of trying each phrase at every
    position (two to three times faster on a sentence).
    """
    phrase_of = {_phrase_regex(p): p for p in phrases}
    groups: dict[str, list[str]] = {}
    for body in sorted(phrase_of, key=len, reverse=True):
        starts, rest = _phrase_starts_and_rest(phrase_of[body])
        for char in starts:
            groups.setdefault(char, []).append(rest)
    if not groups:
        return r"(?<!\w)(?:)(?!\w)"  # no phrases: the plain alternation, as before
    branches = [rf"{re.escape(char)}(?<!\w{re.escape(char)})(?:{'|'.join(rests)})"
                for char, rests in groups.items()]
    return r"(?:" + "|".join(branches) + r")(?!\w)"


@dataclass(frozen=True, slots=True)
class _CompiledRule:
    terms: re.Pattern
    when: re.Pattern
    unless: re.Pattern | None
    default: bool


@dataclass(frozen=True, slots=True)
class _CompiledTarget:
    name: str
    exclude: re.Pattern | None
    rules: tuple[_CompiledRule, ...]
    terms: tuple[str, ...]
    rule_terms: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class _Matcher:
    """All terms of a set of targets in one pattern, so a sentence is scanned once."""

    pattern: re.Pattern
    index: Mapping[str, tuple[tuple[int, int], ...]]  # phrase -> ((target, rule or -1), ...)


def _phrase_key(text: str) -> str:
    return " ".join(text.split())


@functools.lru_cache(maxsize=64)
def _matcher(compiled: tuple[_CompiledTarget, ...]) -> _Matcher:
    index: dict[str, list[tuple[int, int]]] = {}
    for t, ct in enumerate(compiled):
        for phrase in ct.terms:
            index.setdefault(_phrase_key(phrase), []).append((t, -1))
        for r, terms in enumerate(ct.rule_terms):
            for phrase in terms:
                index.setdefault(_phrase_key(phrase), []).append((t, r))
    return _Matcher(re.compile(_alternation(index)), {k: tuple(v) for k, v in index.items()})


@functools.lru_cache(maxsize=256)
def _compile_target(target: Target) -> _CompiledTarget:
    exclude_parts = []
    if target.exclude:
        exclude_parts.append(_alternation(target.exclude))
    exclude_parts.extend(f"(?:{p})" for p in target.exclude_patterns)
    exclude = re.compile("|".join(exclude_parts)) if exclude_parts else None
    rules = tuple(
        _CompiledRule(re.compile(_alternation(r.terms)), re.compile(_alternation(r.when)),
                      re.compile(_alternation(r.unless)) if r.unless else None, r.default)
        for r in target.contextual
    )
    return _CompiledTarget(target.name, exclude, rules, target.terms,
                           tuple(r.terms for r in target.contextual))


# ----------------------------------------------------------------------------------------------
# Mentions


@dataclass(frozen=True, slots=True)
class Mention:
    """A mention of a target in a sentence; ``start``/``end`` are offsets in the sentence."""

    target: str
    term: str
    start: int
    end: int


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _citation_spans(sentence: str) -> list[tuple[int, int]]:
    return [(c.paren_start, c.paren_end) for c in find_citations(sentence)]


def article_mentions(sentences: Sequence[str], targets: Sequence[_CompiledTarget] | Sequence[Target]
                     ) -> list[list[Mention]]:
    """The mentions in each sentence of one article (a function of the article alone).

    ``sentences`` are the article's sentences in text order (the context that resolves
    ``the Alliance`` is the whole article). Returns one list of :class:`Mention` per sentence,
    in text order, with offsets in the sentence.
    """
    compiled = [t if isinstance(t, _CompiledTarget) else _compile_target(t) for t in targets]
    found: list[list[Mention]] = [[] for _ in sentences]
    pending: list[tuple[int, _CompiledTarget, _CompiledRule, re.Match]] = []
    matcher = _matcher(tuple(compiled))
    index = matcher.index
    for i, sentence in enumerate(sentences):
        if not sentence:
            continue
        hits = list(matcher.pattern.finditer(sentence))
        if not hits:
            continue
        by_target: dict[int, list[re.Match]] = {}
        for m in hits:
            key = _phrase_key(m.group())
            entries = index.get(key) or index.get(key[0].lower() + key[1:], ())  # "The Kremlin"
            for t, r in entries:
                if r < 0:
                    by_target.setdefault(t, []).append(m)
                else:
                    pending.append((i, compiled[t], compiled[t].rules[r], m))
        citations = None
        for t, matches in by_target.items():
            ct = compiled[t]
            if ct.exclude is not None:
                spans = [(m.start(), m.end()) for m in ct.exclude.finditer(sentence)]
                if spans:
                    matches = [m for m in matches if not _overlaps(m.start(), m.end(), spans)]
            # A citation is a parenthesis, so a mention that ends before the first "(" is in none.
            if matches and "(" in sentence and matches[-1].end() > sentence.index("("):
                if citations is None:
                    citations = _citation_spans(sentence)
                if citations:
                    matches = [m for m in matches if not _overlaps(m.start(), m.end(), citations)]
            found[i].extend(Mention(ct.name, m.group(), m.start(), m.end()) for m in matches)
    if pending:
        _resolve_contextual(sentences, pending, found)
    for mentions in found:
        if len(mentions) > 1:
            mentions.sort(key=lambda m: (m.start, m.target))
    return found


def _resolve_contextual(sentences, pending, found) -> None:
    anchors: dict[int, list[tuple[int, bool]]] = {}
    joined = None
    starts: list[int] = []
    for i, ct, rule, m in pending:
        key = id(rule)
        if key not in anchors:
            if joined is None:  # the article's sentences as one string: one scan per rule
                joined = "\n".join(sentences)
                starts, position = [], 0
                for sentence in sentences:
                    starts.append(position)
                    position += len(sentence) + 1
            positions = [(a.start(), True) for a in rule.when.finditer(joined)]
            if rule.unless is not None:
                positions.extend((a.start(), False) for a in rule.unless.finditer(joined))
            positions.sort()
            anchors[key] = positions
        positions = anchors[key]
        if positions:
            where = starts[i] + m.start()
            k = bisect.bisect_left(positions, (where, False))
            if not (positions[k - 1] if k > 0 else positions[k])[1]:
                continue
        elif not rule.default:
            continue
        sentence = sentences[i]
        if ct.exclude is not None and _overlaps(m.start(), m.end(),
                                                [(x.start(), x.end()) for x in ct.exclude.finditer(sentence)]):
            continue
        if any(x.target == ct.name and x.start < m.end() and m.start() < x.end for x in found[i]):
            continue
        found[i].append(Mention(ct.name, m.group(), m.start(), m.end()))


def _sentence_table(data: pd.DataFrame, caller: str) -> pd.DataFrame:
    if isinstance(data, pd.DataFrame) and "sentence" in data.columns:
        schemas.require_columns(data, ("doc_id", "sentence_id", "start", "end", "sentence"), caller=caller)
        return data
    schemas.require_columns(data, ("doc_id", "text"), caller=caller)
    return _split(data)


def _split(corpus: pd.DataFrame) -> pd.DataFrame:
    """The sentences of the articles that have a text (a missing text has none)."""
    from .clean import split_sentences

    has_text = corpus["text"].map(lambda t: isinstance(t, str)).astype(bool)
    return split_sentences(corpus.loc[has_text])


def _by_doc(doc_ids: list) -> dict:
    groups: dict = {}
    for i, d in enumerate(doc_ids):
        groups.setdefault(d, []).append(i)
    return groups


def find_mentions(data: pd.DataFrame, targets=None) -> pd.DataFrame:
    """One row per mention of a target.

    Parameters
    ----------
    data
        A corpus (``doc_id``, ``text``: sentences are split here) or a sentence table
        (``doc_id``, ``sentence_id``, ``start``, ``end``, ``sentence``, as from
        :func:`edm_tools.split_sentences` / ``prepare_corpus(...).sentences``).
    targets
        None (Russia, NATO, the West), target names (``["russia", "china"]``) or the dict of
        :func:`load_targets`.

    Returns
    -------
    DataFrame with columns ``doc_id``, ``sentence_id``, ``target`` (its name), ``term`` (the
    words as written), ``start``, ``end`` (offsets in the article ``text``, so
    ``text[start:end] == term``). A sentence may mention several targets, and a target several
    times. False friends (``Russian-speaking``), mentions inside citations and contextual terms
    whose nearest anchor points elsewhere (``the Alliance`` in a CSTO article) are left out.
    """
    sentences = _sentence_table(data, "find_mentions")
    compiled = [_compile_target(t) for t in _resolve_targets(targets)]
    doc_ids = sentences["doc_id"].tolist()
    sids = sentences["sentence_id"].tolist()
    starts = sentences["start"].tolist()
    texts = sentences["sentence"].tolist()
    rows = []
    for doc_id, idx in _by_doc(doc_ids).items():
        idx = sorted(idx, key=lambda i: starts[i])
        doc_texts = [texts[i] if isinstance(texts[i], str) else "" for i in idx]
        for i, mentions in zip(idx, article_mentions(doc_texts, compiled)):
            rows.extend((doc_id, sids[i], m.target, m.term, starts[i] + m.start, starts[i] + m.end)
                        for m in mentions)
    return pd.DataFrame(rows, columns=list(MENTION_COLUMNS)).astype(
        {"sentence_id": "int64", "start": "int64", "end": "int64"})


# ----------------------------------------------------------------------------------------------
# The lexicon

CUE_ROLES = ("agent", "patient", "mutual", "attribute")
MODIFIER_KINDS = ("negator", "hedge", "counterfactual", "booster", "dampener", "boundary", "pivot",
                  "negating", "subordinator", "soft", "agent_prep", "patient_prep", "experiencer",
                  "auxiliary", "speech", "document")
(_NEG, _HEDGE, _CFACT, _BOOST, _DAMP, _BOUND, _PIVOT, _NEGATING, _SUB, _SOFT, _APREP, _PPREP, _EXPER,
 _AUX, _SPEECH, _DOC) = (1 << i for i in range(16))
# Token classes, set by StanceLexicon.token beside the modifier flags.
_T_WORD, _T_CAP, _T_CLAUSE_WORD, _T_HARD, _T_COMMA, _T_OPEN, _T_CLOSE, _T_QUOTE = (1 << i for i in range(20, 28))
# The flags the clause pass of sentence_evidence reads (the others matter only later).
_CLAUSE_PASS_FLAGS = (_PIVOT | _SUB | _SOFT | _HEDGE | _CFACT | _T_WORD | _T_CAP | _T_CLAUSE_WORD | _T_HARD
                      | _T_COMMA | _T_OPEN | _T_CLOSE | _T_QUOTE)
_FLAG = dict(zip(MODIFIER_KINDS, (_NEG, _HEDGE, _CFACT, _BOOST, _DAMP, _BOUND, _PIVOT, _NEGATING, _SUB,
                                  _SOFT, _APREP, _PPREP, _EXPER, _AUX, _SPEECH, _DOC)))


@dataclass(frozen=True, slots=True)
class StanceLexicon:
    """Cues (word -> (role, valence)) and modifiers, from ``data/stance_lexicon.txt`` + VADER."""

    cues: Mapping[str, tuple[str, float]]
    wildcards: tuple[tuple[str, str, float], ...]  # (prefix, role, valence), longest first
    bigrams: Mapping[tuple[str, str], tuple[str, float]]
    modifiers: Mapping[str, int]  # word -> flags
    modifier_wildcards: tuple[tuple[str, int], ...]
    vader: Mapping[str, float]
    _memo: dict = field(default_factory=dict, compare=False, hash=False, repr=False)
    _tokens: dict = field(default_factory=dict, compare=False, hash=False, repr=False)
    #: The first words of the two-word cues, so a sentence's pairs are checked only where one starts.
    bigram_starts: frozenset = field(init=False, compare=False, hash=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "bigram_starts", frozenset(first for first, _ in self.bigrams))

    def token(self, token: str) -> tuple[str, tuple[str, float, str] | None, int]:
        """(lower-case form without a possessive 's, cue, flags) of a token as written."""
        low = token.lower().replace("’", "'")
        if low.endswith("'s") and len(low) > 2:
            low = low[:-2]
        cue, flags = self.lookup(low)
        first = token[0]
        if first.isalnum():
            flags |= _T_WORD
            if first.isupper():
                flags |= _T_CAP
            elif token.islower() and flags & (_BOUND | _PIVOT | _NEGATING):
                flags |= _T_CLAUSE_WORD
        elif token in _HARD_PUNCT:
            flags |= _T_HARD
        elif token == ",":
            flags |= _T_COMMA
        elif token == "(":
            flags |= _T_OPEN
        elif token == ")":
            flags |= _T_CLOSE
        elif token in _QUOTE_MARKS:
            flags |= _T_QUOTE
        hit = self._tokens[token] = (low, cue, flags)
        return hit

    def lookup(self, word: str) -> tuple[tuple[str, float, str] | None, int]:
        """(cue, modifier flags) of a lower-case word; the cue is (role, valence, source)."""
        hit = self._memo.get(word)
        if hit is None:
            hit = self._memo[word] = self._lookup(word)
        return hit

    def _lookup(self, word: str) -> tuple[tuple[str, float, str] | None, int]:
        flags = self.modifiers.get(word, 0)
        if not flags:
            for prefix, f in self.modifier_wildcards:
                if word.startswith(prefix):
                    flags = f
                    break
        cue = None
        if word in self.cues:
            role, valence = self.cues[word]
            cue = (role, valence, "edm")
        else:
            for prefix, role, valence in self.wildcards:
                if word.startswith(prefix):
                    cue = (role, valence, "edm")
                    break
            else:
                if word in self.vader:
                    cue = ("attribute", self.vader[word], "vader")
                elif "-" in word and not flags:
                    last = word.rsplit("-", 1)[1]
                    if last and last != word:
                        cue = self.lookup(last)[0]
        if cue is not None and cue[1] == 0:
            cue = None
        return cue, flags


def _parse_lexicon_lines(text: str, where: str) -> list[tuple[str, str, float]]:
    entries = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 3:
            raise ConfigError(
                f"{where}, line {n}: expected 'entry<TAB>kind<TAB>valence[<TAB>note]', got {line!r}."
            )
        entries.append(_check_entry(parts[0].strip(), parts[1].strip(), parts[2].strip(), f"{where}, line {n}"))
    return entries


def _check_entry(entry, kind, valence, where: str) -> tuple[str, str, float]:
    if not isinstance(entry, str) or not entry.strip() or entry != entry.lower():
        raise ParameterError(f"{where}: lexicon entry {entry!r} must be a non-empty lower-case word.")
    if kind not in CUE_ROLES + MODIFIER_KINDS:
        raise ParameterError(
            f"{where}: entry {entry!r} has unknown kind {kind!r}; use one of "
            f"{', '.join(CUE_ROLES + MODIFIER_KINDS)}."
        )
    try:
        value = float(valence)
    except (TypeError, ValueError):
        raise ParameterError(f"{where}: entry {entry!r} has valence {valence!r}, not a number.") from None
    if not -1.0 <= value <= 1.0 or math.isnan(value):
        raise ParameterError(f"{where}: entry {entry!r} has valence {value}; use a number in [-1, 1].")
    return entry.strip(), kind, value


@functools.lru_cache(maxsize=1)
def _vader_lexicon() -> dict[str, float]:
    """VADER's lexicon, read from the vaderSentiment package (no download, no nltk data)."""
    text = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(encoding="utf-8")
    lexicon = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].replace("-", "").replace("'", "").isalpha():
            lexicon[parts[0].lower()] = float(parts[1]) / 4.0
    return lexicon


def _vader_boosters() -> dict[str, int]:
    from vaderSentiment.vaderSentiment import BOOSTER_DICT

    return {w: (_BOOST if v > 0 else _DAMP) for w, v in BOOSTER_DICT.items() if " " not in w}


def _build_lexicon(entries: list[tuple[str, str, float]]) -> StanceLexicon:
    cues: dict[str, tuple[str, float]] = {}
    wild: dict[str, tuple[str, float]] = {}
    bigrams: dict[tuple[str, str], tuple[str, float]] = {}
    modifiers: dict[str, int] = dict(_vader_boosters())
    mod_wild: dict[str, int] = {}
    for entry, kind, value in entries:
        if kind in CUE_ROLES:
            if " " in entry:
                first, _, second = entry.partition(" ")
                bigrams[(first, second.strip())] = (kind, value)
            elif entry.endswith("*"):
                wild[entry[:-1]] = (kind, value)
            else:
                cues[entry] = (kind, value)
        else:
            if entry.endswith("*"):
                mod_wild[entry[:-1]] = mod_wild.get(entry[:-1], 0) | _FLAG[kind]
            else:
                modifiers[entry] = modifiers.get(entry, 0) | _FLAG[kind]
    wildcards = tuple(sorted(((p, r, v) for p, (r, v) in wild.items()), key=lambda x: -len(x[0])))
    mod_wildcards = tuple(sorted(mod_wild.items(), key=lambda x: -len(x[0])))
    return StanceLexicon(cues, wildcards, bigrams, modifiers, mod_wildcards, _vader_lexicon())


@functools.lru_cache(maxsize=1)
def _packaged_entries() -> tuple[tuple[str, str, float], ...]:
    return tuple(_parse_lexicon_lines(_packaged_text("stance_lexicon.txt"), "edm_tools/data/stance_lexicon.txt"))


@functools.lru_cache(maxsize=1)
def _default_lexicon() -> StanceLexicon:
    return _build_lexicon(list(_packaged_entries()))


def load_lexicon(path: str | Path | None = None, *, extra: Mapping | None = None) -> StanceLexicon:
    """The stance lexicon: the packaged ``data/stance_lexicon.txt`` plus a user's entries.

    Parameters
    ----------
    path
        A file in the same tab-separated format (``entry, kind, valence[, note]``); its entries
        are added, replacing packaged entries of the same word and kind.
    extra
        More entries as a dict: ``{"encircle*": ("agent", -0.5), "perhaps": ("hedge", 0)}``.

    Raises
    ------
    ParameterError
        An entry with an unknown kind or a valence outside [-1, 1].
    ConfigError
        ``path`` cannot be read or a line is malformed.
    """
    if path is None and extra is None:
        return _default_lexicon()
    entries = list(_packaged_entries())
    if path is not None:
        try:
            text = Path(path).expanduser().read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"Cannot read the lexicon file {str(path)!r}: {exc.strerror or exc}.") from exc
        entries.extend(_parse_lexicon_lines(text, str(path)))
    if extra is not None:
        if not isinstance(extra, Mapping):
            raise ParameterError("extra must be a dict of entry -> (kind, valence), e.g. "
                                 "{'encircle*': ('agent', -0.5)}.")
        for entry, value in extra.items():
            if not isinstance(value, (tuple, list)) or len(value) != 2:
                raise ParameterError(f"Lexicon entry {entry!r}: give (kind, valence), got {value!r}.")
            entries.append(_check_entry(entry, value[0], value[1], "extra"))
    return _build_lexicon(entries)


# ----------------------------------------------------------------------------------------------
# The calibration layer

#: The features of a (sentence, target) pair that the calibration layer reads, all computed by
#: the rule-based scorer (no words): sums of linked positive / negative cue contributions,
#: of the "…" contributions from clauses without a mention (one-target sentences), the tone of
#: unlinked cues in the target's own clause (``≈``) and in other clauses, whether a linked cue
#: was negated or hedged, whether the sentence names several targets, whether it is quoted,
#: and log(1 + words).
FEATURES = ("linked_pos", "linked_neg", "loose_pos", "loose_neg", "clause_tone", "other_tone",
            "negated", "hedged", "several_targets", "quoted", "log_words")


@dataclass(frozen=True, slots=True)
class Calibration:
    """A multinomial logistic regression from :data:`FEATURES` to negative/neutral/positive.

    ``coef`` is one row per class of :data:`LABELS` over the standardised features
    ``(x - mean) / scale``. :meth:`score` is ``P(positive) - P(negative)``, in (-1, 1); a pair
    without any cue shown for the target (the first five features zero) scores 0, so every
    non-zero score has its evidence in ``cues``.
    Fitted on the tuning half of the gold set by ``benchmarks/fit_stance_calibration.py``.
    """

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[tuple[float, ...], ...]
    intercept: tuple[float, ...]

    def probabilities(self, x: Sequence[float]) -> tuple[float, ...]:
        z = [(v - m) / s for v, m, s in zip(x, self.mean, self.scale)]
        # sum(map(mul, ...)) adds the same products in the same order as a generator, faster.
        logits = [b + sum(map(operator.mul, row, z)) for row, b in zip(self.coef, self.intercept)]
        top = max(logits)
        exps = [math.exp(v - top) for v in logits]
        total = sum(exps)
        return tuple(e / total for e in exps)

    def score(self, x: Sequence[float]) -> float:
        if not any(x[:_N_EVIDENCE]):
            return 0.0
        p_neg, _, p_pos = self.probabilities(x)
        return p_pos - p_neg

    def to_dict(self) -> dict:
        return {"features": list(self.features), "classes": list(LABELS), "mean": list(self.mean),
                "scale": list(self.scale), "coef": [list(r) for r in self.coef],
                "intercept": list(self.intercept)}

    @classmethod
    def from_dict(cls, data: Mapping, where: str = "calibration") -> Calibration:
        try:
            features = tuple(data["features"])
            classes = tuple(data["classes"])
            mean = tuple(float(v) for v in data["mean"])
            scale = tuple(float(v) for v in data["scale"])
            coef = tuple(tuple(float(v) for v in row) for row in data["coef"])
            intercept = tuple(float(v) for v in data["intercept"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"The stance calibration {where} is malformed ({exc!r}); refit it with "
                              "benchmarks/fit_stance_calibration.py.") from exc
        if features != FEATURES or classes != LABELS or len(coef) != len(LABELS) or any(
                len(v) != len(FEATURES) for v in (mean, scale, *coef)) or len(intercept) != len(LABELS):
            raise ConfigError(f"The stance calibration {where} was fitted for features {list(features)} "
                              f"and classes {list(classes)}; this version computes {list(FEATURES)} and "
                              f"{list(LABELS)}. Refit it with benchmarks/fit_stance_calibration.py.")
        if any(v <= 0 for v in scale):
            raise ConfigError(f"The stance calibration {where} has a non-positive scale; refit it.")
        return cls(features, mean, scale, coef, intercept)


_N_EVIDENCE = 5  # the first five features are the cues shown for the target: all zero, score 0
CALIBRATION_FILE = "stance_calibration.json"


@functools.lru_cache(maxsize=1)
def _packaged_calibration() -> Calibration:
    where = f"edm_tools/data/{CALIBRATION_FILE}"
    return Calibration.from_dict(json.loads(_packaged_text(CALIBRATION_FILE)), where)


def load_calibration(path: str | Path | None = None) -> Calibration:
    """The calibration layer: the packaged ``data/stance_calibration.json`` or a refitted file.

    Raises
    ------
    ConfigError
        The file cannot be read, or was fitted for other features (refit it with
        ``benchmarks/fit_stance_calibration.py``).
    """
    if path is None:
        return _packaged_calibration()
    try:
        text = Path(path).expanduser().read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"Cannot read the calibration file {str(path)!r}: {exc.strerror or exc}.") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"The calibration file {str(path)!r} is not JSON: {exc}.") from exc
    return Calibration.from_dict(data, str(path))


def _resolve_calibration(calibration) -> Calibration | None:
    if calibration is True:
        return load_calibration()
    if calibration is False or calibration is None:
        return None
    if isinstance(calibration, Calibration):
        return calibration
    if isinstance(calibration, (str, Path)):
        return load_calibration(calibration)
    raise ParameterError(f"calibration must be True (the packaged one), False (rule scores only), a "
                         f"path or a Calibration; got {calibration!r}.")


# ----------------------------------------------------------------------------------------------
# Scoring one sentence

_TOKEN = re.compile(r"\w+(?:['’\-.]\w+)*|[^\w\s]")
_HARD_PUNCT = frozenset({";", ":", "—", "–", "―", "!", "?"})
_QUOTE_MARKS = frozenset('"“”„«»‘’\'‹›')
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "that", "these", "those"})
# Link types between a cue and a mention.
_AGENT, _OBJECT, _PREP, _OF, _UNDERGOER, _SPEAKER = range(6)
_ROLE_WEIGHT = {
    #            doer  object  prep   of  undergoer speaker
    "agent": (1.0, 0.0, 0.0, 0.5, 0.0, 0.0),
    "patient": (0.0, 1.0, 1.0, 1.0, 1.0, 0.0),
    "mutual": (1.0, 1.0, 1.0, 1.0, 1.0, 0.5),
    "attribute": (1.0, 1.0, 0.25, 0.5, 1.0, 0.0),
}
_NEGATION_FACTOR = -0.5
_HEDGE_FACTOR = 0.6
_BOOST_FACTOR = 1.3
_DAMP_FACTOR = 0.7
_SOFT_FACTOR = 0.6
_ALPHA = 1.0
_NEGATION_WINDOW = 4
_PIVOT_BEFORE = 0.5
_PIVOT_AFTER = 1.5
_FARTHER_DOER = 0.3
_UNLINKED = 0.4
_NAME_BETWEEN = 0.5
_ANYTHING_BUT = frozenset({"anything", "all", "nothing"})
_COMPARATIVES = frozenset({"more", "better", "greater", "bigger", "larger", "stronger"})
_SCARE_POSITIVE = -0.5  # irony: "'brotherly' peoples"
_SCARE_NEGATIVE = 0.5  # distance: the word is someone else's
_DECAY = 10.0
_CLAUSE_TONE = 0.3  # weight of an unlinked cue in the target's own clause, in the evidence shown


def _distance_weight(d: int) -> float:
    return 1.0 if d <= 2 else 1.0 / (1.0 + (d - 2) / _DECAY)


def normalize_score(total: float) -> float:
    """``total / sqrt(total**2 + 1)``: a sum of cue contributions mapped into (-1, 1)."""
    return total / math.sqrt(total * total + _ALPHA)


def label_score(score: float, *, threshold: float = LABEL_THRESHOLD) -> str:
    """``positive`` if ``score >= threshold``, ``negative`` if ``score <= -threshold``, else ``neutral``."""
    if score >= threshold:
        return "positive"
    if score <= -threshold:
        return "negative"
    return "neutral"


def _any_within(positions: list[int], lo: int, hi: int) -> bool:
    """Whether the sorted token ``positions`` include one in ``[lo, hi)``."""
    k = bisect.bisect_left(positions, lo)
    return k < len(positions) and positions[k] < hi


def _quote_runs(words: list[str]) -> list[bool]:
    """Tokens inside scare quotes: a quotation of at most four words within the sentence."""
    scare = [False] * len(words)
    open_at = None
    for i, w in enumerate(words):
        if w in _QUOTE_MARKS:
            if open_at is None:
                open_at = i
            else:
                inner = [k for k in range(open_at + 1, i) if words[k][0].isalnum()]
                if 0 < len(inner) <= 4:
                    for k in range(open_at + 1, i):
                        scare[k] = True
                open_at = None
    return scare


def score_sentence(sentence: str, mentions: Sequence[Mention], lexicon: StanceLexicon | None = None,
                   *, vader_weight: float = VADER_WEIGHT, calibration: Calibration | None = None
                   ) -> dict[str, tuple[float, str]]:
    """Score one sentence toward each target it mentions: ``{target: (score, cues)}``.

    ``mentions`` are the sentence's mentions (offsets in ``sentence``), as from
    :func:`article_mentions`. ``cues`` is the evidence, strongest first, e.g.
    ``"pressure(-0.50); not→welcomed(-0.25)"``: the word, a prefix ``not→`` when negated,
    ``~`` when hedged and ``“”`` when in scare quotes, and the contribution to this target's sum.
    With a ``calibration`` (:func:`load_calibration`) the score is the calibrated one
    (``P(positive) - P(negative)``), else the rule score ``S / sqrt(S**2 + 1)``.
    """
    analysed = sentence_evidence(sentence, mentions, lexicon, vader_weight=vader_weight)
    if calibration is None:
        return {t: (normalize_score(total), cues) for t, (total, cues, _) in analysed.items()}
    return {t: (calibration.score(feats), cues) for t, (_, cues, feats) in analysed.items()}


def sentence_evidence(sentence: str, mentions: Sequence[Mention], lexicon: StanceLexicon | None = None,
                      *, vader_weight: float = VADER_WEIGHT, quoted: bool = False
                      ) -> dict[str, tuple[float, str, tuple[float, ...]]]:
    """The evidence of one sentence toward each target: ``{target: (total, cues, features)}``.

    ``total`` is the sum of the linked cue contributions (the rule score before
    normalisation), ``cues`` the evidence string of :func:`score_sentence` and ``features``
    the values of :data:`FEATURES` (in that order) that the calibration layer reads.
    """
    lexicon = lexicon or _default_lexicon()
    by_target: dict[str, list[tuple[int, int]]] = {}
    for m in mentions:
        by_target.setdefault(m.target, []).append((m.start, m.end))
    if not by_target:
        return {}
    tokens = list(_TOKEN.finditer(sentence))
    words = [t.group() for t in tokens]
    starts = [t.start() for t in tokens]
    n = len(words)
    # Token index ranges of the mentions, per target.
    mention_of: list[str | None] = [None] * n
    tspans: dict[str, list[tuple[int, int]]] = {}
    for target, chars in by_target.items():
        out = []
        for cs, ce in chars:
            a = max(0, bisect.bisect_right(starts, cs) - 1)
            if a < n and tokens[a].end() <= cs:
                a += 1
            b = bisect.bisect_left(starts, ce)
            if a >= b:
                continue
            out.append((a, b))
            for k in range(a, b):
                mention_of[k] = target
        tspans[target] = out
    memo = lexicon._tokens
    token_info = list(map(memo.get, words))
    if None in token_info:  # a token not seen before
        token_info = [info or lexicon.token(w) for info, w in zip(token_info, words)]
    lows, token_cues, flags_of = map(list, zip(*token_info)) if n else ([], [], [])

    # Clauses, soft breaks, parentheses, word positions, in one pass over the token flags.
    clause_of = [0] * n
    soft_of = [0] * n
    wpos = [0] * n
    in_paren = [False] * n
    clause = soft = depth = words_seen = 0
    clause_start = True
    pending_sub = False
    pivots: list[tuple[int, int]] = []  # (token, first clause after it)
    negated_clauses: set[int] = set()  # clauses after "rather than", "instead of"
    hedged_clauses: set[int] = set()
    counterfactual: set[int] = set()
    first_word = -1
    names: list[int] = []  # capitalised words inside the sentence: other candidate doers
    n_quotes = 0
    for i, flags in enumerate(flags_of):
        wpos[i] = words_seen
        if (flags & _CLAUSE_PASS_FLAGS) == _T_WORD and first_word >= 0:
            # A lower-case word with none of the flags this pass reads (two tokens in three):
            # of the branches below, it only counts as a word, ends the clause's start and
            # takes the running state.
            words_seen += 1
            clause_start = False
            clause_of[i] = clause
            soft_of[i] = soft
            in_paren[i] = depth > 0
            continue
        if flags & _PIVOT and i and lows[i - 1] in _ANYTHING_BUT:
            flags = flags_of[i] = (flags & ~(_PIVOT | _T_CLAUSE_WORD)) | _NEG  # "anything but isolated"
        if flags & _T_HARD or (flags & _T_CLAUSE_WORD and mention_of[i] is None):
            clause += 1
            clause_of[i] = -1
            if flags & _T_CLAUSE_WORD:
                if flags & _PIVOT:
                    pivots.append((i, clause))
                if flags & _NEGATING:
                    negated_clauses.add(clause)
                pending_sub = bool(flags & _SUB)
            else:
                pending_sub = False
            clause_start = not pending_sub
            continue
        if flags & _T_COMMA:
            clause_of[i] = -1
            if pending_sub:
                clause += 1
                pending_sub = False
                clause_start = True
            elif not clause_start:
                soft += 1
            continue
        if flags & _T_WORD:
            words_seen += 1
            if first_word < 0:
                first_word = i
            elif flags & _T_CAP and mention_of[i] is None and depth == 0:
                names.append(i)
            if mention_of[i] is None:
                if clause_start and flags & _SUB:
                    pending_sub = True
                elif flags & _SOFT:
                    soft += 1
            if flags & _HEDGE:
                hedged_clauses.add(clause)
            if flags & _CFACT:
                counterfactual.add(clause)
            clause_start = False
        elif flags & _T_OPEN:
            depth += 1
            soft += 1
        elif flags & _T_CLOSE:
            depth = max(0, depth - 1)
            soft += 1
        elif flags & _T_QUOTE:
            n_quotes += 1
        clause_of[i] = clause
        soft_of[i] = soft
        in_paren[i] = depth > 0
    if first_word < 0:
        first_word = 0
    # "X, but Y": as VADER, the clause after the pivot counts 1.5 times, the one before half.
    pivot = None
    for i, after in pivots:
        if wpos[i] > 0 and words_seen > wpos[i]:
            pivot = after
            break
    scare = _quote_runs(words) if n_quotes > 1 else None
    mention_list = sorted((a, b, t) for t, tsp in tspans.items() for a, b in tsp)
    # A mention that is the object of a preposition ("toward Russia's borders") is rarely the
    # doer of what follows; "of" is the exception ("the expansion of NATO").
    pp_object = {}
    for a, b, t in mention_list:
        k = a - 1
        while k >= 0 and lows[k] in _DETERMINERS:
            k -= 1
        pp_object[a] = k >= 0 and bool(flags_of[k] & (_PPREP | _APREP)) and lows[k] != "of"

    # The cues. Only a token with a cue of its own or that starts a two-word cue can give one,
    # so only those are visited; a two-word cue consumes its second word (``next_free``).
    cues: list[tuple[int, int, str, float, str]] = []  # (token, last token, role, valence, word)
    bigrams = lexicon.bigrams
    candidates = [i for i, cue in enumerate(token_cues) if cue is not None]
    first_words = lexicon.bigram_starts
    pair_starts = [] if first_words.isdisjoint(lows) else [
        i for i, w in enumerate(lows[:-1]) if w in first_words and (w, lows[i + 1]) in bigrams]
    if pair_starts:
        candidates = sorted(set(candidates).union(pair_starts))
    next_free = 0
    for i in candidates:
        if (i < next_free or mention_of[i] is not None or in_paren[i] or clause_of[i] < 0
                or not flags_of[i] & _T_WORD):
            continue
        last = i
        if i + 1 < n and (lows[i], lows[i + 1]) in bigrams and mention_of[i + 1] is None:
            role, valence = bigrams[(lows[i], lows[i + 1])]
            cue = (role, valence, "edm")
            word = f"{lows[i]} {lows[i + 1]}"
            last = i + 1
        else:
            cue = token_cues[i]
            word = lows[i]
        next_free = last + 1
        if cue is None or (i != first_word and flags_of[i] & _T_CAP):
            continue  # no cue, or a name ("Peace Mission", "Security Council") or an acronym
        # "partnership and cooperation agreement": the name of a document, not an evaluation.
        k, seen, document = last + 1, 0, False
        while (k < n and seen < 3 and mention_of[k] is None and flags_of[k] & _T_WORD
               and lows[k] not in _DETERMINERS):
            if flags_of[k] & _DOC:
                document = True
                break
            seen += 1
            k += 1
        if document:
            continue
        role, valence, source = cue
        if source == "vader":
            valence *= vader_weight
        cues.append((i, last, role, valence, word))
    cue_tokens = {c[0] for c in cues}
    # The positions of speech verbs and evaluations, of experiencer verbs and (``names``) of
    # names, in order, so "is there one between" is a bisection (_any_within).
    verbs = [k for k, fl in enumerate(flags_of) if fl & (_SPEECH | _EXPER)]
    speakers = sorted({k for k in verbs if flags_of[k] & _SPEECH}
                      .union(c[0] for c in cues if c[2] == "patient"))
    experiencers = [k for k in verbs if flags_of[k] & _EXPER]

    totals = {t: 0.0 for t in by_target}
    evidence: dict[str, list[tuple[float, str]]] = {t: [] for t in by_target}
    # Features of the calibration layer, per target (see FEATURES).
    linked_pos = dict.fromkeys(by_target, 0.0)
    linked_neg = dict.fromkeys(by_target, 0.0)
    loose_pos = dict.fromkeys(by_target, 0.0)
    loose_neg = dict.fromkeys(by_target, 0.0)
    clause_sum = dict.fromkeys(by_target, 0.0)
    other_sum = dict.fromkeys(by_target, 0.0)
    negated = dict.fromkeys(by_target, 0.0)
    hedged = dict.fromkeys(by_target, 0.0)
    # The clauses in which a target is the subject or object (a mention outside a
    # prepositional phrase): unlinked cues there are weaker evidence about it.
    core_clauses = {t: {clause_of[a] for a, _ in tsp if not pp_object[a]} for t, tsp in tspans.items()}
    for i, last, role, valence, word in cues:
        c = clause_of[i]
        # Modifiers.
        factor = 1.0
        if pivot is not None:
            factor = _PIVOT_AFTER if c >= pivot else _PIVOT_BEFORE
        prefix = ""
        back = 0
        k = i - 1
        while k >= 0 and back < _NEGATION_WINDOW and clause_of[k] == c:
            if flags_of[k] & _T_WORD and mention_of[k] is None:
                back += 1
                fl = flags_of[k]
                if fl & _NEG or lows[k].endswith("n't"):
                    factor *= _NEGATION_FACTOR
                    prefix = f"{lows[k]}→"
                    break
                if k in cue_tokens:
                    break  # a negator before that cue is its own
                if back <= 2 and lows[k] in _COMPARATIVES and c in counterfactual and valence > 0:
                    factor *= _NEGATION_FACTOR  # "could play a more constructive role"
                    prefix = f"{lows[k]}→"
                    break
                if back == 1 and fl & _BOOST:
                    factor *= _BOOST_FACTOR
                elif back == 1 and fl & _DAMP:
                    factor *= _DAMP_FACTOR
            k -= 1
        if c in negated_clauses:
            factor *= _NEGATION_FACTOR
            prefix = "rather→" + prefix
        if c in hedged_clauses:
            factor *= _HEDGE_FACTOR
            prefix += "~"
        shown = word
        if scare is not None and scare[i]:
            factor *= _SCARE_POSITIVE if valence > 0 else _SCARE_NEGATIVE
            shown = f"“{word}”"
        # Passive: an auxiliary just before a past participle.
        passive = False
        if lows[last].endswith(("ed", "en")):
            k = i - 1
            while k >= 0 and clause_of[k] == c and lows[k].endswith("ly"):
                k -= 1
            passive = k >= 0 and clause_of[k] == c and bool(flags_of[k] & _AUX)
        # An explicit doer after the cue: "pressure from Moscow", "criticised by X".
        agent_after = None
        filled = False
        k = last + 1
        limit = min(n, last + 5)
        while k < limit and clause_of[k] in (c, -1):
            if flags_of[k] & _APREP and mention_of[k] is None:
                j = k + 1
                while j < min(n, k + 5) and clause_of[j] == c:
                    if mention_of[j] is not None:
                        agent_after = j
                        filled = True
                        break
                    if flags_of[j] & _T_CAP:
                        filled = True
                        break
                    j += 1
                break
            k += 1
        weights = _ROLE_WEIGHT[role]
        if len(tspans) == 1 and not any(clause_of[a] == c for a, _, _ in mention_list):
            # A cue in a clause without any mention, in a sentence about one target only:
            # most likely about that target, so it counts at a reduced weight.
            target = mention_list[0][2]
            contribution = valence * factor * _UNLINKED
            totals[target] += contribution
            evidence[target].append((contribution, f"{prefix}…{shown}({contribution:+.2f})"))
            if contribution > 0:
                loose_pos[target] += contribution
            else:
                loose_neg[target] -= contribution
            continue
        for target, tsp in tspans.items():
            best = 0.0
            judge = False  # the target speaks or evaluates here: the clause's tone is not about it
            for a, b in tsp:
                if clause_of[a] != c:
                    continue
                scale = 1.0
                if b <= i:
                    d = wpos[i] - wpos[b - 1]
                    if role == "patient":
                        judge = True
                    if _any_within(speakers, b, i):
                        link = _SPEAKER  # "X said ...", "X praised ...": X is not described
                        judge = True
                    elif passive or filled or _any_within(experiencers, b, i):
                        link = _UNDERGOER
                    else:
                        link = _AGENT
                        # The doer is the nearest candidate before the cue, not in a phrase
                        # such as "toward Russia's borders".
                        if any(b <= a2 and b2 <= i and t2 != target for a2, b2, t2 in mention_list):
                            scale = _FARTHER_DOER
                        elif role != "mutual" and _any_within(names, b, i):
                            scale = _NAME_BETWEEN
                        if pp_object[a] and d > 2:  # "to Moscow's pressure" is still Moscow's
                            scale *= _FARTHER_DOER
                else:
                    d = wpos[a] - wpos[last]
                    link = _OBJECT
                    for k in range(a - 1, last, -1):
                        if mention_of[k] is not None:
                            continue
                        fl = flags_of[k]
                        if fl & _APREP:
                            link = _AGENT
                            break
                        if fl & _PPREP:
                            link = _OF if lows[k] == "of" else _PREP
                            break
                    if agent_after is not None and a <= agent_after < b:
                        link = _AGENT
                weight = weights[link] * scale
                if not weight:
                    continue
                weight *= _distance_weight(d) * _SOFT_FACTOR ** min(2, abs(soft_of[i] - soft_of[a]))
                if weight > best:
                    best = weight
            if best > 0.0:
                contribution = valence * factor * best
                totals[target] += contribution
                evidence[target].append((contribution, f"{prefix}{shown}({contribution:+.2f})"))
                if contribution > 0:
                    linked_pos[target] += contribution
                else:
                    linked_neg[target] -= contribution
                if "→" in prefix:
                    negated[target] = 1.0
                if "~" in prefix:
                    hedged[target] = 1.0
            elif c in core_clauses[target] and not judge:
                # A cue in the target's own clause that no role links to it: the clause's tone.
                contribution = valence * factor * _CLAUSE_TONE
                clause_sum[target] += contribution
                evidence[target].append((contribution, f"{prefix}≈{shown}({contribution:+.2f})"))
            else:
                other_sum[target] += valence * factor
    result = {}
    n_targets = float(len(by_target))
    length = math.log1p(words_seen)
    for target in by_target:
        found = sorted(evidence[target], key=lambda x: -abs(x[0]))
        features = (linked_pos[target], linked_neg[target], loose_pos[target], loose_neg[target],
                    clause_sum[target], other_sum[target], negated[target], hedged[target],
                    float(n_targets > 1), float(quoted), length)
        result[target] = (totals[target], "; ".join(text for value, text in found if abs(value) >= 0.005),
                          features)
    return result


# ----------------------------------------------------------------------------------------------
# Scoring a corpus


def _quote_spans(quotes: pd.DataFrame) -> dict:
    schemas.require_columns(quotes, ("doc_id", "start", "end", "kind"), caller="score_stance (quotes)")
    q = quotes[quotes["kind"].isin(QUOTED_KINDS)]
    speakers = q["speaker"].tolist() if "speaker" in q.columns else [""] * len(q)
    spans: dict = {}
    for doc_id, s, e, sp in zip(q["doc_id"].tolist(), q["start"].tolist(), q["end"].tolist(), speakers):
        spans.setdefault(doc_id, []).append((int(s), int(e), sp if isinstance(sp, str) else ""))
    for v in spans.values():
        v.sort()
    return spans


def _voice(start: int, end: int, quotes: list[tuple[int, int, str]]) -> tuple[str, str | None]:
    """``quoted`` when a quotation covers most of the sentence or most of the quotation lies in it."""
    best, speaker = 0, None
    for qs, qe, sp in quotes:
        if qs >= end:
            break
        overlap = min(end, qe) - max(start, qs)
        if overlap > 0 and overlap * 2 >= min(end - start, qe - qs) and overlap > best:
            best, speaker = overlap, sp
    if best:
        return "quoted", speaker or None
    return "author", None


def score_article(doc_id, sentences: Sequence[tuple[int, int, int, str]], targets, *,
                  quotes: Sequence[tuple[int, int, str]] = (), lexicon: StanceLexicon | None = None,
                  threshold: float = LABEL_THRESHOLD, vader_weight: float = VADER_WEIGHT,
                  calibration: Calibration | None = None, with_features: bool = False,
                  model=None, model_weight: float | None = None, with_masked: bool = False) -> list[tuple]:
    """Stance rows of one article (a function of the article alone, for chunks or processes).

    ``sentences`` are (sentence_id, start, end, sentence) in text order; ``quotes`` the
    (start, end, speaker) of its statement and block quotations. Returns tuples
    (doc_id, sentence_id, start, end, sentence, target, terms, n_mentions, score, label, cues,
    voice, speaker), the first thirteen columns of :data:`STANCE_COLUMNS`, and with
    ``with_features`` the tuple of :data:`FEATURES` as a fourteenth item. The score is the
    calibrated one with a ``calibration``, else the rule score; with a ``model``
    (:class:`edm_tools.stance_model.StanceModel`) it is blended with the model's polarity
    (see :func:`blend_model`). ``with_masked`` appends each row's target-masked sentence
    instead, so a caller can apply the model to many articles at once.
    """
    from .stance_model import mask_sentence

    compiled = [t if isinstance(t, _CompiledTarget) else _compile_target(t) for t in targets]
    lexicon = lexicon or _default_lexicon()
    texts = [s[3] if isinstance(s[3], str) else "" for s in sentences]
    all_mentions = article_mentions(texts, compiled)
    rows = []
    quotes = sorted(quotes)
    for (sid, start, end, _), text, mentions in zip(sentences, texts, all_mentions):
        if not mentions:
            continue
        voice, speaker = _voice(start, end, quotes) if quotes else ("author", None)
        analysed = sentence_evidence(text, mentions, lexicon, vader_weight=vader_weight,
                                     quoted=voice == "quoted")
        for target, (total, cues, features) in analysed.items():
            score = normalize_score(total) if calibration is None else calibration.score(features)
            terms = [m.term for m in mentions if m.target == target]
            row = (doc_id, sid, start, end, text, target, "; ".join(dict.fromkeys(terms)),
                   len(terms), score, label_score(score, threshold=threshold), cues, voice, speaker)
            if with_features:
                row += (features,)
            if with_masked or model is not None:
                row += (mask_sentence(text, mentions, target),)
            rows.append(row)
    if model is not None and not with_masked:
        blended = blend_model([r[:13] for r in rows], [r[-1] for r in rows], model,
                              weight=MODEL_WEIGHT if model_weight is None else model_weight,
                              threshold=threshold)
        rows = [b + r[13:-1] for b, r in zip(blended, rows)]
    return rows


def blend_model(rows: Sequence[tuple], masked: Sequence[str], model, *, weight: float = None,
                threshold: float = LABEL_THRESHOLD) -> list[tuple]:
    """Blend each row's rule score with the model's polarity (P(positive) - P(negative)):
    ``score = (1 - weight) * rule + weight * polarity``; the label follows the blended score and
    the model's strongest words join the cues as ``model(+0.31: "arm length"(-0.20))``."""
    weight = MODEL_WEIGHT if weight is None else weight
    polarity, notes = model.explain(list(masked), min_polarity=0.05 / weight if weight else 2.0)
    out = []
    for row, p, note in zip(rows, np.asarray(polarity, dtype=np.float64).tolist(), notes):
        # min/max of Python floats: the same value as np.clip, without its cost per call.
        score = min(max((1 - weight) * row[8] + weight * p, -1.0), 1.0)
        cues = row[10]
        if abs(weight * p) >= 0.05:
            cue = f"model({weight * p:+.2f}" + (f": {note})" if note else ")")
            cues = f"{cues}; {cue}" if cues else cue
        out.append(row[:8] + (score, label_score(score, threshold=threshold), cues) + row[11:13])
    return out


def score_stance(corpus: pd.DataFrame, *, sentences: pd.DataFrame | None = None,
                 quotes: pd.DataFrame | None = None, targets=None,
                 lexicon: StanceLexicon | None = None, threshold: float = LABEL_THRESHOLD,
                 vader_weight: float = VADER_WEIGHT, calibration=True, model=True,
                 model_weight: float | None = None) -> pd.DataFrame:
    """Stance toward each target, one row per sentence and target it mentions.

    Parameters
    ----------
    corpus
        Articles with ``doc_id`` and ``text`` (``prepare_corpus(...).articles`` or
        :func:`edm_tools.load_corpus`); ``year`` and ``date`` are copied when present.
    sentences
        The sentence table of the same corpus (``prepare_corpus(...).sentences``); None splits
        the sentences here.
    quotes
        The quotation table of :func:`edm_tools.quotes.extract_quotes`; None extracts it here
        (only ``statement`` and ``block`` quotations are used).
    targets
        None (Russia, NATO, the West), names (``["russia", "china"]``) or :func:`load_targets`.
    lexicon
        A :func:`load_lexicon` result; None is the packaged lexicon.
    threshold
        Label threshold: ``positive`` when ``score >= threshold``, ``negative`` when
        ``score <= -threshold``, else ``neutral``. Default :data:`LABEL_THRESHOLD` (0.15).
    vader_weight
        Weight of VADER's general-English valences (0 uses the geopolitical lexicon only).
    calibration
        True (default) maps the rule-based evidence to the score through the packaged
        calibration layer (:class:`Calibration`, ``data/stance_calibration.json``); False gives
        the plain rule score ``S / sqrt(S**2 + 1)``; a path or :class:`Calibration` uses that.
    model
        True (default) blends in the supervised model of :mod:`edm_tools.stance_model`
        (trained on the packaged ``data/stance_train`` set), which reads implicit stance that
        no cue word carries; False scores with the rules alone; a ``StanceModel`` uses that.
    model_weight
        The model's share of the score (default :data:`MODEL_WEIGHT`).

    Returns
    -------
    DataFrame with columns
    ``doc_id``, ``sentence_id``, ``start``, ``end`` (the sentence's offsets in ``text``),
    ``sentence`` (its text), ``target`` (name), ``terms`` (the mentions as written, ``; ``
    joined), ``n_mentions``, ``score`` (in [-1, 1], see the module docstring), ``label``
    (``negative``, ``neutral``, ``positive``), ``cues`` (the evidence: ``"pressure(-0.50);
    not→welcomed(-0.25)"``; empty when nothing in the sentence bears on the target),
    ``voice`` (``author``, or ``quoted`` when a statement or block quotation covers most of
    the sentence or lies mostly inside it), ``speaker`` (the quotation's speaker when quoted,
    else missing), ``year``, ``date`` (of the article).

    Raises
    ------
    SchemaError
        ``corpus``, ``sentences`` or ``quotes`` lacks a needed column.
    ParameterError
        An unknown target name or a threshold outside (0, 1).

    Examples
    --------
    >>> import pandas as pd
    >>> corpus = pd.DataFrame({"doc_id": ["a"],
    ...     "text": ["NATO assistance stands in contrast to Moscow's pressure."]})
    >>> score_stance(corpus)[["target", "label"]].values.tolist()
    [['russia', 'negative'], ['nato', 'positive']]
    """
    schemas.require_columns(corpus, ("doc_id", "text"), caller="score_stance")
    if not isinstance(threshold, (int, float)) or not 0 < threshold < 1:
        raise ParameterError(f"threshold must be a number in (0, 1), got {threshold!r}; the default is "
                             f"{LABEL_THRESHOLD}.")
    if not isinstance(vader_weight, (int, float)) or vader_weight < 0:
        raise ParameterError(f"vader_weight must be a number >= 0, got {vader_weight!r}.")
    compiled = [_compile_target(t) for t in _resolve_targets(targets)]
    if sentences is None:
        sentences = _split(corpus)
    else:
        schemas.require_columns(sentences, ("doc_id", "sentence_id", "start", "end", "sentence"),
                                caller="score_stance (sentences)")
    if quotes is None:
        from .quotes import extract_quotes

        quotes = extract_quotes(corpus, sentences=sentences, kinds=QUOTED_KINDS)
    quote_spans = _quote_spans(quotes)
    lexicon = lexicon or _default_lexicon()
    calibration = _resolve_calibration(calibration)
    doc_ids = sentences["doc_id"].tolist()
    columns = [sentences[c].tolist() for c in ("sentence_id", "start", "end", "sentence")]
    if model is True:
        from .stance_model import default_model

        model = default_model()
    elif model is False:
        model = None
    if model_weight is not None and not (isinstance(model_weight, (int, float)) and 0 <= model_weight <= 1):
        raise ParameterError(f"model_weight must be a number in [0, 1], got {model_weight!r}.")
    rows: list[tuple] = []
    for doc_id, idx in _by_doc(doc_ids).items():
        doc_sentences = sorted(((columns[0][i], columns[1][i], columns[2][i], columns[3][i]) for i in idx),
                               key=lambda r: r[1])
        rows.extend(score_article(doc_id, doc_sentences, compiled, quotes=quote_spans.get(doc_id, ()),
                                  lexicon=lexicon, threshold=threshold, vader_weight=vader_weight,
                                  calibration=calibration, with_masked=model is not None))
    if model is not None:
        # One vectorisation for the whole table: far faster than one per article.
        rows = blend_model([r[:13] for r in rows], [r[13] for r in rows], model,
                           weight=model_weight, threshold=threshold)
    frame = pd.DataFrame(rows, columns=list(STANCE_COLUMNS[:-2]))
    frame = frame.astype({"sentence_id": "int64", "start": "int64", "end": "int64",
                          "n_mentions": "int64", "score": "float64"})
    frame["speaker"] = frame["speaker"].astype("string")
    meta = corpus.drop_duplicates("doc_id").set_index("doc_id")
    for column in ("year", "date"):
        if column in meta.columns:
            frame[column] = frame["doc_id"].map(meta[column])
        else:
            frame[column] = pd.Series(pd.NA, index=frame.index, dtype="Int64" if column == "year" else "object")
    if "date" in meta.columns:
        frame["date"] = pd.to_datetime(frame["date"], errors="coerce")
    if "year" in meta.columns:
        frame["year"] = frame["year"].astype("Int64")
    return frame


def score_text(text: str, *, targets=None, lexicon: StanceLexicon | None = None,
               threshold: float = LABEL_THRESHOLD, calibration=True, model=True) -> pd.DataFrame:
    """:func:`score_stance` of one text (a quick look from a notebook); doc_id is ``"text"``."""
    if not isinstance(text, str):
        raise ParameterError(f"score_text expects a string, got {type(text).__name__}.")
    corpus = pd.DataFrame({"doc_id": ["text"], "text": [text]})
    return score_stance(corpus, targets=targets, lexicon=lexicon, threshold=threshold,
                        calibration=calibration, model=model)


def stance_features(sentences: pd.DataFrame, *, quotes: pd.DataFrame | None = None, targets=None,
                    lexicon: StanceLexicon | None = None,
                    vader_weight: float = VADER_WEIGHT) -> pd.DataFrame:
    """The calibration features of each (sentence, target) pair, for fitting the calibration.

    Parameters
    ----------
    sentences
        A sentence table (``doc_id``, ``sentence_id``, ``start``, ``end``, ``sentence``).
    quotes, targets, lexicon, vader_weight
        As for :func:`score_stance` (``quotes`` None: every sentence is the author's).

    Returns
    -------
    DataFrame with ``doc_id``, ``sentence_id``, ``start``, ``end``, ``target``, ``rule_score``
    (the uncalibrated score), ``cues`` and one column per name in :data:`FEATURES`.
    """
    schemas.require_columns(sentences, ("doc_id", "sentence_id", "start", "end", "sentence"),
                            caller="stance_features")
    compiled = [_compile_target(t) for t in _resolve_targets(targets)]
    spans = _quote_spans(quotes) if quotes is not None else {}
    columns = [sentences[c].tolist() for c in ("sentence_id", "start", "end", "sentence")]
    rows = []
    for doc_id, idx in _by_doc(sentences["doc_id"].tolist()).items():
        doc_sentences = sorted(((columns[0][i], columns[1][i], columns[2][i], columns[3][i]) for i in idx),
                               key=lambda r: r[1])
        for r in score_article(doc_id, doc_sentences, compiled, quotes=spans.get(doc_id, ()),
                               lexicon=lexicon, vader_weight=vader_weight, with_features=True):
            rows.append((r[0], r[1], r[2], r[3], r[5], r[8], r[10], *r[13]))
    return pd.DataFrame(rows, columns=["doc_id", "sentence_id", "start", "end", "target", "rule_score",
                                       "cues", *FEATURES])


# ----------------------------------------------------------------------------------------------
# Aggregation


def _check_boot(n_boot, ci) -> None:
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 0:
        raise ParameterError(f"n_boot must be a whole number >= 0 (0 skips the intervals), got {n_boot!r}.")
    if not isinstance(ci, (int, float)) or not 0 < ci < 1:
        raise ParameterError(f"ci must be a confidence level in (0, 1) such as 0.95, got {ci!r}.")


def bootstrap_means(values: np.ndarray, groups: np.ndarray, *, n_boot: int = 1000, seed: int = 0,
                    ci: float = 0.95, budget: int = 4_000_000) -> tuple[np.ndarray, np.ndarray]:
    """Percentile bootstrap intervals of the mean of ``values`` within each group.

    ``groups`` are integer codes 0..G-1. Resampling indices for many groups and replicates
    are drawn in one array operation (in chunks of about ``budget`` draws to bound memory);
    deterministic for a ``seed``. Returns (low, high) arrays of length G.
    """
    values = np.asarray(values, dtype="float64")
    groups = np.asarray(groups, dtype="int64")
    n_groups = int(groups.max()) + 1 if len(groups) else 0
    low = np.full(n_groups, np.nan)
    high = np.full(n_groups, np.nan)
    if n_groups == 0 or n_boot == 0:
        return low, high
    order = np.argsort(groups, kind="stable")
    v = values[order]
    sizes = np.bincount(groups, minlength=n_groups)
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    rng = np.random.default_rng(seed)
    alpha = (1.0 - ci) / 2.0
    g = 0
    while g < n_groups:
        # As many whole groups as fit in the budget (at least one).
        total = 0
        g_end = g
        while g_end < n_groups and (g_end == g or (total + sizes[g_end]) * n_boot <= budget):
            total += sizes[g_end]
            g_end += 1
        chunk_sizes = sizes[g:g_end]
        row_offset = np.repeat(offsets[g:g_end], chunk_sizes)
        row_size = np.repeat(chunk_sizes, chunk_sizes)
        local = np.concatenate([[0], np.cumsum(chunk_sizes)[:-1]])
        batch = max(1, budget // max(1, total))
        means = np.empty((n_boot, g_end - g))
        for r in range(0, n_boot, batch):
            m = min(batch, n_boot - r)
            idx = row_offset + (rng.random((m, total)) * row_size).astype(np.int64)
            means[r:r + m] = np.add.reduceat(v[idx], local, axis=1) / chunk_sizes
        low[g:g_end], high[g:g_end] = np.quantile(means, [alpha, 1.0 - alpha], axis=0)
        g = g_end
    return low, high


def _aggregate(scores: pd.DataFrame, by: list[str], *, n_boot: int, seed: int, ci: float) -> pd.DataFrame:
    frame = scores.dropna(subset=["score"])
    if "n_mentions" not in frame.columns:
        frame = frame.assign(n_mentions=1)
    frame = frame.assign(_neg=(frame["label"] == "negative").astype("float64"),
                         _pos=(frame["label"] == "positive").astype("float64"))
    grouped = frame.groupby(by, sort=True, dropna=True, observed=True)
    out = grouped.agg(n_sentences=("score", "size"), n_mentions=("n_mentions", "sum"),
                      mean_score=("score", "mean"), share_negative=("_neg", "mean"),
                      share_positive=("_pos", "mean"))
    codes = grouped.ngroup().to_numpy()
    keep = codes >= 0
    low, high = bootstrap_means(frame["score"].to_numpy()[keep], codes[keep], n_boot=n_boot, seed=seed, ci=ci)
    out["ci_low"] = low if len(low) == len(out) else np.nan
    out["ci_high"] = high if len(high) == len(out) else np.nan
    out = out.reset_index()
    return out.astype({"n_sentences": "int64", "n_mentions": "int64"})


def _check_by(scores: pd.DataFrame, by, caller: str) -> list[str]:
    by = [by] if isinstance(by, str) else list(by)
    if not by or not all(isinstance(b, str) for b in by):
        raise ParameterError(f"{caller}: by must name one or more columns, such as ('doc_id', 'target'); got {by!r}.")
    missing = [b for b in by if b not in scores.columns]
    if missing:
        raise ParameterError(
            f"{caller}: by names column(s) {', '.join(missing)} that the scores lack (they have "
            f"{', '.join(map(str, scores.columns))})."
        )
    return by


def aggregate_stance(scores: pd.DataFrame, *, by: str | Sequence[str] = ("doc_id", "target"),
                     n_boot: int = 1000, seed: int = 0, ci: float = 0.95) -> pd.DataFrame:
    """Stance per group (by default per article and target), with bootstrap intervals.

    Parameters
    ----------
    scores
        The table of :func:`score_stance`.
    by
        Grouping columns: ``("doc_id", "target")``, ``("target", "voice")``, ``"speaker"``, ...
    n_boot
        Bootstrap replicates (0 skips the intervals: ``ci_low``/``ci_high`` missing).
    seed
        Seed of the resampling; the same seed gives the same intervals.
    ci
        Confidence level of the percentile interval (0.95).

    Returns
    -------
    DataFrame with the ``by`` columns and ``n_sentences`` (sentences scored), ``n_mentions``
    (mentions in them), ``mean_score``, ``share_negative``, ``share_positive`` (shares of the
    sentences labelled so), ``ci_low``, ``ci_high`` (percentile bootstrap interval of the mean
    score, resampling the group's sentences; a single sentence gives a zero-width interval).
    """
    schemas.require_columns(scores, ("score", "label"), caller="aggregate_stance")
    by = _check_by(scores, by, "aggregate_stance")
    _check_boot(n_boot, ci)
    return _aggregate(scores, by, n_boot=int(n_boot), seed=seed, ci=ci)


def stance_over_time(scores: pd.DataFrame, *, freq: str = "year", by_voice: bool = False,
                     n_boot: int = 1000, seed: int = 0, ci: float = 0.95) -> pd.DataFrame:
    """Stance per target by year or month (and voice), with bootstrap intervals.

    Parameters
    ----------
    scores
        The table of :func:`score_stance` (needs ``year`` for years, ``date`` for months).
    freq
        ``"year"`` or ``"month"``.
    by_voice
        True splits each series into ``author`` and ``quoted``.
    n_boot, seed, ci
        As for :func:`aggregate_stance`.

    Returns
    -------
    DataFrame with ``period`` (the year as an integer, or the first day of the month),
    ``target``, ``voice`` (when ``by_voice``) and the columns of :func:`aggregate_stance`, plus
    ``n_articles``; sorted by target, voice and period. Rows without a year or date are
    left out; their number is in ``.attrs["n_undated"]``. Intervals resample sentences, which
    treats sentences of one article as independent (so they are somewhat narrow).
    """
    schemas.require_columns(scores, ("doc_id", "target", "score", "label"), caller="stance_over_time")
    if freq not in FREQS:
        raise ParameterError(f"freq must be 'year' or 'month', got {freq!r}.")
    _check_boot(n_boot, ci)
    if freq == "year":
        if "year" in scores.columns:
            period = pd.to_numeric(scores["year"], errors="coerce").astype("Int64")
        elif "date" in scores.columns:
            period = pd.to_datetime(scores["date"], errors="coerce").dt.year.astype("Int64")
        else:
            raise ParameterError("stance_over_time(freq='year') needs a 'year' or 'date' column; pass "
                                 "the table of score_stance on a corpus with years.")
    else:
        if "date" not in scores.columns:
            raise ParameterError("stance_over_time(freq='month') needs a 'date' column; use freq='year' "
                                 "or a corpus with dates.")
        dates = pd.to_datetime(scores["date"], errors="coerce")
        period = dates.dt.to_period("M").dt.to_timestamp()
    by = ["period", "target"] + (["voice"] if by_voice else [])
    if by_voice and "voice" not in scores.columns:
        raise ParameterError("by_voice=True needs a 'voice' column, as score_stance gives.")
    frame = scores.assign(period=period)
    undated = int(frame["period"].isna().sum())
    frame = frame[frame["period"].notna()]
    out = _aggregate(frame, by, n_boot=int(n_boot), seed=seed, ci=ci)
    n_articles = frame.groupby(by, sort=True, observed=True)["doc_id"].nunique().reset_index(name="n_articles")
    out = out.merge(n_articles, on=by, how="left")
    order = ["target"] + (["voice"] if by_voice else []) + ["period"]
    out = out.sort_values(order, kind="stable").reset_index(drop=True)
    columns = by + ["n_articles"] + list(AGGREGATE_COLUMNS)
    out = out[columns]
    if freq == "year":
        out["period"] = out["period"].astype("int64")
    out.attrs.update(freq=freq, ci=ci, n_undated=undated)
    return out


# ----------------------------------------------------------------------------------------------
# Plot

_LINE_STYLES = {"author": "-", "quoted": "--"}


def plot_stance_over_time(series: pd.DataFrame, *, title: str | None = None, targets=None):
    """A line per target with its confidence band; voice as line style when split.

    Parameters
    ----------
    series
        The table of :func:`stance_over_time`.
    title
        The figure title; None builds one from the targets, the frequency and the interval.
    targets
        Names of the targets to draw (None: all in ``series``).

    Returns
    -------
    matplotlib.figure.Figure (not registered with pyplot, so batch runs leak no figures).
    """
    schemas.require_columns(series, ("period", "target", "mean_score", "ci_low", "ci_high"),
                            caller="plot_stance_over_time")
    from matplotlib.figure import Figure

    freq = series.attrs.get("freq") or ("month" if np.issubdtype(series["period"].dtype, np.datetime64) else "year")
    ci = series.attrs.get("ci", 0.95)
    names = list(dict.fromkeys(series["target"])) if targets is None else list(targets)
    labels = {}
    try:
        known = load_targets()
        labels = {k: t.label for k, t in known.items()}
    except Exception:  # noqa: BLE001 - labels are cosmetic
        pass
    fig = Figure(figsize=(9, 4.8), layout="constrained")
    ax = fig.add_subplot()
    colors = [c["color"] for c in __import__("matplotlib").rcParams["axes.prop_cycle"]]
    voices = list(dict.fromkeys(series["voice"])) if "voice" in series.columns else [None]
    for k, name in enumerate(names):
        color = colors[k % len(colors)]
        for voice in voices:
            part = series[series["target"] == name]
            if voice is not None:
                part = part[part["voice"] == voice]
            part = part.sort_values("period")
            if part.empty:
                continue
            label = labels.get(name, name.replace("_", " ").title())
            if voice is not None:
                label = f"{label} ({voice})"
            ax.plot(part["period"], part["mean_score"], color=color, marker="o", markersize=3,
                    linestyle=_LINE_STYLES.get(voice, "-"), label=label)
            ax.fill_between(part["period"], part["ci_low"].astype(float), part["ci_high"].astype(float),
                            color=color, alpha=0.15 if voice != "quoted" else 0.08, linewidth=0)
    ax.axhline(0, color="0.5", linewidth=0.8)
    ax.set_xlabel("Year" if freq == "year" else "Month")
    ax.set_ylabel("Mean stance score per sentence\n(−1 negative … 0 neutral … +1 positive)")
    if freq == "year":
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    shown = ", ".join(labels.get(n, n.replace("_", " ").title()) for n in names)
    ax.set_title(title or f"EDM stance toward {shown} by {freq} (mean, {ci:.0%} bootstrap interval)")
    if ax.lines:
        ax.legend(loc="best", fontsize="small")
    return fig
