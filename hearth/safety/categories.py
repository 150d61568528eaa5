"""Readable, translated names for the pipeline's risk categories (the codes stay in storage)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

LABELS = {
    "suicide_self_harm": _("suicide or self-harm"),
    "threat_to_others": _("threat to others"),
    "court_order_breach": _("court order breach"),
    "child_protection": _("child protection"),
    "abuse_in_progress": _("abuse happening now"),
    "domestic_abuse": _("domestic abuse"),
    "harassment": _("harassment"),
    "grooming": _("grooming or contact seeking"),
    "safety_signal": _("safety signal"),
    "legal": _("legal"),
    "medical_advice": _("medical advice"),
    "contact_details": _("contact details"),
    "unsafe_link": _("unsafe link"),
    "watched_word": _("watched word"),
    "profanity": _("profanity"),
    "off_topic": _("off topic"),
}


def labels(codes: Iterable[str]) -> str:
    """Return the categories as a comma-separated, translated phrase."""
    return ", ".join(str(LABELS.get(code, code.replace("_", " "))) for code in codes)
