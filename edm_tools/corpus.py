"""Loading articles: files or tables in, one tidy row per article out.

The loader never crashes on a bad file and never drops one silently: every file it skips, and
every file it loads with a caveat (a legacy encoding, a malformed header), is listed with the
reason in ``corpus.attrs["load_report"]``. ``strict=True`` raises on the first problem instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import schemas
from .citations import Citation, estimate_date, find_citations
from .errors import CorpusError

EDM_FIRST_YEAR = 2003  # EDM volume N covers year 2003 + N (volume 1 is 2004).
# EDM appears on weekdays, about 250 issues a year: issue N falls near day N * 365 / 250.
_DAYS_PER_ISSUE = 365 / 250
MIN_ARTICLE_WORDS = 20
_TEXT_COLUMNS = ("text", "body", "content", "article")
_HEADER_KEYS = ("publication", "volume", "issue", "title", "author", "date")
_HEADER_LINE = re.compile(r"^\s*(Publication|Title|Author|Date)\s*:", re.I)
_FIELD = re.compile(r"\b(Publication|Volume|Issue|Title|Author|Date)\s*:\s*", re.I)
_WORD = re.compile(r"\w+")
# Runs of two or more spaces, or any single space that is not a plain one (every plain single
# space would otherwise be "replaced" by itself, a third of the loading time).
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]{2,}|[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff"
_EXOTIC_SPACES = "\t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_MANY_NEWLINES = re.compile(r"\n\s*\n\s*\n+")
_TRAILING_SPACE = re.compile(r" +\n")


@dataclass(frozen=True, slots=True)
class Header:
    """Fields of an article's header block; any may be missing."""

    publication: str | None = None
    volume: int | None = None
    issue: int | None = None
    title: str | None = None
    author: str | None = None
    date: str | None = None
    problems: tuple[str, ...] = ()


@dataclass(slots=True)
class LoadReport:
    """Files skipped or loaded with a caveat: (path, action, reason) rows."""

    rows: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, path: str, action: str, reason: str) -> None:
        self.rows.append((path, action, reason))

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=list(schemas.LOAD_REPORT))


def is_edm(publication: str | None) -> bool:
    """True when the header names the Eurasia Daily Monitor."""
    return bool(publication) and "eurasia daily monitor" in publication.lower()


def volume_year(volume: int | None) -> int | None:
    """The year of an EDM volume: volume 1 is 2004, volume 5 is 2008, volume 21 is 2024."""
    if volume is None or volume < 1:
        return None
    return EDM_FIRST_YEAR + volume


def parse_header(lines: Sequence[str]) -> Header:
    """Parse header lines such as ``Publication: Eurasia Daily Monitor Volume: 5 Issue: 201``.

    Fields may share a line or stand on lines of their own; any may be absent. A Volume or Issue
    that is not a whole number is recorded in ``problems`` and left as None.
    """
    values: dict[str, str] = {}
    for line in lines:
        matches = list(_FIELD.finditer(line))
        for i, m in enumerate(matches):
            end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
            values.setdefault(m.group(1).lower(), line[m.end():end].strip())
    problems = []
    numbers: dict[str, int | None] = {}
    for key in ("volume", "issue"):
        raw = values.get(key)
        numbers[key] = None
        if raw is None:
            continue
        if re.fullmatch(r"\d{1,5}", raw):
            numbers[key] = int(raw)
        else:
            problems.append(f"malformed header: {key.title()} {raw!r} is not a whole number")
    return Header(
        publication=values.get("publication") or None,
        volume=numbers["volume"],
        issue=numbers["issue"],
        title=values.get("title") or None,
        author=values.get("author") or None,
        date=values.get("date") or None,
        problems=tuple(problems),
    )


