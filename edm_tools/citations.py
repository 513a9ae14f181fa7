"""In-text source citations such as ``(Interfax, October 16)``: finding them in one text.

This is the text-level parser; :func:`edm_tools.clean.extract_citations` builds the table for a
whole corpus from it, and the loader uses the citation dates to estimate an article's date.

Why hand-written: no library parses this house style of citation. The rule is deliberately
strict so that parentheses that are not citations (``(IPAP)``, ``(approximately $160 million)``,
``(KAZBAT)``, ``(see below)``) stay in the text: a part of a parenthesis is a citation only when
it is ``[see] SOURCE[, PLACE], DATE`` with a real calendar date, or a bare web address.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
# "October 16", "October 16, 17", "October 16-17, 2021", "16 October 2021", "October 2021".
_DATE = (
    rf"(?:{_MONTH}\s+{_DAY}(?:\s*(?:[-–—,]|and)\s*{_DAY})*(?:,?\s+{_YEAR})?"
    rf"|{_DAY}(?:\s*[-–—]\s*{_DAY})?\s+{_MONTH}(?:,?\s+{_YEAR})?"
    rf"|{_MONTH},?\s+{_YEAR}|{_YEAR}(?:-{_YEAR})?)"
)
_PART = re.compile(
    rf"^(?P<see>see\s+(?:also\s+)?)?(?P<fields>[^;]*?),\s*(?P<date>{_DATE})"
    rf"(?:\s*,\s*(?P<more>{_DATE}))*\s*$",
    re.IGNORECASE,
)
_WEB = re.compile(r"^(?:see\s+)?(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:/\S*)?$", re.I)
_PAREN = re.compile(r"\(([^()\n]{2,400})\)")
_FIRST_DATE = re.compile(
    rf"(?P<m1>{_MONTH})\s+(?P<d1>{_DAY})|(?P<d2>{_DAY})\s+(?P<m2>{_MONTH})|(?P<m3>{_MONTH})",
    re.I,
)
_YEAR_RE = re.compile(_YEAR)
_LEADING_DIGITS = re.compile(r"\d+")
_DOT_OR_DIGIT = re.compile(r"[.0-9]")
_NOT_A_SOURCE = re.compile(r"[$€£%]|\d{3,}")
_SEE = re.compile(r"^see\s+", re.I)
_BARE_YEAR_ONLY = re.compile(rf"^{_YEAR}(?:-{_YEAR})?$")


@dataclass(frozen=True, slots=True)
class Citation:
    """One source in a parenthetical citation; ``start``/``end`` are offsets of that part."""

    source: str
    place: str
    date_text: str
    month: int | None
    day: int | None
    year: int | None
    start: int
    end: int
    paren_start: int
    paren_end: int


def _parse_date(date_text: str) -> tuple[int | None, int | None, int | None]:
    """Month, first day and year of a citation date; each may be None."""
    year_match = _YEAR_RE.search(date_text)
    year = int(year_match.group()) if year_match else None
    m = _FIRST_DATE.search(date_text)
    if not m:
        return None, None, year
    month_word = (m.group("m1") or m.group("m2") or m.group("m3")).rstrip(".").lower()
    day_text = m.group("d1") or m.group("d2")
    day = int(_LEADING_DIGITS.match(day_text).group()) if day_text else None
    month = MONTHS.get(month_word)
    if month and day and day > 31:
        day = None
    return month, day, year


def _parse_part(part: str) -> tuple[str, str, str] | None:
    """(source, place, date_text) when ``part`` is a citation, else None."""
    text = part.strip()
    if not text or len(text) > 200:
        return None
    m = _PART.match(text)
    if m:
        fields = [f.strip() for f in m.group("fields").split(",") if f.strip()]
        date_text = text[m.start("date"):].strip()
        if not fields:
            return None
        if _BARE_YEAR_ONLY.match(m.group("date")) and not m.group("see"):
            # "(Russia, Kazakhstan, 2009)": a year alone is a citation only after "see".
            return None
        source = fields[0]
        # A source is a name, not a clause: "approximately $160 million" is not a source.
        if len(source.split()) > 6 or _NOT_A_SOURCE.search(source):
            return None
        # Outlets start with a capital or a digit, unless they are web addresses (vlast.kz).
        if source[0].isdigit() and " " in source:  # "1.2 billion cubic meters"
            return None
        if not (source[0].isupper() or source[0].isdigit() or _WEB.match(source)):
            return None
        if len(fields) > 3 or any(len(f.split()) > 4 for f in fields[1:]):
            return None
        place = ", ".join(fields[1:])
        return source, place, date_text
    if _WEB.match(text):
        source = _SEE.sub("", text)
        return source, "", ""
    return None


def find_citations(text: str) -> list[Citation]:
    """All citation parts in ``text``, in order of position.

    >>> [c.source for c in find_citations("It grew (Interfax, October 16; TASS, May 2).")]
    ['Interfax', 'TASS']
    >>> find_citations("the plan (IPAP) and (approximately $160 million)")
    []
    """
    found: list[Citation] = []
    if "(" not in text:
        return found
    for paren in _PAREN.finditer(text):
        inner = paren.group(1)
        if not _DOT_OR_DIGIT.search(inner):
            continue  # no date and no web address: "(IPAP)", "(see below)"
        inner_start = paren.start(1)
        offset = 0
        for part in inner.split(";"):
            parsed = _parse_part(part)
            if parsed is not None:
                lead = len(part) - len(part.lstrip())
                start = inner_start + offset + lead
                end = inner_start + offset + len(part.rstrip())
                month, day, year = _parse_date(parsed[2])
                found.append(Citation(parsed[0], parsed[1], parsed[2], month, day, year,
                                      start, end, paren.start(), paren.end()))
            offset += len(part) + 1
    return found


def resolve_date(citation: Citation, year: int | None) -> dt.date | None:
    """The calendar date of a citation, taking ``year`` when the citation gives none."""
    y = citation.year if citation.year is not None else year
    if y is None or citation.month is None:
        return None
    day = citation.day or 1
    try:
        return dt.date(y, citation.month, day)
    except ValueError:
        return None


def estimate_date(citations: list[Citation], year: int | None) -> tuple[dt.date | None, int | None]:
    """Estimate an article's date from its citation dates, and the year that implies.

    The article is published on or shortly after the latest source it cites. Citations without
    a year take ``year`` (for EDM, from the volume); when such citations span the turn of the
    year (November/December beside January/February), the late-year ones belong to the year
    before. Returns (date, year) or (None, year) when no citation has a month.
    """
    dated = [c for c in citations if c.month is not None]
    if not dated:
        return None, year
    explicit = [c for c in dated if c.year is not None]
    if year is None:
        if not explicit:
            return None, None
        year = max(c.year for c in explicit)
    undated_months = {c.month for c in dated if c.year is None}
    wraps = bool(undated_months & {11, 12}) and bool(undated_months & {1, 2})
    best: dt.date | None = None
    for c in dated:
        y = c.year if c.year is not None else (year - 1 if wraps and c.month >= 11 else year)
        if y != year:
            continue
        d = resolve_date(c, y)
        if d is not None and (best is None or d > best):
            best = d
    return best, year
