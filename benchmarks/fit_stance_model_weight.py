"""Choose the model's share in the stance score, and the label threshold, without the gold set.

The rule score and the supervised model are blended as ``(1 - w) * rules + w * model`` and
labelled positive at ``score >= t``, negative at ``score <= -t``. The gold set's tuning half
cannot choose ``w`` and ``t`` fairly (the rules' calibration was fitted on it), so they are
chosen on the packaged training set: model scores there are out-of-fold (5-fold
cross-validation) and rule scores are untouched by it. Prints macro-F1 per (w, t), the best
pair, and the chosen one: the smallest weight that comes within 0.01 macro-F1 of the best at
some threshold (the rules' evidence is explicit and checkable, and differences that small are
noise), with the best threshold for that weight (ties: the smaller). The chosen pair is what
:data:`edm_tools.stance.MODEL_WEIGHT` and :data:`~edm_tools.stance.LABEL_THRESHOLD` should be.

    python benchmarks/fit_stance_model_weight.py
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

from edm_tools.stance import label_score, score_stance
from edm_tools.stance_model import fit_model, masked_training_set, training_pairs


def main() -> None:
    pairs = training_pairs()
    masked, labels = masked_training_set(None)
    labels = np.array(labels)
    model_polarity = np.zeros(len(masked))
    for train, test in StratifiedKFold(5, shuffle=True, random_state=0).split(masked, labels):
        model = fit_model([masked[i] for i in train], labels[train])
        model_polarity[test] = model.polarity([masked[i] for i in test])
    corpus = pd.DataFrame({"doc_id": [f"t{i}" for i in range(len(pairs))], "text": pairs["text"]})
    # A training text may hold two sentences (a lead-in and a quotation): their mean score.
    rules = score_stance(corpus, model=False).groupby(["doc_id", "target"])["score"].mean()
    rule_score = np.array([rules.get((f"t{i}", t), 0.0) for i, t in enumerate(pairs["target"])])
    thresholds = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3)
    print("macro-F1 on the training set (model out-of-fold), by weight w and threshold t")
    print("     w " + "".join(f"  t={t:<5}" for t in thresholds))
    results = []  # (macro-F1, w, t)
    for w in np.round(np.arange(0, 1.01, 0.1), 1):
        blended = (1 - w) * rule_score + w * model_polarity
        row = [f1_score(labels, [label_score(float(s), threshold=t) for s in blended], average="macro")
               for t in thresholds]
        results += [(f1, w, t) for f1, t in zip(row, thresholds)]
        print(f"{w:6.1f} " + "".join(f"  {f1:7.3f}" for f1 in row))
    f1, w, t = max(results, key=lambda r: round(r[0], 3))  # ties: the smaller w, then t
    print(f"best: weight {w:.1f}, threshold {t} (macro-F1 {f1:.3f})")
    w = min(r[1] for r in results if r[0] >= f1 - 0.01)
    f1, w, t = max((r for r in results if r[1] == w), key=lambda r: round(r[0], 3))
    print(f"chosen: weight {w:.1f}, threshold {t} (macro-F1 {f1:.3f})")


if __name__ == "__main__":
    main()
