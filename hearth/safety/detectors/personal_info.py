"""Detect personal information a member may regret sharing: phones, emails, addresses, handles.

MEDIUM by default, with a nudge the author sees before sending. Each check is gated by a cheap
pre-check so ordinary messages cost almost nothing.
"""

from __future__ import annotations

import re

import phonenumbers

from hearth.lib.text import strip_invisible
from hearth.safety.types import AssessContext, Finding

_NAME = "personal_info"
_EMAIL = re.compile(r"\b[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})*\.[a-z]{2,24}\b", re.I)
_DIGITS = re.compile(r"\d")
# The shortest phone numbers people give each other (local numbers) have 7 digits; a shorter
# POSSIBLE match is a year or a count ("2019", "8021"), never worth a nudge.
_MIN_PHONE_DIGITS = 7
_STREET_HINT = re.compile(
    r"\b\d{1,5}[a-z]?\s+(?:[\w'-]+\s+){1,4}(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|"
    r"close|court|ct|way|place|pl|crescent|terrace|boulevard|blvd|gardens|grove|square|sq)\b",
    re.I,
)
_ADDRESS_PHRASE = re.compile(
    r"\b(?:my address is|i live (?:at|on)|come (?:round|over) to|mi direccion es|vivo en la calle)"
    r"\s+[^.!?\n]{3,80}",
    re.I,
)
_HANDLE_PHRASE = re.compile(
    r"\b(?:my |mi )?(?:insta|instagram|ig|snap|snapchat|sc|tiktok|twitter|telegram|discord|"
    r"kik|whatsapp|facebook|fb|usuario|user(?:name)?|handle)(?:\s+(?:is|es|name is)\s+|\s*[:=]\s*)"
    r"@?(?=[\w.]*[a-z])[\w.]{3,30}\b",
    re.I,
)
_AT_HANDLE = re.compile(r"(?<![\w@.])@[a-z0-9_](?:[a-z0-9_.]{2,29})\b", re.I)
_NOT_HANDLE = {"is", "es", "me", "you", "the", "and", "name"}

NUDGES = {
    "phone": "Your message contains a phone number that everyone in the group will see. Remove it?",
    "email": "Your message contains an email address that everyone in the group will see. "
    "Remove it?",
    "address": "Your message seems to contain a home address. Everyone in the group will see "
    "it. Remove it?",
    "handle": "Your message contains a social media name that could identify you outside the "
    "group. Remove it?",
}


def warm(regions: tuple[str, ...] = ("GB", "US", "ES")) -> None:
    """Load phone metadata for `regions` now: first use of a region costs up to ~75 ms."""
    for region in regions:
        list(phonenumbers.PhoneNumberMatcher("call 0123 456 7890", region))


warm()


_LABELS = {
    "phone": "a phone number",
    "email": "an email address",
    "address": "an address",
    "handle": "a social media name",
}


def _finding(kind: str, span: tuple[int, int], score: float = 0.8) -> Finding:
    return Finding(
        _NAME,
        "contact_details",
        "medium",
        score,
        [span],
        f"Shares {_LABELS[kind]}",
        nudge=NUDGES[kind],
    )


class PersonalInfo:
    """Find phones (phonenumbers, leniency POSSIBLE), emails, street addresses and handles."""

    name = _NAME

    def detect(self, text: str, ctx: AssessContext) -> list[Finding]:
        """Return a MEDIUM finding with a nudge per piece of contact information."""
        if len(strip_invisible(text)) != len(text):
            # Spans must index the original: match on a copy with invisibles blanked instead.
            text = "".join(
                " " if c != s else c for c, s in zip(text, _blank_invisible(text), strict=True)
            )
        findings: list[Finding] = []
        taken: list[tuple[int, int]] = []
        for m in _EMAIL.finditer(text):
            findings.append(_finding("email", m.span(), 0.9))
            taken.append(m.span())
        if len(_DIGITS.findall(text)) >= _MIN_PHONE_DIGITS:
            for region in ctx.phone_regions or ("GB",):
                matcher = phonenumbers.PhoneNumberMatcher(
                    text, region, leniency=phonenumbers.Leniency.POSSIBLE, max_tries=50
                )
                for match in matcher:
                    if len(_DIGITS.findall(match.raw_string)) < _MIN_PHONE_DIGITS:
                        continue
                    span = (match.start, match.end)
                    if not any(a <= span[0] < b or span[0] <= a < span[1] for a, b in taken):
                        findings.append(_finding("phone", span, 0.9))
                        taken.append(span)
            if _STREET_HINT.search(text):
                findings.extend(self._addresses(text, taken))
        for m in _ADDRESS_PHRASE.finditer(text):
            if not any(a <= m.start() < b for a, b in taken):
                findings.append(_finding("address", m.span(), 0.7))
                taken.append(m.span())
        for m in list(_HANDLE_PHRASE.finditer(text)) + list(_AT_HANDLE.finditer(text)):
            word = m.group(0).rsplit(None, 1)[-1].lstrip("@:=-").lower()
            if word in _NOT_HANDLE or any(a <= m.start() < b for a, b in taken):
                continue
            findings.append(_finding("handle", m.span(), 0.6))
            taken.append(m.span())
        return findings

    @staticmethod
    def _addresses(text: str, taken: list[tuple[int, int]]) -> list[Finding]:
        import pyap

        out = []
        for country in ("GB", "US", "CA"):
            for addr in pyap.parse(text, country=country):
                full = addr.full_address
                start = text.find(full) if full else -1
                if start < 0:
                    hint = _STREET_HINT.search(text)
                    start, end = hint.span() if hint else (0, len(text))
                else:
                    end = start + len(full)
                if not any(a <= start < b for a, b in taken):
                    out.append(_finding("address", (start, end), 0.8))
                    taken.append((start, end))
            if out:
                break
        if not out:
            hint = _STREET_HINT.search(text)
            if hint and not any(a <= hint.start() < b for a, b in taken):
                out.append(_finding("address", hint.span(), 0.6))
        return out


def _blank_invisible(text: str) -> str:
    keep = set(strip_invisible(text))
    return "".join(c if c in keep else "\0" for c in text)