def normalize_body(text: str) -> str:
    """The form of ``text`` that every offset in edm_tools refers to.

    NFC, line ends as ``\\n``, exotic spaces as plain spaces, invisible characters dropped,
    trailing spaces and runs of blank lines removed. Quotation marks, apostrophes and dashes are
    kept as written: quote extraction needs them (the modelling text normalises them).
    """
    text = unicodedata.normalize("NFC", text)
    # Each substitution runs only when a cheap substring test says it has work to do: on clean
    # files (nearly all) this makes normalisation five times faster.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if any(ch in text for ch in _INVISIBLE_CHARS):
        text = _INVISIBLE.sub("", text)
    if "  " in text or any(ch in text for ch in _EXOTIC_SPACES):
        text = _SPACES.sub(" ", text)
    if " \n" in text:
        text = _TRAILING_SPACE.sub("\n", text)
    if "\n\n\n" in text:
        text = _MANY_NEWLINES.sub("\n\n", text)
    return text.strip()


def split_header(raw: str) -> tuple[list[str], str]:
    """Separate the leading header lines (``Publication: ...``) from the body."""
    lines = raw.split("\n", 9)  # at most 3 blank and 6 header lines; the body stays whole
    header: list[str] = []
    i = 0
    while i < len(lines) and not lines[i].strip() and i < 3:
        i += 1
    while i < len(lines) and _HEADER_LINE.match(lines[i]) and len(header) < 6:
        header.append(lines[i].strip())
        i += 1
    return header, "\n".join(lines[i:])


def _guess_title(body: str) -> tuple[str | None, str]:
    """A first paragraph that is one short line without final punctuation is a title."""
    first, sep, rest = body.partition("\n\n")
    if (sep and "\n" not in first and len(first) <= 160 and len(first.split()) <= 20
            and not first.rstrip().endswith((".", "?", "!", ":", "”", '"', ")"))):
        return first.strip(), rest
    return None, body


