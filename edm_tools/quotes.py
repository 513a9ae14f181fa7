"""Quotations with speaker attribution: who is quoted, saying what, in which role, on whose authority.

:func:`extract_quotes` returns one row per quotation in each article, of four kinds:

``statement``
    words in quotation marks presented as someone's speech or writing;
``block``
    an unquoted paragraph introduced by ``X stated:`` (or ``As X put it,``);
``term``
    scare quotes, names of things, labels: quoted words nobody is presented as saying;
``indirect``
    reported speech without quotation marks and with an identifiable speaker
    (``Tokayev highlighted the importance of ...``).

Why hand-written: no library does this well offline. textacy's ``direct_quotations`` and
similar tools need a spaCy parse (a model download), handle only straight and curly double
quotes, and know nothing of this house style (guillemets, ``“...”, - he said``, block
quotations, in-text citations). Here a fast scanner pairs the quotation marks of each paragraph
with a stack (a ’ between letters is an apostrophe, not a mark), multi-paragraph quotations are
joined, and an unclosed mark is recovered at the end of its paragraph. Attribution then looks
for a reporting verb (``data/reporting_verbs.txt``) around each quotation and analyses the noun
phrase next to it; a per-article memory of the names, roles and bodies seen so far resolves
surnames (``Lavrov`` -> ``Sergey Lavrov``), pronouns (``he``), roles (``the deputy minister``)
and bodies (``the ministry``). Word lists live in ``data/quotes_lexicon.txt``.

Every offset points into the article ``text`` and ``text[start:end] == quote`` always holds.
"""

from __future__ import annotations

import bisect
import functools
import operator
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources

import numpy as np
import pandas as pd

from . import schemas
from .citations import find_citations
from .clean import sentence_rows
from .errors import ConfigError, ParameterError
from .gcpause import cyclic_gc_paused
from .sentences import paragraph_spans, trim_span

__all__ = [
    "KINDS", "Lexicon", "QUOTES_COLUMNS", "Quote", "SUMMARY_COLUMNS", "extract_quotes",
    "find_quotes", "load_lexicon", "quotes_summary",
]

QUOTES_COLUMNS = (
    "doc_id", "quote_id", "quote", "start", "end", "kind", "speaker", "speaker_surface",
    "speaker_role", "verb", "citation", "paragraph", "sentence",
)
SUMMARY_COLUMNS = ("speaker", "n_quotes", "n_articles", "role")
KINDS = ("statement", "block", "term", "indirect")
_KIND_INDEX = QUOTES_COLUMNS.index("kind")
_END_OF = operator.itemgetter(3)  # the end offset of a sentence tuple
_TOKEN_WORD = operator.itemgetter(2)  # the word of a run token (start, end, word)
_SENTENCE_COLUMNS = ("doc_id", "sentence_id", "paragraph_id", "start", "end")
_CITATION_COLUMNS = ("doc_id", "start", "end")

# ----------------------------------------------------------------------------------------------
# Compiled patterns (module level, no settings).

_ALNUM = re.compile(r"[^\W_]")  # a character for which str.isalnum() is true
_MARK = re.compile(r"[\"'“”„‟«»‹›‘’‚‛]")
_WORD = re.compile(r"[^\W\d_][\w’'\-]*")
_TOKEN = re.compile(r"[^\W\d_](?:[\w’'\-]|\.(?=[^\W\d_]\.))*\.?|\d[\d,.:/\-]*\w*|&")
_ELISION = re.compile(r"['’‘](?:\d\d(?:s|th)?\b|n['’]|em\b|til\b|cause\b|tis\b|twas\b)", re.I)
_SPACE_RUN = re.compile(r"\s+")
_TRAILING_PAREN = re.compile(r"\s*\(([^()]{1,300})\)\s*[.;]?\s*$")
_SOURCE_LIKE = re.compile(r"\b(?:1[89]|20)\d\d\b|\bp{1,2}\.\s*\d|\binterview|\bwww\.|https?://", re.I)
_LIST_IN_NAME = re.compile(
    r"\b(?:of|for)\s+[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*"
    r"((?:,\s+[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*)+),?\s+and\s+[A-Z]")
_LEADING_FILLER = re.compile(
    r"^(?:(?:and|but|yet|so|however|also|then|later|meanwhile|moreover|furthermore|indeed|"
    r"still|too|again|now|thus|therefore|in\s+turn|in\s+addition|for\s+(?:his|her|its|their|"
    r"our|my)\s+part|for\s+example|for\s+instance|in\s+particular|at\s+the\s+same\s+time|"
    r"on\s+the\s+other\s+hand|in\s+response|in\s+reply|in\s+contrast|by\s+contrast|"
    r"similarly|likewise|instead|earlier|previously|separately|finally|first|second)\b[\s,]*)+",
    re.I)
_TRAILING_FILLER = re.compile(
    r"(?:[\s,]+(?:also|then|later|again|too|further|once|repeatedly|recently|previously|"
    r"earlier|publicly|privately|openly|bluntly|simply|only|quickly|immediately|often|"
    r"frequently|always|never|still|even|however|already|subsequently|in\s+turn|"
    r"(?-i:[a-z]+ly)))+$", re.I)
# The words _TRAILING_FILLER can end with ("turn" of "in turn"); any "-ly" word also can.
_TRAILING_FILLER_LAST = frozenset({
    "also", "then", "later", "again", "too", "further", "once", "repeatedly", "recently",
    "previously", "earlier", "publicly", "privately", "openly", "bluntly", "simply", "only",
    "quickly", "immediately", "often", "frequently", "always", "never", "still", "even",
    "however", "already", "subsequently", "turn"})
_RELATIVE = re.compile(r"^(?:who|whom|whose|which|that|where|when|while|whereas|although|"
                       r"because|since|as\s+(?:his|her|its|their)|if|unless)\b", re.I)
_PREPOSITION_START = re.compile(
    r"^(?:in|on|at|during|after|before|since|for|from|by|with|without|under|over|speaking|"
    r"addressing|asked|answering|writing|commenting|responding|following|according|as|"
    r"when|while|despite|amid|upon|within|to|of|about|until|through|throughout|via)\b", re.I)
_PARTICIPLE_START = re.compile(r"^[a-z]+(?:ed|ing|en)\b")
_DETERMINER = re.compile(r"^(?:the|a|an|this|that|these|those|its|his|her|their|our|my|"
                         r"one|another|each|every|some|many|several|few|most|two|three)\b", re.I)
_INDEFINITE = re.compile(r"^(?:a|an|one|another|some|many|several|few|most|two|three|four|"
                         r"five|dozens|hundreds|thousands|other)\b", re.I)
_PRONOUN_END = re.compile(r"(?:^|\s)(he|she|it|they|we|i|you)$", re.I)
_PRONOUN_LAST = "etyiuETYIU\u0130\u0131\n"  # last characters it can match at (İ, ı match i; $ before \n)
_ACCORDING = re.compile(r"\baccording\s+to\s+", re.I)
_IN_WORDS = re.compile(r"^(?:[\s,]*)in\s+(his|her|its|their)\s+words\s*,\s*", re.I)
_AS_PUT = re.compile(r"^\s*as\s+", re.I)
_THAT = re.compile(r"\bthat\b")
_LABEL_LEAD = re.compile(r"^\s*([A-Z][\w’'.\-]*(?:\s+[A-Z][\w’'.\-]*){0,3})\s*:\s*$")
_QUOTE_SPEAKER_INSIDE = re.compile(r",\s+(?=\S)")
_HONORIFIC_ABBREVS = frozenset({"mr", "mrs", "ms", "dr", "prof", "lt", "gen", "col", "maj", "capt",
                                "adm", "sgt", "cmdr", "gov", "sen", "rep", "amb", "rev", "hon"})


# ----------------------------------------------------------------------------------------------
# Records.


