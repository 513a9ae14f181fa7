"""The supervised stance component: masking, training data, the model and its blend."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

from edm_tools import ParameterError
from edm_tools.stance import score_stance
from edm_tools.stance_model import (
    CLASSES,
    default_model,
    fit_model,
    mark_negation,
    mask_sentence,
    training_pairs,
)


@pytest.mark.parametrize("text, expected", [
    ("We do not see TARGETX as a threat.", "We do not NEG_see TARGETX NEG_as NEG_a NEG_threat."),
    ("TARGETX never helped, but OTHERX did.", "TARGETX never NEG_helped, but OTHERX did."),
    ("It wasn't fair; it was late.", "It wasn't NEG_fair; it was late."),
    ("No mention here of anything", "No NEG_mention NEG_here NEG_of NEG_anything"),
])
def test_mark_negation(text, expected):
    assert mark_negation(text) == expected


@dataclass
class M:
    target: str
    start: int
    end: int


def test_mask_sentence_marks_target_and_others():
    text = "NATO assistance stands in contrast to Moscow's pressure."
    mentions = [M("nato", 0, 4), M("russia", 38, 44)]
    assert mask_sentence(text, mentions, "nato") == "TARGETX assistance stands in contrast to OTHERX's pressure."
    assert mask_sentence(text, mentions, "russia") == "OTHERX assistance stands in contrast to TARGETX's pressure."


def test_training_pairs_are_well_formed():
    pairs = training_pairs()
    assert len(pairs) >= 500
    assert set(pairs["target"]) <= {"russia", "nato", "west"}
    assert set(pairs["label"]) <= set(CLASSES)
    assert not pairs.duplicated(["text", "target"]).any()


def test_fit_model_learns_planted_words():
    masked = [f"TARGETX {w} the region" for w in ["helped", "assisted", "supported"] * 5] + \
             [f"TARGETX {w} the region" for w in ["threatened", "coerced", "bullied"] * 5] + \
             [f"TARGETX {w} the region" for w in ["visited", "toured", "reached"] * 5]
    labels = ["positive"] * 15 + ["negative"] * 15 + ["neutral"] * 15
    model = fit_model(masked, labels)
    polarity, notes = model.explain(["TARGETX helped the region", "TARGETX coerced the region"])
    assert polarity[0] > 0.2 > -0.2 > polarity[1]
    assert "helped" in notes[0] and "coerced" in notes[1]


def test_default_model_is_deterministic_and_target_aware():
    model = default_model()
    p1 = model.polarity(["TARGETX provided generous assistance while OTHERX applied heavy pressure."])
    p2 = model.polarity(["OTHERX provided generous assistance while TARGETX applied heavy pressure."])
    assert p1[0] > p2[0]
    assert np.allclose(model.polarity(["TARGETX met OTHERX."]), model.polarity(["TARGETX met OTHERX."]))


def test_blend_and_evidence_in_score_stance():
    corpus = pd.DataFrame({"doc_id": ["a"], "text": ["NATO assistance stands in contrast to Moscow's pressure."]})
    rules = score_stance(corpus, model=False).set_index("target")
    model_only = score_stance(corpus, model_weight=1.0).set_index("target")
    blended = score_stance(corpus, model_weight=0.5).set_index("target")
    for target in ("nato", "russia"):
        expected = 0.5 * rules.loc[target, "score"] + 0.5 * model_only.loc[target, "score"]
        assert blended.loc[target, "score"] == pytest.approx(expected, abs=1e-9)
    assert blended.loc["nato", "label"] == "positive" and blended.loc["russia", "label"] == "negative"
    assert "model(" in blended.loc["russia", "cues"]


def test_bad_model_weight():
    corpus = pd.DataFrame({"doc_id": ["a"], "text": ["Moscow acted."]})
    with pytest.raises(ParameterError, match="model_weight"):
        score_stance(corpus, model_weight=1.5)
