"""Detect contact solicitation and grooming patterns.

Each signal alone is MEDIUM (asking to move off-platform, asking age or school, secrecy, gifts
or meeting up). Age/school questions together with secrecy or moving off-platform are HIGH:
that combination is the classic grooming shape.
"""

from __future__ import annotations

from hearth.lib.text import fold
from hearth.safety.detectors._rules import load_rules
from hearth.safety.types import AssessContext, Finding

_NAME = "grooming"


class Grooming:
    """Match grooming signals on folded text and escalate dangerous combinations."""

    name = _NAME

    def detect(self, text: str, ctx: AssessContext) -> list[Finding]:
        """Return MEDIUM findings per signal, or one HIGH finding when signals combine."""
        folded = fold(text)
        hits: dict[str, list[tuple[int, int]]] = {}
        for rule, m in load_rules("grooming.txt").matches(folded.text):
            hits.setdefault(rule.category, []).append(folded.to_source(m.start(), m.end()))
        if not hits:
            return []
        kinds = set(hits)
        dangerous = "age_or_school" in kinds and kinds & {"secrecy", "off_platform", "meeting"}
        if dangerous or {"secrecy", "off_platform"} <= kinds:
            spans = [s for group in hits.values() for s in group]
            return [
                Finding(
                    _NAME,
                    "grooming",
                    "high",
                    1.0,
                    spans,
                    "Grooming pattern: " + ", ".join(sorted(kinds)),
                )
            ]
        return [
            Finding(
                _NAME,
                "grooming",
                "medium",
                0.6,
                spans,
                "Possible grooming or contact solicitation: " + kind.replace("_", " "),
            )
            for kind, spans in hits.items()
        ]