@dataclass(frozen=True, slots=True)
class Quote:
    """One quotation of one article; offsets point into the article text."""

    doc_id: str
    quote_id: int
    quote: str
    start: int
    end: int
    kind: str
    speaker: str
    speaker_surface: str
    speaker_role: str
    verb: str
    citation: str
    paragraph: int
    sentence: int


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Word lists used by the extractor; build it with :func:`load_lexicon`."""

    verb_lemma: dict = field(hash=False, compare=False)  # form (spaces for "+") -> lemma
    indirect: frozenset[str]  # lemmas that introduce indirect speech
    naming: frozenset[str]  # lemmas that present words as a name ("call", "dub")
    roles: frozenset[str]
    bodies: frozenset[str]
    generic: frozenset[str]
    places: frozenset[str]
    honorifics: frozenset[str]
    female_honorifics: frozenset[str]
    term_cues: frozenset[str]
    female_suffixes: tuple[str, ...]
    male_suffixes: tuple[str, ...]
    male_names_in_a: frozenset[str]
    not_names: frozenset[str]
    verb_re: re.Pattern = field(hash=False, compare=False)
    name_cache: dict = field(default_factory=dict, hash=False, compare=False, repr=False)
    low_cache: dict = field(default_factory=dict, hash=False, compare=False, repr=False)
    role_cache: dict = field(default_factory=dict, hash=False, compare=False, repr=False)
    run_cache: dict = field(default_factory=dict, hash=False, compare=False, repr=False)

    def __hash__(self) -> int:  # lexicons are cached by identity
        return id(self)


def _sections(name: str) -> dict[str, list[str]]:
    try:
        text = resources.files("edm_tools.data").joinpath(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"Cannot read the packaged word list data/{name}: {exc}. Reinstall edm_tools "
            "(pip install -e .) so the data files are present."
        ) from exc
    sections: dict[str, list[str]] = {}
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip().lower()
            sections.setdefault(current, [])
            continue
        if current is None:
            raise ConfigError(f"data/{name}: the line {line!r} comes before any [section] header.")
        sections[current].append(line)
    return sections


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, as a trie: far faster than a flat alternation."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = []
        for ch in sorted(k for k in node if k):
            piece = r"\s+" if ch == " " else re.escape(ch)
            branches.append(piece + build(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Longest match first: the optional end comes after the longer branches.
        return "(?:" + body + ")?" if end else body

    return build(trie)


def _verb_regex(forms: Iterable[str]) -> re.Pattern:
    # Case-sensitive: reporting verbs are lowercase in running text ("the United States" is no verb).
    return re.compile(r"\b" + _trie_pattern(sorted(set(forms))) + r"\b")


@functools.lru_cache(maxsize=8)
def load_lexicon(verbs: tuple[str, ...] | None = None) -> Lexicon:
    """The reporting verbs of ``data/reporting_verbs.txt`` and the lists of ``data/quotes_lexicon.txt``.

    ``verbs`` (a tuple of verb forms such as ``("said", "stated")``) replaces the packaged verb
    list; each form then counts as a verb of indirect speech.
    """
    verb_sections = _sections("reporting_verbs.txt")
    lemma: dict[str, str] = {}
    indirect: set[str] = set()
    naming: set[str] = set()
    if verbs is None:
        for section in ("indirect", "direct", "naming"):
            for line in verb_sections.get(section, []):
                forms = [f.replace("+", " ").lower() for f in line.split()]
                for f in forms:
                    lemma.setdefault(f, forms[0])
                if section == "indirect":
                    indirect.add(forms[0])
                elif section == "naming":
                    naming.add(forms[0])
    else:
        for v in verbs:
            f = v.replace("+", " ").strip().lower()
            if f:
                lemma[f] = f
                indirect.add(f)
        for line in verb_sections.get("naming", []):
            forms = [f.lower() for f in line.split()]
            naming.add(forms[0])
            for f in forms:
                lemma.setdefault(f, forms[0])
    words = _sections("quotes_lexicon.txt")

    def bag(section: str) -> frozenset[str]:
        return frozenset(w.lower() for line in words.get(section, []) for w in line.split())

    return Lexicon(
        verb_lemma=lemma,
        indirect=frozenset(indirect),
        naming=frozenset(naming),
        roles=bag("roles"),
        bodies=bag("bodies"),
        generic=bag("generic"),
        places=bag("places"),
        honorifics=bag("honorifics"),
        female_honorifics=bag("female_honorifics"),
        term_cues=bag("term_cues"),
        female_suffixes=tuple(sorted(bag("female_suffixes"), key=len, reverse=True)),
        male_suffixes=tuple(sorted(bag("male_suffixes"), key=len, reverse=True)),
        male_names_in_a=bag("male_names_in_a"),
        not_names=bag("not_names"),
        verb_re=_verb_regex(lemma),
    )


# ----------------------------------------------------------------------------------------------
# Stage 1: pairing quotation marks.

_D, _G, _S = "d", "g", "s"  # families: double, guillemet, single
_OPEN_BEFORE = set(" \t\n([{—–-/")
_CLOSE_AFTER = set(" \t\n.,;:!?)]}—–-…")


@dataclass(slots=True)
class _Span:
    open: int  # offset of the opening mark
    close: int  # offset of the closing mark, or -1 when recovered at the paragraph end
    family: str
    start: int  # first character of the quoted words
    end: int  # one past the last
    para: int  # paragraph of the opening mark
    para_end: int = -1  # paragraph of the closing mark
    recovered: bool = False
    multi: bool = False


def _scan_paragraph(text: str, ps: int, pe: int) -> tuple[list[tuple[int, int, str]], tuple[int, str] | None, int]:
    """Top-level (open, close, family) pairs of one paragraph, the top-level mark left open at its
    end (offset, family) if any, and the number of marks seen."""
    stack: list[tuple[str, int, str]] = []  # (family, offset, char)
    pairs: list[tuple[int, int, str]] = []
    n = 0

    def close_to(family: str, i: int) -> bool:
        for k in range(len(stack) - 1, -1, -1):
            if stack[k][0] == family:
                f, o, _ = stack[k]
                del stack[k:]
                if not stack:
                    pairs.append((o, i, f))
                return True
        return False

    def has_open(family: str) -> bool:
        for fr in stack:
            if fr[0] == family:
                return True
        return False

    def single_open_here() -> bool:
        # An open single mark in the innermost nesting level (not hidden under a double).
        for fr in reversed(stack):
            if fr[0] == _S:
                return True
            return False
        return False

    def recover_outer(i: int) -> None:
        # A new top-level opener while one is still open: the old one lacked its closing mark.
        f, o, _ = stack[0]
        end = i
        while end > o + 1 and text[end - 1].isspace():
            end -= 1
        stack.clear()
        pairs.append((o, -end, f))  # a negative close marks a recovered quotation

    skip = -1
    for m in _MARK.finditer(text, ps, pe):
        n += 1
        i = m.start()
        if i == skip:
            continue
        c = m.group()
        prev = text[i - 1] if i > ps else "\n"
        nxt = text[i + 1] if i + 1 < pe else "\n"
        if (c == "’" or c == "'") and prev.isalnum() and nxt.isalnum():
            continue  # Russia’s, don’t: the most common mark, settled first (as below)
        left_open = prev in _OPEN_BEFORE or prev in "“‘«„\"'"
        right_closed = nxt in _CLOSE_AFTER or nxt in "”’»\"'"
        if c in "‘‛":
            if prev.isalnum() and nxt.isalpha():
                continue
            el = _ELISION.match(text, i)
            if el:
                skip = el.end() - 1 if text[el.end() - 1] in "'’" else -1
                continue
            stack.append((_S, i, c))
        elif c == "’" or c == "'":
            if prev.isalnum() and nxt.isalnum():
                continue  # Russia’s, don’t
            el = _ELISION.match(text, i)
            if el:
                skip = el.end() - 1 if text[el.end() - 1] in "'’" else -1
                continue  # ’90s, rock ’n’ roll
            if left_open and not right_closed:
                if c == "’":
                    continue  # ’em and other elisions: ’ never opens in good typography
                stack.append((_S, i, c))
                continue
            if single_open_here():
                if prev in "sz" and nxt == " " and i + 2 < pe and text[i + 2].islower():
                    # "parents’ rebellion": a possessive unless no later mark could close.
                    later = re.compile(r"(?<=[^\s])['’](?=[\s.,;:!?)\]”\"»—–-]|$)")
                    if later.search(text, i + 1, pe):
                        continue
                close_to(_S, i)
            elif c == "'" and left_open:
                stack.append((_S, i, c))
            # else: a possessive plural (Kazakhs’) or a stray mark
        elif c == "“":
            if stack and stack[-1][0] == _D and stack[-1][2] in "„":
                close_to(_D, i)
            elif has_open(_D) and right_closed and not left_open:
                close_to(_D, i)  # a “ used as a closing mark
            elif stack and stack[0][0] == _D and len(stack) == 1:
                recover_outer(i)
                stack.append((_D, i, c))
            else:
                stack.append((_D, i, c))
        elif c in "„‟":
            if stack and stack[0][0] == _D and len(stack) == 1 and c == "‟":
                recover_outer(i)
            stack.append((_D, i, c))
        elif c == "”":
            if has_open(_D):
                close_to(_D, i)
            elif left_open and nxt.isalnum():
                stack.append((_D, i, c))
        elif c == '"':
            opener = left_open and not right_closed
            closer = right_closed and not left_open
            if has_open(_D) and not opener:
                close_to(_D, i)
            elif has_open(_D) and opener:
                if stack[0][0] == _D and stack[0][2] == '"' and not any(fr[0] != _D for fr in stack):
                    if len(stack) == 1:
                        recover_outer(i)
                        stack.append((_D, i, c))
                    else:
                        close_to(_D, i)
                else:
                    stack.append((_D, i, c))
            elif not closer:
                stack.append((_D, i, c))
        elif c == "«":
            stack.append((_G, i, c))
        elif c == "»":
            if has_open(_G):
                close_to(_G, i)
        elif c == "‹":
            stack.append((_S, i, c))
        elif c == "›":
            if single_open_here():
                close_to(_S, i)
        elif c == "‚":
            if left_open:
                stack.append((_S, i, c))
    dangling = None
    if stack and stack[0][0] in (_D, _G):
        dangling = (stack[0][1], stack[0][0])
    return pairs, dangling, n


def _opening_family(text: str, ps: int) -> str | None:
    c = text[ps] if ps < len(text) else ""
    if c in "“„«\"‟":
        return _G if c == "«" else _D
    if c in "‘'":
        return _S
    return None


def _scan_quotes(text: str, paragraphs: Sequence[tuple[int, int]] | None = None,
                lexicon: Lexicon | None = None) -> list[_Span]:
    """Top-level quotations of ``text`` from the pairing of its marks, in order.

    Nested quotations are part of the outer one. A quotation whose paragraph ends while it is
    open continues when the next paragraph opens with a mark of the same kind (the convention
    for quoting several paragraphs), unless that paragraph's quotation carries an attribution of
    its own; otherwise it ends at its paragraph end (``recovered``).
    """
    paragraphs = paragraph_spans(text) if paragraphs is None else paragraphs
    scanned = [_scan_paragraph(text, ps, pe) for ps, pe in paragraphs]
    spans: list[_Span] = []
    consumed: set[tuple[int, int]] = set()  # (paragraph, open) of openers merged into another
    p = 0
    while p < len(paragraphs):
        pairs, dangling, _ = scanned[p]
        for o, c, f in pairs:
            if (p, o) in consumed:
                continue
            if c < 0:
                s, e = trim_span(text, o + 1, -c)
                spans.append(_Span(o, -1, f, s, e, p, p, recovered=True))
            else:
                s, e = trim_span(text, o + 1, c)
                spans.append(_Span(o, c, f, s, e, p, p))
        if dangling is not None and (p, dangling[0]) not in consumed:
            o, f = dangling
            q = p + 1
            end_span = None
            while q < len(paragraphs):
                qs = paragraphs[q][0]
                if _opening_family(text, qs) != f:
                    break
                q_pairs, q_dangling, _ = scanned[q]
                first = next((pr for pr in q_pairs if pr[0] == qs), None)
                if first is not None and first[1] > 0:
                    end_span = (q, first[1])
                    break
                if q_dangling is not None and q_dangling[0] == qs:
                    q += 1
                    continue
                break
            if end_span is not None and not _self_attributed(text, end_span[1], paragraphs[end_span[0]][1],
                                                             lexicon or load_lexicon()):
                q, close = end_span
                for k in range(p + 1, q + 1):
                    consumed.add((k, paragraphs[k][0]))
                s, e = trim_span(text, o + 1, close)
                spans.append(_Span(o, close, f, s, e, p, q, multi=True))
            else:
                s, e = trim_span(text, o + 1, paragraphs[p][1])
                spans.append(_Span(o, -1, f, s, e, p, p, recovered=True))
        p += 1
    spans = [sp for sp in spans if sp.end > sp.start and _ALNUM.search(text, sp.start, sp.end)]
    spans.sort(key=lambda sp: sp.open)
    return spans


def _self_attributed(text: str, close: int, para_end: int, lex: Lexicon) -> bool:
    """True when the words after a closing mark attribute it (``”, - he added.``)."""
    tail = text[close + 1:min(para_end, close + 160)]
    tail = re.split(r"[.!?](?:\s|$)|“|«|\"", tail, maxsplit=1)[0]
    if not tail.strip() or tail.lstrip().startswith("("):
        return False
    return lex.verb_re.search(tail) is not None


# ----------------------------------------------------------------------------------------------
# Stage 2: the article's memory of people and bodies.


_PERSON_OF = re.compile(r"((?:[A-Z][\w’'-]*\.? ){1,3}[A-Z][\w’'-]+) (of (?:the )?[a-z].*)$")
_ROLE_EDGE = " \t\n\"'“”‘’«»„,;:–—-"


@dataclass(slots=True)
class _Person:
    name: str
    keys: tuple[str, ...]  # surname forms that refer to this person
    role: str
    pos: int
    female: bool | None
    initials: str


@dataclass(slots=True)
class _Body:
    name: str
    role: str
    pos: int
    words: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Speaker:
    name: str  # the resolved, fullest name ("" when not identifiable)
    surface: str  # the words of the attribution
    role: str
    is_person: bool
    generic: bool = False


_NOBODY = _Speaker("", "", "", False, True)


class _Memory:
    """Names, roles and bodies of one article, with where they appear."""

    def __init__(self, text: str, lex: Lexicon, quoted: list[tuple[int, int]]):
        self.text = text
        self.lex = lex
        self.persons: list[_Person] = []
        self.runs: list[_Run] = []
        self.run_starts: list[int] = []
        self.bodies: list[_Body] = []
        self.by_key: dict[str, list[int]] = {}
        self.mentions: list[tuple[int, int]] = []  # (offset, person index), outside quotations
        self.speakers: list[tuple[int, _Speaker]] = []  # attributed speakers so far
        self._quoted = quoted
        self._build()

    # -- building ------------------------------------------------------------------------
    def _inside_quote(self, pos: int) -> bool:
        k = bisect.bisect_right(self._quoted, (pos, float("inf"))) - 1
        return k >= 0 and self._quoted[k][0] <= pos < self._quoted[k][1]

    def _build(self) -> None:
        text = self.text
        runs = _capital_runs(text, 0, len(text), self.lex)
        self.runs = runs
        self.run_starts = [r.start for r in runs]
        for run in runs:
            if len(run.tokens) > 1 or (len(run.tokens[0][2]) > 1 and run.tokens[0][2].isupper()):
                self._add_run(run)
        # Mentions of a known person by surname or full name, outside quotations.
        if self.persons:
            by_key = self.by_key
            for run in runs:
                for s, _, w in run.tokens:
                    idx = by_key.get(w)
                    if idx is None and w.endswith(("’s", "'s")):
                        idx = by_key.get(w[:-2])
                    if idx and not self._inside_quote(s):
                        self.mentions.append((s, self._latest(idx, s)))
        self.mentions.sort()

    def _latest(self, idx: list[int], pos: int) -> int:
        best = idx[0]
        for i in idx:
            if self.persons[i].pos <= pos:
                best = i
        return best

    def _add_run(self, run: "_Run") -> None:
        lex = self.lex
        words = tuple(map(_TOKEN_WORD, run.tokens))
        info = _run_info(words, lex)
        lower = info.lower
        if not info.name_like:
            if info.bodylike and not (len(words) == 1 and lower[0] in lex.bodies):
                self.bodies.append(_Body(self._with_article(run), "", run.start, info.stems))
            return
        split, cut = _person_in_run(self.text, run, lex, info=info)
        if split is not None:
            name_start, name_words = split
            prefix = self.text[run.start:run.tokens[name_start][0]].strip()
            name = " ".join(name_words)
            role = prefix if prefix and any(w in lex.roles for w in lower[:name_start]) else ""
            if cut is not None:
                role = (role + " " if role else "") + self.text[run.tokens[cut][0]:run.end]
            if not role:
                role = _lower_role_before(self.text, run.start, lex) or _role_before_paren(self.text, run.start, lex)
            honor = [w for w in lower[:name_start] if w in lex.honorifics]
            if len(name_words) == 1 and not role and not honor:
                return
            appos = _appositive_after(self.text, run.end, lex) if cut is None else ""
            if appos and not role:
                role = appos
            elif appos and role and not prefix:
                role = appos
            female = _gender(name_words, honor, lex)
            self._add_person(name, role, run.tokens[name_start][0], female)
            return
        if len(words) == 1 and lower[0] in lex.bodies:
            return  # "the Ministry": a reference, resolved when it is read
        if info.bodylike:
            name = self._with_article(run)
            role = _lower_role_before(self.text, run.start, lex, bodies=True) if self.text[
                run.start - 1:run.start] == " " and self.text[run.start - 2:run.start - 1].islower() else ""
            self.bodies.append(_Body(name, role, run.start,
                                     frozenset(_stem(w) for w in lower + _words_lower(role))))

    def add_single_name(self, name: str, role: str, pos: int) -> None:
        """A person the article names with one word only, as the speaker of a quotation."""
        if name in self.by_key:
            return
        self.persons.append(_Person(name, (name,), role, pos, None, name[:1]))
        self.by_key[name] = [len(self.persons) - 1]
        bisect.insort(self.mentions, (pos, len(self.persons) - 1))

    def _with_article(self, run: "_Run") -> str:
        """A body's name as written, with its "the": "the Steppe Ministry of Water"."""
        name = _strip_possessive(self.text[run.start:run.end])
        if self.text[max(0, run.start - 4):run.start] in ("the ", "The "):
            return "the " + name
        return name

    def _add_person(self, name: str, role: str, pos: int, female: bool | None) -> None:
        role = role.strip(_ROLE_EDGE)  # a role read after a quotation must not keep its mark
        parts = name.split()
        surname = parts[-1]
        keys = {name, surname}
        # "Jaap de Hoop Schaeffer": "de Hoop Schaeffer" and "Schaeffer" both refer to him.
        for k in range(1, len(parts)):
            if parts[k][:1].islower():
                keys.add(" ".join(parts[k:]))
                keys.add(" ".join([parts[k][:1].upper() + parts[k][1:]] + parts[k + 1:]))
        for k in list(self.by_key.get(surname, [])):
            prev = self.persons[k]
            if prev.name == name or prev.name.endswith(" " + name) or (len(parts) == 1 and prev.name.split()[-1] == surname):
                if role and not prev.role:
                    prev.role = role
                if prev.female is None:
                    prev.female = female
                return
        if len(parts) == 1:
            return  # a lone surname with a title ("Commander Tasbulatov") before the full name
        initials = "".join(p[0] for p in parts if p[:1].isupper())
        if len(parts) == 2 and parts[0] not in self.by_key:
            keys.add(parts[0])  # "Gao" for Gao Renlin: family names come first in some cultures
        self.persons.append(_Person(name, tuple(keys), role, pos, female, initials))
        for k in keys:
            self.by_key.setdefault(k, []).append(len(self.persons) - 1)

    # -- resolving -----------------------------------------------------------------------
    def person_by_key(self, word: str, pos: int) -> _Person | None:
        idx = self.by_key.get(word)
        if not idx:
            return None
        return self.persons[self._latest(idx, pos)]

    def person_by_initials(self, acronym: str) -> _Person | None:
        hits = [p for p in self.persons if p.initials == acronym]
        return hits[0] if len(hits) == 1 else None

    def last_person(self, pos: int, female: bool | None, exclude: tuple[int, int] | None = None) -> _Person | None:
        k = bisect.bisect_left(self.mentions, (pos, -1)) - 1
        fallback = None
        seen = 0
        while k >= 0 and seen < 40:
            off, i = self.mentions[k]
            k -= 1
            if exclude and exclude[0] <= off < exclude[1]:
                continue
            seen += 1
            p = self.persons[i]
            if female is None or p.female is None or p.female == female:
                return p
        return fallback

    def by_role(self, words: list[str], pos: int, head: str = "") -> _Person | _Body | None:
        """The latest person or body before ``pos`` whose role (or name) has all ``words``.

        ``head`` is the head noun of the description: a role word ("the director of the
        department") looks among people only, a body word ("the ministry") among bodies only.
        """
        stems = {_stem(w) for w in words}
        if not stems:
            return None
        lex = self.lex
        people = not head or head in lex.roles or _person_noun(head, lex) and head not in lex.bodies
        bodies = not head or head in lex.bodies or head not in lex.roles
        best = None
        best_pos = -1
        for p in (self.persons if people else ()):
            if p.pos <= pos and p.role:
                have = {_stem(w) for w in _words_lower(p.role)}
                if stems <= have:
                    last = max([p.pos] + [o for o, i in self.mentions if self.persons[i] is p and o < pos])
                    if last > best_pos:
                        best, best_pos = p, last
        if not bodies:
            return best
        for b in self.bodies:
            if b.pos <= pos and stems <= b.words and b.pos > best_pos:
                best, best_pos = b, b.pos
        for off, sp in self.speakers:
            if off <= pos and not sp.is_person and sp.name and off > best_pos:
                have = {_stem(w) for w in _words_lower(sp.name + " " + sp.role)}
                if stems <= have:
                    best, best_pos = _Body(sp.name, sp.role, off, frozenset(have)), off
        return best

    def last_body_speaker(self, pos: int) -> _Speaker | None:
        for off, sp in reversed(self.speakers):
            if off <= pos and sp.name and not sp.is_person:
                return sp
        return None

    def last_speaker(self, pos: int) -> _Speaker | None:
        for off, sp in reversed(self.speakers):
            if off <= pos and sp.name:
                return sp
        return None


def _stem(word: str) -> str:
    return word[:7]


@functools.lru_cache(maxsize=65536)
def _words_lower_cached(text: str) -> tuple[str, ...]:
    return tuple(_strip_possessive(w).lower() for w in _WORD.findall(text))


def _words_lower(text: str) -> tuple[str, ...]:
    """The words of ``text``, lowercased, without possessives (a pure function, memoised; the
    tuple is shared, hence immutable)."""
    return _words_lower_cached(text)


def _strip_possessive(word: str) -> str:
    if word.endswith(("’s", "'s")):
        return word[:-2]
    return word.rstrip("’'")


def _gender(name_words: list[str], honorifics: list[str], lex: Lexicon) -> bool | None:
    if any(h in lex.female_honorifics for h in honorifics):
        return True
    if any(h in ("mr", "mr.") for h in honorifics):
        return False
    surname = name_words[-1].lower()
    if surname.endswith(lex.female_suffixes):
        return True
    if surname.endswith(lex.male_suffixes):
        return False
    if len(name_words) >= 2:
        first = name_words[0].lower()
        if first.endswith("a") and first not in lex.male_names_in_a:
            return True
    return None


@dataclass(slots=True)
class _Run:
    start: int
    end: int
    tokens: list[tuple[int, int, str]]


_CONNECTORS = frozenset({"of", "the", "and", "for", "de", "van", "von", "der", "den", "al", "bin",
                         "ibn", "la", "le", "du", "da", "dos", "del", "ul", "el"})
_NOT_NAME_SUFFIXES = ("tion", "sion", "ment", "ship", "ity", "ness", "ance", "ence", "ism", "ics",
                      "ture", "onal", "ical", "ation")
_ABBREVIATIONS = frozenset({"u.s", "u.k", "u.n", "st", "no", "nos", "jr", "sr", "inc", "ltd", "co", "ret",
                            "corp", "vs", "etc", "e.g", "i.e", "approx", "dept", "govt", "mt",
                            "ft", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
                            "oct", "nov", "dec"})
_PARTICLES = frozenset({"de", "van", "von", "der", "den", "al", "bin", "ibn", "la", "le", "du",
                        "da", "dos", "del", "ul", "el"})
_MONTHS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august",
                     "september", "october", "november", "december", "monday", "tuesday",
                     "wednesday", "thursday", "friday", "saturday", "sunday", "jan", "feb",
                     "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"})
_STARTERS = frozenset({"the", "a", "an", "in", "on", "at", "as", "but", "and", "yet", "for",
                       "this", "that", "these", "those", "it", "its", "he", "she", "they", "we",
                       "i", "his", "her", "their", "our", "after", "before", "during", "since",
                       "while", "when", "if", "although", "however", "according", "asked",
                       "speaking", "following", "meanwhile", "moreover", "still", "then",
                       "there", "what", "why", "how", "who", "where", "both", "each", "every",
                       "some", "many", "most", "all", "no", "not", "nor", "so", "such", "with",
                       "without", "by", "from", "to", "under", "over", "unlike", "like",
                       "indeed", "instead", "yes", "now", "today", "here", "last", "next",
                       "one", "two", "three", "several", "few", "other", "another", "also",
                       "among", "even", "only", "because", "though", "until", "once", "will",
                       "would", "can", "could", "should", "must", "may", "do", "does", "did",
                       "is", "are", "was", "were", "has", "have", "had", "be", "been", "we’re",
                       "nobody", "everyone", "everybody", "whoever", "our", "my", "your", "you"})


