"""Score risk by nearest prototype on the shipped all-MiniLM-L6-v2 embedding model.

score(category) = max cosine to that category's prototypes - max cosine to any safe anchor.
Safe anchors share vocabulary with risk ("this traffic is killing me") so the margin, not the
raw similarity, carries the signal. The model is English-first: Spanish relies mostly on
crisis_language rules, with a few Spanish prototypes as a backstop.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from pathlib import Path

import numpy as np

from hearth.lib.text import fold
from hearth.safety.detectors._rules import DATA
from hearth.safety.model.embedder import Embedder, get_embedder
from hearth.safety.model.paths import model_dir
from hearth.safety.types import AssessContext, Finding, Level

PROTOTYPES = DATA / "prototypes.txt"
# Margins tuned on the dev split of hearth/safety/corpus (see docs/safeguarding.md).
THRESHOLDS: dict[str, tuple[float, float]] = {  # category: (medium, high)
    "suicide_self_harm": (0.05, 0.12),
    "threat_to_others": (0.08, 0.16),
    "domestic_abuse": (0.06, 0.13),
    "harassment": (0.10, 0.20),
}
_MIN_RISK_COS = 0.45  # below this nothing is close enough to any prototype to mean anything
_NAME = "semantic_risk"
# Long posts: embedding every 64-token window of 5,000 characters costs ~500 ms, ten times the
# budget. Only sentences holding risk vocabulary are embedded, at most _MAX_SENTENCES of them.
_LONG_CHARS = 600
_MAX_SENTENCES = 12
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_RISK_WORDS = re.compile(
    r"\b(?:die|dying|dead|death|kill|suicid\w*|end|ending|life|live|living|alive|hurt\w*|harm\w*|"
    r"cut\w*|pills?|tablets?|overdose|od|rope|noose|bridge|jump|goodbye|bye|burden|disappear|"
    r"wake|hopeless|pointless|gone|hit\w*|beat\w*|punch\w*|chok\w*|strangl\w*|scared|afraid|"
    r"terrified|threat\w*|knife|gun|stab\w*|hate|worthless|pathetic|order|police|safe|forced|"
    r"touch\w*|locked|morir\w*|matar\w*|vivir|vida|muert\w*|pega\w*|golpe\w*|miedo|cuerda|"
    r"pastillas|adios|desaparecer)\b"
)


def _load_prototypes(path: Path) -> tuple[list[str], list[str]]:
    cats, texts = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            cat, text = line.split("|", 1)
            cats.append(cat)
            texts.append(text)
    return cats, texts


class SemanticRisk:
    """Nearest-prototype scorer; construct once per process (loads the model)."""

    name = _NAME

    def __init__(self, embedder: Embedder | None = None, prototypes: Path = PROTOTYPES) -> None:
        self._emb = embedder or get_embedder()
        cats, texts = _load_prototypes(prototypes)
        matrix = self._prototype_matrix(prototypes, texts)
        labels = np.asarray(cats)
        self._safe = matrix[labels == "safe"]
        self._risk = {c: matrix[labels == c] for c in THRESHOLDS if (labels == c).any()}

    def _prototype_matrix(self, path: Path, texts: list[str]) -> np.ndarray:
        # Keyed by prototype text and model bytes' identity, so an edit or rebuild recomputes.
        key = hashlib.sha256(path.read_bytes() + str(self._emb.path.stat().st_size).encode())
        cache = model_dir() / f"prototypes-{key.hexdigest()[:16]}.npy"
        if cache.is_file():
            try:
                matrix = np.load(cache)
                if matrix.shape == (len(texts), 384):
                    return matrix
            except (OSError, ValueError):
                pass  # a corrupt cache is rebuilt below
        # One text per call: the int8 activations are quantised per call, so padding a batch
        # would shift the prototypes away from how single messages are embedded.
        matrix = np.stack([self._emb.embed(t) for t in texts]).astype(np.float32)
        with contextlib.suppress(OSError):  # a read-only model dir just works uncached
            np.save(cache, matrix)
        return matrix

    def scores(self, text: str) -> dict[str, float]:
        """Return the margin score per category (max over ≤ 64-token chunks for long text)."""
        vecs = self._vectors(text)
        safe = (vecs @ self._safe.T).max(axis=1)
        out = {}
        for cat, protos in self._risk.items():
            risk = (vecs @ protos.T).max(axis=1)
            margin = np.where(risk >= _MIN_RISK_COS, risk - safe, risk - safe - 1.0)
            out[cat] = float(margin.max())
        return out

    def _vectors(self, text: str) -> np.ndarray:
        if len(text) <= _LONG_CHARS:
            return self._emb.embed(text)[None, :]
        folded = fold(text).text
        risky = [m.group(0) for m in _SENTENCE.finditer(folded) if _RISK_WORDS.search(m.group(0))]
        if not risky:
            return self._emb.embed(text)[None, :]  # opening 128 tokens only
        vecs = [self._emb.embed_chunks(s)[0] for s in risky[:_MAX_SENTENCES]]
        return np.stack(vecs)

    def detect(self, text: str, ctx: AssessContext) -> list[Finding]:
        """Return a finding per category whose margin passes its MEDIUM or HIGH threshold."""
        if not text.strip():
            return []
        findings = []
        for cat, score in self.scores(text).items():
            medium, high = THRESHOLDS[cat]
            if score >= medium:
                level: Level = "high" if score >= high else "medium"
                findings.append(
                    Finding(
                        detector=_NAME,
                        category=cat,
                        level=level,
                        score=round(score, 4),
                        spans=[(0, len(text))],
                        message=f"Reads like {cat.replace('_', ' ')} (similarity margin "
                        f"{score:.2f})",
                    )
                )
        return findings
