"""Crisis helplines for the region a member chose (hearth.accounts.regions); never located.

The lines live in data/crisis_resources.json with the source of each. Numbers change and a
wrong number in a crisis is worse than none: organisations running Hearth should check every
line for their members before relying on it, and again at least once a year.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

from hearth.accounts.regions import OTHER, REGIONS

__all__ = ["REGIONS", "CrisisLine", "resources_for"]

DATA_FILE = Path(__file__).parent / "data" / "crisis_resources.json"

# The English phrases in the data file, listed so makemessages extracts them; service names
# that are proper nouns stay as written.
_MESSAGES = (
    N_("Any time, day or night"),
    N_("Check the service's opening hours"),
    N_("Emergency services"),
    N_("Your local emergency number"),
    N_("For example 112, 911 or 999"),
    N_("findahelpline.com lists free, confidential helplines in many countries"),
    N_("116 123 (free)"),
    N_("999 or 112"),
    N_("112 or 999"),
    N_("Text SHOUT to 85258"),
    N_("Text HELLO to 50808"),
    N_("Call or text 988"),
    N_("Text HOME to 741741"),
    N_("1-800-668-6868, or text CONNECT to 686868"),
    N_("Call or text 1737"),
    N_("135 (Buenos Aires and Greater Buenos Aires) or 0800 345 1435"),
    N_("192, then option 4"),
    N_("*4141 (from mobiles, free)"),
    N_("131 (ambulance) or 133 (police)"),
)


@dataclass(frozen=True)
class CrisisLine:
    """One helpline as shown to a member, already in the active language."""

    name: str
    contact: str
    hours: str


@cache
def _data() -> dict[str, Any]:
    # Read once per process; the file ships with the code and changes only with a release.
    with DATA_FILE.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def resources_for(region: str | None) -> list[CrisisLine]:
    """Return the helplines for `region`, or the general "other" lines when unset or unknown.

    Never empty: every region, and the fallback, includes an emergency number.
    """
    data = _data()
    code = region if region in REGIONS else OTHER
    lines = data["regions"].get(code) or data["regions"][OTHER]
    hours = data["hours"]
    return [
        CrisisLine(
            name=gettext(line["name"]),
            contact=gettext(line["contact"]),
            hours=gettext(hours.get(line["hours"], line["hours"])),
        )
        for line in lines
    ]