def _runs_in(art: "_Article", a: int, b: int) -> list[_Run]:
    """The capitalized runs of the article inside text[a:b] (clipped to it)."""
    mem = art.memory
    k = max(0, bisect.bisect_right(mem.run_starts, a) - 1)
    out = []
    runs = mem.runs
    while k < len(runs) and runs[k].start < b:
        run = runs[k]
        k += 1
        if run.end <= a:
            continue
        if run.start >= a and run.end <= b:
            out.append(run)
            continue
        tokens = [t for t in run.tokens if t[0] >= a and t[1] <= b]
        while tokens and not tokens[0][2][:1].isupper():
            tokens.pop(0)
        while tokens and not tokens[-1][2][:1].isupper():
            tokens.pop()
        if tokens:
            out.append(_Run(tokens[0][0], tokens[-1][1], tokens))
    return out


_UPPER = "A-ZÀ-ÖØ-ÞĀ-žА-ЯЁΑ-Ω"
_ABBREVIATED_TITLES = ("Mr", "Mrs", "Ms", "Dr", "Prof", "Lt", "Gen", "Col", "Maj", "Capt", "Adm", "Sgt",
                       "Cmdr", "Gov", "Sen", "Rep", "Amb", "Rev", "Hon", "St", "Jr", "Sr", "Mt", "Ft")


def _abbrev_tail() -> str:
    """After a capital letter: the rest of an abbreviated title ("r." of "Mr.") or of an initial."""
    by_first: dict[str, list[str]] = {}
    for t in _ABBREVIATED_TITLES:
        by_first.setdefault(t[0], []).append(t[1:])
    # Each alternative is the rest of a title, then a look back at its capital: "r(?<=Mr)".
    # Starting with a letter (not with the look-behind) lets the engine drop most alternatives
    # at their first character.
    parts = [f"{re.escape(rest)}(?<={re.escape(first + rest)})"
             for first, rests in sorted(by_first.items()) for rest in sorted(rests, key=len, reverse=True)]
    # Both forms need a period after at most a few lowercase letters: a quick look ahead for
    # it spares trying every alternative on the (far more common) plain words.
    longest = max(len(t) - 1 for t in _ABBREVIATED_TITLES)
    assert all(t[1:].isascii() and t[1:].islower() for t in _ABBREVIATED_TITLES)
    return rf"(?:(?=[a-z]{{0,{longest}}}\.)(?:(?:\.[A-Z])+\.|(?:{'|'.join(parts)})?\.))"


# A run starts with a capital (the class first lets the regex engine skip ahead quickly), not
# inside a word; its tokens are abbreviations ("Lt.", "K.", "U.S.") or words, joined by spaces
# and connectors (of, of the, and, de, van, ...). A word's final period is not taken: it ends
# the run ("... Lavrov. The next day").
_CAP_RUN = re.compile(
    rf"[{_UPPER}](?<![\w’'\-.][{_UPPER}])(?:{_abbrev_tail()}|[\w’'\-]*)"
    rf"(?:[ \t]+(?:(?:of|for|and)[ \t]+(?:the[ \t]+)?|(?:the|de|van|von|der|den|al|bin|ibn|la|le|du|"
    rf"da|dos|del|ul|el)[ \t]+)?[{_UPPER}](?:{_abbrev_tail()}|[\w’'\-]*))*")


def _capital_runs(text: str, start: int, end: int, lex: Lexicon) -> list[_Run]:
    """Runs of capitalized tokens (with of/the/de... between them) in ``text[start:end]``.

    A sentence-initial function word ("The", "In") is left out, a month or a number breaks a run,
    and a sentence-final period ends it (abbreviations and initials do not: "Lt. Col. Derek").
    """
    runs: list[_Run] = []
    append = runs.append
    months, starters = _MONTHS, _STARTERS
    for m in _CAP_RUN.finditer(text, start, end):
        run_text = m.group()
        if " " not in run_text and "\t" not in run_text:
            # One token (most matches): no connectors to trim.
            s0, e0 = m.span()
            low = run_text.lower()
            if low in months or (low in starters and _sentence_initial(text, s0)):
                continue
            append(_Run(s0, e0, [(s0, e0, run_text)]))
            continue
        cur: list[tuple[int, int, str]] = []
        # Tokens are separated by spaces and tabs only (see _CAP_RUN): split, and find each
        # token's offset from the end of the previous one.
        offset = m.start()
        for w in run_text.split():
            ts = text.find(w, offset)
            offset = ts + len(w)
            if not w[0].isupper():
                if cur:
                    cur.append((ts, offset, w))  # a connector inside the run
                continue
            low = w.lower()
            if low in months or (not cur and low in starters and _sentence_initial(text, ts)):
                while cur and not cur[-1][2][0].isupper():
                    cur.pop()
                if cur:
                    append(_Run(cur[0][0], cur[-1][1], cur))
                cur = []
                continue
            cur.append((ts, offset, w))
        while cur and not cur[-1][2][0].isupper():
            cur.pop()
        if cur:
            append(_Run(cur[0][0], cur[-1][1], cur))
    return runs


def _sentence_initial(text: str, s: int) -> bool:
    k = s - 1
    while k >= 0 and text[k] in " \t“\"‘'«(—–-":
        k -= 1
    return k < 0 or text[k] in ".!?:\n;"


def _name_like(word: str, lex: Lexicon) -> bool:
    cache = lex.name_cache
    hit = cache.get(word)
    if hit is None:
        if len(cache) > 200_000:
            cache.clear()
        hit = cache[word] = _name_like_uncached(word, lex)
    return hit


def _lw(word: str, lex: Lexicon) -> str:
    """``word`` lowercased without a possessive or a final period (cached)."""
    cache = lex.low_cache
    hit = cache.get(word)
    if hit is None:
        if len(cache) > 200_000:
            cache.clear()
        hit = cache[word] = _strip_possessive(word).lower().rstrip(".")
    return hit


def _name_like_uncached(word: str, lex: Lexicon) -> bool:
    if not word[:1].isupper() or word.endswith(("’s", "'s")):
        return False
    if "-" in word and any(part[:1].islower() for part in word.split("-")[1:]):
        return False  # "Pakistani-administered", "Russian-backed": adjectives, not names
    low = word.lower().rstrip(".")
    if low in lex.roles or low in lex.bodies or low in lex.places or low in _MONTHS or low in lex.honorifics:
        return False
    if low in lex.generic or low in _STARTERS or low in lex.not_names:
        return False
    if low.endswith(_NOT_NAME_SUFFIXES):
        return False
    if word.isupper() and len(word) > 1:
        return False  # an acronym: OSCE, NATO
    if "." in word:
        return False
    return any(ch.islower() for ch in word)


# Letters written after a British or Commonwealth name: offices, honours, degrees.
_POST_NOMINALS = frozenset({"MP", "MEP", "MSP", "MLA", "MS", "QC", "KC", "OBE", "CBE", "MBE", "KBE",
                            "DBE", "PhD", "Jr", "Jr.", "Sr", "Sr."})


def _split_name(tokens: list[tuple[int, int, str]], lex: Lexicon) -> tuple[int, list[str]] | None:
    """(index of the first name token, name words) when a run ends in a person's name.

    A name is up to three name-like words (with initials and particles: "Arman K. Seitov",
    "Jaap de Hoop Schaeffer") after a title, a place or nothing: "Kazakh President Nursultan
    Nazarbayev". A run such as "the Ministry of Economic Development" (a name after "of") or
    "Kazakhstan Temir Zholy" (a place and two words, no title) is not a person.
    """
    end = len(tokens)
    while end > 1 and tokens[end - 1][2] in _POST_NOMINALS:
        end -= 1  # "Harriet Lomax MP": the letters after a name are not part of it
    k = end - 1
    names = 0
    first = None
    while k >= 0:
        w = tokens[k][2]
        low = w.lower()
        if len(w) == 2 and w.endswith(".") and w[0].isupper() and first is not None:
            first = k  # an initial: Arman K. Seitov
        elif low in _PARTICLES and first is not None:
            first = k
        elif _name_like(w, lex) and names < 3:
            names += 1
            first = k
        else:
            break
        k -= 1
    if first is None or names == 0:
        return None
    while first < len(tokens) and (tokens[first][2].lower() in _PARTICLES):
        first += 1
    words = [t[2] for t in tokens[first:end]]
    if not words:
        return None
    before = tokens[first - 1][2] if first > 0 else ""
    before_low = before.lower().rstrip(".")
    before_low = _strip_possessive(before).lower().rstrip(".")
    if before_low in _CONNECTORS:
        return None  # "... of Economic Development"
    titled = any(_lw(t[2], lex) in lex.roles or t[2].lower() in lex.honorifics for t in tokens[:first])
    if names == 1:
        # A single name word is a person only after a title or honorific ("Minister Tazhin").
        if first == 0:
            return None
        if before_low not in lex.roles and before.lower() not in lex.honorifics and before_low not in lex.honorifics:
            return None
    elif before and before_low in lex.places and not before.endswith(("’s", "'s")) and not titled:
        return None  # "Kazakhstan Temir Zholy": a company, not a person
    return first, words


_ARTICLE_BEFORE = re.compile(r"\b(?:the|a|an|near)\s+$")
_PREP_BEFORE = re.compile(r"\b(?:the|a|an|near|of|in|at|to|from|into|on|for|with)\s+$")


@dataclass(frozen=True, slots=True)
class _RunInfo:
    """What the words of a capitalized run say, whatever their context (memoised)."""

    lower: tuple[str, ...]
    name_like: bool
    bodylike: bool
    stems: frozenset[str]
    titled: bool
    split: tuple[int, list[str]] | None
    cut: int | None


def _run_info(words: tuple[str, ...], lex: Lexicon) -> _RunInfo:
    cache = lex.run_cache
    hit = cache.get(words)
    if hit is not None:
        return hit
    if len(cache) > 100_000:
        cache.clear()
    lower = tuple(_lw(w, lex) for w in words)
    tokens = [(0, 0, w) for w in words]
    split, cut = _split_name(tokens, lex), None
    if split is None:
        for j in range(1, len(tokens)):
            if words[j] in ("of", "for", "from", "at"):
                split = _split_name(tokens[:j], lex)
                if split is not None and len(split[1]) >= 2:
                    cut = j
                else:
                    split = None
                break
    hit = cache[words] = _RunInfo(
        lower=lower,
        name_like=any(_name_like(w, lex) for w in words),
        bodylike=any(w in lex.bodies for w in lower) or any(len(w) > 1 and w.isupper() for w in words),
        stems=frozenset(_stem(w) for w in lower),
        titled=any(w in lex.roles or w in lex.honorifics for w in lower)
        or any(w.lower() in lex.honorifics for w in words),
        split=split,
        cut=cut,
    )
    return hit


def _person_in_run(text: str, run: _Run, lex: Lexicon, np_start: int | None = None,
                   info: _RunInfo | None = None) -> tuple[tuple[int, list[str]] | None, int | None]:
    """The person a capitalized run names, if any, and the index where an "of ..." part starts:
    "Dr. Saule Iskakova of the Kazakhstan Institute for Strategic Studies" is Saule Iskakova.
    ``info`` is the run's :func:`_run_info` when the caller has it."""
    if info is None:
        info = _run_info(tuple([t[2] for t in run.tokens]), lex)
    if not info.titled and _ARTICLE_BEFORE.search(text, max(0, run.start - 8), run.start):
        return None, None  # "near the Green Bazaar": not a person
    if not info.titled and np_start is not None and np_start < run.start and _PREP_BEFORE.search(
            text, max(np_start, run.start - 8), run.start):
        return None, None  # "the editors of Nezavisimaya Gazeta": the head is "the editors"
    return info.split, info.cut


def _lower_role_before(text: str, start: int, lex: Lexicon, bodies: bool = False) -> str:
    """A lowercase role right before a name: "the hydrologist Timur ...", "Deputy akim of the
    Pavlodar region Dinara ...", "his counterpart Marat ..."."""
    window = text[max(0, start - 80):start]
    if not window.endswith(" "):
        return ""
    cut = max(window.rfind(","), window.rfind(". "), window.rfind(":"), window.rfind("("),
              window.rfind(";"), window.rfind("\n"), window.rfind("“"), window.rfind("”"))
    words = window[cut + 1:].split()
    if not words:
        return ""
    out: list[str] = []
    for w in reversed(words[-8:]):
        low = _strip_possessive(w).lower()
        out.append(w)
        if low in ("the", "a", "an", "his", "her", "its", "their", "our") or w.endswith(("’s", "'s")):
            break
        if lex.verb_re.fullmatch(w) or low in ("by", "with", "met", "and", "to", "from", "at", "as"):
            out.pop()
            break
    out.reverse()
    role = " ".join(out)
    vocab = lex.bodies if bodies else lex.roles
    if not any(_strip_possessive(w).lower() in vocab for w in out):
        return ""
    return role


_PAREN_BEFORE = re.compile(r"\(([^()]{1,15})\)\s+$")


def _role_before_paren(text: str, start: int, lex: Lexicon) -> str:
    """A title cut from its name by an acronym: "Director of the Department ... of the Eurasian
    Economic Commission (EEC) Anton Zheleznov"."""
    m = _PAREN_BEFORE.search(text, max(0, start - 20), start)
    if not m:
        return ""
    end = m.start()
    window = text[max(0, end - 200):end].rstrip()
    cut = max(window.rfind(","), window.rfind(". "), window.rfind(";"), window.rfind(":"), window.rfind("\n"))
    role = window[cut + 1:].strip()
    words = _words_lower(role)
    if role and words and len(words) <= 20 and words[0] in lex.roles:
        return role
    return ""


# Where an appositive ends: a period that ends a sentence (not an initial's), or a clause.
# Two patterns, since a match starts where the earlier of them does: each starts with a fixed
# character class, so the regex engine can skip ahead instead of trying every offset.
_APPOSITIVE_END_PERIOD = re.compile(r"\.(?<!\b[A-Z]\.)\s|\.$")
_APPOSITIVE_END_CLAUSE = re.compile(r"\s\s*(?:who|which|said|told|says|noted|added)\b")  # \s+, class first
_APPOSITIVE_SPAN = re.compile(r"[^,;:\n“”\"«»]*")
_OPEN_PAREN_TAIL = re.compile(r"\s*\([^)]*$")


def _appositive_after(text: str, end: int, lex: Lexicon) -> str:
    """ROLE in "Name, ROLE, ..." or "Name, ROLE." right after a name."""
    if not text.startswith(", ", end):
        return ""
    seg = _APPOSITIVE_SPAN.match(text, end + 2, min(len(text), end + 260)).group()
    # Keep a parenthesis inside the role: "(SOCAR)". Cut at the first end.
    m = _APPOSITIVE_END_PERIOD.search(seg) if "." in seg else None
    cut = m.start() if m else len(seg)
    m = _APPOSITIVE_END_CLAUSE.search(seg)
    if m and m.start() < cut:
        cut = m.start()
    seg = seg[:cut]
    if "(" in seg:
        seg = _OPEN_PAREN_TAIL.sub("", seg)
    seg = seg.strip()  # "... in Astana (Kazakhstan Today" -> "... in Astana"
    if not seg or len(seg.split()) > 20:
        return ""
    words = _words_lower(seg)
    if not words:
        return ""
    first = seg.split()[0]
    if (words[0] in ("a", "an", "the") or first.endswith(("’s", "'s"))
            or words[0] in lex.roles) and any(w in lex.roles or w in lex.bodies for w in words):
        return seg
    if words[0] in ("a", "an", "the") and len(words) <= 8 and any(_person_noun(w, lex) for w in words[1:4]):
        return seg
    return ""


# ----------------------------------------------------------------------------------------------
# Stage 3: attribution.


@dataclass(slots=True)
class _Article:
    text: str
    paragraphs: list[tuple[int, int]]
    sentences: list[tuple[int, int, int, int]]  # (sentence_id, paragraph_id, start, end)
    sent_starts: list[int]
    lex: Lexicon
    memory: _Memory
    spans: list[_Span]
    citations: list[tuple[int, int]]  # (paren_start, paren_end) of each citation part, in order
    publication: str = ""
    verbs: list = field(default_factory=list)
    verb_starts: list = field(default_factory=list)
    span_opens: list = field(default_factory=list)
    citation_starts: list = field(default_factory=list)  # paren_start of each citation, in order
    segment_memo: dict = field(default_factory=dict)  # (start, end) -> _segments(text, start, end)

    def sentence_at(self, pos: int) -> int:
        k = bisect.bisect_right(self.sent_starts, pos) - 1
        return k if k > 0 else 0

    def segments(self, start: int, end: int) -> list[tuple[int, int]]:
        """``_segments(self.text, start, end)``, computed once per region of this article (the
        same regions are read several times); callers must not modify the list."""
        key = (start, end)
        segs = self.segment_memo.get(key)
        if segs is None:
            segs = self.segment_memo[key] = _segments(self.text, start, end)
        return segs


_NOUN_BEFORE = re.compile(r"(?:\b(?:the|a|an|his|her|its|their|our|my|your|this|these|those|"
                          r"whose|such|no|any|some|every|each|of|in|with|for)|’s|'s)\s+$", re.I)


