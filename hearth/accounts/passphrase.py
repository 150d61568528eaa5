"""Passphrase rules (NIST SP 800-63B): length and known-bad checks, no composition rules."""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from zxcvbn import zxcvbn

MIN_LENGTH = 15
# Long enough for any real passphrase; longer input is refused, never silently truncated.
MAX_LENGTH = 1024
_BLOCKLIST = Path(__file__).parent / "data" / "common-passphrases.txt"


def normalise(passphrase: str) -> str:
    """Return the NFKC form used both when setting and when checking a passphrase."""
    return unicodedata.normalize("NFKC", passphrase)


@cache
def _blocklist() -> frozenset[str]:
    lines = _BLOCKLIST.read_text(encoding="utf-8").splitlines()
    return frozenset(_squash(line) for line in lines if line.strip() and not line.startswith("#"))


def _squash(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def problems(passphrase: str, *, pseudonym: str = "") -> list[str]:
    """Return the reasons a passphrase is refused; an empty list means it is acceptable."""
    value = normalise(passphrase)
    if any(unicodedata.category(ch) == "Cs" for ch in value) or "\x00" in value:
        return [_("The passphrase contains characters that cannot be used.")]
    if len(value) < MIN_LENGTH:
        return [
            _("Use at least %(min)d characters — a few ordinary words together work well.")
            % {"min": MIN_LENGTH}
        ]
    if len(value) > MAX_LENGTH:
        return [_("Use at most %(max)d characters.") % {"max": MAX_LENGTH}]
    words = value.casefold().split()
    if len(words) > 1 and len(set(words)) == 1:
        return [_("Repeating one word is easy to guess. Use a few different words.")]
    if _squash(value) in _blocklist():
        return [_("This is a well-known phrase that others could guess. Choose another.")]
    if pseudonym and _squash(pseudonym) and _squash(pseudonym) in _squash(value):
        return [_("Do not include your pseudonym in your passphrase.")]
    # zxcvbn refuses more than 72 characters; its verdict on the first 72 is enough.
    result = zxcvbn(value[:72], user_inputs=[pseudonym, "hearth"] if pseudonym else ["hearth"])
    if result["score"] < 3:
        return [_("This passphrase would be easy to guess. Add another unrelated word or two.")]
    return []
