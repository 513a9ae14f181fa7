"""The ``edm-tools`` command: a thin shell over the package's functions.

Errors of edm_tools are printed as one message (no traceback) and exit with status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from .config import load_config
from .errors import EdmError, ParameterError
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
    prepared = _prepared(args)
    if args.out:
        write_table(prepared.articles, args.out)
        print(f"Wrote {args.out}")
    print(_corpus_summary(prepared))
    return 0


def _prepared(args: argparse.Namespace):
    config = load_config(args.settings)
    return prepare_corpus(args.path, cache_dir=None if args.no_cache else config.paths.cache_dir,
                          strict=args.strict)


def cmd_quotes(args: argparse.Namespace) -> int:
    from .quotes import extract_quotes

    prepared = _prepared(args)
    quotes = extract_quotes(prepared.articles, sentences=prepared.sentences, citations=prepared.citations)
    write_table(quotes, args.out)
    kinds = quotes["kind"].value_counts().to_dict()
    print(f"Wrote {args.out}: {len(quotes):,} quotations in {quotes['doc_id'].nunique():,} of "
          f"{len(prepared.articles):,} articles ({', '.join(f'{k} {v:,}' for k, v in sorted(kinds.items()))})")
    return 0


def _target_names(text: str) -> list[str]:
    names = [t.strip().lower() for t in text.split(",") if t.strip()]
    if not names:
        raise ParameterError("--targets needs at least one target name, e.g. russia,nato,west.")
    return names


def cmd_stance(args: argparse.Namespace) -> int:
    from .quotes import extract_quotes
    from .stance import aggregate_stance, load_targets, score_stance

    targets = load_targets(args.targets_file, names=_target_names(args.targets))
    prepared = _prepared(args)
    quotes = extract_quotes(prepared.articles, sentences=prepared.sentences, citations=prepared.citations)
    scores = score_stance(prepared.articles, sentences=prepared.sentences, quotes=quotes, targets=targets)
    table = scores if args.level == "sentence" else aggregate_stance(scores, by=("doc_id", "target"), n_boot=args.n_boot)
    write_table(table, args.out)
    print(f"Wrote {args.out}: {len(table):,} {args.level}-level rows for {', '.join(targets)}")
    if len(scores):
        means = scores.groupby("target")["score"].agg(["mean", "size"])
        for target, row in means.iterrows():
            print(f"  {target}: mean sentence score {row['mean']:+.3f} over {int(row['size']):,} sentences")
    return 0


def cmd_topics(args: argparse.Namespace) -> int:
    from .topics import fit_topics, write_topic_tables

    k: int | str = args.k
    if k != "auto":
        try:
            k = int(k)
        except ValueError:
            raise ParameterError(f"--k must be 'auto' or a whole number of topics, got {args.k!r}.") from None
    prepared = _prepared(args)
    result = fit_topics(prepared.articles, k=k, method=args.method, seed=args.seed)
    written = write_topic_tables(result, args.out)
    print(f"{result.k} topics ({args.method}); wrote {', '.join(sorted(p.name for p in written.values()))} to {args.out}")
    for row in result.topics.itertuples():
        print(f"  {row.topic:2d}  {row.label}  (articles {row.size}, stability {row.stability:.2f})")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from .batch import NOTEBOOKS, RunSpec, format_results, load_run_config, parse_parameter, run_batch

    config = load_config(args.settings)
    params = dict(parse_parameter(p) for p in args.parameter or [])
    if args.run_config:
        specs = load_run_config(args.run_config)
        if params or args.notebooks:
            specs = [RunSpec(s.name, s.corpus if args.corpus is None else args.corpus,
                             tuple(args.notebooks) if args.notebooks else s.notebooks,
                             {**s.parameters, **params}) for s in specs]
    else:
        specs = [RunSpec(name=args.name, corpus=args.corpus or "",
                         notebooks=tuple(args.notebooks) if args.notebooks else NOTEBOOKS,
                         parameters=params)]
    results = run_batch(specs, out_dir=args.out, jobs=args.jobs, show_code=args.show_code,
                        cache_dir=config.paths.cache_dir, timeout=args.timeout,
                        progress=lambda msg: print(msg, file=sys.stderr, flush=True))
    print(format_results(results))
    print(f"Index: {Path(args.out) / 'index.html'}")
    return 0 if all(r.ok for r in results) else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="edm-tools",
        description="Load, clean and analyse Eurasia Daily Monitor articles.",
    )
    parser.add_argument("--settings", help="YAML settings file (see README: Configuration)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("corpus", help="load and clean a corpus; write the article table")
    p.add_argument("path", nargs="?", default="",
                   help="folder of .txt articles, a file, or a .jsonl/.csv/.parquet table "
                        "(default: the packaged sample corpus)")
    p.add_argument("--out", help="output file: .csv, .jsonl or .parquet")
    p.add_argument("--strict", action="store_true", help="fail on the first bad file")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    p.set_defaults(func=cmd_corpus)

    def corpus_args(p, *, out_help: str):
        p.add_argument("path", nargs="?", default="",
                       help="folder of .txt articles, a file, or a table (default: the sample corpus)")
        p.add_argument("--out", required=True, help=out_help)
        p.add_argument("--strict", action="store_true", help="fail on the first bad file")
        p.add_argument("--no-cache", action="store_true", help="do not read or write the cache")

    p = sub.add_parser("quotes", help="extract quotations with their speakers")
    corpus_args(p, out_help="output file: .csv, .jsonl or .parquet")
    p.set_defaults(func=cmd_quotes)

    p = sub.add_parser("stance", help="score stance toward Russia, NATO, the West (or your targets)")
    corpus_args(p, out_help="output file: .csv, .jsonl or .parquet")
    p.add_argument("--level", choices=("sentence", "article"), default="sentence",
                   help="one row per sentence and target, or per article and target")
    p.add_argument("--targets", default="russia,nato,west", help="comma-separated target names")
    p.add_argument("--targets-file", help="YAML file with more targets (see README: Stance)")
    p.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples for article intervals")
    p.set_defaults(func=cmd_stance)

    p = sub.add_parser("topics", help="fit a topic model and write its tables and figures")
    corpus_args(p, out_help="output folder for topic_terms.csv, doc_topics.csv, topics.csv, prevalence.csv, figures")
    p.add_argument("--k", default="auto", help="number of topics, or auto (default)")
    p.add_argument("--method", choices=("nmf", "lda"), default="nmf", help="NMF on TF-IDF (default) or LDA on counts")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.set_defaults(func=cmd_topics)

    p = sub.add_parser("run", help="execute the report notebooks and render HTML reports",
                       description="Run the notebooks with papermill and write HTML reports, "
                                   "data and a manifest under OUT/<timestamp>-<name>/, and OUT/index.html.")
    p.add_argument("--corpus", default=None, help="folder or file of articles (default: the sample corpus)")
    p.add_argument("--out", default="outputs", help="output folder (default: outputs)")
    p.add_argument("--notebooks", nargs="+", metavar="NAME",
                   help="notebooks to run (default: all four: 01_corpus_overview 02_topics 03_stance 04_quotes)")
    p.add_argument("-p", "--parameter", action="append", metavar="NAME=VALUE",
                   help="a notebook parameter, given to every notebook that declares it (repeatable)")
    p.add_argument("--config", dest="run_config", metavar="RUNS.yml",
                   help="YAML run configuration with several runs and parameter grids")
    p.add_argument("--name", default="report", help="name of the run (default: report)")
    p.add_argument("--jobs", type=int, default=1, help="notebooks executed at once (default: 1)")
    p.add_argument("--show-code", action="store_true", help="keep the code cells in the HTML reports")
    p.add_argument("--timeout", type=float, default=None, help="seconds a notebook cell may run (default: no limit)")
    p.set_defaults(func=cmd_run)
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