class _Verb:
    """A reporting verb found in the text (the interface of a regex match)."""

    __slots__ = ("_s", "_e", "_g")

    def __init__(self, s: int, e: int, g: str):
        self._s, self._e, self._g = s, e, g

    def start(self) -> int:
        return self._s

    def end(self) -> int:
        return self._e

    def group(self) -> str:
        return self._g


@functools.lru_cache(maxsize=8)
def _verb_scanner(lex: Lexicon) -> re.Pattern | None:
    """A looser twin of ``lex.verb_re`` to find where verbs may start, or None.

    The same pattern with ASCII word boundaries, which the regex engine tests far faster than
    Unicode ones. When every verb form begins and ends with an ASCII letter or digit, a Unicode
    boundary next to it is also an ASCII one, so the twin matches wherever verb_re does (and
    maybe elsewhere): each hit only needs confirming with verb_re.
    """
    pattern = lex.verb_re.pattern
    forms = lex.verb_lemma
    if not forms or not pattern.startswith(r"\b") or not pattern.endswith(r"\b") or not all(
            f[0].isascii() and f[0].isalnum() and f[-1].isascii() and f[-1].isalnum() for f in forms):
        return None
    return re.compile(r"(?a:\b)" + pattern[2:-2] + r"(?a:\b)")


def _verb_matches(text: str, lex: Lexicon):
    """The matches of ``lex.verb_re.finditer(text)``, found faster with :func:`_verb_scanner`."""
    scanner = _verb_scanner(lex)
    if scanner is None:
        yield from lex.verb_re.finditer(text)
        return
    confirm = lex.verb_re.match
    n = len(text)
    pos = 0
    while True:
        for hit in scanner.finditer(text, pos):
            s, e = hit.span()
            if (s == 0 or text[s - 1].isascii()) and (e == n or text[e].isascii()):
                yield hit  # ASCII characters around it: its boundaries are Unicode ones too
                continue
            v = confirm(text, s)
            if v is not None:
                yield v
                if v.end() == e:
                    continue
                pos = v.end()
            else:
                pos = s + 1  # no verb here; one may still start inside the hit
            break  # scan again from pos
        else:
            return


def _find_verbs(text: str, lex: Lexicon) -> list[_Verb]:
    """Every reporting verb of an article, leaving out nouns ("his remarks", "a statement")."""
    out = []
    n = len(text)
    for v in _verb_matches(text, lex):
        s, e = v.span()
        if (s > 0 and text[s - 1] in "’'-") or (e < n and text[e] in "’'-"):
            continue  # part of a word: "well-said", "don’t"
        if _NOUN_BEFORE.search(text, max(0, s - 12), s):
            continue
        out.append(_Verb(s, e, v.group()))
    return out


def _verbs_in(art: _Article, start: int, end: int) -> list[_Verb]:
    """The reporting verbs inside text[start:end]."""
    if end <= start:
        return []
    verbs = art.verbs
    k = bisect.bisect_left(art.verb_starts, start)
    out = []
    while k < len(verbs) and verbs[k]._s < end:
        if verbs[k]._e <= end:
            out.append(verbs[k])
        k += 1
    return out


def _lemma(art: _Article, verb_text: str) -> str:
    low = verb_text.lower()
    # Only a verb of several words ("point out") has white space to normalise.
    key = low if low.isalpha() else _SPACE_RUN.sub(" ", low)
    return art.lex.verb_lemma.get(key, low)


_SEGMENT_PUNCT = re.compile(r"[,;()–—]")


def _segments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Comma-separated segments of text[start:end], keeping "of A, B and C" and parentheses whole."""
    protected: list[tuple[int, int]] = []
    # "of A, B and C" needs a comma and an "and": most regions lack one, so skip the scan.
    if text.find(",", start, end) >= 0 and text.find("and", start, end) >= 0:
        protected = [m.span(1) for m in _LIST_IN_NAME.finditer(text, start, end)]
    depth = 0
    cuts = [start]
    for m in _SEGMENT_PUNCT.finditer(text, start, end):
        ch = m.group()
        i = m.start()
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and not (ch in ",;" and protected and any(a <= i < b for a, b in protected)):
            cuts.append(i)
            cuts.append(i + 1)
    cuts.append(end)
    segs = []
    for a, b in zip(cuts[::2], cuts[1::2]):
        a, b = trim_span(text, a, b)
        if b > a:
            segs.append((a, b))
    return segs


def _speaker_np(art: _Article, start: int, end: int, pos: int, *, subject_first: bool = False) -> _Speaker | None:
    """Analyse the noun phrase of an attribution in text[start:end] (the region between a
    quotation or clause start and the verb, or after the verb); ``pos`` is where it is read."""
    text = art.text
    lex = art.lex
    segs = art.segments(start, end)
    if not segs:
        return None
    order = segs if subject_first else list(reversed(segs))
    role_seg: tuple[int, int] | None = None
    head: tuple[int, int] | None = None
    for a, b in order:
        seg = text[a:b]
        m = _LEADING_FILLER.match(seg)
        if m:
            a += m.end()
            seg = text[a:b]
        mt = _TRAILING_FILLER.search(seg, max(0, len(seg) - 40)) if _may_end_in_filler(seg) else None
        if mt and mt.start() > 0:
            b = a + mt.start()
            seg = text[a:b]
        if not seg.strip():
            continue
        # (A pronoun ends the segment: test its last letter before the regex.)
        pronoun = _PRONOUN_END.search(seg, max(0, len(seg) - 6)) if seg[-1] in _PRONOUN_LAST else None
        if pronoun and (len(seg.split()) == 1 or _PREPOSITION_START.match(seg)
                                         or seg.split()[0].lower() in ("then", "and", "but", "so")):
            head = (b - len(pronoun.group(1)), b)
            break
        m_as = _AS_START.match(seg)
        if m_as and not subject_first:
            a += m_as.end()  # "As Davron Kholov ... put it": the speaker after "As"
            seg = text[a:b]
        if _RELATIVE.match(seg):
            continue
        low = seg.split()[0].lower()
        if _PARTICIPLE_START.match(seg) and low not in lex.roles and low not in lex.generic:
            continue
        if _PREPOSITION_START.match(seg):
            runs = _runs_in(art, a, b)
            if runs and runs[-1].end >= b - 1 and (
                    _split_name(runs[-1].tokens, lex)
                    or art.memory.person_by_key(_strip_possessive(runs[-1].tokens[-1][2]), pos)):
                head = (runs[-1].start, b)
                break
            if subject_first:
                break
            continue
        if _is_role_segment(seg, lex) and head is None and not subject_first:
            if role_seg is None:
                role_seg = (a, b)
            continue
        if (seg[:1].islower() and not subject_first and not _DETERMINER.match(seg)
                and not _PRONOUN_END.fullmatch(" " + seg.split()[0]) and not _ends_in_name(seg, lex)):
            continue  # "defense and security": the tail of a role ("committee on A, B and C")
        head = (a, b)
        break
    if head is None and role_seg is not None:
        head, role_seg = role_seg, None
    if head is None:
        return None
    a, b = head
    appositive = ""
    if role_seg is not None:
        appositive = text[role_seg[0]:role_seg[1]]
    else:
        # A role before the name, separated by a comma: "the branch’s director, Viktor Lebedinsky".
        idx = segs.index(head) if head in segs else -1
        if idx > 0 and _is_role_segment(text[segs[idx - 1][0]:segs[idx - 1][1]], lex):
            appositive = text[segs[idx - 1][0]:segs[idx - 1][1]]
    sp = _classify_np(art, a, b, appositive, pos)
    if (sp is not None and not sp.is_person and sp.name and " " not in sp.name
            and sp.name[:1].isupper() and sp.name == sp.surface and _name_like(sp.name, lex)
            and any(_is_role_segment(text[x:y], lex) for x, y in segs if (x, y) != head)):
        # "A schoolteacher ..., who gave only her first name, Ogulgerek, ...": a person known by
        # one name; remember her so that a later "she" finds her.
        art.memory.add_single_name(sp.name, appositive, a)
        sp = _Speaker(sp.name, sp.surface, appositive, True)
    return sp


def _may_end_in_filler(seg: str) -> bool:
    """False when ``seg`` cannot match _TRAILING_FILLER, whose match ends the text with one of
    its words (after a space or comma): a cheap test on the last word spares the regex scan."""
    words = seg.rsplit(None, 1)
    if not words:
        return False
    last = words[-1].rsplit(",", 1)[-1]
    if not last.isascii():
        return True  # case-insensitive matching of non-ASCII letters: let the regex decide
    return last.endswith("ly") or last.lower() in _TRAILING_FILLER_LAST


def _is_role_segment(seg: str, lex: Lexicon) -> bool:
    """True for an appositive that describes someone: "a spokesman for X", "the deputy head"."""
    cache = lex.role_cache
    hit = cache.get(seg)
    if hit is None:
        if len(cache) > 100_000:
            cache.clear()
        hit = cache[seg] = _is_role_segment_uncached(seg, lex)
    return hit


def _is_role_segment_uncached(seg: str, lex: Lexicon) -> bool:
    words = _words_lower(seg)
    if not words:
        return False
    first = seg.split()[0]
    starts = (words[0] in ("a", "an", "the") or first.endswith(("’s", "'s")) or words[0] in lex.roles
              or first[:1].islower())
    if not starts:
        # Title-cased role: "U.S. Deputy Assistant Secretary of Energy".
        runs_roles = [w for w in words if w in lex.roles]
        return bool(runs_roles) and not _ends_in_name(seg, lex)
    has_role = any(w in lex.roles for w in words)
    if words[0] in ("a", "an") and not any(w in lex.bodies for w in words[:4]):
        return True  # "a 47-year-old farmer", "a mother of three from ..."
    return has_role and not _ends_in_name(seg, lex)


def _ends_in_name(seg: str, lex: Lexicon) -> bool:
    toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(seg)]
    cap = []
    for t in reversed(toks):
        if t[2][:1].isupper() or (cap and t[2].lower() in _PARTICLES):
            cap.append(t)
        else:
            break
    cap.reverse()
    return bool(cap) and _split_name(cap, lex) is not None and len(_split_name(cap, lex)[1]) >= 2


def _classify_np(art: _Article, a: int, b: int, appositive: str, pos: int) -> _Speaker | None:
    text = art.text
    lex = art.lex
    mem = art.memory
    # Drop a parenthesis at the end ("Elchin Mammadli (SOCAR)") and trailing punctuation.
    surface = text[a:b].strip().strip(",;:–—- ")
    if ")" in surface:
        surface = _PAREN_END.sub("", surface)
    if not surface:
        return None
    words = surface.split()
    low_words = _words_lower(surface)
    if not low_words:
        return None
    if len(words) > 16:
        return None
    # "Arman Dzhumabaev of the border service": a person's name, then where they work.
    # (Each pattern below needs a literal part; testing for it first spares most regex calls.)
    m = _PERSON_OF.match(surface) if " of " in surface else None
    if m and not any(w.lower().strip(".,") in lex.bodies or w.lower().strip(".,") in lex.roles
                     or w.lower().strip(".,") in lex.places for w in m.group(1).split()):
        inner = _classify_np(art, a + text[a:b].find(m.group(1)), a + text[a:b].find(m.group(1)) + len(m.group(1)),
                             appositive, pos)
        if inner is not None and inner.is_person and inner.name:
            return _Speaker(inner.name, inner.surface, inner.role or m.group(2), True)
    # "A consultation document published by Kazakhstan’s Ministry of Energy" -> the ministry.
    m = _BY_AGENT.search(surface) if "by" in surface else None
    if m:
        inner = a + text[a:b].find(m.group(1))
        return _classify_np(art, inner, inner + len(m.group(1)), appositive, pos)
    # "the Kazakh Foreign Ministry’s statement" -> the ministry.
    m = _DOCUMENT_OF.match(surface) if ("’" in surface or "'" in surface) else None
    if m:
        inner = a + text[a:b].find(m.group(1))
        return _classify_np(art, inner, inner + len(m.group(1)), appositive, pos)
    # "The statement added": the body or person who issued it, the latest speaker.
    if surface[:1] in _DOCUMENT_FIRST and _DOCUMENT.fullmatch(surface):
        sp = art.memory.last_speaker(pos)
        if sp is not None:
            return _Speaker(sp.name, surface, sp.role, sp.is_person)
        return None
    # Pronouns.
    if len(words) == 1 and low_words[0] in ("he", "she", "him", "her", "his"):
        female = low_words[0] in ("she", "her")
        p = mem.last_person(pos, female)
        if p is None:
            return _Speaker("", surface, "", True)
        return _Speaker(p.name, surface, p.role, True)
    if len(words) == 1 and low_words[0] in ("it", "its"):
        # "Mongolia's government has promoted what it calls ...": the subject of the sentence.
        s_start = art.sentences[art.sentence_at(a)][2] if art.sentences else 0
        if s_start < a and not _initial_pronoun(text, s_start):
            subject = _initial_np(art, s_start, a, pos)
            if subject is not None and subject.name and not subject.is_person and not subject.generic \
                    and _animate(subject, lex):
                return _Speaker(subject.name, surface, subject.role, False)
        sp = mem.last_body_speaker(pos)
        body = _last_body_mention(art, pos)
        if body is not None and (sp is None or body.pos > _speaker_pos(mem, sp)):
            return _Speaker(_the(body.name, body.role), surface, body.role, False)
        if sp is not None:
            return _Speaker(sp.name, surface, sp.role, False)
        return _Speaker("", surface, "", False)
    if low_words[0] in ("they", "we", "i", "you", "one"):
        return _Speaker("", surface, "", False, True)
    # Acronym labels and initials: "CBR", "TG".
    if len(words) == 1 and _ACRONYM.fullmatch(surface):
        p = mem.person_by_initials(surface)
        if p is not None:
            return _Speaker(p.name, surface, p.role, True)
        full = _expand_acronym(art, surface)
        if full:
            return _Speaker(full, surface, "", False)
        return _Speaker(surface, surface, "", False)
    known = mem.person_by_key(_strip_possessive(surface), pos)
    if known is not None:
        return _Speaker(known.name, surface, appositive or known.role, True)
    runs = _runs_in(art, a, b)
    # A person: the NP ends in a name, or is a known surname.
    last = runs[-1] if runs else None
    if last is not None and last.start > a and _GROUP_HEAD.match(text, a, last.start):
        # "the editors of the independent weekly Uralskaya Nedelya": the head is "the editors".
        return _Speaker(_lower_the(surface), surface, appositive, False)
    if last is not None and last.end >= a + len(text[a:b].rstrip(",;:–—- ")) - 1:
        split, cut = _person_in_run(text, last, lex, np_start=a)
        if split is not None:
            first, name_words = split
            name = " ".join(name_words)
            prefix = text[last.start:last.tokens[first][0]].strip()
            known = mem.person_by_key(name, pos) or mem.person_by_key(name_words[-1], pos)
            role = appositive or (prefix if any(w in lex.roles for w in _words_lower(prefix)) else "")
            if cut is not None:
                role = (role + " " if role else "") + text[last.tokens[cut][0]:last.end]
            if not role:
                before = _LEADING_FILLER.sub("", text[a:last.start].strip())
                if before and any(w in lex.roles for w in _words_lower(before)):
                    role = before
            if len(surface.split()) > len(text[last.start:last.end].split()) + 3:
                surface = text[last.start:last.end]  # "... was expressed by Minister X" -> "Minister X"
            if known is not None and (len(name_words) == 1 or known.name.endswith(name)):
                return _Speaker(known.name, surface, role or known.role, True)
            if len(name_words) >= 2:
                return _Speaker(name, surface, role or _role_of(mem, name), True)
            return _Speaker(name, surface, role, True)
        if len(last.tokens) == 1 and last.start == a:
            w = _strip_possessive(last.tokens[0][2])
            known = mem.person_by_key(w, pos)
            if known is not None:
                return _Speaker(known.name, surface, appositive or known.role, True)
    # "my friend Aidana", "the conductor Gulbahor": a person described, then named by one word.
    if last is not None and len(last.tokens) == 1 and last.end >= b - 1 and last.start > a:
        lead_words = _words_lower(text[a:last.start])
        if lead_words and lead_words[-1] in lex.roles and _name_like(last.tokens[0][2], lex):
            name = _strip_possessive(last.tokens[0][2])
            return _Speaker(name, surface, text[a:last.start].strip(), True)
    # A known surname alone, or a single capitalized word (an outlet or place: "Izvestia").
    if len(words) == 1 and words[0][:1].isupper():
        w = _strip_possessive(words[0])
        known = mem.person_by_key(w, pos)
        if known is not None:
            return _Speaker(known.name, surface, appositive or known.role, True)
        if w.lower() in lex.generic:
            return _Speaker("", surface, "", False, True)
        if w.lower() in lex.bodies or w.lower() in lex.roles:
            pass
        else:
            return _Speaker(w, surface, appositive, False)
    has_capital = any(t[2][:1].isupper() and _strip_possessive(t[2]).lower() not in ("the", "a", "an")
                      and _strip_possessive(t[2]).lower() not in lex.roles
                      and _strip_possessive(t[2]).lower() not in lex.bodies
                      for r in runs for t in r.tokens)
    if not _np_like(low_words):
        return None
    head_words = [w for w in low_words if w not in ("the", "a", "an", "this", "that")]
    # "Kazakh officials", "Western analysts": a plural with only place adjectives is generic.
    proper = [w for w in words if w[:1].isupper() and _lw(w, lex) not in lex.places
              and _lw(w, lex) not in _STARTERS and _lw(w, lex) not in lex.generic]
    if _INDEFINITE.match(surface) or (head_words and head_words[0] in lex.generic) or (
            (not has_capital or not proper) and head_words and head_words[-1] in lex.generic):
        return _Speaker("", surface, "", False, True)
    if not has_capital:
        # A definite description: "the deputy minister", "the ministry", "the newspaper".
        content = [w for w in head_words if w not in ("of", "for", "in", "at", "and", "s", "also")]
        before_of = head_words[:head_words.index("of")] if "of" in head_words else head_words
        head = before_of[-1] if before_of else ""
        found = mem.by_role(content, pos, head)
        if found is None and len(content) > 1:
            found = mem.by_role([head] if head else content[-1:], pos, head)
        if isinstance(found, _Person):
            return _Speaker(found.name, surface, found.role, True)
        if isinstance(found, _Body):
            return _Speaker(_the(found.name, found.role), surface, found.role, False)
        antecedent = _antecedent_np(art, head, a) if head else None
        if antecedent is not None:
            return _Speaker(antecedent, surface, "", _person_noun(head, lex) and head not in lex.bodies)
        if any(w in ("newspaper", "daily", "paper", "agency", "outlet", "magazine", "weekly", "editors")
               for w in content):
            sp = mem.last_body_speaker(pos)
            if sp is not None:
                return _Speaker(sp.name, surface, sp.role, False)
        if content and len(content) <= 2 and _person_noun(content[-1], lex) and not any(
                w in lex.bodies for w in content):
            # "the official", "the diplomat": the person last mentioned.
            p = mem.last_person(pos, None)
            if p is not None:
                return _Speaker(p.name, surface, p.role, True)
        if any(w in lex.roles for w in content) and not any(w in lex.bodies for w in content):
            # A role nobody in the article holds: keep the words, they identify the speaker.
            return _Speaker(_lower_the(surface), surface, "", True)
        return _Speaker(_lower_the(surface), surface, "", False)
    # A body or outlet named with capitals: "the Uzbek Foreign Ministry", "the editors of Vremya",
    # "The state gas company QazaqGaz".
    if last is not None and last.end >= b - 1 and last.start > a and not any(
            w in lex.bodies for w in _words_lower(text[last.start:last.end])):
        lead = text[a:last.start].strip()
        lead_words = _words_lower(lead)
        if lead_words and lead_words[0] in ("the", "a", "an") and any(w in lex.bodies for w in lead_words) \
                and not any(w in ("of", "for", "in", "at") for w in lead_words):
            return _Speaker(text[last.start:last.end], surface, lead, False)
    return _Speaker(_lower_the(surface), surface, appositive, False)


_DOCUMENT_OF = re.compile(
    r"^(.+?)(?:’s|'s)\s+(?:(?:first|official|written|joint|formal|latest|initial|public|own)\s+)*"
    r"(?:statement|communiqu[eé]|press\s+release|release|report|website|letter|note|declaration|"
    r"announcement|resolution|decree|reaction|response|comment|position|message)$", re.I)
_DOCUMENT_FIRST = "tThHiI\u0130\u0131"  # _DOCUMENT's words start with t, h or i (İ, ı match i)
_DOCUMENT = re.compile(r"(?:the|its|his|her|their|this)\s+(?:official\s+|joint\s+|written\s+)?"
                       r"(?:statement|communiqu[eé]|press\s+release|release|document|declaration|"
                       r"announcement|text|letter)", re.I)
_AUXILIARIES = frozenset({"is", "was", "were", "are", "has", "have", "had", "will", "would", "be",
                          "been", "can", "could", "should", "may", "might", "must", "do", "does",
                          "did", "he", "she", "it", "they", "we", "i", "not", "there", "if",
                          "because", "when", "while", "by", "than", "worth"})
_FINITE = frozenset({"is", "was", "were", "are", "has", "have", "had", "will", "would", "can",
                     "could", "should", "may", "might", "must", "do", "does", "did", "am", "be"})
_PERSON_SUFFIXES = ("or", "er", "ist", "ian", "ant", "ent", "man", "woman", "person", "ee", "ess",
                    "crat", "ary")


def _np_like(low_words: list[str]) -> bool:
    """A plausible noun phrase for a speaker: short, without verbs or clauses in it."""
    return len(low_words) <= 14 and not any(w in _AUXILIARIES for w in low_words[1:])


def _person_noun(word: str, lex: Lexicon) -> bool:
    return word in lex.roles or (word.endswith(_PERSON_SUFFIXES) and word not in lex.bodies
                                 and word not in lex.not_names)


def _antecedent_np(art: _Article, head: str, pos: int) -> str | None:
    """The fuller mention of "the board" earlier in the article: "the editorial board of
    Vedomosti" (kept whole), or "a private company, Kartli Development Group" (the name)."""
    if len(head) < 3:
        return None
    if art.text.find(head, 0, pos) < 0:
        return None  # every match contains the head word itself: no regex scan needed
    pattern = _antecedent_pattern(head)
    best = None
    for m in pattern.finditer(art.text, 0, pos):
        best = m
    if best is None:
        return None
    if best.group("name"):
        return best.group("name")
    return _lower_the(best.group())


