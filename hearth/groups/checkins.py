"""Check-ins: a private conversation between a group's staff and one member.

The actions layer for check-ins (groups/actions.py holds the rest). Facilitators and admins
write to any active member, typically one away longer than the agreement's absence window; the
member replies in their own conversation only. The member's words go through the safeguarding
pipeline like any other content: high risk or the group's safety word raises a silent alert in
the same transaction, and nothing the member sees changes. Staff actions are audited with ids
only; the words stay sealed in their rows. Real-time notices carry a link, never text.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.audit.actions import record
from hearth.groups import signals
from hearth.groups.access import GroupAccess
from hearth.groups.models import CheckInMessage, Membership
from hearth.realtime.events import send_event_on_commit, user_group
from hearth.safety.pipeline import assess
from hearth.safety.types import AssessContext

MAX_TEXT = 2000


def staff_link(message: CheckInMessage) -> str:
    """Return the staff page of the conversation `message` belongs to."""
    return f"/groups/{message.group_id}/members/{message.membership_id}/check-in/"


def member_link(message: CheckInMessage) -> str:
    """Return the member's own page of the conversation."""
    return f"/groups/{message.group_id}/check-in/"


def _notify(user_ids: list[object], link: str) -> None:
    # Discreet: a type and a link only; the page shows the words to whoever may read them.
    send_event_on_commit(
        [user_group(str(u)) for u in user_ids],
        {"type": "notify", "payload": {"type": "check_in", "link": link}},
    )


def _is_staff_writer(found: GroupAccess, membership: Membership) -> bool:
    if found.can_manage and membership.user_id != found.actor.id:
        # A check-in reaches a member; staff talk to each other elsewhere.
        if membership.role == Membership.Role.FACILITATOR or membership.user.is_staff_role:
            raise ValidationError({"membership": [_("Check-ins are for members, not for staff.")]})
        return True
    if found.membership is not None and found.membership.id == membership.id:
        return False
    raise ValidationError({"__all__": [_("You can only write in your own check-in.")]})


def check_send_check_in(found: GroupAccess, membership: Membership, text: str) -> CheckInMessage:
    """Write in a member's check-in: staff to the member, or the member's reply.

    The caller loaded `membership` through access (active, in `found.group`). A member replies
    only once staff have written. Their words are assessed before staff can read them.
    """
    if membership.group_id != found.group.id or not membership.is_active:
        raise ValidationError({"membership": [_("This person is not in this group.")]})
    from_staff = _is_staff_writer(found, membership)
    text = text.strip()
    if not text or len(text) > MAX_TEXT:
        raise ValidationError(
            {"text": [_("Write between 1 and %(n)d characters.") % {"n": MAX_TEXT}]}
        )
    if not from_staff and not membership.check_ins.filter(from_staff=True).exists():
        raise ValidationError(
            {"__all__": [_("A facilitator starts a check-in; you can reply here when they do.")]}
        )
    message = CheckInMessage(
        group=found.group, membership=membership, author=found.actor, from_staff=from_staff
    )
    message.text = text
    with transaction.atomic():
        message.save()
        if from_staff:
            record(
                "group.check_in_sent",
                actor_id=found.actor.id,
                organisation_id=found.group.organisation_id,
                target_type="check_in",
                target_id=str(message.id),
                details={"group": str(found.group.id), "membership": str(membership.id)},
            )
            _notify([membership.user_id], member_link(message))
        else:
            assessment = assess(text, AssessContext(codeword=found.group.safety_codeword or None))
            if assessment.level == "high" or assessment.silent:
                # Safeguarding writes its alert inside this transaction: never lost, and the
                # member's page looks exactly as it would without it.
                signals.check_in_flagged.send(
                    sender=CheckInMessage, message=message, assessment=assessment
                )
            writers = (
                membership.check_ins.filter(from_staff=True, author__isnull=False)
                .values_list("author_id", flat=True)
                .distinct()
            )
            _notify(list(writers), staff_link(message))
    return message


def do_mark_read(membership: Membership, *, by_member: bool) -> int:
    """Mark the other side's messages in the conversation read; return how many.

    The member reading marks staff messages read (their unread notice clears); staff reading
    mark the member's replies read.
    """
    return membership.check_ins.filter(from_staff=by_member, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def do_record_check_in_viewed(found: GroupAccess, membership: Membership, shown: int) -> None:
    """Audit that staff opened a member's check-in (the member's own words are on it)."""
    record(
        "group.check_in_viewed",
        actor_id=found.actor.id,
        organisation_id=found.group.organisation_id,
        target_type="membership",
        target_id=str(membership.id),
        details={"group": str(found.group.id), "shown": shown},
    )


def get_check_ins_since(group_id: UUID, user_id: UUID, since: datetime) -> list[CheckInMessage]:
    """Return a member's check-in messages in a group written at or after `since`, oldest first.

    Read-only, one query (the membership joined). The words stay sealed until `text` is read:
    callers show them only to staff who manage the group, while the member is active (as the
    staff check-in page does), and audit it with `do_record_check_in_viewed`.
    """
    return list(
        CheckInMessage.objects.filter(
            group_id=group_id, membership__user_id=user_id, created_at__gte=since
        )
        .select_related("membership")
        .order_by("created_at")
    )


def erase_member_check_ins(group_id: UUID, user_id: UUID) -> int:
    """Delete a member's check-in conversation in a group (their words and staff's to them)."""
    count, _deleted = CheckInMessage.objects.filter(
        group_id=group_id, membership__user_id=user_id
    ).delete()
    return count
