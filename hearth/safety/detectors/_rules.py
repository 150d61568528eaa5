"""Load line-based rule files and match them on folded text with spans in the original."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
_BOUNDARY = re.compile(r"\b")


def _without_leading_boundary(regex: str) -> re.Pattern[str] | None:
    """Return `regex` without its leading word boundary when that is safe, else None.

    A pattern that opens with a word boundary gets no literal or first-character prefix scan
    in Python's re engine, so it is tried at every position (3-15x slower on a long post).
    Without it, re skips ahead to the possible first characters; `Rule.finditer` then checks
    the boundary per candidate, which gives exactly the same matches.
    """
    if not regex.startswith(r"\b") or len(regex) <= 2 or regex[2] in "*+?{|":
        return None
    # With a top-level alternation the boundary guards only the first branch: leave it alone.
    if "|" in _top_level(regex):
        return None
    return re.compile(regex[2:])


def _top_level(regex: str) -> str:
    """Return the characters of `regex` outside any group or character class."""
    out, depth, in_class, escaped = [], 0, False, False
    for c in regex:
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif depth == 0:
            out.append(c)
    return "".join(out)


@dataclass(frozen=True)
class Rule:
    """One pattern: `category|level|lang|regex` in a data file."""

    category: str
    level: str
    lang: str
    pattern: re.Pattern[str]
    _fast: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Yield the same matches as `pattern.finditer(text)`, faster on long text."""
        fast = self._fast
        if fast is None:
            yield from self.pattern.finditer(text)
            return
        pos = 0
        search = fast.search
        boundary = _BOUNDARY.match
        while (m := search(text, pos)) is not None:
            if boundary(text, m.start()):
                yield m
                pos = m.end() if m.end() > m.start() else m.end() + 1
            else:
                pos = m.start() + 1


_DEFINITION = re.compile(r"@([A-Z_]+)=(.+)")
_REFERENCE = re.compile(r"\{([A-Z_]+)\}")


@cache
def load_rules(name: str) -> tuple[Rule, ...]:
    """Return the rules in `hearth/safety/data/<name>`; `#` starts a comment line.

    `@NAME=regex` defines a shared fragment (who may abuse, parts of the body) that later
    patterns use as `{NAME}`, so one list serves every rule that needs it.
    """
    rules = []
    fragments: dict[str, str] = {}
    for lineno, line in enumerate((DATA / name).read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if definition := _DEFINITION.fullmatch(line):
            fragments[definition[1]] = f"(?:{_expand(definition[2], fragments, name, lineno)})"
            continue
        category, level, lang, regex = line.split("|", 3)
        regex = _expand(regex, fragments, name, lineno)
        try:
            rules.append(
                Rule(category, level, lang, re.compile(regex), _without_leading_boundary(regex))
            )
        except re.error as exc:  # a broken data file must fail loudly at import, not match nothing
            raise ValueError(f"{name}:{lineno}: bad pattern: {exc}") from None
    return tuple(rules)


def _expand(regex: str, fragments: dict[str, str], name: str, lineno: int) -> str:
    def fragment(m: re.Match[str]) -> str:
        if m[1] not in fragments:
            raise ValueError(f"{name}:{lineno}: {{{m[1]}}} is used before it is defined")
        return fragments[m[1]]

    return _REFERENCE.sub(fragment, regex)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the bounds of the sentence (or clause run) around [start, end) in `text`."""
    left = max(text.rfind(c, 0, start) for c in ".!?\n;")
    right_candidates = [i for c in ".!?\n;" if (i := text.find(c, end)) != -1]
    return left + 1, min(right_candidates, default=len(text))
