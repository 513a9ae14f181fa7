"""The supervised stance component: masking, training data, the model and its blend."""

from __future__ import annotations

import re
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

from conftest import DATA


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


def _word_runs(text: str, n: int = 8) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def test_training_pairs_share_no_eight_word_run_with_the_gold_set():
    """The training set must stay apart from the evaluation gold, or eval_stance.py flatters."""
    gold = pd.concat([pd.read_json(path, lines=True) for path in (DATA / "stance_gold.jsonl", DATA / "stance_fresh.jsonl")
                      if path.exists()])
    gold_runs = set().union(*(_word_runs(t) for t in gold["text"].unique()))
    pairs = training_pairs()
    leaks = [t for t in pairs["text"].unique() if _word_runs(t) & gold_runs]
    assert not leaks, f"{len(leaks)} training sentences share an 8-word run with the gold set: {leaks[:3]}"


def test_training_pairs_share_no_eight_word_run_with_the_seeds(seeds_dir):
    seed_runs = set().union(*(_word_runs(p.read_text(encoding="utf-8")) for p in seeds_dir.glob("*.txt")))
    leaks = [t for t in training_pairs()["text"].unique() if _word_runs(t) & seed_runs]
    assert not leaks, f"{len(leaks)} training sentences share an 8-word run with the seed articles: {leaks[:3]}"


def test_features_equal_the_vectoriser_transform():
    """StanceModel.features counts words itself for speed; the matrix must be the vectoriser's."""
    model = default_model()
    texts = [mask_sentence(t, [], "russia") for t in training_pairs()["text"].head(300)]
    texts += ["", "x", "TARGETX", "TARGETX did not help OTHERX, nor OTHERX's allies.", "Wıthout İt KNOT"]
    expected = model.vectorizer.transform(texts)
    got = model.features(texts)
    assert got.shape == expected.shape
    assert np.array_equal(got.indptr, expected.indptr) and np.array_equal(got.indices, expected.indices)
    assert np.array_equal(got.data, expected.data)


def test_negation_lookahead_admits_every_negator_start():
    """The (?=[nwhc]) in front of the negation pattern only skips positions where no negator can
    start, including the case-insensitive Unicode matches of n, w, h and c."""
    lookahead = re.compile("[nwhc]", re.IGNORECASE)
    starts = [re.compile(c, re.IGNORECASE) for c in "nwhc"]
    for char in map(chr, range(0x10000)):
        if any(s.fullmatch(char) for s in starts):
            assert lookahead.fullmatch(char), repr(char)


def test_model_input_drops_citations_and_tags_neighbours():
    from edm_tools.stance_model import _display_name, with_neighbour_words, without_citations

    assert without_citations("TARGETX helped Kyiv (Interfax, October 16).") == "TARGETX helped Kyiv."
    assert without_citations("TARGETX joined (IPAP) early") == "TARGETX joined (IPAP) early"
    tagged = with_neighbour_words("OTHERX aid stood against TARGETX's heavy pressure on Baku", window=2)
    assert tagged.endswith(" . oth_aid oth_stood tgt_stood tgt_against tgt_heavy tgt_pressure")
    assert with_neighbour_words("No target here") == "No target here"
    assert _display_name("tgt_neg_threat targetx's") == "not·threat@TARGET TARGET's"