@functools.lru_cache(maxsize=1024)
def _antecedent_pattern(head: str) -> re.Pattern:
    h = re.escape(head)
    return re.compile(
        rf"\b(?:[Tt]he|[Aa]n?|[A-Z][\w’'\-]*(?:’s|'s))\s+(?:[\w’'\-]+\s+){{0,3}}?{h}s?"
        rf"(?:(?P<of>\s+(?:of|for|at)\s+(?:the\s+)?(?:[a-z][\w\-]*\s+){{0,2}}?[A-Z][\w’'\-]*"
        rf"(?:\s+[A-Z][\w’'\-]*)*)|,?\s+(?P<name>[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*))")


def _initial_pronoun(text: str, start: int) -> bool:
    return text[start:start + 4].lower() in ("it ", "its ") or text[start:start + 3].lower() == "it "


_GROUP_HEAD = re.compile(
    r"(?:the|a|an)\s+(?:[a-z\-]+\s+){0,2}(?:editors|editorial\s+board|board|staff|press\s+service|"
    r"authors|newsroom|leadership|management|spokespeople)\s+of\s", re.I)


def _speaker_pos(mem: _Memory, sp: _Speaker) -> int:
    for off, s in reversed(mem.speakers):
        if s is sp:
            return off
    return -1


def _last_body_mention(art: _Article, pos: int) -> _Body | None:
    best = None
    for b in art.memory.bodies:
        if b.pos < pos and any(w in art.lex.bodies for w in _words_lower(b.name)):
            best = b
    return best


def _the(name: str, role: str) -> str:
    return _lower_the(name)


def _lower_the(s: str) -> str:
    return "the" + s[3:] if s.startswith("The ") else s


def _role_of(mem: _Memory, name: str) -> str:
    idx = mem.by_key.get(name)
    return mem.persons[idx[0]].role if idx else ""


def _expand_acronym(art: _Article, acronym: str) -> str:
    sources = [art.publication] + [b.name for b in art.memory.bodies]
    for s in sources:
        if not s:
            continue
        m = re.match(r"[^\n–—:(|]+", s)
        s = m.group().strip() if m else s
        caps = "".join(w[0] for w in s.split() if w[:1].isupper())
        if caps == acronym:
            return s
    return ""


@dataclass(slots=True)
class _Attribution:
    speaker: _Speaker
    verb: str
    where: str  # "tail", "lead", "para", "inherit", "label", "colon"


def _tail_attribution(art: _Article, end: int, limit: int, *, new_sentence: bool = False) -> _Attribution | None:
    """``”, said X``, ``” X said``, ``”, X, the minister, said``, ``” – he said``, ``”, according to X``.

    ``new_sentence``: the quotation ended its sentence ("... end.” Lavrov said."); then only a
    short attribution counts, since the words after may open a new statement.
    """
    text = art.text
    i = end
    while i < limit and text[i] in " ,–—-:":
        i += 1
    if i >= limit or text[i] in "(“«\"‘'[":
        return None
    stop = _clause_stop(text, i, limit)
    # "according to X"
    m = _ACCORDING_AT.match(text, i, stop)
    if m and new_sentence:
        return None
    if m:
        sp = _speaker_np(art, m.end(), _np_end(text, m.end(), stop), end, subject_first=True)
        if sp is not None:
            return _Attribution(sp, "according to", "tail")
        return None
    verbs = [v for v in _verbs_in(art, i, min(stop, i + 220)) if not text[v.start() - 1:v.start()].isalpha()]
    if not verbs:
        return None
    v = verbs[0]
    verb = v.group()
    if v.start() == i:
        # "said X, ROLE" — the speaker follows the verb.
        j = v.end()
        m2 = re.match(r"\s+(?:also\s+|later\s+|then\s+)?", text[j:])
        j += m2.end() if m2 else 0
        np_end = _np_end(text, j, stop)
        sp = _speaker_np(art, j, np_end, end, subject_first=True)
        if sp is None:
            return None
        appos = _appositive_after(text, np_end, art.lex) if text.startswith(", ", np_end) else ""
        if appos and sp.is_person and (not sp.role or sp.surface == sp.name):
            sp = _Speaker(sp.name, sp.surface, appos, sp.is_person, sp.generic)
        return _Attribution(sp, verb, "tail")
    region = text[i:v.start()]
    if len(region.split()) > 30:
        return None
    after = text[v.end():stop]
    if after.rstrip().endswith(":"):
        return None  # “A.” He added: “B.”  — the attribution introduces the next quotation
    if not after.lstrip().startswith((",", "(")):
        n_after = len(after.split())
        if n_after > (6 if new_sentence else 12) or _THAT.match(after.lstrip()) or _QUOTE_CHAR.search(after):
            return None
    sp = _speaker_np(art, i, v.start(), end)
    if sp is None or not _animate(sp, art.lex):
        return None
    return _Attribution(sp, verb, "tail")


def _animate(sp: _Speaker, lex: Lexicon) -> bool:
    """A speaker must be someone: a person, a pronoun, a named body, a role or an institution
    ("foreign policy, often dismissed as ..." is no speaker)."""
    if sp.is_person or sp.generic:
        return True
    words = _words_lower(sp.surface)
    if any(w[:1].isupper() and w.lower() not in _STARTERS for w in sp.name.split()):
        return True
    return any(w in lex.bodies or w in lex.roles or _person_noun(w, lex) for w in words) or any(
        w in ("it", "its") for w in words)


_ACCORDING_AT = re.compile(r"according\s+to\s+", re.I)
_QUOTE_CHAR = re.compile(r"[“«\"]")
_NP_STOP = re.compile(r"\s*\((?![^()]{1,6}\)\s+[A-Z])|[;:!?](?:\s|$)|\s+(?:as|while|when|after|before|during|in|at|on|to|"
                      r"who|which|adding|saying|referring|speaking|citing|but|and\s+(?:he|she|it|"
                      r"added|said))\b|,")
_PUNCT_END = re.compile(r"[.!?;](?=[\s”’\"»)]|$)")


def _is_abbrev_before(text: str, i: int) -> bool:
    """True when the period at ``i`` ends an abbreviation or an initial ("Lt.", "R.", "U.S.")."""
    if text[i] != ".":
        return False
    k = i
    while k > 0 and (text[k - 1].isalpha() or text[k - 1] == "."):
        k -= 1
    word = text[k:i].lower()
    if not word:
        return False
    if len(word) == 1 or "." in word:
        return True
    return word in _ABBREVIATIONS or word + "." in _HONORIFIC_ABBREVS or word in _HONORIFIC_ABBREVS


_STOP_CHAR = re.compile(r"[.!?;]")
_AFTER_STOP = frozenset(" \t\n”’\"»)")


def _clause_stop(text: str, i: int, limit: int) -> int:
    """The first sentence-ending punctuation in text[i:limit] that is not an abbreviation."""
    n = len(text)
    for m in _STOP_CHAR.finditer(text, i, limit):
        k = m.start()
        if k + 1 < n and text[k + 1] not in _AFTER_STOP:
            continue
        if not _is_abbrev_before(text, k):
            return k
    return limit


def _np_end(text: str, j: int, stop: int) -> int:
    """End of the noun phrase after a verb: before a comma + role, a parenthesis, or a clause."""
    stop = _clause_stop(text, j, stop)
    m = _NP_STOP.search(text, j, stop)
    return m.start() if m else stop


def _lead_region(art: _Article, sp: _Span, prev_close: int) -> tuple[int, int]:
    """Text before the opening mark in its sentence (after a previous quotation in it)."""
    s = art.sentence_at(sp.open)
    start = art.sentences[s][2] if art.sentences else 0
    # A sentence split after "U.S." or "Gen." is one sentence: "a spokesman for the U.S. | Embassy".
    while s > 0 and _ends_in_abbreviation(art.text, start) and art.sentences[s - 1][1] == art.sentences[s][1]:
        s -= 1
        start = art.sentences[s][2]
    start = max(start, prev_close + 1 if prev_close >= 0 else start, art.paragraphs[sp.para][0],
                sp.open - _MAX_REGION)
    return start, sp.open


def _ends_in_abbreviation(text: str, start: int) -> bool:
    k = start - 1
    while k > 0 and text[k].isspace():
        k -= 1
    return k > 0 and text[k] == "." and _is_abbrev_before(text, k)


def _lead_attribution(art: _Article, start: int, end: int, sp: _Span) -> tuple[_Attribution | None, str]:
    """Attribution before a quotation. Returns (attribution, how): how is "intro" when the
    quotation follows its attribution ("X said:", "X told Interfax,"), "embedded" when it sits
    inside a clause with a reporting verb ("he noted that ... “...”"), "" otherwise."""
    text = art.text
    lex = art.lex
    lead = text[start:end]
    stripped = lead.rstrip()
    if not stripped:
        return None, ""
    tail_char = stripped[-1]
    intro = tail_char in ":,–—-"
    core_end = start + len(stripped.rstrip(":,–—- "))
    # "According to X, “...”" / "As X put it, “...”" / "In his words, ..."
    m = _ACCORDING.search(text, start, core_end) if intro else None
    if m:
        np_end = _np_end(text, m.end(), core_end)
        spk = _speaker_np(art, m.end(), np_end, sp.open, subject_first=True)
        if spk is not None:
            return _Attribution(spk, "according to", "lead"), "intro"
    # "Interfax quoted Ambassador Ivan Petrov as saying (that) “...”"
    lo = max(start, core_end - 200)  # (a match needs "quot": look for it before the regex scan)
    m = _QUOTED_AS.search(text, lo, core_end) if text.find("quot", lo, core_end) >= 0 else None
    if m:
        spk = _speaker_np(art, m.start(1), m.end(1), sp.open, subject_first=True)
        if spk is not None and spk.name:
            return _Attribution(spk, "quoted as saying", "lead"), "intro" if intro else "embedded"
    # A sentence opened by "According to X," or "As X observed," is X's, quotations included:
    # "According to the state agency, the parties discussed “prospects for ...”".
    s_start = art.sentences[art.sentence_at(sp.open)][2]
    if s_start == start or not text[s_start:start].strip():
        m = _SOURCE_OPENING.match(text, start, core_end)
        if m:
            comma = text.find(",", m.end(), core_end)
            if comma > 0:
                verbs = _verbs_in(art, m.end(), comma)
                region_end = verbs[0].start() if (m.group(1) is None and verbs) else comma
                if m.group(1) is not None or verbs:
                    spk = _speaker_np(art, m.end(), region_end, sp.open, subject_first=True)
                    if spk is not None and spk.name and not spk.generic:
                        verb = "according to" if m.group(1) else verbs[0].group()
                        return _Attribution(spk, verb, "lead"), "intro"
    # Label: "Mammadli: “...”", "CBR: “...”" at the start of a paragraph.
    if tail_char == ":" and start == art.paragraphs[sp.para][0]:
        ml = _LABEL_LEAD.match(lead)
        if ml and len(ml.group(1)) == 1:
            return _Attribution(_NOBODY, "", "label"), "intro"  # "Q:" / "A:": interviewer, interviewee
        if ml:
            spk = _speaker_np(art, start + ml.start(1), start + ml.end(1), sp.open, subject_first=True)
            if spk is not None and spk.name:
                return _Attribution(spk, "", "label"), "intro"
    verbs = _verbs_in(art, start, end)[-4:]  # an attribution is near its quotation
    for v in reversed(verbs):
        lemma = _lemma(art, v.group())
        gap = text[v.end():core_end]
        gap_words = gap.split()
        if intro:
            if len(gap_words) > 9 or _THAT.search(gap):
                if not (_THAT.search(gap)):
                    continue
        subj = _subject_before(art, start, v.start(), sp.open)
        if subj is None:
            # "..., calling regional cooperation “...”": the subject of the main clause.
            if v.group().lower().endswith("ing") and text[start:v.start()].rstrip().endswith(","):
                subj = _initial_np(art, start, v.start(), sp.open)
            if subj is None:
                continue
        if not _animate(subj, lex):
            continue  # "The region, often called the “...”": a region says nothing
        how = "intro" if intro and not _THAT.search(gap) else "embedded"
        if how == "embedded" and not _embedded_ok(text, gap, lemma, lex):
            continue
        return _Attribution(subj, v.group(), "lead"), how
    # A nominal report: "the minister’s belief that the two states are “partners”".
    lo = max(start, end - 200)  # (a match needs "that": look for it before the regex scan)
    m = _NOMINAL_REPORT.search(text, lo, end) if text.find("that", lo, end) >= 0 else None
    if m and not intro:
        spk = _classify_np(art, m.start(1), m.end(1), "", sp.open)
        if spk is not None and spk.name and not spk.generic and _animate(spk, lex):
            return _Attribution(spk, m.group(2), "nominal"), "embedded"
    if tail_char == ":":
        # "Tasbulatov was unusually political in his remarks: “...”"
        segs = art.segments(start, core_end)
        if segs:
            a, b = segs[-1]
            runs = _runs_in(art, a, b)
            if runs and runs[0].start == a:
                w = _strip_possessive(runs[0].tokens[0][2])
                p = art.memory.person_by_key(w, sp.open)
                if p is not None:
                    return _Attribution(_Speaker(p.name, text[runs[0].start:runs[0].end], p.role, True), "", "colon"), "intro"
            mp = re.match(r"(he|she)\b", text[a:b], re.I)
            if mp:
                spk = _classify_np(art, a, a + len(mp.group()), "", sp.open)
                if spk is not None and spk.name:
                    return _Attribution(spk, "", "colon"), "intro"
        return None, "colon"
    return None, ""


