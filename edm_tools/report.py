"""Tables and figures for the corpus-overview report, and small helpers every report shares.

Figures are matplotlib Figures with a title, labelled axes and units; the tables behind them
are returned too, so a notebook can write them as CSV next to the report.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from . import schemas
from .io import write_table


def new_figure(width: float = 9, height: float = 4) -> tuple[Figure, object]:
    """A Figure and its axes, without pyplot's global state (safe in threads and batch runs);
    a notebook shows it by ending a cell with it or with ``display(fig)``."""
    fig = Figure(figsize=(width, height))
    return fig, fig.subplots()


def articles_per_year(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles and words per year: columns ``year``, ``n_articles``, ``n_words``.

    Articles without a year are counted under a missing year, so nothing vanishes.
    """
    schemas.require_columns(articles, ("doc_id", "year", "n_words"), caller="articles_per_year")
    table = (articles.groupby("year", dropna=False)
             .agg(n_articles=("doc_id", "size"), n_words=("n_words", "sum"))
             .reset_index())
    return table.astype({"n_articles": "int64", "n_words": "int64"})


def top_sources(citations: pd.DataFrame, *, n: int = 15) -> pd.DataFrame:
    """The ``n`` most cited sources: columns ``source``, ``n_citations``, ``n_articles``."""
    schemas.require_columns(citations, ("doc_id", "source"), caller="top_sources")
    if citations.empty:
        return pd.DataFrame({"source": pd.Series(dtype="string"),
                             "n_citations": pd.Series(dtype="int64"),
                             "n_articles": pd.Series(dtype="int64")})
    table = (citations.groupby("source")
             .agg(n_citations=("doc_id", "size"), n_articles=("doc_id", "nunique"))
             .reset_index()
             .sort_values(["n_citations", "source"], ascending=[False, True])
             .head(n)
             .reset_index(drop=True))
    return table


def plot_articles_per_year(per_year: pd.DataFrame):
    """Bar chart of :func:`articles_per_year`."""
    fig, ax = new_figure(9, 3.8)
    known = per_year.dropna(subset=["year"])
    ax.bar(known["year"].astype(int).astype(str), known["n_articles"], color="#3b6ea8")
    ax.set_title("Articles per year")
    ax.set_xlabel("Year")
    ax.set_ylabel("Articles (count)")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(axis="x", rotation=45)
    missing = per_year["year"].isna()
    if missing.any():
        ax.annotate(f"{int(per_year.loc[missing, 'n_articles'].sum())} article(s) without a year",
                    xy=(0.99, 0.95), xycoords="axes fraction", ha="right", va="top", fontsize=8)
    fig.tight_layout()
    return fig


def plot_top_sources(sources: pd.DataFrame):
    """Horizontal bar chart of :func:`top_sources`."""
    fig, ax = new_figure(9, max(2.5, 0.35 * len(sources) + 1))
    ordered = sources.iloc[::-1]
    ax.barh(ordered["source"].astype(str), ordered["n_citations"], color="#a85a3b")
    ax.set_title("Most cited sources")
    ax.set_xlabel("In-text citations (count)")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("Source")
    fig.tight_layout()
    return fig


def save_outputs(output_dir: str | Path, *, tables: dict[str, pd.DataFrame] | None = None,
                 figures: dict | None = None) -> list[Path]:
    """Write tables as ``NAME.csv`` and figures as ``NAME.png`` into ``output_dir``."""
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in (tables or {}).items():
        written.append(write_table(table, out / f"{name}.csv"))
    for name, fig in (figures or {}).items():
        path = out / f"{name}.png"
        fig.savefig(path, dpi=110, bbox_inches="tight")
        written.append(path)
    return written