def decode_bytes(data: bytes) -> tuple[str | None, str]:
    """Decode file bytes: UTF-8 (with or without BOM), UTF-16 with a BOM, then cp1252.

    Returns (text, encoding), or (None, reason) when the bytes are binary.
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None, "binary file: a UTF-16 byte-order mark but undecodable content"
    if b"\x00" in data[:8192]:
        return None, "binary file: it contains NUL bytes; convert it to UTF-8 text"
    if data[:3] == b"\xef\xbb\xbf":
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252 (undecodable bytes replaced)"


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PUNCTUATION = "\"'“”‘’«»()[]{},.;:!?-–—…"


def _control_share(text: str) -> float:
    sample = text[:4000]
    return len(_CONTROL.findall(sample)) / len(sample) if sample else 0.0


# Every ASCII byte that is not a word character (\w) becomes a space.
_ASCII_NONWORD_TO_SPACE = bytes(c if chr(c).isalnum() or c == 95 else 32 for c in range(128)) + bytes(range(128, 256))
# Typographic marks common in articles; all are non-word characters.
_TYPOGRAPHIC_MARKS = "“”‘’«»–—…\xa0"


def dedup_key(text: str) -> str:
    r"""Fingerprint of an article's words, blind to case, punctuation, quotes and spacing: the
    hash of ``" ".join(re.findall(r"\w+", text.lower()))``."""
    lowered = text.lower()
    for mark in _TYPOGRAPHIC_MARKS:
        if mark in lowered:
            lowered = lowered.replace(mark, " ")
    if lowered.isascii():
        # Byte translation and split give the same words as the regex, several times faster.
        joined = b" ".join(lowered.encode("ascii").translate(_ASCII_NONWORD_TO_SPACE).split())
    else:
        joined = " ".join(_WORD.findall(lowered)).encode()
    return hashlib.blake2b(joined, digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class _Article:
    doc_id: str
    path: str
    publication: str | None
    volume: int | None
    issue: int | None
    year: int | None
    date: dt.date | None
    date_source: str | None
    title: str | None
    text: str
    n_words: int
    encoding: str
    # The body's citations when the loader parsed them to date the article, handed on to the
    # cleaner so that each article is parsed once (None: not parsed here).
    citations: list[Citation] | None = field(default=None, compare=False, repr=False)


def parse_article(raw: str, *, doc_id: str, path: str, encoding: str = "utf-8",
                  meta: dict | None = None) -> tuple[_Article | None, list[str]]:
    """Turn one decoded article into a record, with the problems found on the way.

    ``meta`` holds metadata from a table (columns publication, volume, issue, year, date,
    title) that take precedence over the header. Returns (None, problems) when the text is
    not an article; a problem list with a record means "loaded, with caveats".
    """
    meta = meta or {}
    text = normalize_body(raw)
    header_lines, body = split_header(text)
    header = parse_header(header_lines)
    problems = list(header.problems)
    body = body.strip()
    title = meta.get("title") or header.title
    if title is None:
        title, body = _guess_title(body)
        body = body.strip()
    if not body:
        what = "a header but no body" if header_lines else "no text"
        return None, [f"empty article: {what}"]
    words = body.split()
    n_words = len(words)
    if n_words < MIN_ARTICLE_WORDS:
        return None, [f"not an article: only {n_words} words (at least {MIN_ARTICLE_WORDS} needed)"]
    head = words[:150]
    if sum(map(str.isalpha, map(str.strip, head, itertools.repeat(_PUNCTUATION)))) < 0.5 * len(head):
        return None, ["not an article: under half of its tokens are words (data or code?)"]
    publication = meta.get("publication") or header.publication
    volume = _as_int(meta.get("volume"), header.volume)
    issue = _as_int(meta.get("issue"), header.issue)
    year = _as_int(meta.get("year"), volume_year(volume) if is_edm(publication) else None)
    date, date_source = _date_from_meta(meta.get("date") or header.date)
    citations = None
    if date is None:
        citations = find_citations(body)
        date, date_source, year = _estimate_article_date(citations, year, issue, publication)
    elif year is None:
        year = date.year
    return _Article(doc_id, path, publication, volume, issue, year, date, date_source, title,
                    body, n_words, encoding, citations), problems


def _as_int(value, fallback: int | None) -> int | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return fallback
    try:
        return int(value)
    except (TypeError, ValueError):
        return fallback


def _date_from_meta(value) -> tuple[dt.date | None, str | None]:
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None, None
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError):
        return None, None
    if pd.isna(stamp):
        return None, None
    return stamp.date(), "metadata"


def _estimate_article_date(citations: list[Citation], year, issue, publication):
    """(date, date_source, year): from the citations, else from the EDM issue number."""
    date, year = estimate_date(citations, year)
    if date is not None:
        return date, "citations", year
    if year is not None and issue is not None and is_edm(publication) and 0 < issue <= 260:
        day = min(int(issue * _DAYS_PER_ISSUE), 364)
        return dt.date(year, 1, 1) + dt.timedelta(days=day), "issue_number", year
    return None, None, year


def corpus_files(source) -> tuple[list[Path], Path | None]:
    """The article files of ``source`` and the folder they were found in (None for a list).

    Raises :class:`CorpusError` for a missing path, a folder without ``*.txt`` files or an
    empty list.
    """
    if isinstance(source, (str, Path)):
        path = Path(source).expanduser()
        if not path.exists():
            raise CorpusError(
                f"Corpus path {str(path)!r} does not exist. Pass a folder of .txt articles, "
                "a list of files, or a .jsonl/.csv/.parquet table."
            )
        if path.is_dir():
            files = sorted(p for p in path.rglob("*.txt") if p.is_file())
            if not files:
                raise CorpusError(
                    f"Folder {str(path)!r} holds no .txt articles (searched recursively). "
                    "Put one article per .txt file there, or pass a table file."
                )
            return files, path
        return [path], path.parent
    files = [Path(p).expanduser() for p in source]
    if not files:
        raise CorpusError("The list of corpus files is empty: pass at least one file.")
    return files, None


def _doc_ids(files: list[Path], root: Path | None) -> list[str]:
    """File stems, made unique with the relative folder where two stems collide."""
    stems = [f.stem for f in files]
    seen: dict[str, int] = {}
    for s in stems:
        seen[s] = seen.get(s, 0) + 1
    ids = []
    for f, s in zip(files, stems):
        if seen[s] > 1:
            try:
                rel = f.relative_to(root) if root else f
            except ValueError:
                rel = f
            s = rel.with_suffix("").as_posix()
        ids.append(s)
    return ids


def _fail(report: LoadReport, strict: bool, path: str, action: str, reason: str) -> None:
    if strict:
        raise CorpusError(f"{path}: {reason}. Fix or remove the file, or load with strict=False.")
    report.add(path, action, reason)


def _finish(records: list[_Article], report: LoadReport, strict: bool,
            label: str) -> tuple[pd.DataFrame, list[_Article]]:
    """Drop duplicates (keeping the first), build the frame and attach the load report.

    Returns the frame and the records kept, one per row."""
    kept: list[_Article] = []
    first_of: dict[str, str] = {}
    for rec in records:
        key = dedup_key(rec.text)
        if key in first_of:
            _fail(report, strict, rec.path, "skipped", f"duplicate of {first_of[key]} (same text)")
            continue
        first_of[key] = rec.path
        kept.append(rec)
    if not kept:
        reasons = "; ".join(f"{p}: {r}" for p, _, r in report.rows[:5])
        raise CorpusError(
            f"No articles could be loaded from {label}. "
            + (f"Problems: {reasons}." if reasons else "")
            + " Each article needs a body of prose (see README: Corpus format)."
        )
    frame = pd.DataFrame(
        {
            "doc_id": pd.Series([r.doc_id for r in kept], dtype="string"),
            "path": pd.Series([r.path for r in kept], dtype="string"),
            "publication": pd.Series([r.publication for r in kept], dtype="string"),
            "volume": pd.array([r.volume for r in kept], dtype="Int64"),
            "issue": pd.array([r.issue for r in kept], dtype="Int64"),
            "year": pd.array([r.year for r in kept], dtype="Int64"),
            "date": pd.to_datetime(pd.Series([r.date for r in kept], dtype="object")),
            "date_source": pd.Series([r.date_source for r in kept], dtype="string"),
            "title": pd.Series([r.title for r in kept], dtype="string"),
            "text": pd.Series([r.text for r in kept], dtype="string"),
            "n_words": pd.array([r.n_words for r in kept], dtype="int64"),
            "encoding": pd.Series([r.encoding for r in kept], dtype="string"),
        }
    )
    frame["date"] = frame["date"].astype("datetime64[ns]")
    frame.attrs["load_report"] = report.frame()
    return frame, kept


def read_article_file(path: Path, *, doc_id: str) -> tuple[_Article | None, list[str], str]:
    """Read, decode and parse one file: (record or None, problems, encoding)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [f"unreadable: {exc.strerror or exc}"], ""
    if not data.strip():
        return None, ["empty file"], ""
    text, encoding = decode_bytes(data)
    if text is None:
        return None, [encoding], ""
    if _control_share(text) > 0.05:
        return None, ["binary file: many control characters; convert it to UTF-8 text"], encoding
    record, problems = parse_article(text, doc_id=doc_id, path=str(path), encoding=encoding)
    if record is not None and encoding not in ("utf-8", "utf-8-sig"):
        problems.append(f"not UTF-8: decoded as {encoding}")
    return record, problems, encoding