_NOMINAL_REPORT = re.compile(
    r"\b((?:[A-Z][\w’'\-]*\s+){0,3}[A-Z][\w’'\-]*)(?:’s|'s)\s+(?:[a-z]+\s+)?(belief|view|claim|"
    r"assertion|argument|insistence|conviction|warning|promise|statement|words|remark|comment|"
    r"suggestion|assurance|opinion|assessment|contention|proposal|description)\s+that\b[^“”«»\"]*$")


def _embedded_ok(text: str, gap: str, lemma: str, lex: Lexicon) -> bool:
    """A quotation inside a clause belongs to the reporting verb before it when it is that
    verb's content: after "that", after "as" (described X as “...”), or within a few words."""
    if _THAT.search(gap):
        return True
    words = gap.split()
    if words and words[-1] == "and" and len(words) <= 12:
        return True  # a quotation coordinated with the verb's object: "discussed X and “...”"
    if re.search(r"\bas\b", gap) and (len(words) <= 6 or (lemma in lex.naming and len(words) <= 15)):
        return True
    if len(words) <= 3:
        return True
    if lemma in ("say", "tell", "write") and len(words) <= 10 and "," not in gap:
        return True  # "told me the road will be finished “next year, probably”"
    return False


_MAX_REGION = 400  # characters looked at before a verb or a quotation: attributions are close
# Where a clause starts: after sentence punctuation, or after "that", "which", ... Two patterns
# (their matches never overlap), each starting with a fixed character class so that the regex
# engine skips ahead: the words start with their letter, then look back for the word boundary.
_CLAUSE_CUT_PUNCT = re.compile(r"[.;:!?]\s")
_CLAUSE_CUT_WORD = re.compile(r"(?:t(?<!\w.)hat|w(?<!\w.)h(?:ich|at|om|ile)|b(?<!\w.)ecause)\b\s+(?=\w)")
_AND_END = re.compile(r"(?:,\s*|\s)(?:and|but)\s+(?:(?-i:[a-z]+ly)\s+|also\s+|then\s+|later\s+)*$")
_AS_START = re.compile(r"as\s+(?=\S)", re.I)
_PAREN_END = re.compile(r"\s*\([^()]*\)$")
_BY_AGENT = re.compile(r"\b(?:published|issued|released|prepared|written|signed)\s+by\s+(.+)$")
_ACRONYM = re.compile(r"[A-Z]{2,5}")


def _clause_before(text: str, start: int, vstart: int) -> int | None:
    """Start of the clause whose verb starts at ``vstart`` (looking no further back than
    ``start``), or None when no subject can stand before the verb."""
    start = max(start, vstart - _MAX_REGION)
    region = text[start:vstart]
    if not region.strip():
        return None
    # The verb must be a main verb: "what it called", "X said", not "the so-called".
    if region.rstrip().endswith(("-", "so")):
        return None
    # Clause start: after the last "that"/"which" or sentence punctuation inside the region.
    cut = start
    for m in _CLAUSE_CUT_PUNCT.finditer(region):
        if region[m.start()] == "." and _is_abbrev_before(text, start + m.start()):
            continue
        cut = start + m.end()
    last_word = None
    for last_word in _CLAUSE_CUT_WORD.finditer(region):
        pass
    if last_word is not None:
        cut = max(cut, start + last_word.end())
    return cut


def _subject_before(art: _Article, start: int, vstart: int, pos: int) -> _Speaker | None:
    text = art.text
    cut = _clause_before(text, start, vstart)
    if cut is None:
        return None
    # "Tokayev met Solana and said ...": the subject of the first verb.
    tail_text = text[max(cut, vstart - 40):vstart]
    m_and = _AND_END.search(tail_text) if (" and " in tail_text or " but " in tail_text) else None
    if m_and:
        m_and_start = vstart - len(tail_text) + m_and.start()
        first = _verbs_in(art, cut, m_and_start)
        if not first and not text[cut:m_and_start].strip(" ,”’»\""):
            # "X dismissed it as “...” and said": the coordinated verb's subject is before the quote
            cut = art.sentences[art.sentence_at(vstart)][2]
            first = _verbs_in(art, cut, m_and_start)
        if first:
            # "Pavlenko dismissed the remarks and said ...": the subject of the first verb.
            return _subject_before(art, cut, first[0].start(), pos)
        return _initial_np(art, _clause_start(art, cut, m_and_start), m_and_start, pos)
    sp = _speaker_np(art, cut, vstart, pos)
    if sp is None:
        return None
    if sp.surface and sp.surface.split()[-1].lower() in ("to", "of", "is", "was", "were", "are", "be", "been", "not", "and"):
        return None
    if len(sp.surface.split()) > 14:
        return None
    return sp


def _initial_np(art: _Article, start: int, end: int, pos: int) -> _Speaker | None:
    """The noun phrase that opens a clause: "The editorial board of the Tashkent daily Pravda
    Vostoka (made a similar point ...)"."""
    text = art.text
    toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]
    if toks and toks[0][2].lower() in ("he", "she", "it"):
        return _classify_np(art, toks[0][0], toks[0][1], "", pos)
    lex = art.lex
    last = -1
    for k, (s, e, w) in enumerate(toks):
        low = w.lower()
        if w[:1].isupper() or low in ("the", "of", "and", "for"):
            last = k
            continue
        if low in lex.bodies or low in lex.roles:
            last = k  # "Mongolia's government", "The editorial board"
            continue
        if any(t[2][:1].isupper() for t in toks[k + 1:k + 5]):
            continue
        break
    while last >= 0 and toks[last][2].lower() in ("the", "of", "and", "for"):
        last -= 1
    if last < 0:
        return None
    return _classify_np(art, toks[0][0], toks[last][1], "", pos)


# ----------------------------------------------------------------------------------------------
# Stage 4: kinds and indirect speech.


_TITLE_SMALL_WORDS = frozenset({"of", "the", "and", "for", "to", "in", "on", "at", "a", "an", "or",
                                "without", "with", "by", "from", "de", "la", "vs", "per", "as",
                                "into"})
_TITLE_EDGE = "“”\"'‘’«»,.:;!?()"


def _is_title_case(words: list[str]) -> bool:
    """True when every word with a letter is capitalized (or a small word), the first one too.

    One pass that stops at the first lowercase word: most quotations fail on an early word.
    """
    first_alpha = None
    for w in words:
        if w.isalpha():
            core = w  # nothing to strip from a word of letters only
        elif any(ch.isalpha() for ch in w):
            core = w.strip(_TITLE_EDGE)
        else:
            continue
        if first_alpha is None:
            first_alpha = core
        if not core:
            continue
        c = core[0]
        if c.isupper() or c.isdigit() or core.lower() in _TITLE_SMALL_WORDS:
            continue
        return False
    return first_alpha is not None and first_alpha[:1].isupper()


def _is_clause(quote: str) -> bool:
    words = quote.split()
    stripped = quote.rstrip(" ,”’\"'»")
    first = quote.lstrip("“”\"'‘’«»(…. ")[:1]
    if stripped.endswith(("!", "?")):
        return True
    if len(words) >= 5:
        return True
    if first.isupper() and len(words) >= 3:
        return True
    if stripped.endswith(".") and (len(words) >= 3 or first.isupper()):
        return True  # "So we wait.", "Still late." (a title such as "Listening State." is caught before)
    return False


_QUOTED_AS = re.compile(r"\bquot(?:ed|es|ing)\s+(.{3,120}?)\s+as\s+(?:saying|stating|telling\s+\S+)"
                        r"(?:\s+that)?[\s,:]*$")
_SOURCE_OPENING = re.compile(r"\s*(?:(according\s+to)|as)\s+", re.I)
_CONTINUES = re.compile(r"[\s,;]*(?:and|or|but|adding|while)\b[^.!?;:“”«»\"]{0,80}$")
_PASSIVE_NAMING = re.compile(r"\b(?:called|dubbed|named|termed|labell?ed|nicknamed|branded|known\s+as|"
                             r"referred\s+to\s+as)\s+(?:the\s+|a\s+|an\s+)?$")
_AS_BEFORE = re.compile(r"\b(?:as|of)\s+(?:the\s+|a\s+|an\s+)?$")


def _term_cue_before(text: str, open_pos: int, lex: Lexicon) -> bool:
    before = text[max(0, open_pos - 40):open_pos].lower().split()
    last = [w.strip(",:;") for w in before[-3:]]
    if not last:
        return False
    if last[-1] in lex.term_cues or (len(last) >= 2 and last[-2] in lex.term_cues and last[-1] in ("the", "a", "an", "as")):
        return True
    if len(last) >= 2 and last[-2:] == ["known", "as"]:
        return True
    return "known as" in " ".join(before[-6:]) and last[-1] in ("the", "a", "an", "as")


def _strip_trailing_source(text: str, start: int, end: int, citation_parens: set[int]) -> tuple[int, str]:
    """End without a trailing citation parenthesis and its period, and the citation's text."""
    segment = text[start:end]
    # A match is the last "(" of the segment (with the white space before it) up to the end:
    # search from there instead of trying every offset.
    paren = segment.rfind("(")
    if paren < 0:
        return end, ""
    while paren > 0 and segment[paren - 1].isspace():
        paren -= 1
    m = _TRAILING_PAREN.search(segment, paren)
    if not m:
        return end, ""
    p_start = start + m.start(1) - 1
    inner = m.group(1)
    if p_start in citation_parens or _SOURCE_LIKE.search(inner):
        new_end = start + m.start()
        while new_end > start and text[new_end - 1].isspace():
            new_end -= 1
        return new_end, inner
    return end, ""


# ----------------------------------------------------------------------------------------------
# The per-article extractor.


def find_quotes(text: str, *, doc_id: str = "", sentences: Sequence[tuple[int, int, int, int]] | None = None,
                publication: str = "", lexicon: Lexicon | None = None) -> list[Quote]:
    """All quotations of one article text, in order of position.

    Parameters
    ----------
    text
        The article body (the ``text`` column of :func:`edm_tools.load_corpus`).
    doc_id
        Copied to every record.
    sentences
        (sentence_id, paragraph_id, start, end) of each sentence, as in
        :func:`edm_tools.split_sentences`; computed when None.
    publication
        The outlet's name, used to expand an interviewer's initials (``CBR:``).
    lexicon
        Word lists from :func:`load_lexicon`; the packaged ones when None.

    >>> [(q.quote, q.speaker, q.kind) for q in find_quotes("“We agree,” said Anna Petrova, the spokeswoman.")]
    [('We agree,', 'Anna Petrova', 'statement')]
    """
    return [Quote(*row) for row in _quote_rows(text, doc_id, sentences, publication, lexicon)]


def _quote_rows(text: str, doc_id: str, sentences: Sequence[tuple[int, int, int, int]] | None,
                publication: str, lexicon: Lexicon | None,
                citations: Sequence[tuple[int, int]] | None = None) -> list[tuple]:
    """The quotations of :func:`find_quotes` as tuples of the QUOTES_COLUMNS values (for a whole
    corpus, cheaper than Quote records). ``citations``: (paren_start, paren_end) of each citation
    part of ``text`` in order, as :func:`_citation_parens` gives them; found here when None."""
    lex = lexicon or load_lexicon()
    if not isinstance(text, str) or not text.strip():
        return []
    paragraphs = paragraph_spans(text)
    if not paragraphs:
        return []
    if sentences is None:
        sentences = [(r[1], r[2], r[3], r[4]) for r in sentence_rows(doc_id, text)]
    sentences = list(sentences)
    if not sentences:
        sentences = [(i, i, s, e) for i, (s, e) in enumerate(paragraphs)]
    spans = _scan_quotes(text, paragraphs, lex)
    if citations is None:
        citations = [(c.paren_start, c.paren_end) for c in find_citations(text)]
    blocks = _find_blocks(text, paragraphs, spans, lex)
    quoted = sorted((sp.open, (sp.close if sp.close >= 0 else sp.end) + 1) for sp in spans if not sp.recovered)
    quoted += [(bs, be) for _, bs, be, _ in blocks]
    quoted.sort()
    memory = _Memory(text, lex, quoted)
    art = _Article(text, paragraphs, sentences, [s[2] for s in sentences], lex, memory, spans,
                   citations, publication or "")
    art.citation_starts = [paren_start for paren_start, _ in citations]
    art.verbs = _find_verbs(text, lex)
    art.verb_starts = [v.start() for v in art.verbs]
    art.span_opens = [sp.open for sp in spans]
    for block in blocks:
        block[3] = _paragraph_intro(art, block[0] - 1, block[1])
    blocks = [b for b in blocks if b[3] is not None]
    if blocks:
        # Quotation marks inside a block quotation belong to it.
        spans = [sp for sp in spans if not any(bs <= sp.open < be for _, bs, be, _ in blocks)]
        art.spans = spans
        art.span_opens = [sp.open for sp in spans]
    citation_parens = set(art.citation_starts)
    records: list[tuple] = []  # (start, end, kind, speaker, verb, citation, anchor)

    # Quotations, blocks and sentences in text order, so that every speaker found (including
    # those of reported speech) is in the memory when a later "he" or "the ministry" is read.
    events: list[tuple[int, int, str, object]] = [(sp.open, 0, "q", sp) for sp in spans]
    events += [(bs, 0, "b", (p, bs, be, intro)) for p, bs, be, intro in blocks]
    events += [(row[3], 1, "s", row) for row in sentences]
    events.sort(key=operator.itemgetter(0, 1))
    prev_close = -1
    prev_speaker: _Attribution | None = None
    prev_statement: tuple[int, _Attribution] | None = None
    prev_para = -1
    for pos, _, what, obj in events:
        if what == "s":
            found = _indirect(art, obj, records, citation_parens)
            if found is not None:
                records.append(found)
            continue
        if what == "b":
            p, bs, be, intro = obj
            end, cite = _strip_trailing_source(text, bs, be, citation_parens)
            s_i, e_i = trim_span(text, bs, end)
            attr = intro
            if attr.speaker.name:
                memory.speakers.append((bs, attr.speaker))
            records.append((s_i, e_i, "block", attr.speaker, attr.verb, cite, bs))
            prev_speaker = attr
            prev_close = be
            prev_para = p
            continue
        sp: _Span = obj
        if sp.para != prev_para:
            prev_close = -1
        kind, attr = _attribute(art, sp, prev_close, prev_speaker, prev_para, prev_statement)
        if attr is not None and attr.speaker.name and kind != "term":
            memory.speakers.append((sp.open, attr.speaker))
        speaker = attr.speaker if (attr is not None and kind != "term") else _NOBODY
        verb = attr.verb if (attr is not None and kind != "term") else ""
        close = sp.close if sp.close >= 0 else sp.end
        cite = _citation_after(art, close, sp.para_end)
        records.append((sp.start, sp.end, kind, speaker, verb, cite, sp.open))
        if kind != "term":
            prev_speaker = attr if (attr is not None and attr.speaker.name) else (prev_speaker if attr is None else None)
        prev_statement = (close, attr) if kind == "statement" and attr is not None else None
        prev_close = close
        prev_para = sp.para_end
    records.sort(key=lambda r: (r[0], r[1]))
    out: list[tuple] = []
    for k, (s, e, kind, speaker, verb, cite, anchor) in enumerate(records):
        si = art.sentence_at(anchor)
        sid, pid = (sentences[si][0], sentences[si][1]) if sentences else (0, 0)
        out.append((doc_id, k, text[s:e], s, e, kind, speaker.name, speaker.surface,
                    speaker.role, _SPACE_RUN.sub(" ", verb) if verb else "", cite, int(pid), int(sid)))
    return out


