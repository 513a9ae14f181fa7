"""Evaluate edm_tools.quotes.extract_quotes against the gold quotation sets.

Gold sets (tests/data/quotes_gold/):

* ``sample_part*.jsonl``: the packaged sample corpus (edm_tools/data/sample);
* ``dev_passages.jsonl``: articles in other outlets' styles (tests/data/quotes_dev/*.txt);
* ``seeds.jsonl``: the user's real articles in ../shared/seeds (offsets into the file text,
  header included; used only when the folder is present);
* ``fresh_passages.jsonl``: 12 passages in further styles (tests/data/quotes_fresh/*.txt),
  written after all tuning by a writer who never saw the extractor's code or output, and never
  used to adjust it. Evaluated only with ``--source fresh``: the most honest estimate here.

Each gold line is {"doc_id", "quote", "kind", "speaker", "verb"} (seeds: "start", "end" and
"sha1" instead of "quote"). Predictions are matched to gold one-to-one per document: equal
after normalisation (quotation marks, surrounding punctuation and spacing removed, spaces
collapsed) or a token-overlap F1 of at least 0.8.

Printed: precision, recall and F1 of statement+block spans; speaker accuracy over matched gold
statement/block/indirect quotations (case and a leading "the" ignored); kind accuracy over all
matched pairs; the same per source (sample, dev, seeds). ``--verbose`` lists every error.

Usage::

    .venv/bin/python benchmarks/eval_quotes.py [--verbose] [--source sample|dev|seeds|fresh]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from edm_tools import load_corpus, split_sentences  # noqa: E402
from edm_tools.quotes import extract_quotes  # noqa: E402

GOLD = REPO / "tests" / "data" / "quotes_gold"
DEV = REPO / "tests" / "data" / "quotes_dev"
FRESH = REPO / "tests" / "data" / "quotes_fresh"
SAMPLE = REPO / "edm_tools" / "data" / "sample"
SEEDS = REPO.parent / "shared" / "seeds"
SPAN_KINDS = ("statement", "block")
SPEAKER_KINDS = ("statement", "block", "indirect")
_MARKS = "\"'“”„‟«»‹›‘’‚‛"
_EDGE = re.compile(rf"^[\s{_MARKS}.,;:!?…—–\-()]+|[\s{_MARKS}.,;:!?…—–\-()]+$")
_TOKENS = re.compile(r"\w+")


def normalise(text: str) -> str:
    """Quotation marks, surrounding punctuation and spacing removed; spaces collapsed."""
    text = " ".join(text.split())
    previous = None
    while previous != text:
        previous = text
        text = _EDGE.sub("", text)
    return text


def token_f1(a: str, b: str) -> float:
    ta, tb = Counter(_TOKENS.findall(a.lower())), Counter(_TOKENS.findall(b.lower()))
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    p = common / sum(ta.values())
    r = common / sum(tb.values())
    return 2 * p * r / (p + r)


def norm_speaker(s: str) -> str:
    s = " ".join(str(s or "").replace("’", "'").split()).lower()
    return re.sub(r"^the\s+", "", s)


@dataclass
class Item:
    doc_id: str
    quote: str
    kind: str
    speaker: str
    verb: str
    source: str


def read_jsonl(path: Path) -> list[dict]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line:
            rows.append(json.loads(line))
    return rows


def load_gold() -> tuple[list[Item], dict[str, pd.DataFrame]]:
    """Gold items of every source present, and the corpus of each source."""
    items: list[Item] = []
    corpora: dict[str, pd.DataFrame] = {}
    sample_files = sorted(GOLD.glob("sample_part*.jsonl"))
    if sample_files:
        corpora["sample"] = load_corpus(SAMPLE)
        for f in sample_files:
            items += [Item(r["doc_id"], r["quote"], r["kind"], r.get("speaker", ""), r.get("verb", ""),
                           "sample") for r in read_jsonl(f)]
    if (GOLD / "dev_passages.jsonl").exists():
        corpora["dev"] = load_corpus(DEV)
        items += [Item(r["doc_id"], r["quote"], r["kind"], r.get("speaker", ""), r.get("verb", ""), "dev")
                  for r in read_jsonl(GOLD / "dev_passages.jsonl")]
    if (GOLD / "fresh_passages.jsonl").exists():
        corpora["fresh"] = load_corpus(FRESH)
        items += [Item(r["doc_id"], r["quote"], r["kind"], r.get("speaker", ""), r.get("verb", ""), "fresh")
                  for r in read_jsonl(GOLD / "fresh_passages.jsonl")]
    if (GOLD / "seeds.jsonl").exists() and SEEDS.is_dir() and any(SEEDS.glob("*.txt")):
        corpus = load_corpus(SEEDS)
        corpora["seeds"] = corpus
        texts = dict(zip(corpus["doc_id"], corpus["text"]))
        raws = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
        for r in read_jsonl(GOLD / "seeds.jsonl"):
            raw = raws.get(r["doc_id"])
            text = texts.get(r["doc_id"])
            if raw is None or text is None:
                print(f"warning: seed {r['doc_id']} not found; gold line skipped", file=sys.stderr)
                continue
            quote = raw[r["start"]:r["end"]]
            if r.get("sha1") and not hashlib.sha1(quote.encode("utf-8")).hexdigest().startswith(r["sha1"]):
                print(f"warning: seed gold {r['doc_id']} {r['start']}:{r['end']} fails its sha1",
                      file=sys.stderr)
            body = raw.find(text[:200])
            start = r["start"] - body
            if body < 0 or text[start:start + len(quote)] != quote:
                print(f"warning: seed gold {r['doc_id']} {r['start']}:{r['end']} is not at the body "
                      "offset; matched by text only", file=sys.stderr)
            items.append(Item(r["doc_id"], quote, r["kind"], r.get("speaker", ""), r.get("verb", ""), "seeds"))
    return items, corpora


def predict(corpora: dict[str, pd.DataFrame]) -> list[Item]:
    out: list[Item] = []
    for source, corpus in corpora.items():
        quotes = extract_quotes(corpus, sentences=split_sentences(corpus))
        for q in quotes.itertuples(index=False):
            out.append(Item(q.doc_id, q.quote, q.kind, q.speaker, q.verb, source))
    return out


def match(gold: list[Item], pred: list[Item]) -> list[tuple[Item, Item]]:
    """One-to-one pairs per document, best pairs first."""
    pairs = []
    by_doc_pred: dict[str, list[int]] = {}
    for j, p in enumerate(pred):
        by_doc_pred.setdefault(p.doc_id, []).append(j)
    for i, g in enumerate(gold):
        ng = normalise(g.quote)
        for j in by_doc_pred.get(g.doc_id, []):
            npred = normalise(pred[j].quote)
            score = 1.0 if ng == npred else token_f1(ng, npred)
            if score >= 0.8:
                bonus = 0.001 if (g.kind in SPAN_KINDS) == (pred[j].kind in SPAN_KINDS) else 0.0
                pairs.append((score + bonus, i, j))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_g, used_p, out = set(), set(), []
    for _, i, j in pairs:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        out.append((gold[i], pred[j]))
    return out


def score(gold: list[Item], pred: list[Item], pairs: list[tuple[Item, Item]]) -> dict:
    span_pred = sum(p.kind in SPAN_KINDS for p in pred)
    span_gold = sum(g.kind in SPAN_KINDS for g in gold)
    tp = sum(g.kind in SPAN_KINDS and p.kind in SPAN_KINDS for g, p in pairs)
    precision = tp / span_pred if span_pred else 1.0
    recall = tp / span_gold if span_gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    spk = [(g, p) for g, p in pairs if g.kind in SPEAKER_KINDS]
    spk_ok = sum(norm_speaker(g.speaker) == norm_speaker(p.speaker) for g, p in spk)
    kind_ok = sum(g.kind == p.kind for g, p in pairs)
    return {
        "gold": len(gold), "pred": len(pred), "matched": len(pairs),
        "span_tp": tp, "span_gold": span_gold, "span_pred": span_pred,
        "precision": precision, "recall": recall, "f1": f1,
        "speaker_n": len(spk), "speaker_ok": spk_ok,
        "speaker_acc": spk_ok / len(spk) if spk else 1.0,
        "kind_n": len(pairs), "kind_ok": kind_ok,
        "kind_acc": kind_ok / len(pairs) if pairs else 1.0,
    }


def report(name: str, s: dict) -> str:
    return (f"{name:8s} gold={s['gold']:4d} pred={s['pred']:4d} matched={s['matched']:4d} | "
            f"span P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f} "
            f"({s['span_tp']}/{s['span_pred']} pred, {s['span_tp']}/{s['span_gold']} gold) | "
            f"speaker={s['speaker_acc']:.3f} ({s['speaker_ok']}/{s['speaker_n']}) | "
            f"kind={s['kind_acc']:.3f} ({s['kind_ok']}/{s['kind_n']})")


def errors(gold: list[Item], pred: list[Item], pairs: list[tuple[Item, Item]]) -> list[str]:
    lines = []
    matched_g = {id(g) for g, _ in pairs}
    matched_p = {id(p) for _, p in pairs}
    short = lambda t: (t[:110] + "…") if len(t) > 110 else t  # noqa: E731
    for g in gold:
        if id(g) not in matched_g and g.kind in SPAN_KINDS:
            lines.append(f"MISSED    [{g.source}] {g.doc_id} {g.kind} | {g.speaker!r} | {short(g.quote)!r}")
    for p in pred:
        if id(p) not in matched_p and p.kind in SPAN_KINDS:
            lines.append(f"SPURIOUS  [{p.source}] {p.doc_id} {p.kind} | {p.speaker!r} | {short(p.quote)!r}")
    for g, p in pairs:
        if g.kind != p.kind:
            lines.append(f"KIND      [{g.source}] {g.doc_id} gold={g.kind} pred={p.kind} | {short(g.quote)!r}")
        if g.kind in SPEAKER_KINDS and norm_speaker(g.speaker) != norm_speaker(p.speaker):
            lines.append(f"SPEAKER   [{g.source}] {g.doc_id} gold={g.speaker!r} pred={p.speaker!r} "
                         f"({g.kind}/{p.kind}) | {short(g.quote)!r}")
    for g in gold:
        if id(g) not in matched_g and g.kind not in SPAN_KINDS:
            lines.append(f"MISSED-{g.kind[:4]} [{g.source}] {g.doc_id} | {g.speaker!r} | {short(g.quote)!r}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="list every error")
    parser.add_argument("--source", choices=("sample", "dev", "seeds", "fresh"),
                        help="evaluate one source only (fresh: only this way)")
    args = parser.parse_args(argv)
    gold, corpora = load_gold()
    chosen = {args.source} if args.source else {"sample", "dev", "seeds"}
    gold = [g for g in gold if g.source in chosen]
    corpora = {k: v for k, v in corpora.items() if k in chosen}
    if not gold:
        print("No gold quotations found in tests/data/quotes_gold/.")
        return 1
    pred = predict(corpora)
    gold_docs = {g.doc_id for g in gold}
    pred = [p for p in pred if p.doc_id in gold_docs]
    pairs = match(gold, pred)
    print(f"Quote extraction against {len(gold)} gold quotations in {len(gold_docs)} articles")
    for source in ("sample", "dev", "seeds", "fresh"):
        g = [x for x in gold if x.source == source]
        if g:
            p = [x for x in pred if x.source == source]
            print(report(source, score(g, p, [(a, b) for a, b in pairs if a.source == source])))
    total = score(gold, pred, pairs)
    print(report("ALL", total))
    print(f"targets: span F1 >= 0.95 [{'ok' if total['f1'] >= 0.95 else 'MISSED'}], "
          f"speaker accuracy >= 0.90 [{'ok' if total['speaker_acc'] >= 0.90 else 'MISSED'}], "
          f"kind accuracy >= 0.90 [{'ok' if total['kind_acc'] >= 0.90 else 'MISSED'}]")
    if args.verbose:
        lines = errors(gold, pred, pairs)
        print(f"\n{len(lines)} errors:")
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
