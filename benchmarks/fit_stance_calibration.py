"""Refit the calibration layer of edm_tools.stance on the tuning half of the gold set.

    python benchmarks/fit_stance_calibration.py [--seed 0] [--C 1.0] [--dry-run]

The calibration is a multinomial logistic regression (scikit-learn) from the handful of
interpretable features the rule-based scorer computes for each (sentence, target) pair
(:data:`edm_tools.stance.FEATURES`: sums of linked positive and negative cue contributions,
clause tone, negation and hedge flags, ...; no words or n-grams) to negative / neutral /
positive. It is fitted ONLY on the "tune" half of ``benchmarks/eval_stance.py`` (the held-out
half is never read here), then written, standardisation included, to
``edm_tools/data/stance_calibration.json``, which :func:`edm_tools.stance.load_calibration`
reads with importlib.resources. Prints the coefficients and the 5-fold cross-validated
macro-F1 on the tuning half; evaluate on the held-out half with ``eval_stance.py``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

import numpy as np  # noqa: E402

CLASS_WEIGHT = "balanced"
OUT = REPO / "edm_tools" / "data" / "stance_calibration.json"


def tuning_features(seed: int = 0):
    """(X, y, frame) of the tuning half's sentiment pairs."""
    from eval_stance import load_gold

    from edm_tools.quotes import extract_quotes
    from edm_tools.stance import FEATURES, stance_features

    gold = load_gold(seed)
    gold = gold[(gold["half"] == "tune") & (gold["label"] != "none")]
    articles = gold.drop_duplicates("doc_id")[["doc_id", "article"]].rename(columns={"article": "text"})
    units = gold.drop_duplicates(["doc_id", "start", "end"])[["doc_id", "start", "end", "text"]].copy()
    units = units.sort_values(["doc_id", "start"]).reset_index(drop=True)
    units["sentence_id"] = units.groupby("doc_id").cumcount()
    sentences = units.rename(columns={"text": "sentence"})
    feats = stance_features(sentences, quotes=extract_quotes(articles))
    frame = gold.merge(feats, on=["doc_id", "start", "end", "target"], how="inner")
    return frame[list(FEATURES)].to_numpy(dtype="float64"), frame["label"].to_numpy(), frame


def fit(X: np.ndarray, y: np.ndarray, *, C: float):
    from sklearn.linear_model import LogisticRegression

    from edm_tools.stance import FEATURES, LABELS, Calibration

    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=C, max_iter=2000, class_weight=CLASS_WEIGHT)
    model.fit((X - mean) / scale, y)
    order = [list(model.classes_).index(c) for c in LABELS]
    return Calibration(FEATURES, tuple(mean.tolist()), tuple(scale.tolist()),
                       tuple(tuple(model.coef_[k].tolist()) for k in order),
                       tuple(model.intercept_[k] for k in order))


def cross_validated_f1(X: np.ndarray, y: np.ndarray, *, C: float, folds: int = 5, seed: int = 0) -> float:
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    from edm_tools.stance import LABEL_THRESHOLD, label_score

    pred = np.empty(len(y), dtype=object)
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(X, y):
        cal = fit(X[train], y[train], C=C)
        pred[test] = [label_score(cal.score(x), threshold=LABEL_THRESHOLD) for x in X[test]]
    return f1_score(y, pred, average="macro")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Refit the stance calibration on the tuning half.")
    parser.add_argument("--seed", type=int, default=0, help="seed of the half split (as eval_stance.py)")
    parser.add_argument("--C", type=float, default=1.0, help="inverse L2 regularisation strength")
    parser.add_argument("--dry-run", action="store_true", help="print, do not write the JSON file")
    args = parser.parse_args(argv)
    X, y, _ = tuning_features(args.seed)
    from edm_tools.stance import FEATURES, LABELS

    print(f"tuning pairs: {len(y)} ({', '.join(f'{c} {int((y == c).sum())}' for c in LABELS)})")
    for C in sorted({0.1, 0.3, 1.0, 3.0, args.C}):
        print(f"  5-fold CV macro-F1 on the tuning half, C={C:g}: {cross_validated_f1(X, y, C=C):.3f}")
    cal = fit(X, y, C=args.C)
    print(f"coefficients (standardised features), C={args.C:g}:")
    print(f"  {'feature':<16}" + "".join(f"{c:>10}" for c in LABELS))
    for j, name in enumerate(FEATURES):
        print(f"  {name:<16}" + "".join(f"{cal.coef[k][j]:>10.3f}" for k in range(len(LABELS))))
    print(f"  {'(intercept)':<16}" + "".join(f"{b:>10.3f}" for b in cal.intercept))
    if not args.dry_run:
        data = cal.to_dict()
        data["fitted_on"] = (f"tune half of benchmarks/eval_stance.py (seed {args.seed}), {len(y)} pairs; "
                             f"LogisticRegression(C={args.C:g}, class_weight={CLASS_WEIGHT!r})")
        OUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
