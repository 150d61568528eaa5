import hashlib
import json
import re
from pathlib import Path

import numpy as np
import pytest

from hearth.safety.detectors.semantic_risk import _MAX_WINDOWS, THRESHOLDS, SemanticRisk, _plainly
from hearth.safety.model.build import build, build_graph, fine_tuned, layer_count, read_safetensors
from hearth.safety.model.embedder import CLASSES, Embedder, ModelUnavailable, get_embedder
from hearth.safety.model.paths import (
    TOKENIZER_NAME,
    classifier_weights,
    model_dir,
    model_name,
    source_dir,
)
from hearth.safety.pipeline import assess, semantic_detector
from hearth.safety.types import REDACTED, AssessContext


def _det() -> SemanticRisk:
    return semantic_detector()  # module-level cache: the model loads once per session


def _levels(text: str, category: str = "suicide_self_harm") -> set[str]:
    return {f.level for f in _det().detect(text, AssessContext()) if f.category == category}


class _Fixed:
    """An embedder whose classifier reads every piece as `probabilities` (none, suicide, abuse,
    threat): the detector's own logic, apart from the model."""

    def __init__(self, *probabilities: float) -> None:
        self.read: list[str] = []
        self._row = np.array(probabilities, dtype=np.float32)

    def classify(self, text: str) -> np.ndarray:
        self.read.append(text)
        return self._row

    def token_spans(self, text: str) -> list[tuple[int, int]]:
        return [m.span() for m in re.finditer(r"\S+", text)]  # a token a word


_ANY = "these words mean whatever the classifier says"


def _fixed(*probabilities: float) -> tuple[SemanticRisk, _Fixed]:
    embedder = _Fixed(*probabilities)
    return SemanticRisk(embedder), embedder  # type: ignore[arg-type]


class _Windows(_Fixed):
    """An embedder whose classifier reads a long post's windows, in order, as `suicide`, one
    probability per window (the rest of each row is none)."""

    def __init__(self, *suicide: float) -> None:
        super().__init__()
        self._suicide = list(suicide)

    def classify(self, text: str) -> np.ndarray:
        p = self._suicide[len(self.read)]
        self.read.append(text)
        return np.array([1 - p, p, 0, 0], dtype=np.float32)


def test_model_build_is_a_noop_when_the_model_exists():
    path = model_dir() / model_name()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert build() == path
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_model_build_deletes_earlier_model_versions_and_caches(tmp_path):
    current = model_name()
    for name in (current, TOKENIZER_NAME, "minilm-l6-int8-v5.onnx", "prototypes-0a1b.npy"):
        (tmp_path / name).write_bytes(b"placeholder")
    (tmp_path / "notes.onnx").write_bytes(b"someone else's")
    assert build(tmp_path) == tmp_path / current  # present: nothing rebuilt
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [current, TOKENIZER_NAME, "notes.onnx"]
    )


def test_the_model_name_follows_the_classifier_weights(tmp_path, monkeypatch):
    shipped = model_name()
    retrained = tmp_path / "retrained.safetensors"
    monkeypatch.setenv("HEARTH_CLASSIFIER_WEIGHTS", str(retrained))
    with pytest.raises(ModelUnavailable, match="classifier weights"):
        Embedder()  # missing weights fail loudly, like a missing model
    retrained.write_bytes(b"other weights")
    assert model_name() != shipped  # a retrained classifier builds a new model file


def test_a_classifier_of_fewer_blocks_builds_a_model_of_as_many():
    # train_classifier.py --layers 3 ships the first three blocks only (round 17's experiment).
    tuned = read_safetensors(classifier_weights())
    first_three = {
        name: array
        for name, array in tuned.items()
        if not name.startswith("encoder.layer.") or int(name.split(".")[2]) < 3
    }
    assert (layer_count(tuned), layer_count(first_three)) == (6, 3)
    weights = fine_tuned(read_safetensors(source_dir() / "model.safetensors"), first_three)
    nodes = {node.name for node in build_graph(weights, 3).graph.node}
    assert "l2_out" in nodes and "l3_out" not in nodes


def test_embedder_counts_the_tokens_it_reads_up_to_128():
    embedder = get_embedder()
    assert embedder.tokens("hello") == 3  # [CLS] hello [SEP]
    assert embedder.tokens("word " * 500) == 128


