"""The classifier's training split and examples (corpus/train_classifier.py; torch-free parts)."""

from tokenizers import Tokenizer

from hearth.safety.corpus.train_classifier import (
    CLASS_OF,
    MAX_TOKENS,
    NEVER_TRAIN,
    TRAIN_ONLY,
    VALIDATION_ONLY,
    _examples,
    dev_parts,
)
from hearth.safety.model.paths import TOKENIZER_NAME, model_dir


def test_validation_reads_batch_21_and_never_trains_on_it_nor_on_held_out_items():
    train, validate = dev_parts()
    assert not any(i["source"] in NEVER_TRAIN for i in train + validate)
    assert all(i["split"] == "dev" for i in train + validate)
    assert not any(i["source"] in VALIDATION_ONLY for i in train)
    assert not any(i["source"] in TRAIN_ONLY for i in validate)
    assert sum(i["source"] in VALIDATION_ONLY for i in validate) == 320
    assert not {i["text"] for i in train} & {i["text"] for i in validate}


def test_a_long_benign_post_trains_window_by_window_and_a_long_risk_post_waits_for_its_riskiest():
    tokenizer = Tokenizer.from_file(str(model_dir() / TOKENIZER_NAME))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    long_text = "We walked the dog by the river and had tea after. " * 40
    items = [
        {"text": "A short ordinary line.", "label": "ordinary_support"},
        {"text": long_text, "label": "sadness_no_risk"},
        {"text": long_text + "I want to die.", "label": "suicidal_ideation"},
    ]
    examples, long_risk = _examples(tokenizer, items)
    assert examples[0][1] == 0 and len(examples) > 3
    assert all(label == 0 and len(ids) <= MAX_TOKENS for ids, label in examples)
    ((windows, label),) = long_risk
    assert label == CLASS_OF["suicidal_ideation"] and len(windows) > 2
    assert all(len(ids) <= MAX_TOKENS for ids in windows)
