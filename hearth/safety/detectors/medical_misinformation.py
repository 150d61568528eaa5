"""Detect risky medication advice: stopping meds, dosing tips, doubling doses. MEDIUM."""

from __future__ import annotations

from hearth.lib.text import fold
from hearth.safety.detectors._rules import load_rules
from hearth.safety.types import AssessContext, Finding

_NAME = "medical_misinformation"


class MedicalMisinformation:
    """Match curated medication-advice patterns on folded text."""

    name = _NAME

    def detect(self, text: str, ctx: AssessContext) -> list[Finding]:
        """Return a MEDIUM finding per matched piece of medication advice."""
        folded = fold(text)
        return [
            Finding(
                _NAME,
                rule.category,
                rule.level,  # type: ignore[arg-type]
                0.7,
                [folded.to_source(m.start(), m.end())],
                "Possible medical advice or misinformation: a moderator should check it",
            )
            for rule, m in load_rules("medical.txt").matches(folded.text)
        ]
