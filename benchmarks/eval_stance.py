"""Evaluate edm_tools.stance against the development gold set, beside the plain VADER baseline.

    python benchmarks/eval_stance.py [--verbose] [--half tune|heldout|all] [--seed 0] [--fresh]

Gold pairs (text or span, target, label):

* ``tests/data/stance_gold.jsonl``: ``{"id", "text", "target", "label", "style", "source"}``;
* ``tests/data/stance_gold_seeds.jsonl``: spans of the user's real articles in
  ``../shared/seeds/*.txt`` by offsets (``start``/``end`` into the whole file, header included;
  ``sha1`` is the first 12 hex digits of the span's SHA-1, checked). The seed text never enters
  the repository: it is read from ``../shared/seeds`` at run time. Style ``seed``.

``--fresh`` evaluates instead ``tests/data/stance_fresh.jsonl`` (same fields): pairs in eight
further styles written after all tuning and training by a writer who saw neither the gold set
nor the training set, never used to adjust anything: the most honest estimate here.

``label`` is ``negative``, ``neutral``, ``positive``, or ``none`` (the target is not actually
mentioned: a false friend).

Hold-out: the pairs are split into two fixed halves by a seeded hash of the *text* (of the span
for seed pairs), so two targets of the same sentence always fall in the same half: "tune" is the
half the lexicon and constants were adjusted on, "heldout" was only evaluated. Both are printed.

Metrics, for edm_tools and for the baseline on the same pairs:

* sentiment pairs (gold label not ``none``): macro-F1 over negative/neutral/positive and
  accuracy. An edm_tools prediction of "not mentioned" on such a pair counts as wrong (it lowers
  the recall of the gold class). The baseline is VADER's compound score of the whole text,
  ``>= 0.05`` positive, ``<= -0.05`` negative, else neutral (VADER's standard thresholds);
* mention detection over all pairs: precision and recall of "the target is mentioned", and the
  share of ``none`` pairs correctly rejected (the baseline cannot reject any);
* breakdowns by style and by target, and the confusion matrix;
* with ``--verbose``, every error of edm_tools with its score and cues.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

import pandas as pd  # noqa: E402

GOLD = REPO / "tests" / "data" / "stance_gold.jsonl"
SEED_GOLD = REPO / "tests" / "data" / "stance_gold_seeds.jsonl"
FRESH = REPO / "tests" / "data" / "stance_fresh.jsonl"
SEEDS = REPO.parent / "shared" / "seeds"
CLASSES = ("negative", "neutral", "positive")
TARGET_F1 = 0.70
TARGET_MARGIN = 0.15


def _half(key: str, seed: int) -> str:
    digest = hashlib.sha1(f"{seed}:{key}".encode("utf-8")).digest()
    return "tune" if digest[0] % 2 == 0 else "heldout"


def _text_pairs(path: Path, half_of) -> list[dict]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        rows.append({"id": r["id"], "doc_id": "g:" + hashlib.sha1(r["text"].encode()).hexdigest()[:12],
                     "article": r["text"], "start": 0, "end": len(r["text"]), "text": r["text"],
                     "target": r["target"], "label": r["label"], "style": r.get("style", "?"),
                     "source": r.get("source", "?"), "half": half_of(r["text"])})
    return rows


def load_gold(seed: int = 0, *, fresh: bool = False) -> pd.DataFrame:
    """All gold pairs as one table: id, unit (doc), text, start, end, target, label, style, half.

    ``fresh``: the fresh set alone, every pair in the half ``fresh``."""
    if fresh:
        return pd.DataFrame(_text_pairs(FRESH, lambda _: "fresh") if FRESH.exists() else [])
    rows = _text_pairs(GOLD, lambda text: _half(text, seed)) if GOLD.exists() else []
    skipped = 0
    if SEED_GOLD.exists() and SEEDS.is_dir():
        cache: dict[str, str] = {}
        for line in SEED_GOLD.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            path = SEEDS / f"{r['doc_id']}.txt"
            if not path.exists():
                skipped += 1
                continue
            article = cache.setdefault(r["doc_id"], path.read_text(encoding="utf-8"))
            span = article[r["start"]:r["end"]]
            if hashlib.sha1(span.encode("utf-8")).hexdigest()[:len(r["sha1"])] != r["sha1"]:
                skipped += 1
                continue
            rows.append({"id": r["id"], "doc_id": "seed:" + r["doc_id"], "article": article,
                         "start": r["start"], "end": r["end"], "text": span, "target": r["target"],
                         "label": r["label"], "style": "seed", "source": "seed",
                         "half": _half(f"{r['doc_id']}:{r['start']}:{r['end']}", seed)})
    gold = pd.DataFrame(rows)
    gold.attrs["skipped"] = skipped
    return gold


def predict_edm(gold: pd.DataFrame, *, model_weight: float | None = None) -> pd.DataFrame:
    """edm_tools' label per pair ("none" when the target is not found), with score and cues."""
    from edm_tools.quotes import extract_quotes
    from edm_tools.stance import score_stance

    articles = gold.drop_duplicates("doc_id")[["doc_id", "article"]].rename(columns={"article": "text"})
    units = gold.drop_duplicates(["doc_id", "start", "end"])[["doc_id", "start", "end", "text"]].copy()
    units = units.sort_values(["doc_id", "start"]).reset_index(drop=True)
    units["sentence_id"] = units.groupby("doc_id").cumcount()
    units["paragraph_id"] = 0
    sentences = units.rename(columns={"text": "sentence"})[
        ["doc_id", "sentence_id", "paragraph_id", "start", "end", "sentence"]]
    quotes = extract_quotes(articles)
    scores = score_stance(articles, sentences=sentences, quotes=quotes, model_weight=model_weight)
    key = scores.set_index(["doc_id", "start", "end", "target"])
    out = []
    for r in gold.itertuples(index=False):
        k = (r.doc_id, r.start, r.end, r.target)
        if k in key.index:
            s = key.loc[k]
            out.append((s["label"], float(s["score"]), s["cues"], s["voice"]))
        else:
            out.append(("none", 0.0, "", ""))
    return gold.assign(pred=[o[0] for o in out], score=[o[1] for o in out], cues=[o[2] for o in out],
                       voice=[o[3] for o in out])


