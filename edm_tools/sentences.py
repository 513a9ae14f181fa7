"""Sentence splitting: nltk's Punkt, told about this domain's abbreviations.

Untrained Punkt splits after ``U.S.``, ``Gen.`` and ``Oct.``. The splitter here gives Punkt the
abbreviations in ``data/abbreviations.txt`` and the frequent sentence starters in
``data/sentence_starters.txt`` (so ``... in the U.S. The next day`` still splits), and learns
orthographic context (which words appear in lower case) from the packaged sample corpus, which
lets Punkt tell initials (``Arman K. Seitov``) from sentence ends. Two small rules follow Punkt:
a paragraph break always ends a sentence, and a sentence never starts with a lowercase word, so
``“Is this the end?” he asked.`` stays one sentence.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from nltk.tokenize import punkt
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer, PunktTrainer

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# A "sentence" that starts lowercase continues the previous one ("he asked."), except a word
# such as iPhone or eBay, whose second letter is a capital.
_LOWER_START = re.compile(r"[\"'“”‘’«»(\[]*[a-z](?![A-Z])")


class _EdmLangVars(punkt.PunktLanguageVars):
    """Punkt's English conventions, with curly opening marks split off a word as ``(`` and
    ``"`` already are: stock Punkt reads “Gen. as a word of its own, not the abbreviation
    Gen., and so breaks “Gen. Ivanov said” after “Gen."""

    __slots__ = ()
    _re_word_start = r"[^\(\"\`{\[:;&\#\*@\)}\]\-,“‘«]"


class _StdlibRegexLangVars(_EdmLangVars):
    """Punkt's own English patterns, compiled with the standard ``re`` module.

    nltk 3.10 routes every pattern through ``nltk.redos`` (the third-party ``regex`` engine
    under a timeout) to guard *caller-supplied* patterns against ReDoS. These are nltk's fixed,
    linear patterns, so the guard buys nothing here and costs two thirds of the splitting time.
    The results are identical (tests/test_sentences.py compares with the stock classes).
    """

    __slots__ = ()
    re_boundary_realignment = re.compile(
        r'["\')\]}\u2018\u2019\u201c\u201d\xab\xbb]+?(?:\s+|(?=--)|$)', re.MULTILINE)

    def _word_tokenizer_re(self):
        try:
            return self._re_word_tokenizer
        except AttributeError:
            self._re_word_tokenizer = re.compile(
                self._word_tokenize_fmt % {
                    "NonWord": self._re_non_word_chars,
                    "MultiChar": self._re_multi_char_punct,
                    "WordStart": self._re_word_start,
                },
                re.UNICODE | re.VERBOSE,
            )
            return self._re_word_tokenizer

    def period_context_re(self):
        try:
            return self._re_period_context
        except AttributeError:
            self._re_period_context = re.compile(
                self._period_context_fmt % {
                    "NonWord": self._re_non_word_chars,
                    "SentEndChars": self._re_sent_end_chars,
                },
                re.UNICODE | re.VERBOSE,
            )
            return self._re_period_context


class _StdlibRegexToken(punkt.PunktToken):
    """PunktToken with its fixed patterns compiled by ``re`` (see _StdlibRegexLangVars)."""

    _RE_ELLIPSIS = re.compile(r"\.\.+$")
    _RE_NUMERIC = re.compile(r"^-?[\.,]?\d[\d,\.-]*\.?$")
    _RE_INITIAL = re.compile(r"[^\W\d]\.$", re.UNICODE)
    _RE_ALPHA = re.compile(r"[^\W\d]+$", re.UNICODE)


def _read_list(name: str) -> list[str]:
    text = resources.files("edm_tools.data").joinpath(name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@functools.lru_cache(maxsize=1)
def _parameters() -> PunktParameters:
    """Punkt's parameters: domain abbreviations, sentence starters, orthographic context."""
    trainer = PunktTrainer(lang_vars=_StdlibRegexLangVars(), token_cls=_StdlibRegexToken)
    sample = resources.files("edm_tools.data").joinpath("sample")
    texts = [p.read_text(encoding="utf-8") for p in sample.iterdir() if p.name.endswith(".txt")]
    if texts:
        trainer.train("\n\n".join(texts), finalize=True)
    params: PunktParameters = trainer.get_params()
    abbreviations = set(_read_list("abbreviations.txt"))
    # Single letters are initials in names far more often than sentence ends.
    abbreviations.update("abcdefghijklmnopqrstuvwxyz")
    params.abbrev_types = set(params.abbrev_types) | abbreviations
    params.sent_starters = set(_read_list("sentence_starters.txt"))
    # Collocations learnt from a small corpus are noise; keep the decisions predictable.
    params.collocations = set()
    return params