def _citation_after(art: _Article, close: int, para: int) -> str:
    pe = art.paragraphs[para][1] if para < len(art.paragraphs) else len(art.text)
    # The first citation at or after ``close`` (citations come in text order), if in the paragraph.
    k = bisect.bisect_left(art.citation_starts, close)
    if k == len(art.citation_starts) or art.citation_starts[k] >= pe:
        return ""
    paren_start, paren_end = art.citations[k]
    return art.text[paren_start + 1:paren_end - 1].strip()


def _attribute(art: _Article, sp: _Span, prev_close: int, prev_attr: _Attribution | None,
               prev_para: int, prev_statement: tuple[int, _Attribution] | None = None
               ) -> tuple[str, _Attribution | None]:
    """Kind and attribution of one quotation.

    ``prev_statement`` is (closing offset, attribution) of the previous quotation when it was a
    statement: a quotation that continues it in the same sentence ("... “useful” and that the
    sides would meet “soon”") is the same speaker's.
    """
    text = art.text
    lex = art.lex
    close = sp.close if sp.close >= 0 else sp.end
    quote = text[sp.start:sp.end]
    words = quote.split()
    pe = art.paragraphs[sp.para_end][1]
    si = art.sentence_at(close)
    sent_end = art.sentences[si][3] if art.sentences else pe
    if sent_end <= close + 2 and si + 1 < len(art.sentences):
        # “Can it be done?” | Drozdetsky noted.  (the splitter ended the sentence at the mark)
        sent_end = art.sentences[si + 1][3]
    limit = min(pe, max(sent_end, close + 1))
    # Stop the tail at the next quotation in the paragraph.
    k = bisect.bisect_right(art.span_opens, close)
    if k < len(art.span_opens) and art.span_opens[k] < limit:
        limit = art.span_opens[k]
    ends_sentence = quote.rstrip(" ,”’\"'»").endswith((".", "!", "?"))
    after_close = text[close + 1:limit].lstrip(" ,–—-")
    tail = None if sp.recovered else _tail_attribution(
        art, close + 1, limit, new_sentence=ends_sentence and after_close[:1].isupper())
    if tail is not None and not sp.multi:
        # The common case, decided without looking before the quotation (the tests on the
        # quotation's words are pure: made only when needed).
        if tail.speaker.generic and (_is_title_case(words) or _term_cue_before(text, sp.open, lex)
                                     or not _is_clause(quote)):
            return "term", None
        if (not tail.speaker.name and tail.verb == "" and len(words) <= 8
                and not quote.rstrip().endswith(("!", "?")) and _is_title_case(words)):
            return "term", None
        return "statement", tail
    title = _is_title_case(words)
    clause = _is_clause(quote)
    cue = _term_cue_before(text, sp.open, lex)
    lead_start, lead_end = _lead_region(art, sp, prev_close)
    lead, how = _lead_attribution(art, lead_start, lead_end, sp)
    para_start = art.paragraphs[sp.para][0]
    starts_para = not text[para_start:sp.open].strip()
    intro_para = None
    if starts_para and sp.para > 0:
        intro_para = _paragraph_intro(art, sp.para - 1, sp.open)
    inside = _attribution_inside(art, sp) if sp.recovered else None
    # Between two parts of one quotation: “A,” he said, “B.”
    between = prev_close >= 0 and not text[prev_close + 1:sp.open].strip(" ,–—-")
    embedded = how == "embedded"

    if sp.multi:
        attr = lead or intro_para or tail
        return "statement", attr or _inherit(prev_attr, sp, prev_para, starts_para)
    if inside is not None:
        return "statement", inside
    if lead is not None and how == "intro":
        if title and len(words) <= 8 and not clause and lead.where == "colon":
            return "term", None
        return "statement", lead
    if intro_para is not None and starts_para:
        return "statement", intro_para
    if title and len(words) <= 10 and not quote.rstrip(" ,”’\"").endswith(("!", "?")):
        return "term", None
    if cue:
        return "term", None
    if lead is None and _PASSIVE_NAMING.search(text, max(0, sp.open - 40), sp.open):
        return "term", None  # "facilities officially called “...”": a name nobody is quoted for
    if lead is not None and embedded:
        lemma = _lemma(art, lead.verb)
        if lead.speaker.generic:
            if lemma in lex.naming or not clause:
                return "term", None
            return "statement", _Attribution(_NOBODY, lead.verb, "lead")
        if not lead.speaker.name:
            # "He said the talks were “useful”" with no "he" to resolve: still his words.
            if len(words) == 1 and lemma in lex.naming:
                return "term", None
            return "statement", lead
        if len(words) == 1 and lemma not in lex.naming and lead.where != "nominal":
            return "term", None
        return "statement", lead
    if prev_statement is not None and lead is None:
        p_close, p_attr = prev_statement
        if art.sentence_at(p_close) == art.sentence_at(sp.open) and _CONTINUES.match(text, p_close + 1, sp.open):
            return "statement", p_attr
    if _AS_BEFORE.search(text, max(0, sp.open - 30), sp.open):
        return "term", None  # "register as “organizations pursuing ...”": a designation
    if how == "colon" and clause:
        # "On competition with Aktau: “...”" (an interview's topic) continues the speaker;
        # "one question is heard again: “...”" (a clause) does not.
        topic = text[lead_start:lead_end].split()
        if len(topic) <= 12 and _PREPOSITION_START.match(" ".join(topic)) and not any(
                w.lower() in _FINITE for w in topic):
            return "statement", _inherit(prev_attr, sp, prev_para, True) or None
        return "statement", None
    if clause:
        if between and prev_attr is not None:
            return "statement", prev_attr
        # “A,” said X, an analyst at Y, “and B.”: a part that starts in lower case continues
        # the previous quotation of the same sentence, whatever stands between them.
        if (prev_attr is not None and prev_attr.speaker.name and prev_close >= 0
                and quote.lstrip()[:1].islower() and art.sentence_at(prev_close) == art.sentence_at(sp.open)):
            return "statement", prev_attr
        starts_sentence = _starts_sentence(art, sp)
        if starts_sentence:
            inh = _inherit(prev_attr, sp, prev_para, starts_para)
            if inh is not None:
                return "statement", inh
            before = _previous_sentence_subject(art, sp)
            if before is not None:
                return "statement", before
        return "statement", None
    return "term", None


def _previous_sentence_subject(art: _Article, sp: _Span) -> _Attribution | None:
    """“His neighbour, Gulmira Tashieva, nods. “My son works in Moscow.”": a short sentence
    about a named person, right before a quotation without attribution, introduces its speaker."""
    k = art.sentence_at(sp.open)
    if k == 0 or art.sentences[k - 1][1] != art.sentences[k][1]:
        return None
    _, _, ps, pe = art.sentences[k - 1]
    body = art.text[ps:pe]
    if len(body.split()) > 15 or _QUOTE_CHAR.search(body) or "“" in body or "”" in body:
        return None
    segs = art.segments(ps, pe)
    if not segs:
        return None
    # The subject: a name in the first segment or, after a role ("His neighbour,"), the second.
    for a, b in segs[:2]:
        runs = _runs_in(art, a, b)
        if runs and runs[0].start == a:
            spk = _classify_np(art, runs[0].start, runs[0].end, "", sp.open)
            if spk is not None and spk.is_person and spk.name:
                return _Attribution(spk, "", "previous")
            return None
        if not _is_role_segment(art.text[a:b], art.lex):
            return None
    return None


def _starts_sentence(art: _Article, sp: _Span) -> bool:
    s = art.sentence_at(sp.open)
    start = art.sentences[s][2]
    return not art.text[start:sp.open].strip(" (")


def _inherit(prev: _Attribution | None, sp: _Span, prev_para: int, starts_para: bool) -> _Attribution | None:
    """A quotation with no attribution of its own continues the previous speaker when it follows
    in the same paragraph, or opens the next one."""
    if prev is None or not prev.speaker.name:
        return None
    if prev_para == sp.para or (starts_para and prev_para == sp.para - 1):
        return _Attribution(prev.speaker, prev.verb, "inherit")
    return None


def _paragraph_intro(art: _Article, p: int, pos: int) -> _Attribution | None:
    """``X said:`` (or ``As X put it,``) ending paragraph ``p``, introducing the next one."""
    text = art.text
    ps, pe = art.paragraphs[p]
    last = text[pe - 1] if pe > ps else ""
    if last not in ":,":
        return None
    s = art.sentence_at(pe - 1)
    start = max(art.sentences[s][2], ps)
    region_end = pe - 1
    # The verb must be near the end: "he said:", "put it,", "described the strategy at length:".
    verbs = _verbs_in(art, start, region_end)
    if not verbs:
        return None
    m = _ACCORDING.search(text, start, region_end)
    if m:
        spk = _speaker_np(art, m.end(), region_end, pos, subject_first=True)
        return _Attribution(spk, "according to", "para") if spk else None
    v = verbs[-1]
    gap = text[v.end():region_end].split()
    if len(gap) > (10 if last == ":" else 6) or _THAT.search(text[v.end():region_end]):
        return None
    if last == "," and not _AS_PUT.match(text[start:v.start()]) and _lemma(art, v.group()) != "put it":
        return None
    region_start = start
    ma = _AS_PUT.match(text[start:v.start()])
    if ma:
        region_start = start + ma.end()
    spk = _subject_before(art, region_start, v.start(), pos)
    if spk is None:
        return None
    return _Attribution(spk, v.group(), "para")


def _find_blocks(text: str, paragraphs: list[tuple[int, int]], spans: list[_Span], lex: Lexicon) -> list:
    """Paragraphs quoted without marks after an introducing ``X stated:``: (p, start, end, None)."""
    out = []
    opens = {sp.open for sp in spans}
    for p in range(1, len(paragraphs)):
        ps, pe = paragraphs[p]
        prev_s, prev_e = paragraphs[p - 1]
        if text[prev_e - 1] not in ":," or text[ps] in "“„«\"‘'‟":
            continue
        if ps in opens:
            continue
        if len(text[ps:pe].split()) < 5:
            continue
        tail = text[max(prev_s, prev_e - 160):prev_e - 1]
        verbs = list(lex.verb_re.finditer(tail))
        if not verbs:
            continue
        v = verbs[-1]
        gap = tail[v.end():]
        if len(gap.split()) > (10 if text[prev_e - 1] == ":" else 6) or _THAT.search(gap):
            continue
        if text[prev_e - 1] == "," and not re.search(r"\bas\b", tail[:v.start()], re.I):
            continue
        out.append([p, ps, pe, None])
    return out


def _attribution_inside(art: _Article, sp: _Span) -> _Attribution | None:
    """An unclosed quotation that runs into its attribution: “A, B, Name, role, told X."""
    text = art.text
    for m in _QUOTE_SPEAKER_INSIDE.finditer(text, sp.start, sp.end):
        att = _tail_attribution(art, m.start() + 1, sp.end)
        if att is not None and att.speaker.name and att.speaker.is_person:
            return att
    return None


def _indirect(art: _Article, sentence: tuple, records: list[tuple], citation_parens: set[int]) -> tuple | None:
    """The reported speech of one sentence, with an identifiable speaker, as a record."""
    text = art.text
    sid, pid, s, e = sentence
    verb_starts = art.verb_starts
    k = bisect.bisect_left(verb_starts, s)
    has_verb = k < len(verb_starts) and verb_starts[k] < e
    if not has_verb and text.find("ccording to", s, e) < 0 and text.find(" words,", s, e) < 0:
        return None
    if len(text[s:e].split(None, 4)) < 5:  # fewer than five words (no need to split them all)
        return None
    # Records come in text order: the last few are the only ones that can overlap this sentence.
    taken = [(r[0] - 1, r[1] + 1, r[2]) for r in records[-12:] if r[0] <= e and r[1] >= s]
    for _, _, kind in taken:
        if kind == "block":
            return None
    found = _indirect_in_sentence(art, s, e)
    if found is None:
        return None
    cs, ce, speaker, verb = found
    ce, cite = _strip_trailing_source(text, cs, ce, citation_parens)
    while ce > cs and text[ce - 1] in ".!?;: ":
        ce -= 1
    cs, ce = trim_span(text, cs, ce)
    if ce - cs < 12 or len(text[cs:ce].split()) < 3:
        return None
    if any(a < ce and cs < b and kind in ("statement", "block") for a, b, kind in taken):
        return None
    if not cite:
        cite = _citation_after(art, ce, pid)
    art.memory.speakers.append((cs, speaker))
    return (cs, ce, "indirect", speaker, verb, cite, s)


_ACCORDING_START = re.compile(r"(?:[^,]{0,40}?,\s*)?according\s+to\s+", re.I)
_BY_END = re.compile(r"\bby\s+$")
_QUOTED_AS_THAT = re.compile(r"\bquot(?:ed|es)\s+([^“”«»\"]{3,120}?)\s+as\s+saying\s+(?:that\s+)?")
_THAT_NEXT = re.compile(r"\s+that\b")
_THAT_ANY = re.compile(r"\bthat\b")
_TRAILING_ATTRIBUTION = re.compile(
    r"\s*(?:[A-Z][\w.’'\-]*(?:\s+[A-Z][\w.’'\-]*)*)?\s*(?:news\s+agency\s*)?"
    r"(?:(?:on|in|at|late|earlier|this|last|during|after|by)\b[^,.;]{0,40})?[.!]?\s*")
_SUBORDINATE = re.compile(r"\b(?:that|which|who|if|because|whether)\b")
_ALSO = re.compile(r"\s*(?:also\s+)?")
_REPORT_OBJECT = re.compile(r"(?:on|in|at|to|that)\b")
_NO_CONTENT = re.compile(r"(?:(?:in|on|at|to|during|after|before|with|through|by|from|for|about|"
                         r"so|as)\b|[,(.])")
_QUANTITY_START = re.compile(r"(?:at\s+least|at\s+most|about\s+\d|in\s+all)\b")
_TELL_OBJECT = re.compile(r"(?:me|us|him|her|them|reporters|journalists|the\s+newspaper|this\s+newspaper|"
                          r"[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*)\s+(?!that\b|on\b|in\b|at\b|by\b)")
_LOWER_START = re.compile(r"[a-z]")
_DETERMINER_START = re.compile(r"(?:the|a|an|his|her|its|their)\b")
# Verbs of indirect speech that take an object as their content ("highlighted the importance of").
_OBJECT_VERBS = frozenset({"say", "stress", "emphasize", "highlight", "underline", "underscore",
                           "note", "mention", "instruct", "admit", "indicate", "suggest",
                           "propose", "estimate", "report", "announce", "inform", "reiterate",
                           "recall", "describe", "praise", "urge", "point out"})
_CLAUSE_VERBS = frozenset({"tell", "remind", "assure", "write"})