def test_the_classifier_gives_a_probability_per_class():
    row = get_embedder().classify("I don't want to be here anymore")
    assert row.shape == (len(CLASSES),)
    assert abs(float(row.sum()) - 1.0) < 1e-5
    assert CLASSES[int(row.argmax())] == "suicide"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("my family would be happier if I was gone for good", "suicide_self_harm"),
        ("I've written letters to everyone and I know what I'm going to do", "suicide_self_harm"),
        ("he takes my phone away so I can't call anyone", "domestic_abuse"),
        ("he calls me twenty times a day to check where I am", "domestic_abuse"),
        ("if he says one more word to me I will stab him", "threat_to_others"),
    ],
)
def test_the_classifier_reads_unlisted_risk_as_high(text, category):
    assert "high" in _levels(text, category)


@pytest.mark.parametrize(
    "text",
    [
        "this traffic is killing me",
        "he called me on the phone yesterday",
        "my partner cooked dinner for us tonight",
        "I used to feel suicidal but I'm better now",
        "Written on the bus.",
    ],
)
def test_the_classifier_reads_everyday_talk_as_no_risk(text):
    assert not [f for f in _det().detect(text, AssessContext()) if f.level == "high"]


def test_semantic_risk_reads_to_die_for_as_praise():
    detect = _det().detect
    assert detect("this chocolate cake is to die for", AssessContext()) == []
    assert detect("the view from the top was to die for!", AssessContext()) == []
    # Only the idiom is put plainly: the words around it still count.
    text = "nothing left to live for, maybe something to die for"
    assert _plainly(text) == "nothing left to live for, maybe something wonderful"
    assert assess(text).level == "high"


def test_semantic_risk_reads_rather_die_than_a_chore_as_an_idiom():
    assert not _det().detect("I'd rather die than sing karaoke", AssessContext())
    # Not put plainly before living: the model reads it as risk (0.79 with round 18's
    # weights, MEDIUM), and the rules make the post HIGH.
    living = "I'd rather die than go on living like this"
    assert _levels(living) & {"medium", "high"}
    assert assess(living).level == "high"


def test_noise_words_are_read_as_something_neutral():
    # Random consonants (a keyboard mash, a pasted code) are noise the model never saw.
    rng = np.random.default_rng(7)
    detect = _det().detect
    for _ in range(40):
        noise = "".join(rng.choice(list("bcdfghjkmnpqrstvwxz"), 14))
        # Round 19's classifier reads the carrier of earlier rounds, "I sat by the window with
        # something tonight.", as suicide (0.91), so the noise rides on another line.
        assert detect(f"I had lunch with my sister and {noise} today.", AssessContext()) == []
    assert "high" in _levels("sdfghjkl I don't want to be alive anymore")
    assert (
        _plainly("the windscreen cracked, CPTSD flaring") == "the windscreen cracked, CPTSD flaring"
    )


def test_a_redacted_span_is_read_as_something_neutral():
    # A member who takes out a phone number sends "Text me on [removed] after": the marker is
    # ours, not theirs, and read literally it made the line a suicide MEDIUM, held from the room.
    text = f"Text me on {REDACTED} after"
    assert _plainly(text) == "Text me on something after"
    assert not _det().detect(text, AssessContext())


def test_levels_follow_the_thresholds():
    medium, high = THRESHOLDS["suicide_self_harm"]
    for p, expected in ((high, "high"), ((medium + high) / 2, "medium"), (medium - 0.01, None)):
        detector, _ = _fixed(1 - p, p, 0, 0)
        found = detector.detect(_ANY, AssessContext())
        assert [f.level for f in found] == ([expected] if expected else [])
        assert all(f.detector == "semantic_risk" and f.score == round(p, 4) for f in found)


@pytest.mark.parametrize(
    ("abuse", "threat", "category"),
    [(0.5, 0.4, "domestic_abuse"), (0.3, 0.6, "threat_to_others")],
)
def test_abuse_and_threat_are_read_together_and_named_by_the_larger(abuse, threat, category):
    detector, _ = _fixed(0.1, 0.0, abuse, threat)  # neither alone reaches HIGH
    (found,) = detector.detect(_ANY, AssessContext())
    assert (found.category, found.level) == (category, "high")


def test_under_five_words_the_classifier_counts_only_beside_a_word_of_risk():
    detector, _ = _fixed(0.01, 0.99, 0, 0)
    assert detector.detect("Written on the bus.", AssessContext()) == []
    assert detector.detect("Morning all!", AssessContext()) == []
    (found,) = detector.detect("I want to disappear", AssessContext())
    assert found.level == "high"
    assert detector.detect("Written on the bus, on my way home.", AssessContext())


