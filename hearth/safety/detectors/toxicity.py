"""Detect swearing (LOW) and bullying aimed at another member (MEDIUM or HIGH).

Profanity alone is LOW and never holds a post: members in pain swear, and "I want to kill
myself" is a disclosure, not abuse. Bullying needs a target ("you", "nobody wants you").
"""

from __future__ import annotations

from hearth.lib.text import fold
from hearth.safety.detectors._rules import load_rules
from hearth.safety.types import AssessContext, Finding

_NAME = "toxicity"
# glin-profanity costs ~1.5 ms per 200 characters (30+ ms for a long post); swearing deep in a
# long post changes nothing (LOW never holds), so only the opening is checked.
_PROFANITY_WINDOW = 600
_filter = None


def _profanity_filter():  # -> glin_profanity.Filter
    global _filter
    if _filter is None:
        from glin_profanity import Filter

        _filter = Filter()
    return _filter


class Toxicity:
    """Profanity via glin-profanity plus a curated insult and bullying list."""

    name = _NAME

    def detect(self, text: str, ctx: AssessContext) -> list[Finding]:
        """Return LOW profanity findings and MEDIUM/HIGH harassment findings."""
        findings: list[Finding] = []
        window = text[:_PROFANITY_WINDOW]
        result = _profanity_filter().check_profanity(window)
        if result.get("contains_profanity"):
            spans = []
            for m in result.get("matches", []):
                idx = m.get("index")
                if isinstance(idx, int) and 0 <= idx < len(window):
                    spans.append((idx, min(len(window), idx + len(m["word"]))))
            findings.append(Finding(_NAME, "profanity", "low", 0.5, spans, "Contains swearing"))
        folded = fold(text)
        for rule in load_rules("bullying.txt"):
            for m in rule.finditer(folded.text):
                findings.append(
                    Finding(
                        _NAME,
                        rule.category,
                        rule.level,  # type: ignore[arg-type]
                        1.0 if rule.level == "high" else 0.6,
                        [folded.to_source(m.start(), m.end())],
                        "Possible bullying or harassment of another member",
                    )
                )
        return findings
