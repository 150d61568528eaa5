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


def strip_invisible(text: str) -> str:
    """Return `text` without zero-width and bidi control characters (no offset map)."""
    return "".join(c for c in text if ord(c) not in _INVISIBLE)


# Work is done on runs of characters, not one character at a time: plain ASCII words are copied
# with str.lower() and their offsets with range(), so only non-ASCII characters cost Python work.
# hearth/lib/tests/test_text.py checks the result against a per-character reference.
_SEGMENTS = re.compile(r"[\x21-\x7e]+|[\x00-\x20\x7f]+|[^\x00-\x7f]")
_ASCII_IRREGULAR = re.compile(r"[\x00-\x1f\x7f]|  |^ | $")  # anything beyond single spaces
_BLANK_CATEGORIES = frozenset(("Cc", "Cs", "Co", "Cn"))


@lru_cache(maxsize=4096)
def _nfkc_casefold(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch).casefold()


@lru_cache(maxsize=32)  # every detector normalises the same text; do the work once
def normalize(text: str) -> MappedText:
    """Return NFKC, casefolded `text` with invisibles removed, controls and runs of space as one.

    This is the light form used for personal information and links, where digits and symbols
    carry meaning and must not be folded.
    """
    n = len(text)
    if text.isascii() and not _ASCII_IRREGULAR.search(text):
        return MappedText(text.lower(), tuple(range(n)), n)
    parts: list[str] = []
    origin: list[int] = []
    prev_space = True  # leading space is dropped
    for m in _SEGMENTS.finditer(text):
        seg = m.group()
        i = m.start()
        first = seg[0]
        if "\x21" <= first <= "\x7e":  # printable ASCII run: NFKC is identity, casefold is lower
            parts.append(seg.lower())
            origin.extend(range(i, m.end()))
            prev_space = False
        elif first < "\x80":  # ASCII spaces and control characters: one space
            if not prev_space:
                parts.append(" ")
                origin.append(i)
                prev_space = True
        elif ord(first) not in _INVISIBLE:  # one non-ASCII character
            for c in _nfkc_casefold(first):
                if c.isspace() or unicodedata.category(c) in _BLANK_CATEGORIES:
                    if prev_space:
                        continue
                    c, prev_space = " ", True
                else:
                    prev_space = False
                parts.append(c)
                origin.append(i)
    out = "".join(parts)
    if out.endswith(" "):
        out = out[:-1]
        origin.pop()
    return MappedText(out, tuple(origin), n)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """Accents stripped, then look-alikes folded, for one (normalised) character."""
    return "".join(
        CONFUSABLES.get(c, c)
        for c in unicodedata.normalize("NFD", ch)
        if unicodedata.category(c) != "Mn"
    )


_NEEDS_CHAR_FOLD = re.compile(r"[^\x00-\x5f\x61-\x7f]")  # non-ASCII, or the backtick
_LEET_CHAR = re.compile("[" + re.escape("".join(LEET)) + "]")
_LEET_TABLE = str.maketrans(LEET)
_TRAILING_CHARS = "".join(_TRAILING)
_SEP = re.escape(_SEPARATORS)
_SPACED_RUN = re.compile(rf"(?<![^\s{_SEP}])\w(?:[{_SEP}]{{1,2}}\w){{2,}}(?![^\s{_SEP}])")
_SEP_CHAR = re.compile(f"[{_SEP}]")


def _fold_chars(text: str, origin: tuple[int, ...]) -> tuple[str, tuple[int, ...]]:
    parts: list[str] = []
    out_origin: list[int] = []
    last = 0
    for m in _NEEDS_CHAR_FOLD.finditer(text):
        p = m.start()
        folded = _fold_char(m.group())
        parts.append(text[last:p])
        out_origin.extend(origin[last:p])
        parts.append(folded)
        out_origin.extend([origin[p]] * len(folded))
        last = p + 1
    if not parts:
        return text, origin
    parts.append(text[last:])
    out_origin.extend(origin[last:])
    return "".join(parts), tuple(out_origin)


def _fold_leet_text(text: str) -> str:
    """Fold leetspeak inside space-separated words holding a letter (one char to one char)."""
    parts: list[str] = []
    last = scanned = 0
    for m in _LEET_CHAR.finditer(text):
        if m.start() < scanned:
            continue  # this word was already handled
        start = text.rfind(" ", 0, m.start()) + 1
        end = text.find(" ", m.start())
        end = len(text) if end == -1 else end
        scanned = end
        token = text[start:end]
        if any(c.isalpha() for c in token):
            body = token.rstrip(_TRAILING_CHARS)  # "help!" is not "helpi"
            parts.append(text[last:start])
            parts.append(body.translate(_LEET_TABLE) + token[len(body) :])
            last = end
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


def _collapse_spaced_text(text: str, origin: tuple[int, ...]) -> tuple[str, tuple[int, ...]]:
    """Join runs of three or more single letters split by separators: "k i l l" -> "kill"."""
    parts: list[str] = []
    out_origin: list[int] = []
    last = 0
    for run in _SPACED_RUN.finditer(text):
        for sep in _SEP_CHAR.finditer(text, run.start(), run.end()):
            parts.append(text[last : sep.start()])
            out_origin.extend(origin[last : sep.start()])
            last = sep.end()
    if not parts:
        return text, origin
    parts.append(text[last:])
    out_origin.extend(origin[last:])
    return "".join(parts), tuple(out_origin)


@lru_cache(maxsize=32)
def fold(text: str) -> MappedText:
    """Return the matching form of `text`: normalised, accents stripped, look-alikes folded,
    leetspeak folded inside words and spaced-out letters joined.

    Only for matching: never show the folded text to anyone.
    """
    base = normalize(text)
    t, origin = _fold_chars(base.text, base.origin)
    t = _fold_leet_text(t)
    t, origin = _collapse_spaced_text(t, origin)
    return MappedText(t, origin, len(text))


def has_mixed_script(text: str) -> bool:
    """Return True when a single word mixes Latin letters with Cyrillic or Greek ones."""
    if text.isascii():
        return False
    for word in text.split():
        if word.isascii():
            continue
        scripts = set()
        for c in word:
            if c.isalpha():
                name = unicodedata.name(c, "")
                scripts.add(name.split(" ")[0])
        if "LATIN" in scripts and scripts & {"CYRILLIC", "GREEK"}:
            return True
    return False
