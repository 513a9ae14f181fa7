"""Accuracy of edm_tools' sentence splitter on the gold set in tests/data/sentences_gold.jsonl.

Each gold passage is a list of sentences; the text is their join with single spaces. A
boundary is the offset where a sentence starts (after the first). Prints boundary precision,
recall and F1, and the errors with --verbose, for edm_tools and for untrained nltk Punkt.

    python benchmarks/eval_sentences.py [--verbose]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from nltk.tokenize.punkt import PunktSentenceTokenizer

from edm_tools.sentences import sentence_spans

GOLD = Path(__file__).resolve().parents[1] / "tests" / "data" / "sentences_gold.jsonl"


def _boundaries(sentences: list[str]) -> tuple[str, set[int]]:
    text, bounds, pos = "", set(), 0
    for i, s in enumerate(sentences):
        if i:
            text += " "
            pos += 1
            bounds.add(pos)
        text += s
        pos += len(s)
    return text, bounds


def evaluate(gold_path: Path = GOLD, splitter=None, verbose: bool = False) -> dict:
    splitter = splitter or (lambda t: sentence_spans(t))
    tp = fp = fn = 0
    errors = []
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        text, gold = _boundaries(record["sentences"])
        predicted = {s for s, _ in splitter(text)} - {0}
        tp += len(gold & predicted)
        fp += len(predicted - gold)
        fn += len(gold - predicted)
        for b in sorted(predicted ^ gold):
            kind = "false split" if b in predicted else "missed"
            errors.append(f"{record['id']} {kind}: ...{text[max(0, b - 40):b]}|{text[b:b + 30]}...")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"boundaries": tp + fn, "precision": precision, "recall": recall, "f1": f1,
            "errors": errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    untrained = PunktSentenceTokenizer()
    for name, splitter in [("edm_tools", None), ("untrained Punkt", lambda t: untrained.span_tokenize(t))]:
        r = evaluate(GOLD, splitter)
        print(f"{name:16s} boundaries={r['boundaries']} precision={r['precision']:.3f} "
              f"recall={r['recall']:.3f} F1={r['f1']:.3f} errors={len(r['errors'])}")
        if args.verbose and name == "edm_tools":
            print("\n".join(r["errors"]))


if __name__ == "__main__":
    main()
