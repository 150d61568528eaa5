"""Train the learned risk heads on the corpus's dev split; write hearth/safety/data/risk_heads.npz.

Run: .venv/bin/python hearth/safety/corpus/train_heads.py   (about a minute; deterministic)
Retrain after any change to the corpus's dev split, the prototypes or the model.

Each head is a logistic regression (L2, classes weighted to balance) over the features of
detectors/risk_heads.py, fitted by Newton's method. A long post gives several pieces; a risk
post is represented by the piece the prototypes find riskiest, a benign post by all of its
pieces (each text both as written and folded, as long posts are read). The HIGH and MEDIUM
thresholds are the probabilities that FALSE_ALARMS of ordinary and sad dev posts exceed when
each is scored by a head trained without it (5 folds). Held-out test items are never read, nor
is batch 17 (VALIDATION).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from hearth.lib.text import fold  # noqa: E402
from hearth.safety.detectors.risk_heads import (  # noqa: E402
    HEADS,
    MARGIN_ORDER,
    fit,
    prototypes_digest,
)
from hearth.safety.detectors.semantic_risk import PROTOTYPES, SemanticRisk  # noqa: E402
from hearth.safety.model.paths import MODEL_NAME  # noqa: E402

CORPUS = Path(__file__).with_name("corpus.jsonl")
POSITIVE = {
    "suicide": ({"suicidal_ideation"}, "suicide_self_harm"),
    "abuse": ({"abuse_disclosure", "threat_violence"}, "domestic_abuse"),
}
BENIGN = {"ordinary_support", "sadness_no_risk"}
# Held-back false-alarm rates on ordinary and sad dev posts. HIGH pages the staff on duty;
# MEDIUM holds a post for a reviewer. A head reading a piece under MEDIUM takes a prototype's
# HIGH on it down to MEDIUM, and under "plausible" a prototype's MEDIUM down to LOW
# (semantic_risk._HEAD_OF): that keeps the ordinary-post bar (5%) in reach.
FALSE_ALARMS = {"high": 0.02, "medium": 0.04, "plausible": 0.10}
FOLDS = 5
# Dev items the heads never train on: batch 17's long posts are where changes to the long-post
# path are judged (docs/safeguarding.md, round 13), so they must stay unseen by the heads.
# Leaving them out cost nothing on dev (ideation 628 against 620 of 889 HIGH with them in).
VALIDATION = ", batch 17"


def _instances(items: list[tuple[np.ndarray, np.ndarray, str]], head: str) -> tuple:
    labels, category = POSITIVE[head]
    column = MARGIN_ORDER.index(category)
    rows, ys = [], []
    for feats, margins, label in items:
        positive = label in labels
        if positive and len(feats) > 1:
            feats = feats[[int(np.argmax(margins[:, column]))]]
        rows.append(feats)
        ys += [1.0 if positive else 0.0] * len(feats)
    return np.vstack(rows), np.array(ys)


def _score(items: list, weights: np.ndarray, bias: float) -> np.ndarray:
    return np.array([float((feats @ weights + bias).max()) for feats, _, _ in items])


def main() -> int:
    detector = SemanticRisk(heads=None)  # the heads' inputs come from the prototypes alone
    dev = [
        row
        for row in map(json.loads, CORPUS.read_text(encoding="utf-8").splitlines())
        if row["split"] == "dev" and not row["source"].endswith(VALIDATION)
    ]
    items = []
    for row in dev:
        # A long post's pieces are embedded folded (lib/text.fold: lower case, no accents),
        # a short text as written: each item counts in both forms, so a head reads either.
        forms = dict.fromkeys([row["text"], fold(row["text"]).text])
        readings = [detector.read(text) for text in forms]
        items.append(
            (
                np.vstack([r.features() for r in readings]),
                np.vstack([r.margin_rows() for r in readings]),
                row["label"],
            )
        )
    folds = np.random.default_rng(0).permutation(len(items)) % FOLDS
    benign = np.array([label in BENIGN for _, _, label in items])
    saved: dict[str, object] = {
        "names": np.array(list(POSITIVE)),
        "prototypes_sha256": np.array(prototypes_digest(PROTOTYPES)),
        "model": np.array(MODEL_NAME),
    }
    for head, (labels, _) in POSITIVE.items():
        held_back = np.zeros(len(items))  # each item's logit from a head trained without it
        for k in range(FOLDS):
            train = [item for item, f in zip(items, folds, strict=True) if f != k]
            weights, bias = fit(*_instances(train, head))
            test = [item for item, f in zip(items, folds, strict=True) if f == k]
            held_back[folds == k] = _score(test, weights, bias)
        positive = np.array([label in labels for _, _, label in items])
        weights, bias = fit(*_instances(items, head))
        saved |= {f"{head}_weights": weights.astype(np.float32), f"{head}_bias": np.array(bias)}
        found = []
        for level, rate in FALSE_ALARMS.items():
            logit = float(np.quantile(held_back[benign], 1 - rate))
            saved[f"{head}_{level}"] = np.array(1.0 / (1.0 + np.exp(-logit)))
            found.append(f"{level} at {rate:.1%}: {np.mean(held_back[positive] >= logit):.0%}")
        print(  # noqa: T201 - command-line output
            f"{head}: {positive.sum()} risk and {benign.sum()} benign dev posts; held-back "
            f"folds find, at their false-alarm rate, {'; '.join(found)}"
        )
    np.savez(HEADS, **saved)  # type: ignore[arg-type]
    print(HEADS)  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
