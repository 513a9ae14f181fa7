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

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer, PunktTrainer

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# A "sentence" that starts lowercase continues the previous one ("he asked."), except a word
# such as iPhone or eBay, whose second letter is a capital.
_LOWER_START = re.compile(r"[\"'“”‘’«»(\[]*[a-z](?![A-Z])")


def _read_list(name: str) -> list[str]:
    text = resources.files("edm_tools.data").joinpath(name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@functools.lru_cache(maxsize=1)
def _tokenizer() -> PunktSentenceTokenizer:
    """Punkt with domain abbreviations and orthographic context from the sample corpus."""
    trainer = PunktTrainer()
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
    return PunktSentenceTokenizer(params)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence in ``text``; sentences never cross paragraphs.

    >>> t = "Gen. Ivanov met U.S. envoys on Oct. 5. They agreed."
    >>> [t[s:e] for s, e in sentence_spans(t)]
    ['Gen. Ivanov met U.S. envoys on Oct. 5.', 'They agreed.']
    """
    tokenizer = _tokenizer()
    spans: list[tuple[int, int]] = []
    position = 0
    for para_start, para_end in paragraph_spans(text):
        paragraph = text[para_start:para_end]
        merged: list[list[int]] = []
        for start, end in tokenizer.span_tokenize(paragraph):
            if merged and _LOWER_START.match(paragraph, start):
                merged[-1][1] = end
            else:
                merged.append([start, end])
        spans.extend((para_start + s, para_start + e) for s, e in merged)
        position = para_end
    del position
    return spans


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the paragraphs of ``text``, separated by blank lines.

    A text with no blank line but several lines (one paragraph per line) is split on lines.
    """
    separator = _PARAGRAPH_BREAK if "\n\n" in text or "\n" not in text.strip() else re.compile(r"\n")
    spans = []
    start = 0
    for m in separator.finditer(text):
        if text[start:m.start()].strip():
            spans.append(_trim(text, start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append(_trim(text, start, len(text)))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