def test_plain_talk_of_medication_is_a_reviewers_look_at_most():
    detector, _ = _fixed(0.01, 0.99, 0, 0)
    (routine,) = detector.detect("I hate swallowing big pills", AssessContext())
    assert routine.level == "medium" and "plain talk of medication" in routine.message
    (intent,) = detector.detect("I've saved enough pills for tonight", AssessContext())
    assert intent.level == "high"


def test_a_language_the_model_cannot_read_caps_it_at_medium():
    detector, _ = _fixed(0.01, 0.99, 0, 0)
    (found,) = detector.detect("Ich kann nicht mehr, ich will nicht mehr leben", AssessContext())
    assert found.level == "medium" and "does not read" in found.message


def test_a_long_post_is_read_at_its_riskiest_windows():
    detector, embedder = _fixed(0.01, 0.99, 0, 0)
    calm = "We had a nice walk today and the dog loved it. " * 80  # 880 words
    risk = "I have saved up pills to overdose tonight."
    text = calm + risk
    found = detector.detect(text, AssessContext())
    assert len(embedder.read) == _MAX_WINDOWS
    assert embedder.read[-1].endswith(risk)  # the last window, read with the words before it
    assert [f.level for f in found] == ["high"] * _MAX_WINDOWS
    start, end = found[-1].spans[0]
    assert text[start:end].endswith(risk) and end - start < len(text) / 4


def test_a_long_post_s_window_needs_more_than_a_short_text_for_high():
    calm = "We had a nice walk today and the dog loved it. " * 20  # two windows
    for probability, level in ((0.9, "medium"), (0.97, "high")):
        windows = SemanticRisk(_Windows(probability, 0.0))  # type: ignore[arg-type]
        assert [f.level for f in windows.detect(calm, AssessContext())] == [level]
        short, _ = _fixed(1 - probability, probability, 0, 0)
        assert {f.level for f in short.detect("I can't do this any more.", AssessContext())} == {
            "high"
        }


@pytest.mark.parametrize(
    ("windows", "levels"),
    [
        ((0.7, 0.1, 0.6, 0.1), ["medium", "medium", "high"]),  # told across: the post is HIGH
        ((0.7, 0.1, 0.1, 0.1), ["medium"]),  # once is a reviewer's look
        ((0.97, 0.6, 0.1, 0.1), ["high", "medium"]),  # a HIGH window needs no second reading
    ],
)
def test_ideation_told_across_a_long_post_s_windows_is_high(windows, levels):
    calm = "We had a nice walk today and the dog loved it. " * 80
    embedder = _Windows(*windows)
    found = SemanticRisk(embedder).detect(calm, AssessContext())  # type: ignore[arg-type]
    assert [f.level for f in found] == levels
    if len(levels) == 3:
        assert found[-1].spans == found[0].spans + found[1].spans
        assert "in 2 parts of a long post" in found[-1].message


def test_a_long_post_is_read_by_the_real_model_at_its_risk():
    # Read in a window of 126 tokens (round 18), one short sentence after a hundred words of
    # filler is diluted: "I have saved up pills to overdose tonight" alone there reads as
    # nothing to the model (the rules still read it HIGH). Told in two sentences it is HIGH.
    risk = "I don't want to be alive anymore. I have saved up my pills and tonight I will take them all."
    assert "high" in _levels("We had a nice walk today. " * 40 + risk)
    assert not _levels("We had a nice walk today. " * 40)
    assert (
        assess(
            "We had a nice walk today. " * 40 + "I have saved up pills to overdose tonight."
        ).level
        == "high"
    )


def test_embeddings_are_the_same_on_every_cpu():
    # Recorded on an AMD EPYC with AVX-512 VNNI (round 22). The weights are signed 7-bit so that
    # onnxruntime's integer products are exact on every CPU: with full 8-bit weights the AVX2
    # kernel (no VNNI) saturates 16-bit sums, the embeddings moved by ~0.5% from machine to
    # machine and a sentence tuned near a threshold read differently. Only float rounding
    # may differ.
    reference = json.loads(Path(__file__).with_name("reference_embeddings.json").read_text())
    for text, vector in reference.items():
        assert float(np.dot(get_embedder().embed(text), vector)) > 0.9999, text
