"""Match an organisation's or group's watched words and patterns, and censor text.

Plain terms are matched on folded text (case, look-alikes, accents, leetspeak and spaced-out
letters flattened) at word boundaries. Regex patterns come from staff, so they are validated
before saving and bounded at run time: no nested quantifiers, no back-references, a length cap.
"""

from __future__ import annotations

import re
from functools import lru_cache

from hearth.lib.text import fold
from hearth.safety.types import AssessContext, Finding, WatchedWord

_NAME = "watched_words"
MAX_PATTERN_LEN = 200
# A quantified group that itself contains a quantifier: (a+)+, (\w*)*, (x|y+){2,} ...
_NESTED = re.compile(r"\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*(?:[+*]|\{\d*,?\d*\})")
_BACKREF = re.compile(r"\\[1-9]|\(\?P=")
_LEVELS = {"block": "high", "require_approval": "medium", "flag": "low", "censor": "low"}


def validate_pattern(pattern: str) -> str | None:
    """Return an error message if a staff-supplied regex is unsafe or invalid, else None."""
    if not pattern.strip():
        return "The pattern is empty."
    if len(pattern) > MAX_PATTERN_LEN:
        return f"The pattern is longer than {MAX_PATTERN_LEN} characters."
    if _NESTED.search(pattern):
        return "Nested repetition such as (a+)+ can hang the server; simplify the pattern."
    if _BACKREF.search(pattern):
        return "Back-references are not allowed."
    if pattern.count("(") > 20:
        return "Too many groups; split the pattern into several watched words."
    try:
        re.compile(pattern)
    except re.error as exc:
        return f"The pattern is not a valid regular expression: {exc}."
    return None


def _term_regex(term: str) -> str:
    folded = fold(term).text
    # "1" folds to "i" but a writer may mean "l": accept either letter wherever one appears.
    body = "".join("[il]" if c in "il" else (r"\s*" if c == " " else re.escape(c)) for c in folded)
    return rf"(?<![a-z0-9]){body}(?![a-z0-9])"


@lru_cache(maxsize=256)
def _compile(word: WatchedWord) -> re.Pattern[str] | None:
    if word.is_regex:
        if validate_pattern(word.term):
            return None  # invalid patterns never reach here from the UI; skip, never crash
        return re.compile(word.term, re.IGNORECASE)
    if not fold(word.term).text.strip():
        return None
    return re.compile(_term_regex(word.term))


class WatchedWords:
    """Apply ctx.watched_words; each finding carries the word's action."""

    name = _NAME

    def detect(self, text: str, ctx: AssessContext) -> list[Finding]:
        """Return one finding per watched word that matches, with all its spans."""
        if not ctx.watched_words:
            return []
        folded = fold(text)
        findings = []
        for word in ctx.watched_words:
            pattern = _compile(word)
            if pattern is None:
                continue
            # Staff regexes run on the original too, so a pattern for digits or symbols works.
            spans = [folded.to_source(*m.span()) for m in pattern.finditer(folded.text)]
            if word.is_regex:
                spans += [m.span() for m in pattern.finditer(text) if m.span() not in spans]
            spans = [s for s in spans if s[0] < s[1]]
            if spans:
                findings.append(
                    Finding(
                        _NAME,
                        word.category,
                        _LEVELS[word.action],  # type: ignore[arg-type]
                        1.0,
                        sorted(set(spans)),
                        f"Watched word ({word.action.replace('_', ' ')})",
                        action=word.action,
                    )
                )
        return findings


def censor(text: str, findings: list[Finding], mask: str = "•") -> str:
    """Return `text` with the spans of "censor" findings replaced by `mask` characters."""
    chars = list(text)
    for f in findings:
        if f.action != "censor":
            continue
        for start, end in f.spans:
            for i in range(max(0, start), min(len(chars), end)):
                if not chars[i].isspace():
                    chars[i] = mask
    return "".join(chars)
