import copy
import hashlib
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from hearth.safety.detectors.semantic_risk import SemanticRisk, _plainly
from hearth.safety.model.build import build
from hearth.safety.model.embedder import get_embedder
from hearth.safety.model.paths import MODEL_NAME, TOKENIZER_NAME, model_dir
from hearth.safety.pipeline import semantic_detector
from hearth.safety.types import AssessContext


def _det() -> SemanticRisk:
    return semantic_detector()  # module-level cache: the model loads once per session


def test_model_build_is_a_noop_when_the_model_exists():
    path = model_dir() / MODEL_NAME
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert build() == path
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_model_build_deletes_earlier_model_versions(tmp_path):
    for name in (MODEL_NAME, TOKENIZER_NAME, "minilm-l6-int8-v4.onnx", "notes.onnx"):
        (tmp_path / name).write_bytes(b"placeholder")
    assert build(tmp_path) == tmp_path / MODEL_NAME  # present: nothing rebuilt
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [MODEL_NAME, TOKENIZER_NAME, "notes.onnx"]
    )


def test_embedder_counts_the_tokens_it_reads_up_to_128():
    embedder = get_embedder()
    assert embedder.tokens("hello") == 3  # [CLS] hello [SEP]
    assert embedder.tokens("word " * 500) == 128


def test_semantic_risk_ranks_risk_paraphrase_above_safe_anchor():
    s = _det().scores
    risky = s("nobody would even notice if I was gone")["suicide_self_harm"]
    safe = s("this traffic is killing me")["suicide_self_harm"]
    assert risky > 0 > safe


def test_semantic_risk_flags_unlisted_paraphrase_as_high():
    found = _det().detect("my family would be happier if I was gone for good", AssessContext())
    assert any(f.category == "suicide_self_harm" for f in found)


def test_semantic_risk_reads_to_die_for_as_praise():
    detect = _det().detect
    assert detect("this chocolate cake is to die for", AssessContext()) == []
    assert detect("the view from the top was to die for!", AssessContext()) == []
    # Only the idiom is put plainly: the words around it still count.
    assert any(
        f.category == "suicide_self_harm"
        for f in detect("nothing left to live for, maybe something to die for", AssessContext())
    )


def test_semantic_risk_reads_rather_die_than_a_chore_as_an_idiom():
    detect = _det().detect
    assert not detect("I'd rather die than sing karaoke", AssessContext())
    assert any(
        f.category == "suicide_self_harm"
        for f in detect("I'd rather die than go on living like this", AssessContext())
    )


@pytest.mark.parametrize(
    "text",
    [
        "he called me on the phone yesterday",
        "he messaged me on WhatsApp last night",
        "my partner cooked dinner for us tonight",
    ],
)
def test_everyday_partner_talk_is_at_most_a_reviewers_look(text):
    # Near an abuse prototype but under the abuse floor: MEDIUM at most (held for a look), never
    # an alarm; LOW where the abuse head, which has read everyday partner talk, doubts it.
    levels = {
        f.level for f in _det().detect(text, AssessContext()) if f.category == "domestic_abuse"
    }
    assert levels <= {"low", "medium"}


@pytest.mark.parametrize(
    "text",
    [
        "my husband throws my things out of the window when he's drunk",
        "he told my GP I was making it all up",
    ],
)
def test_disclosures_under_the_abuse_floor_still_reach_a_reviewer(text):
    found = [
        f
        for f in _det().detect(text, AssessContext())
        if f.category == "domestic_abuse" and f.detector == "semantic_risk"
    ]
    assert {f.level for f in found} == {"medium"}
    assert all("a loose match" in f.message for f in found)  # the reviewer sees why
    # The learned head reads the first as HIGH (test_risk_heads.py).


@pytest.mark.parametrize(
    "text",
    [
        "he calls me twenty times a day to check where I am",
        "he takes my phone away so I can't call anyone",
        "if I don't answer his calls straight away he screams at me and breaks things",
    ],
)
def test_control_through_the_phone_is_still_an_abuse_high(text):
    found = _det().detect(text, AssessContext())
    assert any(f.category == "domestic_abuse" and f.level == "high" for f in found)


def test_noise_words_are_read_as_something_neutral():
    # Random consonants (a keyboard mash, a pasted code) made about one "I sat by the window
    # with <noise> tonight." in four read as risk. A real word with five consonants in a row
    # stays as written.
    rng = np.random.default_rng(7)
    detect = _det().detect
    for _ in range(40):
        noise = "".join(rng.choice(list("bcdfghjkmnpqrstvwxz"), 14))
        assert detect(f"I sat by the window with {noise} tonight.", AssessContext()) == []
    assert any(
        f.category == "suicide_self_harm" and f.level == "high"
        for f in detect("sdfghjkl I don't want to be alive anymore", AssessContext())
    )
    assert (
        _plainly("the windscreen cracked, CPTSD flaring") == "the windscreen cracked, CPTSD flaring"
    )


def test_semantic_risk_does_not_flag_recovery_talk():
    assert _det().detect("I used to feel suicidal but I'm better now", AssessContext()) == []


def test_semantic_risk_scores_long_posts_by_their_riskiest_sentence():
    text = "We had a nice walk today. " * 40 + "I have saved up pills to overdose tonight."
    assert _det().scores(text)["suicide_self_harm"] > 0.12


def test_embeddings_are_the_same_on_every_cpu():
    # Recorded on an Intel Xeon with AVX-512 VNNI. The weights are signed 7-bit so that
    # onnxruntime's integer products are exact on every CPU: with full 8-bit weights the AVX2
    # kernel (no VNNI) saturates 16-bit sums, the embeddings moved by ~0.5% from machine to
    # machine and a sentence tuned near a threshold read differently. Only float rounding
    # may differ.
    reference = json.loads(Path(__file__).with_name("reference_embeddings.json").read_text())
    for text, vector in reference.items():
        assert float(np.dot(_det()._emb.embed(text), vector)) > 0.9999, text


def _doubting_heads(detector: SemanticRisk) -> SemanticRisk:
    """A copy of `detector` whose heads read every piece at probability ~0."""
    doubting = copy.copy(detector)
    doubting._heads = [
        replace(head, weights=np.zeros_like(head.weights), bias=-20.0) for head in detector._heads
    ]
    return doubting


def test_a_doubting_head_takes_a_prototype_finding_down_one_level():
    text = "nobody would even notice if I was gone, it would be easier for everyone"
    before = {
        f.level for f in _det().detect(text, AssessContext()) if f.detector == "semantic_risk"
    }
    after = {
        f.level
        for f in _doubting_heads(_det()).detect(text, AssessContext())
        if f.detector == "semantic_risk"
    }
    assert "high" in before
    assert "high" not in after and "medium" in after  # one level, never straight to LOW


def test_a_head_does_not_doubt_a_piece_too_short_for_it():
    # Under five words the heads read nothing, so the prototypes' HIGH stands.
    findings = _doubting_heads(_det()).detect("I want to disappear", AssessContext())
    assert "high" in {f.level for f in findings}