def load_corpus(source: str | Path | Iterable[str | Path], *, strict: bool = False) -> pd.DataFrame:
    """Load articles into one row per article.

    Parameters
    ----------
    source
        A folder (every ``*.txt`` below it, recursively), a single ``.txt`` file, a list of
        files, or a ``.jsonl``/``.csv``/``.parquet`` table with a ``text`` (or ``body``,
        ``content``, ``article``) column and optional ``doc_id``, ``publication``, ``volume``,
        ``issue``, ``year``, ``date`` and ``title`` columns.
    strict
        Raise :class:`CorpusError` on the first problem instead of reporting it.

    Returns
    -------
    DataFrame with columns

    ``doc_id`` (file stem; a row id for tables), ``path``, ``publication``, ``volume``,
    ``issue`` (header numbers, nullable), ``year`` (EDM volume N is year 2003 + N; from a
    ``year`` or ``date`` column for tables; else from dated citations), ``date`` (the date of the
    article: given as metadata, else estimated as the latest in-text citation date, else from
    the EDM issue number), ``date_source`` (``metadata``, ``citations``, ``issue_number`` or
    missing), ``title`` (a ``Title:`` header, a title column, or a short first line without
    final punctuation), ``text`` (the body, normalised by :func:`normalize_body`; every offset
    in edm_tools points into it), ``n_words``, ``encoding`` (the one used to decode the file).

    ``attrs["load_report"]`` is a DataFrame (path, action, reason) of every file skipped (empty,
    binary, not an article, a duplicate of an earlier file) or loaded with a caveat (cp1252
    bytes, a malformed header).

    Raises
    ------
    CorpusError
        The source does not exist, holds no article, or (``strict=True``) has a bad file.
    """
    return load_records(source, strict=strict)[0]


