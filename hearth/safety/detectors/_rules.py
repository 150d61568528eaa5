"""Load line-based rule files and match them on folded text with spans in the original."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hearth.lib.text import MappedText

DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Rule:
    """One pattern: `category|level|lang|regex` in a data file."""

    category: str
    level: str
    lang: str
    pattern: re.Pattern[str]


@cache
def load_rules(name: str) -> tuple[Rule, ...]:
    """Return the rules in `hearth/safety/data/<name>`; `#` starts a comment line."""
    rules = []
    for lineno, line in enumerate((DATA / name).read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        category, level, lang, regex = line.split("|", 3)
        try:
            rules.append(Rule(category, level, lang, re.compile(regex)))
        except re.error as exc:  # a broken data file must fail loudly at import, not match nothing
            raise ValueError(f"{name}:{lineno}: bad pattern: {exc}") from None
    return tuple(rules)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the bounds of the sentence (or clause run) around [start, end) in `text`."""
    left = max(text.rfind(c, 0, start) for c in ".!?\n;")
    right_candidates = [i for c in ".!?\n;" if (i := text.find(c, end)) != -1]
    return left + 1, min(right_candidates, default=len(text))


def source_span(mapped: MappedText, start: int, end: int) -> tuple[int, int]:
    """Return the original-text span of folded characters [start, end)."""
    return mapped.to_source(start, end)
