"""Normalise untrusted text for matching, keeping a map back to the original characters.

Detectors match on a folded form (case, Unicode compatibility forms, look-alike letters,
leetspeak, spaced-out letters all flattened) but must report spans in the text the member
actually wrote, so a reviewer's highlight lands on the right words. Every function here is pure.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Invisible characters used to split words past filters, and bidi controls that reorder display.
_INVISIBLE = frozenset(
    [0x00AD, 0x034F, 0x061C, 0x180E, 0xFEFF]
    + list(range(0x200B, 0x2010))
    + list(range(0x202A, 0x202F))
    + list(range(0x2060, 0x2070))
)

# Cyrillic and Greek letters that render like Latin ones (lower case; input is casefolded first).
CONFUSABLES: dict[str, str] = {
    "а": "a", "в": "b", "с": "c", "ԁ": "d", "е": "e", "ё": "e", "һ": "h", "н": "h", "і": "i",
    "ї": "i", "ј": "j", "к": "k", "ӏ": "l", "м": "m", "п": "n", "о": "o", "р": "p", "ԛ": "q",
    "г": "r", "ѕ": "s", "т": "t", "ц": "u", "ѵ": "v", "ԝ": "w", "х": "x", "у": "y", "з": "3",
    "α": "a", "β": "b", "ϲ": "c", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
    "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "γ": "y", "ω": "w", "ɡ": "g", "ɩ": "i", "ı": "i",
    "ℓ": "l", "ø": "o", "đ": "d", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe",
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u201c": '"', "\u201d": '"',
}  # fmt: skip

# Applied only inside a token that also holds a letter, so "3 kids" and phone numbers survive.
LEET: dict[str, str] = {
    "0": "o", "1": "i", "!": "i", "|": "l", "3": "e", "4": "a", "@": "a", "5": "s", "$": "s",
    "7": "t", "8": "b", "9": "g", "+": "t",
}  # fmt: skip

_SEPARATORS = " .-_*·•/\\"
_TRAILING = frozenset("!?.,;:)\"'")


@dataclass(frozen=True)
class MappedText:
    """Text plus, for each of its characters, the index of the source character it came from."""

    text: str
    origin: tuple[int, ...]
    source_len: int

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Return the source span covering characters [start, end) of this text."""
        if not self.origin or start >= end:
            pos = self.origin[start] if start < len(self.origin) else self.source_len
            return pos, pos
        return self.origin[start], self.origin[end - 1] + 1


def _rebuild(pairs: list[tuple[str, int]], source_len: int) -> MappedText:
    return MappedText("".join(c for c, _ in pairs), tuple(i for _, i in pairs), source_len)


def strip_invisible(text: str) -> str:
    """Return `text` without zero-width and bidi control characters (no offset map)."""
    return "".join(c for c in text if ord(c) not in _INVISIBLE)


@lru_cache(maxsize=32)  # every detector normalises the same text; do the work once
def normalize(text: str) -> MappedText:
    """Return NFKC, casefolded `text` with invisibles removed, controls and runs of space as one.

    This is the light form used for personal information and links, where digits and symbols
    carry meaning and must not be folded.
    """
    pairs: list[tuple[str, int]] = []
    prev_space = True  # leading space is dropped
    for i, ch in enumerate(text):
        if ord(ch) in _INVISIBLE:
            continue
        for c in unicodedata.normalize("NFKC", ch).casefold():
            if c.isspace() or unicodedata.category(c) in ("Cc", "Cs", "Co", "Cn"):
                if prev_space:
                    continue
                c, prev_space = " ", True
            else:
                prev_space = False
            pairs.append((c, i))
    if pairs and pairs[-1][0] == " ":
        pairs.pop()
    return _rebuild(pairs, len(text))


def _strip_accents(pairs: list[tuple[str, int]]) -> list[tuple[str, int]]:
    out = []
    for ch, i in pairs:
        for c in unicodedata.normalize("NFD", ch):
            if unicodedata.category(c) != "Mn":
                out.append((c, i))
    return out


def _fold_confusables(pairs: list[tuple[str, int]]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for ch, i in pairs:
        out.extend((c, i) for c in CONFUSABLES.get(ch, ch))
    return out


def _fold_leet(pairs: list[tuple[str, int]]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    n = len(pairs)
    start = 0
    while start < n:
        end = start
        while end < n and pairs[end][0] != " ":
            end += 1
        token = pairs[start:end]
        # Sentence punctuation at the end of a word stays ("help!" is not "helpi").
        body_end = len(token)
        while body_end > 0 and token[body_end - 1][0] in _TRAILING:
            body_end -= 1
        if any(c.isalpha() for c, _ in token):
            out.extend((LEET.get(c, c), i) for c, i in token[:body_end])
            out.extend(token[body_end:])
        else:
            out.extend(token)
        if end < n:
            out.append(pairs[end])
        start = end + 1
    return out


def _collapse_spaced(pairs: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Join runs of three or more single letters split by separators: "k i l l" -> "kill"."""
    text = "".join(c for c, _ in pairs)
    keep = [True] * len(pairs)
    sep = re.escape(_SEPARATORS)
    run = re.compile(rf"(?<![^\s{sep}])\w(?:[{sep}]{{1,2}}\w){{2,}}(?![^\s{sep}])")
    for m in run.finditer(text):
        for j in range(m.start(), m.end()):
            if text[j] in _SEPARATORS:
                keep[j] = False
    return [p for p, k in zip(pairs, keep, strict=True) if k]


@lru_cache(maxsize=32)
def fold(text: str) -> MappedText:
    """Return the matching form of `text`: normalised, accents stripped, look-alikes folded,
    leetspeak folded inside words and spaced-out letters joined.

    Only for matching: never show the folded text to anyone.
    """
    base = normalize(text)
    pairs = list(zip(base.text, base.origin, strict=True))
    pairs = _strip_accents(pairs)
    pairs = _fold_confusables(pairs)
    pairs = _fold_leet(pairs)
    pairs = _collapse_spaced(pairs)
    return _rebuild(pairs, len(text))


def has_mixed_script(text: str) -> bool:
    """Return True when a single word mixes Latin letters with Cyrillic or Greek ones."""
    for word in text.split():
        scripts = set()
        for c in word:
            if c.isalpha():
                name = unicodedata.name(c, "")
                scripts.add(name.split(" ")[0])
        if "LATIN" in scripts and scripts & {"CYRILLIC", "GREEK"}:
            return True
    return False