@functools.lru_cache(maxsize=1)
def _tokenizer() -> PunktSentenceTokenizer:
    return PunktSentenceTokenizer(_parameters(), lang_vars=_StdlibRegexLangVars(),
                                  token_cls=_StdlibRegexToken)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence in ``text``; sentences never cross paragraphs.

    >>> t = "Gen. Ivanov met U.S. envoys on Oct. 5. They agreed."
    >>> [t[s:e] for s, e in sentence_spans(t)]
    ['Gen. Ivanov met U.S. envoys on Oct. 5.', 'They agreed.']
    """
    return [(start, end) for _, start, end in numbered_sentence_spans(text)]


def numbered_sentence_spans(text: str) -> list[tuple[int, int, int]]:
    """(paragraph number, start, end) of each sentence in ``text``, as :func:`sentence_spans`."""
    tokenizer = _tokenizer()
    spans: list[tuple[int, int, int]] = []
    for number, (para_start, para_end) in enumerate(paragraph_spans(text)):
        paragraph = text[para_start:para_end]
        merged: list[list[int]] = []
        for start, end in _paragraph_pieces(paragraph, tokenizer):
            if merged and _LOWER_START.match(paragraph, start):
                merged[-1][1] = end
            else:
                merged.append([start, end])
        spans.extend((number, para_start + s, para_start + e) for s, e in merged)
    return spans


# Fast path. Punkt only has a decision to make at a stop that follows an abbreviation, an
# initial, a number or another stop, or where the punctuation is unusual; at every other ".",
# "?" or "!" followed by white space it splits (closing marks included). Its decisions are
# local (a token and the next), so a paragraph can be cut at those plain stops and Punkt run
# only on the pieces that hold a stop it must judge. Most of EDM's text never reaches Punkt;
# tests/test_sentences.py and a property test check that the result equals Punkt's on the
# whole paragraph.
_CLOSERS = "\"')]}‘’“”«»"
# A single character class is scanned several times faster than an alternation, so stops
# and dash pairs are found by separate patterns.
_STOP_CHAR = re.compile(r"[.?!…]")
_DASH_PAIR = re.compile(r"[-–—]{2}")
_STOP_RUN = re.compile(r"(?P<stops>[.?!…]+)(?P<closers>[\"')\]}‘’“”«»]*)\s*")
_STOPS_AND_CLOSERS_RUN = re.compile(r"[.?!…\"')\]}‘’“”«»]*")
_LAST_TOKEN = re.compile(r"\S*$")
_TRAILING_ALNUM = re.compile(r"[^\W_]*$")


@functools.lru_cache(maxsize=1)
def _plain_abbreviations() -> frozenset[str]:
    return frozenset(a for a in _parameters().abbrev_types if "." not in a and " " not in a)


@functools.lru_cache(maxsize=1)
def _word_window() -> int:
    """Letters to read before a stop: a word longer than every abbreviation is neither one nor
    an initial, so one letter more than the longest abbreviation tells it apart."""
    return max(map(len, _plain_abbreviations()), default=1) + 1


@functools.lru_cache(maxsize=1)
def _dotted_abbreviations() -> frozenset[str]:
    return frozenset(a for a in _parameters().abbrev_types if "." in a and " " not in a)


def _scan_stops(paragraph: str) -> tuple[list[tuple[int, int]], list[int]]:
    """Plain boundaries as (end of sentence, start of next), and positions Punkt must judge."""
    abbreviations = _plain_abbreviations()
    window = _word_window()
    n = len(paragraph)
    plain: list[tuple[int, int]] = []
    hard: list[int] = []
    skip_until = 0
    for m in _STOP_CHAR.finditer(paragraph):
        i = m.start()
        if i < skip_until:
            continue  # inside a run already judged
        if i + 1 < n and paragraph[i + 1].isalnum():
            continue  # 4.4, $10.8, Vlast.kz, the first stop of U.S.: Punkt never breaks inside a word
        run = _STOP_RUN.match(paragraph, i)
        j = run.end("stops")
        ch = paragraph[i]
        number = bool(i) and paragraph[i - 1].isdigit()
        if number and ch == "." and _NUMBER_THEN_CAPITAL.match(paragraph, i - 1):
            pass  # "in 2008. The": Punkt keeps a break after a number before a capital
        elif j > i + 1 or ch == "…" or number:
            hard.append(i)  # "...", "?!", "…", "2008." before anything else
            skip_until = _STOPS_AND_CLOSERS_RUN.match(paragraph, j).end()
            continue
        end = run.end("closers")
        if end >= n:
            continue  # the paragraph's last stop (closing marks included): the sentence just ends
        j = run.end()
        if j == end:
            hard.append(i)  # .”x and other odd punctuation
            continue
        if j >= n:
            continue
        after = paragraph[j]
        if after in _CLOSERS and not (after in "“‘«" and j + 1 < n and paragraph[j + 1].isalnum()):
            # A closing mark after the space, or a straight quote that may be one: Punkt's
            # boundary realignment may move it. An opening mark before a word (“The) is plain.
            hard.append(i)
            continue
        if ch == ".":
            # A dotted abbreviation standing as its own token: "U.S. Secretary", "(e.g. the".
            if paragraph.find(".", max(0, i - 12), i) >= 0:
                token = _LAST_TOKEN.search(paragraph, max(0, i - 12), i).group().lstrip("([“‘«\"")
                if token.lower() in _dotted_abbreviations():
                    if end == i + 1 and _abbreviation_continues(paragraph, i - len(token), j):
                        continue
                    hard.append(i)
                    continue
            # The letters after the last punctuation mark: ")Gen." and "x)Gen." hold "Gen".
            word = _TRAILING_ALNUM.search(paragraph, max(0, i - window), i).group()
            if len(word) == window:
                pass  # a long word
            elif len(word) == 1 and word.isalpha():
                hard.append(i)
                continue
            if word.lower() in abbreviations:
                if end == i + 1 and _abbreviation_continues(paragraph, i - len(word), j):
                    continue  # "Gen. Ivanov": no break, as Punkt would decide
                hard.append(i)
                continue
        plain.append((end, j))
    dashes = [m.start() for m in _DASH_PAIR.finditer(paragraph)]  # "--": Punkt's to judge
    return plain, sorted(hard + dashes) if dashes else hard


_NUMBER_THEN_CAPITAL = re.compile(r"(?<![\w.,])\d+\. +[A-Z][a-z]+\b(?![.’'-])")
_NEXT_WORD = re.compile(r"[A-Z][a-z]+(?=[\s,;:]|$)")


def _abbreviation_continues(paragraph: str, word_start: int, next_start: int) -> bool:
    """True when Punkt would not break after the abbreviation ending before ``next_start``.

    Punkt breaks after a known abbreviation only when the next word is a frequent sentence
    starter or its orthographic context marks it as one (seen in lower case, never capitalised
    mid-sentence). Only the plain case is decided here: the abbreviation starts a token and the
    next token is a capitalised word; anything else goes to Punkt.
    """
    if word_start and not (paragraph[word_start - 1].isspace() or paragraph[word_start - 1] in "([“‘«\""):
        return False
    if paragraph[next_start].islower():
        return True  # Punkt breaks after an abbreviation only before a capitalised word
    m = _NEXT_WORD.match(paragraph, next_start)
    if m is None:
        return False
    params = _parameters()
    typ = m.group().lower()
    if typ in params.sent_starters:
        return False
    context = params.ortho_context[typ]
    return not (context & punkt._ORTHO_LC and not context & punkt._ORTHO_MID_UC)


def _paragraph_pieces(paragraph: str, tokenizer: PunktSentenceTokenizer) -> list[tuple[int, int]]:
    """Punkt's sentence spans of one paragraph, computed piecewise (see the comment above).

    A piece that holds a stop Punkt must judge is sent to Punkt together with the pieces before
    and after it, because Punkt reads each stop in the context of its neighbours.
    """
    plain, hard = _scan_stops(paragraph)
    if not hard:  # the common case: every boundary is plain
        pieces = []
        start = 0
        for end, next_start in plain:
            if start < end:
                pieces.append((start, end))
            start = next_start
        if start < len(paragraph):
            pieces.append((start, len(paragraph)))
        return pieces
    chunks: list[tuple[int, int, bool]] = []  # (start, end, needs Punkt)
    start = 0
    h = 0
    for end, next_start in plain + [(len(paragraph), len(paragraph))]:
        has_hard = False
        while h < len(hard) and hard[h] < end:
            has_hard = True
            h += 1
        if start < end:
            chunks.append((start, end, has_hard))
        start = next_start
    pieces: list[tuple[int, int]] = []
    i = 0
    while i < len(chunks):
        if not any(c[2] for c in chunks[i:i + 2]):
            pieces.append(chunks[i][:2])
            i += 1
            continue
        # A region from this chunk through the chunk after the last one that needs Punkt.
        first = i
        last = i + 1 if not chunks[i][2] else i
        while last + 1 < len(chunks) and chunks[last + 1][2]:
            last += 1
        last = min(last + 1, len(chunks) - 1)
        region_start, region_end = chunks[first][0], chunks[last][1]
        region = paragraph[region_start:region_end]
        pieces.extend((region_start + s, region_start + e) for s, e in tokenizer.span_tokenize(region))
        i = last + 1
    return pieces


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the paragraphs of ``text``, separated by blank lines.

    A text with no blank line but several lines (one paragraph per line) is split on lines.
    """
    separator = _PARAGRAPH_BREAK if "\n\n" in text or "\n" not in text.strip() else re.compile(r"\n")
    spans = []
    start = 0
    for m in separator.finditer(text):
        if text[start:m.start()].strip():
            spans.append(trim_span(text, start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append(trim_span(text, start, len(text)))
    return spans


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) narrowed past white space at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
