"""Pseudonym rules and the blind index used to find an account by pseudonym."""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

from hearth.lib.text import fold
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


# Compared against the name's skeleton (look-alikes, leetspeak and spacing folded away).
_RESERVED = (
    "admin", "administrator", "facilitator", "moderator", "mod", "staff", "hearth", "official",
    "support team", "safeguarding", "therapist", "counsellor", "counselor", "police", "system",
    "facilitador", "facilitadora", "moderador", "moderadora", "administrador", "equipo",
)  # fmt: skip
_RESERVED_SKELETONS = tuple(re.sub(r"[^a-z0-9]", "", word) for word in _RESERVED)


def skeleton(name: str) -> str:
    """Return the name with case, look-alike letters, leetspeak and separators folded away.

    Letters that still look alike once lower-cased ("I" and "l", "rn" and "m", "vv" and "w")
    are folded too, so "WiIlow" and "Willow" share one skeleton.
    """
    folded = re.sub(r"[^a-z0-9]", "", fold(normalise(name)).text)
    return folded.replace("rn", "m").replace("vv", "w").replace("l", "i")


def impersonates_staff(name: str) -> bool:
    """Return True if the name reads as a staff title ("Facilitator", "4dm1n", "Ｓtaff")."""
    words = re.findall(r"[a-z0-9]+", fold(normalise(name)).text)
    whole = "".join(words)
    for word in _RESERVED_SKELETONS:
        if word in words or whole == word:
            return True
        # Long titles also count glued to a name ("FranFacilitator"); short ones would catch
        # ordinary words ("badminton", "Staffordshire").
        if len(word) >= 6 and (whole.startswith(word) or whole.endswith(word)):
            return True
    return False


def problems(pseudonym: str, *, allow_staff_title: bool = False) -> list[str]:
    """Return why a pseudonym cannot be used; empty when it can."""
    value = normalise(pseudonym)
    if len(value) < MIN_LENGTH or len(value) > MAX_LENGTH:
        return [
            _("A pseudonym is %(min)d to %(max)d characters long.")
            % {"min": MIN_LENGTH, "max": MAX_LENGTH}
        ]
    if not _ALLOWED.match(value) or any(unicodedata.category(c).startswith("C") for c in value):
        return [_("Use letters, numbers, spaces, dots, apostrophes or hyphens.")]
    if not allow_staff_title and impersonates_staff(value):
        return [_("This name could be mistaken for a staff member. Please choose another.")]
    return []