def predict_vader(gold: pd.DataFrame) -> pd.Series:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    memo: dict[str, str] = {}
    labels = []
    for text in gold["text"]:
        if text not in memo:
            c = analyzer.polarity_scores(text)["compound"]
            memo[text] = "positive" if c >= 0.05 else "negative" if c <= -0.05 else "neutral"
        labels.append(memo[text])
    return pd.Series(labels, index=gold.index)


def macro_f1(gold: pd.Series, pred: pd.Series) -> float:
    f1s = []
    for c in CLASSES:
        tp = int(((gold == c) & (pred == c)).sum())
        fp = int(((gold != c) & (pred == c)).sum())
        fn = int(((gold == c) & (pred != c)).sum())
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
    return sum(f1s) / len(f1s)


def summary(frame: pd.DataFrame) -> dict:
    s = frame[frame["label"] != "none"]
    if s.empty:
        return {"n": 0}
    return {"n": len(s), "edm_f1": macro_f1(s["label"], s["pred"]), "edm_acc": (s["label"] == s["pred"]).mean(),
            "vader_f1": macro_f1(s["label"], s["vader"]), "vader_acc": (s["label"] == s["vader"]).mean()}


def _line(name: str, m: dict) -> str:
    if not m.get("n"):
        return f"  {name:<22} {'(no pairs)':>6}"
    return (f"  {name:<22} {m['n']:>5}   {m['edm_f1']:.3f}   {m['edm_acc']:.3f}    "
            f"{m['vader_f1']:.3f}   {m['vader_acc']:.3f}   {m['edm_f1'] - m['vader_f1']:+.3f}")


def _header(title: str) -> str:
    return (f"{title}\n  {'':<22} {'pairs':>5}   edm F1  edm acc   VADER F1 VADER acc  F1 gain")


