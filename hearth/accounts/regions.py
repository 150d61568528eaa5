"""The regions a member can pick for crisis helplines (chosen by the member, never located).

Lives in accounts so the account page can offer the choice without importing safety; the
helplines themselves are in hearth/safety/crisis.py.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

OTHER = "other"

# Order shown in the picker; "other" last so the named regions are easy to scan.
REGIONS: dict[str, Promise] = {
    "GB": _("United Kingdom"),
    "IE": _("Ireland"),
    "US": _("United States"),
    "CA": _("Canada"),
    "AU": _("Australia"),
    "NZ": _("New Zealand"),
    "ES": _("Spain"),
    "MX": _("Mexico"),
    "AR": _("Argentina"),
    "CO": _("Colombia"),
    "CL": _("Chile"),
    OTHER: _("Somewhere else"),
}


def is_region(code: str) -> bool:
    """Return True if `code` is one of REGIONS (codes are exact: "GB", not "gb")."""
    return code in REGIONS
