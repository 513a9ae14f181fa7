"""Load and clean a corpus once, and keep the result in a Parquet cache.

The cache key is a fingerprint of the input files (path, size, modification time) and of the
package version, so editing, adding or removing a file, or upgrading edm_tools, gives a fresh
load. Notebooks and batch runs share it, so a batch does not clean the corpus four times.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

from . import __version__
from .clean import clean_tables
from .corpus import corpus_files, load_records
from .errors import CorpusError
from .gcpause import cyclic_gc_paused

CACHE_FORMAT = 3
_TABLES = ("articles", "sentences", "citations", "load_report")
_TABLE_SUFFIXES = (".jsonl", ".json", ".csv", ".parquet")


@dataclass(frozen=True, slots=True)
class PreparedCorpus:
    """A loaded and cleaned corpus: the tables every analysis starts from.

    ``articles`` follows :func:`edm_tools.load_corpus` plus :func:`edm_tools.clean_corpus`'s
    columns; ``sentences`` and ``citations`` follow :func:`edm_tools.split_sentences` and
    :func:`edm_tools.extract_citations`; ``load_report`` lists skipped and caveated files.
    """

    articles: pd.DataFrame
    sentences: pd.DataFrame
    citations: pd.DataFrame
    load_report: pd.DataFrame
    fingerprint: str
    from_cache: bool

    def select_years(self, years: Iterable[int] | None) -> "PreparedCorpus":
        """The same corpus restricted to articles of the given years (all when empty)."""
        years = [int(y) for y in (years or [])]
        if not years:
            return self
        keep = self.articles["year"].isin(years).fillna(False).to_numpy(dtype=bool)
        if not keep.any():
            found = sorted(int(y) for y in self.articles["year"].dropna().unique())
            raise CorpusError(
                f"No article is from the year(s) {', '.join(map(str, years))}; the corpus covers "
                f"{', '.join(map(str, found)) or 'no known year'}. Change the years parameter."
            )
        articles = self.articles[keep].reset_index(drop=True)
        articles.attrs = dict(self.articles.attrs)
        ids = set(articles["doc_id"])
        return PreparedCorpus(
            articles=articles,
            sentences=self.sentences[self.sentences["doc_id"].isin(ids)].reset_index(drop=True),
            citations=self.citations[self.citations["doc_id"].isin(ids)].reset_index(drop=True),
            load_report=self.load_report, fingerprint=self.fingerprint, from_cache=self.from_cache,
        )


@contextlib.contextmanager
def sample_corpus_path() -> Iterator[Path]:
    """The folder of the packaged sample corpus (synthetic demonstration articles)."""
    with resources.as_file(resources.files("edm_tools.data").joinpath("sample")) as path:
        yield Path(path)


def _walk_stats(folder: Path) -> Iterator[tuple[str, int, int]]:
    """(path, size, mtime_ns) of every ``*.txt`` below ``folder``; os.scandir reuses the
    directory listing's stat data, several times faster than pathlib on a large archive."""
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        with os.scandir(root) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.endswith(".txt") and entry.is_file():
                    st = entry.stat()
                    yield entry.path, st.st_size, st.st_mtime_ns


def corpus_fingerprint(source: str | Path | Iterable[str | Path], *, strict: bool = False) -> str:
    """A hex digest that changes whenever a file of ``source`` changes, appears or vanishes."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"edm_tools {__version__} cache {CACHE_FORMAT} strict={strict}\n".encode())
    if isinstance(source, (str, Path)) and Path(source).expanduser().is_dir():
        root = Path(source).expanduser().absolute()
        digest.update(f"{root}\n".encode())
        stats = _walk_stats(root)
    else:
        stats = []
        for path in corpus_files(source)[0]:
            try:
                st = path.stat()
                stats.append((str(path.absolute()), st.st_size, st.st_mtime_ns))
            except OSError:
                stats.append((str(path), -1, -1))
    for path, size, mtime in stats:
        digest.update(f"{path}\0{size}\0{mtime}\n".encode())
    return digest.hexdigest()


def prepare_corpus(source: str | Path | Iterable[str | Path] | None = None, *,
                   cache_dir: str | Path | None = None, strict: bool = False) -> PreparedCorpus:
    """Load, clean, split and extract citations, reusing the Parquet cache when it is fresh.

    Parameters
    ----------
    source
        As for :func:`edm_tools.load_corpus`; ``None`` or ``""`` means the packaged sample corpus.
    cache_dir
        Folder of the cache (see :func:`edm_tools.config.load_config`); ``None`` disables it.
    strict
        Passed to :func:`edm_tools.load_corpus`.
    """
    if source is None or (isinstance(source, str) and not source.strip()):
        with sample_corpus_path() as sample:
            return prepare_corpus(sample, cache_dir=cache_dir, strict=strict)
    fingerprint = corpus_fingerprint(source, strict=strict)
    folder = Path(cache_dir).expanduser() / fingerprint if cache_dir is not None else None
    if folder is not None and (folder / "complete").exists():
        try:
            tables = {name: pd.read_parquet(folder / f"{name}.parquet") for name in _TABLES}
            tables["articles"].attrs["load_report"] = tables["load_report"]
            return PreparedCorpus(**tables, fingerprint=fingerprint, from_cache=True)
        except (OSError, ValueError):
            pass  # A damaged cache entry is rebuilt below.
    with cyclic_gc_paused():
        corpus, records = load_records(source, strict=strict)
        articles, sentences, citations = clean_tables(corpus, [r.citations for r in records])
    report = corpus.attrs["load_report"]
    articles.attrs["load_report"] = report
    prepared = PreparedCorpus(
        articles=articles,
        sentences=sentences,
        citations=citations,
        load_report=report,
        fingerprint=fingerprint,
        from_cache=False,
    )
    if folder is not None:
        _write_cache(prepared, folder)
    return prepared


def _write_cache(prepared: PreparedCorpus, folder: Path) -> None:
    """Write the tables to a temporary folder and rename it into place (atomic)."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
        for name in _TABLES:
            table = getattr(prepared, name)
            table = table.copy()
            table.attrs = {}
            # zstd: the smallest files and the fastest reads of the codecs pyarrow offers here.
            table.to_parquet(tmp / f"{name}.parquet", index=False, compression="zstd")
        (tmp / "complete").write_text("ok\n")
        try:
            os.replace(tmp, folder)
        except OSError:  # another process won the race; its entry is as good as ours
            shutil.rmtree(tmp, ignore_errors=True)
    except OSError:
        pass  # A read-only or full disk must not stop the analysis; the cache is an optimisation.
