"""Writing tables to the file format their name asks for."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .errors import ParameterError

FORMATS = (".csv", ".jsonl", ".parquet")


def write_table(table: pd.DataFrame, path: str | Path) -> Path:
    """Write ``table`` as CSV, JSON Lines or Parquet, chosen by the extension of ``path``."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ParameterError(
            f"Cannot write {str(path)!r}: unknown extension {suffix or '(none)'!r}. "
            f"Use one of {', '.join(FORMATS)}."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    out = table.copy()
    out.attrs = {}
    if suffix == ".csv":
        out.to_csv(path, index=False)
    elif suffix == ".jsonl":
        out.to_json(path, orient="records", lines=True, date_format="iso", force_ascii=False)
    else:
        out.to_parquet(path, index=False)
    return path
