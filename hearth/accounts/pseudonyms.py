"""Pseudonym rules and the blind index used to find an account by pseudonym."""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

from hearth.privacy.keys import blind_token

MIN_LENGTH = 3
MAX_LENGTH = 40
_ALLOWED = re.compile(r"^[\w][\w .'\-]*$")


def normalise(pseudonym: str) -> str:
    """Return the pseudonym as it will be shown: NFKC, single spaces, trimmed."""
    return " ".join(unicodedata.normalize("NFKC", pseudonym).split())


def token(pseudonym: str) -> str:
    """Return the blind-index token of a pseudonym (case-insensitive)."""
    return blind_token("pseudonym", normalise(pseudonym).casefold())


def problems(pseudonym: str) -> list[str]:
    """Return why a pseudonym cannot be used; empty when it can."""
    value = normalise(pseudonym)
    if len(value) < MIN_LENGTH or len(value) > MAX_LENGTH:
        return [
            _("A pseudonym is %(min)d to %(max)d characters long.")
            % {"min": MIN_LENGTH, "max": MAX_LENGTH}
        ]
    if not _ALLOWED.match(value) or any(unicodedata.category(c).startswith("C") for c in value):
        return [_("Use letters, numbers, spaces, dots, apostrophes or hyphens.")]
    return []
