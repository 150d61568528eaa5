"""Sanctions and appeals: warn, mute, suspend, remove or ban a member; probation; appeals.

The actions layer for sanctions (groups/actions.py holds the rest). Every action is audited
with ids, kinds and codes only: the reason, the message and the appeal's words stay sealed in
their rows. The member sees the message, never the reason nor who issued it, and an appeal is
decided by a staff member other than the issuer.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.accounts import actions as account_actions
from hearth.accounts.models import User
from hearth.audit.actions import record
from hearth.groups import access, queries
from hearth.groups.access import GroupAccess
from hearth.groups.actions import check_remove_member
from hearth.groups.models import Appeal, Group, Membership, Sanction
from hearth.realtime.events import send_event_on_commit, user_group

MAX_REASON = 1000
MAX_MESSAGE = 1000
MAX_APPEAL = 2000
# A mute or suspension lasts at most a year; longer is a removal.
MAX_MINUTES = 365 * 24 * 60

# What the member reads when staff wrote no message of their own: calm, and no reason given.
DEFAULT_MESSAGES = {
    Sanction.Kind.WARN: gettext_lazy(
        "The facilitators ask you to read the group's agreement again before you next post. "
        "Thank you for helping keep the group safe for everyone."
    ),
    Sanction.Kind.MUTE: gettext_lazy(
        "Posting is paused for you for a while. You can still read the group."
    ),
    Sanction.Kind.SUSPEND: gettext_lazy("Your access to the group is paused for a while."),
    Sanction.Kind.REMOVE: gettext_lazy("You are no longer a member of this group."),
    Sanction.Kind.BAN: gettext_lazy("Your account has been closed by the organisation."),
}


def message_for(sanction: Sanction) -> str:
    """Return what the member reads about a sanction (never the staff's reason)."""
    return sanction.message_to_member or str(DEFAULT_MESSAGES[Sanction.Kind(sanction.kind)])


def _audit(actor: User, action: str, group: Group, target_id: object, **details: Any) -> None:
    record(
        action,
        actor_id=actor.id,
        organisation_id=group.organisation_id,
        target_type="sanction",
        target_id=str(target_id),
        details={"group": str(group.id), **details},
    )


def _tell_member(membership: Membership) -> None:
    # Open pages of the member refresh their notice; no content travels in the event.
    send_event_on_commit(
        [user_group(membership.user_id)],
        {"type": "group.changed", "group": str(membership.group_id), "what": "standing"},
    )


def _check_target(found: GroupAccess, membership: Membership) -> None:
    if not found.can_manage:
        raise ValidationError({"__all__": [_("Only facilitators and admins can do this.")]})
    if membership.group_id != found.group.id:
        raise ValidationError({"membership": [_("This person is not in this group.")]})
    if membership.user_id == found.actor.id:
        raise ValidationError({"membership": [_("You cannot do this to yourself.")]})
    # Staff answer to the organisation, not to a group's sanctions.
    if membership.role == Membership.Role.FACILITATOR or membership.user.is_staff_role:
        raise ValidationError(
            {"membership": [_("Sanctions are for members; talk to an admin about staff.")]}
        )


def _clean(
    found: GroupAccess,
    kind: str,
    reason: str,
    clause: int | None,
    message: str,
    minutes: int | None,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if kind not in Sanction.Kind.values:
        errors["kind"] = [_("Choose warn, mute, suspend, remove or ban.")]
    if not reason.strip() or len(reason) > MAX_REASON:
        errors["reason"] = [
            _("Give a reason (up to %(n)d characters); only staff read it.") % {"n": MAX_REASON}
        ]
    if len(message) > MAX_MESSAGE:
        errors["message"] = [_("The message is at most %(n)d characters.") % {"n": MAX_MESSAGE}]
    if clause is not None:
        numbers = {c["number"] for c in queries.clauses(queries.current_agreement(found.group))}
        if clause not in numbers:
            errors["clause"] = [_("Choose a clause of the group's current agreement.")]
    if minutes is not None:
        if kind not in access.TIMED:
            errors["minutes"] = [_("Only a mute or a suspension lasts for a set time.")]
        elif not 1 <= minutes <= MAX_MINUTES:
            errors["minutes"] = [_("Between one minute and one year.")]
    if kind == Sanction.Kind.BAN and not found.is_admin:
        errors["kind"] = [
            _("Only an admin can ban someone. Remove them from the group, or ask an admin.")
        ]
    return errors


def check_sanction_member(
    found: GroupAccess,
    membership: Membership,
    kind: str,
    reason: str,
    clause: int | None,
    message: str,
    minutes: int | None,
    *,
    erase: bool = False,
) -> Sanction:
    """Sanction a member of the group the actor manages (access already checked).

    warn records and shows the message; mute stops posting, reacting, voting and chatting until
    it ends; suspend closes the group to them and their sockets at once; remove goes through
    the removal action (`erase` as there); ban also closes the account organisation-wide and
    ends its sessions, and only an admin may issue it. `minutes` None means until lifted.
    """
    kind = str(kind)  # an API enum member stores and audits as its plain code
    _check_target(found, membership)
    errors = _clean(found, kind, reason, clause, message, minutes)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    sanction = Sanction(
        group=found.group,
        membership=membership,
        kind=kind,
        clause=clause,
        ends_at=now + timedelta(minutes=minutes) if minutes else None,
        issued_by=found.actor,
    )
    sanction.reason = reason.strip()
    sanction.message_to_member = message.strip() or None
    with transaction.atomic():
        sanction.save()
        if kind == Sanction.Kind.SUSPEND:
            # The same event a removal sends: every socket of theirs in this group closes.
            send_event_on_commit(
                [user_group(membership.user_id)],
                {"type": "membership.ended", "group": str(found.group.id)},
            )
        elif kind in (Sanction.Kind.REMOVE, Sanction.Kind.BAN):
            check_remove_member(
                found.actor, found.group, membership, erase=erase, reason=reason.strip()
            )
        else:
            _tell_member(membership)
        if kind == Sanction.Kind.BAN:
            person = membership.user
            User.objects.filter(id=person.id).update(is_active=False)
            # The admin's "sign out everywhere": cookies stop working, sockets close.
            account_actions.check_end_all_sessions(found.actor, person)
        _audit(
            found.actor,
            "group.sanction_issued",
            found.group,
            sanction.id,
            kind=kind,
            membership=str(membership.id),
            clause=clause,
            minutes=minutes,
        )
    return sanction


def _lift(actor: User, sanction: Sanction) -> None:
    # Conditional: two staff lifting at once lift it once.
    lifted = Sanction.objects.filter(id=sanction.id, lifted_at__isnull=True).update(
        lifted_at=timezone.now(), lifted_by=actor
    )
    if lifted != 1:
        raise ValidationError({"__all__": [_("This sanction was already lifted.")]})
    sanction.lifted_at, sanction.lifted_by = timezone.now(), actor
    membership = sanction.membership
    if sanction.kind == Sanction.Kind.BAN:
        User.objects.filter(id=membership.user_id).update(is_active=True)
    if sanction.kind in (Sanction.Kind.REMOVE, Sanction.Kind.BAN):
        _restore(membership)
    _tell_member(membership)


def _restore(membership: Membership) -> None:
    """Bring a removed member back; if someone took a look-alike name, let them be re-invited."""
    # Read the status from the database: the removal wrote it with an update().
    removed = Membership.objects.filter(id=membership.id, status=Membership.Status.REMOVED)
    try:
        with transaction.atomic():
            removed.update(status=Membership.Status.ACTIVE, ended_at=None)
    except IntegrityError:
        # "Left" rather than "removed": an invitation works for them again.
        removed.update(status=Membership.Status.LEFT)


def check_lift_sanction(found: GroupAccess, sanction: Sanction) -> None:
    """Lift a sanction early (access already checked as manager).

    Lifting a removal or a ban brings the member back; only an admin lifts a ban.
    """
    if not found.can_manage or sanction.group_id != found.group.id:
        raise ValidationError({"__all__": [_("Only facilitators and admins can do this.")]})
    if sanction.kind == Sanction.Kind.BAN and not found.is_admin:
        raise ValidationError({"__all__": [_("Only an admin can lift a ban.")]})
    with transaction.atomic():
        _lift(found.actor, sanction)
        _audit(found.actor, "group.sanction_lifted", found.group, sanction.id, kind=sanction.kind)


def check_set_probation(found: GroupAccess, membership: Membership, on: bool) -> None:
    """Put a member on probation (every post they write waits for review first) or off it."""
    _check_target(found, membership)
    with transaction.atomic():
        Membership.objects.filter(id=membership.id).update(on_probation=on)
        membership.on_probation = on
        record(
            "group.probation_set",
            actor_id=found.actor.id,
            organisation_id=found.group.organisation_id,
            target_type="membership",
            target_id=str(membership.id),
            details={"group": str(found.group.id), "on": on},
        )


def check_appeal_sanction(member: User, sanction: Sanction, text: str) -> Appeal:
    """The sanctioned member appeals, once, while the sanction still concerns them."""
    if sanction.membership.user_id != member.id:
        raise ValidationError({"__all__": [_("Only the person it concerns can appeal.")]})
    text = text.strip()
    if not text or len(text) > MAX_APPEAL:
        raise ValidationError(
            {"text": [_("Write your appeal in up to %(n)d characters.") % {"n": MAX_APPEAL}]}
        )
    if Appeal.objects.filter(sanction=sanction).exists():
        raise ValidationError(
            {"__all__": [_("You have already appealed this. A staff member will reply.")]}
        )
    if not access.concerns_member(sanction):
        raise ValidationError({"__all__": [_("The time for appealing this has passed.")]})
    appeal = Appeal(sanction=sanction, group_id=sanction.group_id)
    appeal.text = text
    try:
        with transaction.atomic():
            appeal.save()
            record(
                "group.sanction_appealed",
                actor_id=member.id,
                organisation_id=member.organisation_id,
                target_type="appeal",
                target_id=str(appeal.id),
                details={"group": str(sanction.group_id), "sanction": str(sanction.id)},
            )
    except IntegrityError:
        # A double submission: the unique sanction keeps it to one appeal.
        raise ValidationError(
            {"__all__": [_("You have already appealed this. A staff member will reply.")]}
        ) from None
    return appeal


def check_decide_appeal(actor: User, appeal: Appeal, upheld: bool, note: str) -> None:
    """Uphold or overturn an appeal; overturning lifts the sanction.

    The caller checked that `actor` manages the group; the issuer never decides their own.
    """
    if not access.can_decide_appeal(actor, appeal):
        raise ValidationError(
            {
                "__all__": [
                    _("You issued this sanction, so another staff member decides the appeal.")
                ]
            }
        )
    note = note.strip()
    if len(note) > MAX_MESSAGE:
        raise ValidationError(
            {"note": [_("The note is at most %(n)d characters.") % {"n": MAX_MESSAGE}]}
        )
    status = Appeal.Status.UPHELD if upheld else Appeal.Status.OVERTURNED
    sanction = appeal.sanction
    with transaction.atomic():
        locked = Appeal.objects.select_for_update().get(id=appeal.id)
        if locked.status != Appeal.Status.OPEN:
            raise ValidationError({"__all__": [_("This appeal was already decided.")]})
        locked.status, locked.decided_by, locked.decided_at = status, actor, timezone.now()
        locked.decision_note = note or None
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        if not upheld and sanction.lifted_at is None:
            _lift(actor, sanction)
        record(
            "group.appeal_decided",
            actor_id=actor.id,
            organisation_id=actor.organisation_id,
            target_type="appeal",
            target_id=str(appeal.id),
            details={"group": str(appeal.group_id), "sanction": str(sanction.id), "status": status},
        )
    appeal.status, appeal.decided_by, appeal.decided_at = status, actor, locked.decided_at
    appeal.decision_note = locked.decision_note
