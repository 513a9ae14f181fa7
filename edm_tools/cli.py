"""The ``edm-tools`` command: a thin shell over the package's functions.

Errors of edm_tools are printed as one message (no traceback) and exit with status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import pandas as pd

from .config import load_config
from .errors import EdmError
from .io import write_table
from .prepare import prepare_corpus


def _corpus_summary(prepared) -> str:
    a = prepared.articles
    years = a["year"].dropna()
    span = f"{int(years.min())}-{int(years.max())}" if len(years) else "unknown years"
    lines = [
        f"{len(a)} articles ({span}), {int(a['n_words'].sum()):,} words, "
        f"{len(prepared.sentences):,} sentences, {len(prepared.citations):,} citations"
        + (" [from cache]" if prepared.from_cache else ""),
    ]
    report = prepared.load_report
    if len(report):
        lines.append(f"Load report: {len(report)} file(s) skipped or loaded with a caveat:")
        for path, action, reason in report.itertuples(index=False):
            lines.append(f"  {action:8s} {path}: {reason}")
    return "\n".join(lines)


def cmd_corpus(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    prepared = prepare_corpus(args.path, cache_dir=None if args.no_cache else config.paths.cache_dir,
                              strict=args.strict)
    if args.out:
        write_table(prepared.articles, args.out)
        print(f"Wrote {args.out}")
    print(_corpus_summary(prepared))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="edm-tools",
        description="Load, clean and analyse Eurasia Daily Monitor articles.",
    )
    parser.add_argument("--config", help="YAML settings file (see README: Configuration)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("corpus", help="load and clean a corpus; write the article table")
    p.add_argument("path", nargs="?", default="",
                   help="folder of .txt articles, a file, or a .jsonl/.csv/.parquet table "
                        "(default: the packaged sample corpus)")
    p.add_argument("--out", help="output file: .csv, .jsonl or .parquet")
    p.add_argument("--strict", action="store_true", help="fail on the first bad file")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    p.set_defaults(func=cmd_corpus)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except EdmError as exc:
        print(f"edm-tools: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("edm-tools: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    pd.set_option("display.width", 120)
    sys.exit(main())
