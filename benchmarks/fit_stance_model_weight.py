"""Choose the model's share in the stance score without looking at the gold set.

The rule score and the supervised model are blended as ``(1 - w) * rules + w * model``. The
gold set's tuning half cannot choose ``w`` fairly (the rules' calibration was fitted on it), so
``w`` is chosen on the packaged training set: model scores there are out-of-fold (5-fold
cross-validation) and rule scores are untouched by it. Prints macro-F1 per weight.

    python benchmarks/fit_stance_model_weight.py
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

from edm_tools.stance import LABEL_THRESHOLD, label_score, score_stance
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
    rules = score_stance(corpus, model=False).set_index(["doc_id", "target"])["score"]
    rule_score = np.array([rules.get((f"t{i}", t), 0.0) for i, t in enumerate(pairs["target"])])
    print("weight  macro-F1 (training set, model out-of-fold)")
    best = None
    for w in np.round(np.arange(0, 1.01, 0.1), 1):
        blended = (1 - w) * rule_score + w * model_polarity
        pred = [label_score(float(s), threshold=LABEL_THRESHOLD) for s in blended]
        f1 = f1_score(labels, pred, average="macro")
        best = max(best or (f1, w), (f1, w))
        print(f"{w:6.1f}  {f1:.3f}")
    print(f"best weight: {best[1]:.1f} (macro-F1 {best[0]:.3f})")


if __name__ == "__main__":
    main()
