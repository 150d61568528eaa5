"""Learned risk heads: logistic regressions on the model's layers and the prototype margins.

Nearest prototypes and phrase rules catch what they were written from, and little else: on
fresh text written by people who never saw them (corpus batch 11) they found 31% of suicidal
ideation and 32% of abuse disclosures. A head is trained on the labelled corpus instead
(hearth/safety/corpus/train_heads.py): one weight per dimension of the sentence vector and of
the embeddings' and earlier layers' means over tokens (the wording, which the sentence vector
smooths away), one per prototype margin, a bias, and three thresholds chosen on held-back
folds so that about 2%, 4% and 10% of ordinary and sad training posts pass them: HIGH, MEDIUM,
and "plausible", under which the head doubts a prototype MEDIUM. Scoring a piece is one
dot product.

A head's inputs are the model's layers and the prototype margins, so a head is only valid for
the model and the prototypes it was trained with: the file records the model's name and the
prototypes' digest, and loading refuses any other, as it refuses weights of another length.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hearth.safety.detectors._rules import DATA
from hearth.safety.model.build import HIDDEN, LAYERS
from hearth.safety.model.embedder import ModelUnavailable
from hearth.safety.model.paths import MODEL_NAME

HEADS = DATA / "risk_heads.npz"
# The order of the margins in a feature vector (semantic_risk's categories).
MARGIN_ORDER = ("suicide_self_harm", "threat_to_others", "domestic_abuse", "harassment")
# Margins live in about [-1, 0.5]; scaled so they weigh like the unit-length embedding.
MARGIN_SCALE = 3.0


class HeadsUnavailable(ModelUnavailable):
    """The heads file is missing, corrupt or was trained for another model or other
    prototypes: handled as a missing model is (start-up fails loudly, or the documented
    rules-only mode)."""


@dataclass(frozen=True)
class Head:
    name: str  # "suicide" or "abuse"
    weights: np.ndarray  # one per feature
    bias: float
    high: float  # probability at or above which a piece reads as HIGH
    medium: float  # ... and as MEDIUM (a reviewer's look)
    plausible: float  # under it, a prototype MEDIUM on the piece drops to LOW (semantic_risk)

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """Return the head's probability for each row of `features`."""
        return 1.0 / (1.0 + np.exp(-(features @ self.weights + self.bias)))


def features(vectors: np.ndarray, layers: np.ndarray, margins: np.ndarray) -> np.ndarray:
    """Return one feature row per piece: its embedding, its earlier layers' means, then its
    margins (MARGIN_ORDER)."""
    return np.hstack([vectors, layers, margins * MARGIN_SCALE]).astype(np.float32)


# Sentence vector, six earlier layers' means, four margins.
FEATURES = HIDDEN * (LAYERS + 1) + len(MARGIN_ORDER)


def prototypes_digest(prototypes: Path) -> str:
    return hashlib.sha256(prototypes.read_bytes()).hexdigest()


def load_heads(prototypes: Path, path: Path = HEADS) -> list[Head]:
    """Return the shipped heads, or raise HeadsUnavailable."""
    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["prototypes_sha256"]) != prototypes_digest(prototypes):
                raise HeadsUnavailable(
                    f"{path.name} was trained for other prototypes: run "
                    "`python hearth/safety/corpus/train_heads.py`"
                )
            if str(data["model"]) != MODEL_NAME:
                raise HeadsUnavailable(
                    f"{path.name} was trained for another model ({data['model']}): run "
                    "`python hearth/safety/corpus/train_heads.py`"
                )
            heads = [
                Head(
                    name=str(name),
                    weights=data[f"{name}_weights"].astype(np.float32),
                    bias=float(data[f"{name}_bias"]),
                    high=float(data[f"{name}_high"]),
                    medium=float(data[f"{name}_medium"]),
                    plausible=float(data[f"{name}_plausible"]),
                )
                for name in data["names"]
            ]
    except (OSError, EOFError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise HeadsUnavailable(f"risk heads in {path} cannot be loaded: {exc}") from exc
    if any(head.weights.shape != (FEATURES,) for head in heads):
        raise HeadsUnavailable(
            f"{path.name} was trained on other features: run "
            "`python hearth/safety/corpus/train_heads.py`"
        )
    return heads


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1 / 3) -> tuple[np.ndarray, float]:
    """Return (weights, bias) of an L2 logistic regression, classes weighted to balance,
    fitted by Newton's method (train_heads.py; deterministic)."""
    weight = np.where(y == 1, len(y) / (2 * y.sum()), len(y) / (2 * (len(y) - y.sum())))
    design = np.hstack([x, np.ones((len(x), 1))]).astype(np.float64)
    penalty = np.full(design.shape[1], l2)
    penalty[-1] = 0.0  # the bias is not shrunk
    theta = np.zeros(design.shape[1])
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(design @ theta)))
        gradient = design.T @ (weight * (p - y)) + penalty * theta
        hessian = (design * (weight * p * (1 - p))[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if np.abs(step).max() < 1e-8:
            break
    return theta[:-1], float(theta[-1])
