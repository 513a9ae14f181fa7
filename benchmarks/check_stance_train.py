"""Check draft stance training pairs before they join ``edm_tools/data/stance_train/``.

    python benchmarks/check_stance_train.py DRAFT.jsonl [...]

Reports, by line number, pairs that are malformed, repeat a packaged training pair, or share a
run of eight words with the evaluation gold sets (``tests/data/stance_gold.jsonl`` and
``stance_fresh.jsonl``) or with the seed articles (``../shared/seeds``). The gold text itself is
never printed, so a writer can check a draft without reading the gold. Exits 1 when anything is
found.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pandas as pd

from edm_tools.stance_model import CLASSES, training_pairs

REPO = Path(__file__).resolve().parents[1]
TARGETS = {"russia", "nato", "west"}


def word_runs(text: str, n: int = 8) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def reserved_runs() -> set[tuple[str, ...]]:
    runs: set[tuple[str, ...]] = set()
    for name in ("stance_gold.jsonl", "stance_fresh.jsonl"):
        path = REPO / "tests" / "data" / name
        if path.exists():
            for text in pd.read_json(path, lines=True)["text"].unique():
                runs |= word_runs(text)
    for path in (REPO.parent / "shared" / "seeds").glob("*.txt"):
        runs |= word_runs(path.read_text(encoding="utf-8", errors="replace"))
    return runs


def check(path: Path, reserved: set, packaged: set) -> list[str]:
    problems, seen = [], set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            text, target, label = rec["text"], rec["target"], rec["label"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            problems.append(f"{path.name}:{n}: not a pair ({exc})")
            continue
        if target not in TARGETS or label not in CLASSES:
            problems.append(f"{path.name}:{n}: target {target!r} or label {label!r} not allowed")
        if (text, target) in packaged or (text, target) in seen:
            problems.append(f"{path.name}:{n}: repeats an existing pair")
        seen.add((text, target))
        if word_runs(text) & reserved:
            problems.append(f"{path.name}:{n}: shares an eight-word run with the gold set or a seed article; rewrite it")
    return problems


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    reserved = reserved_runs()
    packaged = set(zip(training_pairs()["text"], training_pairs()["target"]))
    problems = [p for arg in argv for p in check(Path(arg), reserved, packaged)]
    print("\n".join(problems) if problems else f"ok: {', '.join(argv)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
