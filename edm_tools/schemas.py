"""Column schemas of the tables that flow between stages, and the check that enforces them.

Each schema is a tuple of column names in order; the documentation of every column is in the
docstring of the function that produces the table and in the README.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .errors import SchemaError

CORPUS = (
    "doc_id", "path", "publication", "volume", "issue", "year", "date", "date_source",
    "title", "text", "n_words", "encoding",
)
CLEAN = CORPUS + ("model_text", "n_paragraphs", "n_sentences", "n_citations")
LOAD_REPORT = ("path", "action", "reason")
PARAGRAPHS = ("doc_id", "paragraph_id", "start", "end", "text")
SENTENCES = ("doc_id", "sentence_id", "paragraph_id", "start", "end", "sentence")
CITATIONS = ("doc_id", "citation_id", "source", "place", "date_text", "date", "start", "end")


def require_columns(df: object, columns: Iterable[str], *, caller: str) -> None:
    """Raise :class:`SchemaError` unless ``df`` is a DataFrame holding every column named."""
    if not isinstance(df, pd.DataFrame):
        raise SchemaError(
            f"{caller} expects a pandas DataFrame, got {type(df).__name__}. "
            "Load articles with edm_tools.load_corpus(...) first."
        )
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise SchemaError(
            f"{caller} needs the column(s) {', '.join(missing)}, which the table lacks "
            f"(it has {', '.join(map(str, df.columns)) or 'no columns'}). "
            "Pass the table returned by edm_tools.load_corpus / clean_corpus."
        )