def mention_scores(frame: pd.DataFrame) -> str:
    gold_m = frame["label"] != "none"
    pred_m = frame["pred"] != "none"
    tp = int((gold_m & pred_m).sum())
    fp = int((~gold_m & pred_m).sum())
    fn = int((gold_m & ~pred_m).sum())
    tn = int((~gold_m & ~pred_m).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    reject = tn / (tn + fp) if tn + fp else float("nan")
    return (f"  mention precision {p:.3f}, recall {r:.3f} (tp {tp}, fp {fp}, fn {fn}); "
            f"'none' pairs rejected: {tn}/{tn + fp} = {reject:.3f} (VADER baseline: 0/{tn + fp})")


def confusion(frame: pd.DataFrame, column: str) -> str:
    s = frame[frame["label"] != "none"]
    cols = list(CLASSES) + (["none"] if column == "pred" else [])
    table = pd.crosstab(pd.Categorical(s["label"], CLASSES), pd.Categorical(s[column], cols), dropna=False)
    table.index.name, table.columns.name = "gold \\ predicted", None
    return "\n".join("  " + line for line in table.to_string().splitlines())


def report(frame: pd.DataFrame, *, verbose: bool) -> bool:
    ok = True
    print(_header("Sentiment pairs (gold label negative/neutral/positive)"))
    halves = [h for h in ("tune", "heldout", "fresh") if (frame["half"] == h).any()]
    for half in halves:
        m = summary(frame[frame["half"] == half])
        print(_line(f"{half} half" if half != "fresh" else "fresh set", m))
        if m.get("n"):
            ok &= m["edm_f1"] >= TARGET_F1 and m["edm_f1"] - m["vader_f1"] >= TARGET_MARGIN
    print(_line("all", summary(frame)))
    print()
    print(_header("By style (all pairs)"))
    for style, part in frame.groupby("style"):
        print(_line(str(style), summary(part)))
    print()
    print(_header("By target (all pairs)"))
    for target, part in frame.groupby("target"):
        print(_line(str(target), summary(part)))
    print()
    print(_header("By half and target"))
    for (half, target), part in frame.groupby(["half", "target"]):
        print(_line(f"{half} {target}", summary(part)))
    print()
    print("Mention detection (all pairs; 'none' = target not actually mentioned)")
    for half in halves:
        print(f" {half}:")
        print(mention_scores(frame[frame["half"] == half]))
    print(" all:")
    print(mention_scores(frame))
    print()
    print("Confusion matrix, edm_tools (all sentiment pairs)")
    print(confusion(frame, "pred"))
    print("Confusion matrix, VADER baseline")
    print(confusion(frame, "vader"))
    print()
    print(f"Targets: macro-F1 >= {TARGET_F1:.2f} and >= {TARGET_MARGIN:.2f} above VADER on each half: "
          + ("MET" if ok else "NOT MET"))
    if verbose:
        errors = frame[frame["label"] != frame["pred"]]
        print(f"\nErrors of edm_tools ({len(errors)} of {len(frame)} pairs):")
        for r in errors.sort_values(["half", "id"]).itertuples(index=False):
            print(f"- {r.id} [{r.half}, {r.style}] {r.target}: gold {r.label}, predicted {r.pred} "
                  f"(score {r.score:+.2f}; cues: {r.cues or '-'}; VADER {r.vader})")
            print(f"    {r.text}")
    return ok


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Evaluate edm_tools.stance on the gold set.")
    parser.add_argument("--verbose", action="store_true", help="list every error with its cues")
    parser.add_argument("--half", choices=("tune", "heldout", "all"), default="all",
                        help="restrict the error list and breakdowns to one half")
    parser.add_argument("--seed", type=int, default=0, help="seed of the half split (default 0)")
    parser.add_argument("--fresh", action="store_true",
                        help="evaluate the fresh set (tests/data/stance_fresh.jsonl) instead")
    parser.add_argument("--model-weights", action="store_true",
                        help="print macro-F1 per half for model weights 0 to 1 (choose on the tune half)")
    args = parser.parse_args(argv)
    gold = load_gold(args.seed, fresh=args.fresh)
    if gold.empty:
        print("No gold pairs found.")
        return 1
    if args.model_weights:
        print("model_weight  tune F1  heldout F1   (0 = rules only, 1 = model only)")
        for w in (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0):
            f = predict_edm(gold, model_weight=w)
            f = f[f["label"] != "none"]
            by = {h: macro_f1(g["label"], g["pred"]) for h, g in f.groupby("half")}
            print(f"{w:12.1f}  {by.get('tune', float('nan')):7.3f}  {by.get('heldout', float('nan')):10.3f}")
        return 0
    frame = predict_edm(gold)
    frame["vader"] = predict_vader(frame)
    counts = Counter(frame["half"])
    if args.fresh:
        print(f"Fresh set: {len(frame)} pairs from {FRESH.name}, written after all tuning and training")
        return 0 if report(frame, verbose=args.verbose) else 1
    print(f"Gold: {len(frame)} pairs ({(frame['style'] != 'seed').sum()} from {GOLD.name}, "
          f"{(frame['style'] == 'seed').sum()} from {SEED_GOLD.name}"
          + (f", {frame.attrs.get('skipped', gold.attrs.get('skipped', 0))} seed pairs skipped" if gold.attrs.get("skipped") else "")
          + f"); halves by seeded text hash (seed {args.seed}): tune {counts['tune']}, heldout {counts['heldout']}")
    print()
    if args.half != "all":
        frame = frame[frame["half"] == args.half]
    ok = report(frame, verbose=args.verbose)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
