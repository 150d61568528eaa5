"""Kind, templated replies sent to an author whose held content was not published.

A moderator picks one, may cite a clause of the group agreement and add a short note. The
replies never say which words were flagged or by whom: they explain, and invite the author back.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

REJECT_LABELS = {
    "personal_details": gettext_lazy("Shared personal details"),
    "group_agreement": gettext_lazy("Does not fit the group agreement"),
    "crisis": gettext_lazy("The author may be in crisis"),
    "other": gettext_lazy("Something else"),
}

# Each takes the cited clause number (or None) and returns the reply in the active language.
REJECT_TEMPLATES: dict[str, Callable[[int | None], str]] = {
    "personal_details": lambda clause: _(
        "Your post wasn't published because it shared personal details that could identify "
        "you or someone else. You're welcome to post again without them."
    ),
    "group_agreement": lambda clause: (
        _(
            "Your post wasn't published because it didn't fit clause %(clause)s of the group "
            "agreement. You're welcome to post again in a way that does."
        )
        % {"clause": clause}
    ),
    "crisis": lambda clause: _(
        "Your post wasn't published in the group, because it sounded like you may be going "
        "through something very hard right now. A facilitator will be in touch with you soon. "
        "If you are in danger now, please use the crisis contacts on this page."
    ),
    "other": lambda clause: _(
        "Your post wasn't published this time. You're welcome to post again, and to talk to a "
        "facilitator if you'd like to know more."
    ),
}
# Templates that cannot be sent without naming a clause.
NEEDS_CLAUSE = frozenset({"group_agreement"})


def reject_message(template: str, clause: int | None, note: str | None) -> str:
    """Return the reply to the author: the template, a cited clause, then the moderator's note.

    `template` must be a key of REJECT_TEMPLATES and `clause` given when it needs one.
    """
    message = REJECT_TEMPLATES[template](clause)
    if clause is not None and template not in NEEDS_CLAUSE:
        message += " " + _("See clause %(clause)s of the group agreement.") % {"clause": clause}
    if note:
        message += "\n\n" + note
    return message
