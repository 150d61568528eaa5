"""Detect the group's safety codeword: a silent HIGH safety signal."""

from __future__ import annotations

import re

from hearth.lib.text import fold
from hearth.safety.types import AssessContext, Finding

_NAME = "codeword"


class Codeword:
    """Match ctx.codeword as a whole word, robust to case, spacing and look-alikes."""

    name = _NAME

    def detect(self, text: str, ctx: AssessContext) -> list[Finding]:
        """Return one silent HIGH finding per occurrence of the codeword."""
        if not ctx.codeword or not ctx.codeword.strip():
            return []
        word = fold(ctx.codeword).text.replace(" ", "")
        if not word:
            return []
        # Letters may be split by spaces or dots that the folder did not collapse ("blue bell").
        body = r"[\s.\-_*]?".join(re.escape(c) for c in word)
        pattern = re.compile(rf"(?<![a-z0-9]){body}(?![a-z0-9])")
        folded = fold(text)
        return [
            Finding(
                _NAME,
                "safety_signal",
                "high",
                1.0,
                [folded.to_source(m.start(), m.end())],
                "The group's safety codeword was used: check on this member discreetly",
                silent=True,
            )
            for m in pattern.finditer(folded.text)
        ]
