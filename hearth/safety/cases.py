"""Keep a safeguarding case moving: who holds it and when someone looks at it again.

Split from `actions` (which is near the size where DESIGN asks for a new module); the same
rules hold: this is the only code that writes these fields, and every step is audited with ids
and dates, never a note or anyone's name. The caller has already loaded the case through
`access.access_case` or `access.access_alert`, so the actor may handle it.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.accounts.models import User
from hearth.audit.actions import record
from hearth.safety.access import can_be_assigned_cases, is_safeguarding_staff
from hearth.safety.models import Case

# A follow-up further away than this is almost certainly a typing slip (2062 for 2026).
FOLLOW_UP_MAX_DAYS = 366


def _require_open(actor: User, case: Case) -> None:
    if not is_safeguarding_staff(actor) or actor.organisation_id != case.organisation_id:
        raise ValidationError({"__all__": [_("Only safeguarding staff keep cases.")]})
    if case.status != Case.Status.OPEN:
        raise ValidationError({"__all__": [_("This case is closed.")]})


def check_assign_case(actor: User, case: Case, assignee: User | None) -> None:
    """Give the case to a member of the organisation's safeguarding staff (None: nobody).

    The assignee may open the case from then on, even outside the case's group.
    """
    _require_open(actor, case)
    if assignee is not None and not can_be_assigned_cases(assignee, case.organisation_id):
        raise ValidationError(
            {"assignee": [_("Choose a facilitator or admin of this organisation.")]}
        )
    new_id: UUID | None = assignee.id if assignee is not None else None
    with transaction.atomic():
        Case.objects.filter(id=case.id).update(assignee_id=new_id)
        record(
            "safety.case_assigned",
            actor_id=actor.id,
            organisation_id=case.organisation_id,
            target_type="case",
            target_id=str(case.id),
            details={"assignee": str(new_id) if new_id else None},
        )
    case.assignee = assignee


def check_set_follow_up(actor: User, case: Case, when: date | None) -> None:
    """Set the day someone should look at the case again (None clears it); never in the past."""
    _require_open(actor, case)
    if when is not None:
        today = timezone.localdate()
        if when < today:
            raise ValidationError({"follow_up_on": [_("Choose today or a later day.")]})
        if (when - today).days > FOLLOW_UP_MAX_DAYS:
            raise ValidationError({"follow_up_on": [_("Choose a day within the next year.")]})
    with transaction.atomic():
        Case.objects.filter(id=case.id).update(follow_up_on=when)
        record(
            "safety.case_follow_up_set",
            actor_id=actor.id,
            organisation_id=case.organisation_id,
            target_type="case",
            target_id=str(case.id),
            details={"follow_up_on": when.isoformat() if when else None},
        )
    case.follow_up_on = when