def _indirect_in_sentence(art: _Article, s: int, e: int):
    """(content start, content end, speaker, verb) of reported speech in one sentence, or None.

    Forms: "According to X, CONTENT", "In his words, CONTENT", "X said (that) CONTENT",
    "X stressed the need to ...", "CONTENT, X told TASS on Wednesday", "..., adding that CONTENT",
    "X balanced these comments by highlighting CONTENT".
    """
    text = art.text
    lex = art.lex
    if text[s] in "“„«\"‘'":
        return None  # direct speech
    m = _ACCORDING_START.match(text, s, e)
    if m:
        np_end = _np_end(text, m.end(), e)
        if np_end < e and text[np_end] == ",":
            spk = _speaker_np(art, m.end(), np_end, s, subject_first=True)
            if spk is not None and spk.name and not spk.generic:
                # Skip the role: "According to Abay Tasbulatov, Commander of ..., CONTENT".
                cs = _skip_appositive(art, np_end, e)
                if cs is not None:
                    return cs, e, spk, "according to"
        return None
    hi = min(e, s + _MAX_REGION)  # (a match needs "quot": look for it before the regex scan)
    m = _QUOTED_AS_THAT.search(text, s, hi) if text.find("quot", s, hi) >= 0 else None
    if m:
        spk = _speaker_np(art, m.start(1), m.end(1), s, subject_first=True)
        if spk is not None and spk.name and not spk.generic:
            return m.end(), e, spk, "quoted as saying"
    m = _IN_WORDS.match(text, s, e)
    if m:
        spk = _classify_np(art, m.start(1), m.end(1), "", s)
        if spk is not None and spk.name:
            return m.end(), e, spk, f"in {m.group(1).lower()} words"
        return None
    tried = 0
    for v in _verbs_in(art, s, min(e, s + _MAX_REGION)):
        lemma = _lemma(art, v.group())
        if lemma not in lex.indirect:
            continue
        tried += 1
        if tried > 4:
            break
        vs, ve = v.start(), v.end()
        region = text[s:vs]
        if not region.strip() or "“" in region or "”" in region or "«" in region or '"' in region:
            continue
        if v.group().endswith("ing"):
            # A participle reports speech after "by" ("by highlighting ...") or before "that"
            # (", adding that ..."); "visited Astana, underscoring ..." does not.
            if _BY_END.search(region, max(0, len(region) - 6)):
                subj = _initial_np(art, _clause_start(art, s, vs), vs, s)
                if subj is not None and subj.name:
                    return ve, e, subj, v.group()
                continue
            if not _THAT_NEXT.match(text, ve, e):
                continue
        after = text[ve:e]
        # Trailing attribution: "CONTENT, Name, role, told TASS on Wednesday."
        if "," in region and _TRAILING_ATTRIBUTION.fullmatch(after):
            found = _trailing_indirect(art, s, vs, v)
            if found is not None:
                return found
            continue
        # Where the reported content starts depends on the words after the verb only: decide it
        # first, and skip reading the subject when there is none (unless reading it could teach
        # the memory a name, which later attributions would see).
        content = _indirect_content(text, ve, e, lemma)
        if content is None and not _may_learn_a_name(art, s, vs):
            continue
        subj = _subject_before(art, s, vs, s)
        if subj is None or not subj.name or subj.generic or not _animate(subj, lex):
            continue
        if content is None:
            continue
        # The subject opens the sentence: no subordinate clause before the verb, except a
        # relative clause in the subject's appositive ("X, who runs a firm, said ...").
        segs = art.segments(s, vs)
        if segs and _SUBORDINATE.search(text, segs[-1][0], vs) and not subj.surface.lower().startswith(
                ("he", "she")):
            continue  # "Analysts believe that X said ...": not the sentence's own report
        return content, e, subj, v.group()
    return None


def _indirect_content(text: str, ve: int, e: int, lemma: str) -> int | None:
    """Start of the reported content after a verb of indirect speech ending at ``ve`` in a
    sentence ending at ``e``, or None when the verb introduces none."""
    j = _ALSO.match(text, ve, e).end()
    # Content: after "that" when it follows the verb (and a short object: "told reporters
    # after a meeting that"), else right after the verb ("highlighted the importance of").
    m_that = _THAT_ANY.search(text, j, min(e, j + 90))
    if m_that is not None:
        between = text[j:m_that.start()].split()
        if not between or (lemma not in _OBJECT_VERBS or lemma in ("say", "report", "announce")) and (
                len(between) <= 8 and not any(w.lower() in _FINITE for w in between)):
            return m_that.end()
    if lemma == "tell":
        # "told me the train is full": an object pronoun or outlet, then a clause.
        m_obj = _TELL_OBJECT.match(text, j, e)
        if m_obj and len(text[m_obj.end():e].split()) >= 4 and not _NO_CONTENT.match(text, m_obj.end(), e):
            return m_obj.end()
        return None
    if lemma in _CLAUSE_VERBS:
        return None  # "told TASS on Wednesday": no content without "that"
    if lemma in ("report", "announce", "inform") and _REPORT_OBJECT.match(text, j, e):
        return None
    if _NO_CONTENT.match(text, j, e) and not _QUANTITY_START.match(text, j, e):
        return None
    if lemma not in _OBJECT_VERBS and not (_LOWER_START.match(text, j, e)
                                           and not _DETERMINER_START.match(text, j, e)):
        return None  # "warned the ..." without a clause is rarely reported speech
    return j


def _may_learn_a_name(art: _Article, start: int, vstart: int) -> bool:
    """False when ``_subject_before(art, start, vstart, ...)`` cannot change the memory.

    Its only side effect is :meth:`_Memory.add_single_name`, which _speaker_np calls only when
    a segment of the noun phrase other than its head is a role ("A schoolteacher ...,
    Ogulgerek"): without any role segment, it changes nothing. The "X ... and said" form reads
    further back: assume it may.
    """
    text = art.text
    cut = _clause_before(text, start, vstart)
    if cut is None:
        return False  # _subject_before reads nothing
    tail_text = text[max(cut, vstart - 40):vstart]
    if " and " in tail_text or " but " in tail_text:
        return True
    return any(_is_role_segment(text[a:b], art.lex) for a, b in art.segments(cut, vstart))


def _trailing_indirect(art: _Article, s: int, vs: int, v: _Verb):
    """"CONTENT, Vadim Korolenko, deputy director of ..., told TASS on Wednesday."."""
    text = art.text
    lex = art.lex
    segs = art.segments(s, vs)
    if len(segs) < 2:
        return None
    spk = _speaker_np(art, segs[-1][0], vs, s)
    if spk is None or not spk.name or spk.generic or not _animate(spk, lex):
        return None
    k = len(segs) - 1

    def role_like(i: int) -> bool:
        seg = text[segs[i][0]:segs[i][1]]
        return _is_role_segment(seg, lex) and not _ends_in_name(seg, lex)

    # Include role appositives in the speaker part.
    while k > 0 and role_like(k):
        k -= 1
    if k > 0 and role_like(k - 1):
        k -= 1
    content_end = segs[k][0]
    while content_end > s and text[content_end - 1] in ", ":
        content_end -= 1
    if len(text[s:content_end].split()) >= 5:
        return s, content_end, spk, v.group()
    return None


def _clause_start(art: _Article, s: int, end: int) -> int:
    """Start of the last comma-separated part of text[s:end] that holds a subject."""
    segs = art.segments(s, end)
    return segs[-1][0] if segs else s


def _skip_appositive(art: _Article, np_end: int, e: int) -> int | None:
    """Offset of the content after "According to NAME[, ROLE],"."""
    text = art.text
    j = np_end + 1
    while j < e and text[j] == " ":
        j += 1
    seg_end = text.find(",", j, e)
    if seg_end > 0:
        seg = text[j:seg_end]
        if _is_role_segment(seg, art.lex) and len(seg.split()) <= 12:
            j = seg_end + 1
            while j < e and text[j] == " ":
                j += 1
    return j if j < e else None


# ----------------------------------------------------------------------------------------------
# Corpus-level functions.


def _sentences_by_doc(sentences: pd.DataFrame) -> dict[str, list[tuple[int, int, int, int]]]:
    schemas.require_columns(sentences, _SENTENCE_COLUMNS, caller="extract_quotes(sentences=...)")
    out: dict[str, list[tuple[int, int, int, int]]] = {}
    docs = sentences["doc_id"].tolist()
    numbers = [sentences[c] for c in _SENTENCE_COLUMNS[1:]]
    if all(isinstance(col.dtype, np.dtype) and col.dtype.kind in "iu" for col in numbers):
        rows = zip(*[col.tolist() for col in numbers])  # already Python ints: build the tuples in C
    else:
        rows = ((int(sid), int(pid), int(s), int(e)) for sid, pid, s, e in zip(*[col.tolist() for col in numbers]))
    for doc, row in zip(docs, rows):
        out.setdefault(str(doc), []).append(row)
    return out


def _citations_by_doc(citations: pd.DataFrame) -> dict[str, list[tuple[int, int]]]:
    """(start, end) of each citation part, by article, in text order."""
    schemas.require_columns(citations, _CITATION_COLUMNS, caller="extract_quotes(citations=...)")
    out: dict[str, list[tuple[int, int]]] = {}
    starts = [int(x) for x in citations["start"].tolist()]
    ends = [int(x) for x in citations["end"].tolist()]
    for doc, start, end in zip(citations["doc_id"].tolist(), starts, ends):
        out.setdefault(str(doc), []).append((start, end))
    for parts in out.values():
        parts.sort()
    return out


def _citation_parens(text: str, parts: Sequence[tuple[int, int]], doc: str) -> list[tuple[int, int]]:
    """(paren_start, paren_end) of each citation part of a citation table, as find_citations gives
    them: a part lies inside a parenthesis that holds no other parenthesis (nor a line break), so
    the nearest "(" before it and the nearest ")" after it are that parenthesis."""
    out = []
    for start, end in parts:
        paren_start = text.rfind("(", 0, start)
        paren_end = text.find(")", end) + 1
        if not 0 <= start <= end <= len(text) or paren_start < 0 or paren_end == 0:
            raise ParameterError(
                f"extract_quotes: the citation table does not match the text of {doc!r} (no "
                f"parenthesis around the citation at {start}-{end}). Pass the citations of this same "
                "corpus (prepare_corpus(...).citations) or citations=None."
            )
        out.append((paren_start, paren_end))
    return out


def extract_quotes(corpus: pd.DataFrame, *, sentences: pd.DataFrame | None = None,
                   citations: pd.DataFrame | None = None, verbs: Iterable[str] | None = None,
                   kinds: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per quotation in each article, with its speaker, role, verb and source.

    Parameters
    ----------
    corpus
        Articles with columns ``doc_id`` and ``text`` (as from :func:`edm_tools.load_corpus` or
        ``prepare_corpus(...).articles``); a ``publication`` column is used when present.
    sentences
        The sentence table of the same corpus (``prepare_corpus(...).sentences`` or
        :func:`edm_tools.split_sentences`), so it is not recomputed; None computes it per article.
    citations
        The citation table of the same corpus (``prepare_corpus(...).citations`` or
        :func:`edm_tools.extract_citations`; columns ``doc_id``, ``start``, ``end`` are used), so
        citations are not searched again; an article without rows has none. None finds them
        per article.
    verbs
        Reporting verb forms (``["said", "stated", ...]``) to use instead of the packaged list
        ``data/reporting_verbs.txt``.
    kinds
        The kinds to keep, a subset of ``statement``, ``block``, ``term``, ``indirect``;
        None keeps all.

    Returns
    -------
    DataFrame with columns

    ``doc_id``; ``quote_id`` (0, 1, ... within the article, in text order, counted before
    ``kinds`` filters, so an id does not change with the filter); ``quote`` (the
    words verbatim, without the quotation marks); ``start``, ``end`` (offsets in ``text``;
    ``text[start:end] == quote``); ``kind`` (``statement``, ``block``, ``term`` or
    ``indirect``, see the module docstring); ``speaker`` (the fullest name the article gives:
    ``Sergey Lavrov`` for ``Lavrov``, ``the US State Department``; empty when nobody is
    identifiable, and always for terms); ``speaker_surface`` (the words of the attribution:
    ``Lavrov``, ``he``, ``the minister``); ``speaker_role`` (as the article gives it:
    ``Russia’s Foreign Minister``); ``verb`` (``said``, ``stated``, ``according to``, ...; empty
    when none); ``citation`` (the in-text source after the quotation in its paragraph, such as
    ``Interfax, October 16``, else empty); ``paragraph``, ``sentence`` (the ``paragraph_id`` and
    ``sentence_id`` of :func:`edm_tools.split_sentences` where the quotation starts).

    Raises
    ------
    SchemaError
        ``corpus`` (or ``sentences``, ``citations``) lacks a needed column.
    ParameterError
        ``kinds`` names an unknown kind, ``verbs`` is empty or not strings, or ``sentences``
        or ``citations`` do not belong to ``corpus``.

    Examples
    --------
    >>> import pandas as pd
    >>> corpus = pd.DataFrame({"doc_id": ["a"], "text": ["“We are ready,” Petrov said."]})
    >>> extract_quotes(corpus)[["quote", "kind", "speaker", "verb"]].values.tolist()
    [['We are ready,', 'statement', 'Petrov', 'said']]
    """
    schemas.require_columns(corpus, ("doc_id", "text"), caller="extract_quotes")
    keep = _check_kinds(kinds)
    lex = load_lexicon(_check_verbs(verbs))
    by_doc = _sentences_by_doc(sentences) if sentences is not None else None
    citations_by_doc = _citations_by_doc(citations) if citations is not None else None
    publications = corpus["publication"].tolist() if "publication" in corpus.columns else [None] * len(corpus)
    rows: list[tuple] = []  # QUOTES_COLUMNS values of each quotation
    with cyclic_gc_paused():  # many small records and no cycles: see edm_tools.gcpause
        for doc_id, text, pub in zip(corpus["doc_id"].tolist(), corpus["text"].tolist(), publications):
            if not isinstance(text, str):
                continue
            doc = str(doc_id)
            sents = None
            if by_doc is not None and doc in by_doc:
                sents = by_doc[doc]
                if sents and max(map(_END_OF, sents)) > len(text):
                    raise ParameterError(
                        f"extract_quotes: the sentence table does not match the text of {doc!r} "
                        f"(a sentence ends at {max(s[3] for s in sents)}, the text has {len(text)} "
                        "characters). Pass the sentences of this same corpus (prepare_corpus(...)"
                        ".sentences) or sentences=None."
                    )
            pub = pub if isinstance(pub, str) else ""
            cites = None
            if citations_by_doc is not None:
                cites = _citation_parens(text, citations_by_doc.get(doc, ()), doc)
            found = _quote_rows(text, doc, sents, pub, lex, cites)
            if keep is not None:
                found = [q for q in found if q[_KIND_INDEX] in keep]
            rows.extend(found)
    return _frame(rows)


def _check_kinds(kinds: Iterable[str] | None) -> frozenset[str] | None:
    if kinds is None:
        return None
    if isinstance(kinds, str):
        kinds = [kinds]
    chosen = frozenset(kinds)
    unknown = chosen - set(KINDS)
    if unknown:
        raise ParameterError(
            f"extract_quotes: unknown kind(s) {', '.join(sorted(map(str, unknown)))}; "
            f"choose among {', '.join(KINDS)}."
        )
    return chosen


def _check_verbs(verbs: Iterable[str] | None) -> tuple[str, ...] | None:
    if verbs is None:
        return None
    if isinstance(verbs, str):
        verbs = [verbs]
    forms = tuple(verbs)
    if not forms or not all(isinstance(v, str) and v.strip() for v in forms):
        raise ParameterError(
            "extract_quotes: verbs must be a non-empty list of verb forms such as "
            "['said', 'stated']; pass verbs=None for the packaged list."
        )
    return tuple(sorted(set(forms)))


_QUOTES_DTYPES = {
    "doc_id": "string", "quote_id": "int64", "quote": "string", "start": "int64",
    "end": "int64", "kind": "string", "speaker": "string", "speaker_surface": "string",
    "speaker_role": "string", "verb": "string", "citation": "string", "paragraph": "int64",
    "sentence": "int64",
}


def _frame(rows: list[tuple]) -> pd.DataFrame:
    # One tuple per quotation, transposed into columns, each built with its final dtype: one
    # frame for the whole corpus and no second conversion pass.
    columns = list(zip(*rows)) if rows else [()] * len(QUOTES_COLUMNS)
    data = {c: pd.Series(list(values), dtype=_QUOTES_DTYPES[c]) for c, values in zip(QUOTES_COLUMNS, columns)}
    return pd.DataFrame(data, columns=list(QUOTES_COLUMNS))


def quotes_summary(quotes: pd.DataFrame, *, kinds: Iterable[str] = ("statement", "block", "indirect")) -> pd.DataFrame:
    """The most quoted speakers: one row per speaker, most quoted first.

    Parameters
    ----------
    quotes
        The table of :func:`extract_quotes`.
    kinds
        The kinds of quotation counted (terms have no speaker).

    Returns
    -------
    DataFrame with columns ``speaker``, ``n_quotes`` (quotations attributed to the speaker),
    ``n_articles`` (articles quoting the speaker), ``role`` (the first role the articles give,
    empty when none). Quotations without a speaker are left out.
    """
    schemas.require_columns(quotes, ("doc_id", "speaker", "speaker_role", "kind", "start"),
                            caller="quotes_summary")
    keep = _check_kinds(kinds)
    q = quotes[quotes["kind"].isin(list(keep)) & (quotes["speaker"].fillna("") != "")]
    if q.empty:
        return pd.DataFrame({"speaker": pd.Series([], dtype="string"),
                             "n_quotes": pd.Series([], dtype="int64"),
                             "n_articles": pd.Series([], dtype="int64"),
                             "role": pd.Series([], dtype="string")})
    q = q.sort_values(["doc_id", "start"], kind="stable")
    roles = q[q["speaker_role"].fillna("") != ""].groupby("speaker", sort=False)["speaker_role"].first()
    grouped = q.groupby("speaker", sort=False)
    out = pd.DataFrame({
        "n_quotes": grouped.size(),
        "n_articles": grouped["doc_id"].nunique(),
    })
    out["role"] = roles.reindex(out.index).fillna("")
    out = out.reset_index().rename(columns={"index": "speaker"})[list(SUMMARY_COLUMNS)]
    out = out.sort_values(["n_quotes", "n_articles", "speaker"], ascending=[False, False, True], kind="stable")
    return out.reset_index(drop=True).astype({"speaker": "string", "n_quotes": "int64",
                                              "n_articles": "int64", "role": "string"})
