"""Learned risk heads: loading, refusing stale or broken files, fitting, and what they read."""

from __future__ import annotations

import numpy as np
import pytest

from hearth.safety.detectors.risk_heads import (
    FEATURES,
    HEADS,
    MARGIN_ORDER,
    HeadsUnavailable,
    fit,
    load_heads,
)
from hearth.safety.detectors.semantic_risk import PROTOTYPES
from hearth.safety.model.embedder import ModelUnavailable
from hearth.safety.pipeline import assess, semantic_detector
from hearth.safety.types import AssessContext


def test_the_shipped_heads_load_for_the_shipped_prototypes():
    heads = load_heads(PROTOTYPES)
    assert [h.name for h in heads] == ["suicide", "abuse"]
    for head in heads:
        assert head.weights.shape == (FEATURES,)
        assert 384 * 7 + len(MARGIN_ORDER) == FEATURES  # sentence vector, 6 layers, margins
        assert 0.5 < head.medium < head.high < 1.0


def test_heads_trained_on_other_features_are_refused(tmp_path):
    with np.load(HEADS) as data:
        saved = dict(data)
    saved["suicide_weights"] = saved["suicide_weights"][: 384 + len(MARGIN_ORDER)]
    path = tmp_path / "risk_heads.npz"
    np.savez(path, **saved)
    with pytest.raises(HeadsUnavailable, match="other features"):
        load_heads(PROTOTYPES, path)


def test_heads_trained_for_other_prototypes_are_refused(tmp_path):
    edited = tmp_path / "prototypes.txt"
    edited.write_text(PROTOTYPES.read_text(encoding="utf-8") + "safe|a new anchor\n")
    with pytest.raises(HeadsUnavailable, match="other prototypes"):
        load_heads(edited)


def test_heads_trained_for_another_model_are_refused(tmp_path):
    with np.load(HEADS) as data:
        saved = dict(data)
    saved["model"] = np.array("minilm-l6-int8-v4.onnx")
    path = tmp_path / "risk_heads.npz"
    np.savez(path, **saved)
    with pytest.raises(HeadsUnavailable, match="another model"):
        load_heads(PROTOTYPES, path)


@pytest.mark.parametrize("content", [None, b"", b"not a numpy archive"])
def test_missing_or_corrupt_heads_fail_as_a_missing_model_does(tmp_path, content):
    path = tmp_path / "risk_heads.npz"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ModelUnavailable):  # the pipeline's loud failure or rules-only mode
        load_heads(PROTOTYPES, path)


def test_fit_separates_what_can_be_separated():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(400, 5))
    y = (x[:, 0] - 2 * x[:, 3] > 0.3).astype(float)
    weights, bias = fit(x, y, l2=1e-3)
    predicted = (x @ weights + bias) > 0
    assert np.mean(predicted == (y == 1)) > 0.97
    assert weights[0] > 0 > weights[3]
    again = fit(x, y, l2=1e-3)
    assert np.array_equal(again[0], weights)  # deterministic: the shipped file can be rebuilt


def test_the_heads_file_is_where_semantic_risk_reads_it():
    assert HEADS.is_file() and HEADS.suffix == ".npz"


def _head_levels(text: str) -> dict[str, str]:
    found = semantic_detector().detect(text, AssessContext())
    return {f.category: f.level for f in found if f.detector == "risk_head"}


def test_indirect_ideation_reads_as_high_suicide_risk():
    # Written for this test after the heads were trained, with two others that the head
    # missed ("everyone at home would be so much lighter without me dragging them down",
    # "this is probably my last post here, thank you all for trying"; docs/safeguarding.md).
    text = "I've started giving my records away to people who'll look after them"
    assert _head_levels(text).get("suicide_self_harm") == "high"


@pytest.mark.parametrize(
    "text",
    [
        "he pins me against the wall by my throat when I talk back",
        "she keeps my bank card and gives me twenty pounds a week",
    ],
)
def test_plain_abuse_disclosures_read_as_high(text):
    assert _head_levels(text).get("domestic_abuse") == "high"


@pytest.mark.parametrize(
    "text",
    [
        # At or under the abuse floor for the prototypes (a loose match, MEDIUM, for the
        # first), long enough for the head to read as HIGH.
        "my husband throws my things out of the window when he's drunk",
        "he rang my mum pretending to be the police to find out where I live",
    ],
)
def test_the_head_reads_disclosures_the_prototypes_hold_loosely(text):
    assert _head_levels(text).get("domestic_abuse") == "high"


@pytest.mark.parametrize(
    "text",
    [
        "he called me on the phone yesterday",
        "he messaged me on WhatsApp last night",
        "my partner cooked dinner for us tonight",
        "I wish I could disappear to a cabin somewhere for a month and have no one need me",
        "my sister came round for tea and we talked about ordinary things",
        "I split my tablets in half",
    ],
)
def test_everyday_talk_is_not_an_alarm(text):
    assert "high" not in _head_levels(text).values()


def test_the_heads_leave_pieces_of_under_five_words_to_the_rules():
    # Read as a suicide note by the heads (probability 0.92); in chat a MEDIUM holds the line.
    assert _head_levels("Written on the bus.") == {}
    assert assess("Written on the bus.").level in ("none", "low")
    assert assess("I want to die").level == "high"  # short disclosures: the rules still read