def corpus_summary(articles: pd.DataFrame, sentences: pd.DataFrame, citations: pd.DataFrame,
                   load_report: pd.DataFrame) -> pd.DataFrame:
    """Headline figures of a corpus as a two-column table (``measure``, ``value``)."""
    years = articles["year"].dropna()
    dates = articles["date"].dropna()
    rows = [
        ("articles", f"{len(articles):,}"),
        ("years covered", f"{int(years.min())}–{int(years.max())}" if len(years) else "unknown"),
        ("dated articles", f"{len(dates):,} ({dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d})" if len(dates) else "0"),
        ("words", f"{int(articles['n_words'].sum()):,}"),
        ("median words per article", f"{int(articles['n_words'].median()):,}" if len(articles) else "0"),
        ("sentences", f"{len(sentences):,}"),
        ("in-text citations", f"{len(citations):,}"),
        ("distinct cited sources", f"{citations['source'].nunique():,}"),
        ("files skipped or loaded with a caveat", f"{len(load_report):,}"),
    ]
    return pd.DataFrame(rows, columns=["measure", "value"])


def plot_top_speakers(summary: pd.DataFrame, *, n: int = 15):
    """Horizontal bars of the most quoted speakers (from ``quotes_summary``)."""
    top = summary.head(n).iloc[::-1]
    fig, ax = new_figure(9, max(2.5, 0.35 * len(top) + 1))
    ax.barh(top["speaker"].astype(str), top["n_quotes"], color="#4b7f52")
    ax.set_title(f"Most quoted speakers (top {len(top)})")
    ax.set_xlabel("Quotations (count)")
    ax.set_ylabel("Speaker")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    fig.tight_layout()
    return fig


def speaker_target_stance(scores: pd.DataFrame, speakers: list[str]) -> pd.DataFrame:
    """Mean stance of the quoted sentences of each speaker toward each target.

    Columns ``speaker``, ``target``, ``mean_score``, ``n_sentences``; only rows of
    ``scores`` (from ``score_stance``) whose ``voice`` is ``quoted``.
    """
    schemas.require_columns(scores, ("voice", "speaker", "target", "score"), caller="speaker_target_stance")
    quoted = scores[(scores["voice"] == "quoted") & scores["speaker"].isin(speakers)]
    return (quoted.groupby(["speaker", "target"])
            .agg(mean_score=("score", "mean"), n_sentences=("score", "size"))
            .reset_index())


def plot_speaker_stance(table: pd.DataFrame, speakers: list[str], targets: list[str]):
    """Heat map: what the most quoted speakers say about each target (mean stance, -1 to 1)."""
    import numpy as np

    grid = (table.pivot(index="speaker", columns="target", values="mean_score")
            .reindex(index=speakers, columns=targets))
    counts = (table.pivot(index="speaker", columns="target", values="n_sentences")
              .reindex(index=speakers, columns=targets))
    fig, ax = new_figure(2.2 + 1.4 * len(targets), max(2.5, 0.38 * len(speakers) + 1.2))
    image = ax.imshow(grid.to_numpy(dtype=float), cmap="RdBu", vmin=-1, vmax=1, aspect="auto")
    ax.set_xticks(range(len(targets)), labels=targets)
    ax.set_yticks(range(len(speakers)), labels=speakers)
    for (i, j), value in np.ndenumerate(grid.to_numpy(dtype=float)):
        if not np.isnan(value):
            ax.text(j, i, f"{value:+.2f}\n(n={int(counts.iat[i, j])})", ha="center", va="center", fontsize=7)
    ax.set_title("What the most quoted speakers say about each target")
    ax.set_xlabel("Target")
    ax.set_ylabel("Speaker")
    fig.colorbar(image, ax=ax, label="Mean stance of their quoted sentences (-1 to +1)")
    fig.tight_layout()
    return fig


def stance_evidence(scores: pd.DataFrame, *, n: int = 3) -> pd.DataFrame:
    """The ``n`` most negative and ``n`` most positive scored sentences of each target."""
    schemas.require_columns(scores, ("target", "score"), caller="stance_evidence")
    ranked = scores.sort_values(["target", "score"], kind="stable")
    ends = pd.concat([ranked.groupby("target").head(n), ranked.groupby("target").tail(n)])
    return ends[~ends.index.duplicated()].sort_values(["target", "score"], kind="stable").reset_index(drop=True)