def load_records(source: str | Path | Iterable[str | Path], *,
                 strict: bool = False) -> tuple[pd.DataFrame, list[_Article]]:
    """:func:`load_corpus`, with the parsed record behind each row (``citations`` included),
    for :func:`edm_tools.prepare.prepare_corpus` to clean without parsing again."""
    if isinstance(source, (str, Path)) and Path(source).suffix.lower() in (".jsonl", ".csv", ".parquet", ".json"):
        return _load_table(Path(source).expanduser(), strict=strict)
    files, root = corpus_files(source)
    report = LoadReport()
    records: list[_Article] = []
    for path, doc_id in zip(files, _doc_ids(files, root)):
        record, problems, _ = read_article_file(path, doc_id=doc_id)
        if record is None:
            _fail(report, strict, str(path), "skipped", problems[0])
            continue
        for problem in problems:
            _fail(report, strict, str(path), "loaded", problem)
        records.append(record)
    label = repr(str(source)) if isinstance(source, (str, Path)) else f"{len(files)} files"
    return _finish(records, report, strict, label)


def _load_table(path: Path, *, strict: bool) -> tuple[pd.DataFrame, list[_Article]]:
    if not path.exists():
        raise CorpusError(f"Corpus table {str(path)!r} does not exist.")
    try:
        if path.suffix.lower() == ".parquet":
            table = pd.read_parquet(path)
        elif path.suffix.lower() == ".csv":
            table = pd.read_csv(path)
        else:
            table = pd.read_json(path, lines=path.suffix.lower() == ".jsonl")
    except Exception as exc:  # pandas raises many types for a corrupt file
        raise CorpusError(f"Cannot read the corpus table {str(path)!r}: {exc}") from exc
    column = next((c for c in _TEXT_COLUMNS if c in table.columns), None)
    if column is None:
        raise CorpusError(
            f"Table {str(path)!r} has no text column: name one of {', '.join(_TEXT_COLUMNS)} "
            f"(it has {', '.join(map(str, table.columns))})."
        )
    report = LoadReport()
    records: list[_Article] = []
    ids = table["doc_id"].astype(str).tolist() if "doc_id" in table.columns else [
        f"row{i:06d}" for i in range(len(table))]
    meta_cols = [c for c in ("publication", "volume", "issue", "year", "date", "title") if c in table.columns]
    for i, (doc_id, raw) in enumerate(zip(ids, table[column].tolist())):
        where = f"{path}#{doc_id}"
        if not isinstance(raw, str) or not raw.strip():
            _fail(report, strict, where, "skipped", "empty article: no text")
            continue
        meta = {c: table[c].iat[i] for c in meta_cols}
        meta = {k: (None if (not isinstance(v, str) and pd.isna(v)) else v) for k, v in meta.items()}
        record, problems = parse_article(raw, doc_id=doc_id, path=where, meta=meta)
        if record is None:
            _fail(report, strict, where, "skipped", problems[0])
            continue
        for problem in problems:
            _fail(report, strict, where, "loaded", problem)
        records.append(record)
    return _finish(records, report, strict, repr(str(path)))
