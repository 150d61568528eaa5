"""Raise, deliver, escalate and acknowledge alerts; keep cases. Every staff step is audited.

An alert is written (with its case) in the caller's transaction before anything else happens,
so it can never be lost; delivery runs after commit, and the sweep task re-delivers and
escalates anything unacknowledged past its deadline, even after a crash or restart.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.accounts.models import Organisation, User
from hearth.audit.actions import record
from hearth.groups.models import Group, Membership
from hearth.realtime.events import send_event_on_commit, user_group
from hearth.safety import notifier
from hearth.safety.models import Alert, Case, CaseNote, Duty


def _responders(organisation_id: UUID, group: Group | None, step: int) -> tuple[list[User], int]:
    """Return who should be told at an escalation step, and the step actually reached."""
    staff = User.objects.filter(organisation_id=organisation_id, is_active=True)
    available = staff.filter(duty__on_duty=True, duty__stepping_away=False)
    if step == Alert.Step.FACILITATORS:
        facilitators = available.filter(
            memberships__group=group,
            memberships__role=Membership.Role.FACILITATOR,
            memberships__status=Membership.Status.ACTIVE,
        )
        chosen = list(facilitators) if group is not None else []
        if chosen:
            return chosen, step
        # Nobody of the group is on duty: go straight to the rota.
        step = Alert.Step.NEXT_RESPONDER
    if step == Alert.Step.NEXT_RESPONDER:
        chosen = list(available.filter(role__in=[User.Role.FACILITATOR, User.Role.ADMIN]))
        if chosen:
            return chosen, step
    return list(staff.filter(role=User.Role.ADMIN)), Alert.Step.ADMINS


def _deliver(alert: Alert, people: list[User]) -> None:
    alert.recipients.add(*people)
    link = f"/safety/alerts/{alert.id}/"
    send_event_on_commit(
        [user_group(p.id) for p in people],
        # Discreet: no group name, no member, no words; the page shows the rest to staff.
        {"type": "notify", "payload": {"type": "alert", "id": str(alert.id), "link": link}},
    )
    transaction.on_commit(lambda: notifier.notify_outside_soon(settings.HEARTH_SITE_URL + link))


def do_raise_alert(
    organisation: Organisation,
    group: Group | None,
    subject: User | None,
    kind: str,
    source: str,
    categories: list[str] | None = None,
) -> Alert:
    """Record an alert and its case, and tell the responders once the transaction commits."""
    with transaction.atomic():
        case = Case.objects.create(organisation=organisation, group=group, subject=subject)
        alert = Alert.objects.create(
            organisation=organisation,
            group=group,
            subject=subject,
            kind=kind,
            source=source,
            categories=categories or [],
            case=case,
            deadline_at=timezone.now() + timedelta(minutes=settings.HEARTH_ALERT_ACK_MINUTES),
        )
        people, alert.step = _responders(organisation.id, group, Alert.Step.FACILITATORS)
        alert.save(update_fields=["step"])
        _deliver(alert, people)
        record(
            "safety.alert_raised",
            organisation_id=organisation.id,
            target_type="alert",
            target_id=str(alert.id),
            details={"kind": kind, "source": source},
        )
    return alert


def check_raise_safety_signal(user: User, group: Group, source: str = "button") -> Alert:
    """A member signals they cannot talk safely: alert staff, change nothing they can see."""
    return do_raise_alert(group.organisation, group, user, Alert.Kind.SAFETY_SIGNAL, source)


def escalate_overdue(now: datetime | None = None) -> int:
    """Escalate every unacknowledged alert past its deadline by one step; return how many."""
    now = now or timezone.now()
    moved = 0
    overdue = Alert.objects.filter(acknowledged_at__isnull=True, deadline_at__lte=now)
    for alert_id in overdue.values_list("id", flat=True):
        with transaction.atomic():
            alert = Alert.objects.select_for_update().get(id=alert_id)
            if alert.acknowledged_at or alert.deadline_at > now:
                continue
            people, alert.step = _responders(
                alert.organisation_id, alert.group, min(alert.step + 1, Alert.Step.ADMINS)
            )
            alert.deadline_at = now + timedelta(minutes=settings.HEARTH_ALERT_ACK_MINUTES)
            alert.save(update_fields=["step", "deadline_at"])
            # At the last step the admins are told again each period until someone answers.
            _deliver(alert, people)
            record(
                "safety.alert_escalated",
                organisation_id=alert.organisation_id,
                target_type="alert",
                target_id=str(alert.id),
                details={"step": alert.step},
            )
            moved += 1
    return moved


def check_acknowledge_alert(actor: User, alert: Alert) -> None:
    """Claim an alert: the clock stops and the case is assigned (first claim wins)."""
    with transaction.atomic():
        claimed = Alert.objects.filter(id=alert.id, acknowledged_at__isnull=True).update(
            acknowledged_by=actor, acknowledged_at=timezone.now()
        )
        if not claimed:
            raise ValidationError({"__all__": [_("Someone else has already taken this alert.")]})
        Case.objects.filter(id=alert.case_id, assignee__isnull=True).update(assignee=actor)
        record(
            "safety.alert_acknowledged",
            actor_id=actor.id,
            organisation_id=alert.organisation_id,
            target_type="alert",
            target_id=str(alert.id),
        )


def check_add_case_note(actor: User, case: Case, text: str) -> CaseNote:
    text = text.strip()
    if not text or len(text) > 10_000:
        raise ValidationError({"text": [_("Write a note of up to 10,000 characters.")]})
    with transaction.atomic():
        note = CaseNote(case=case, author=actor)
        note.text = text
        note.save()
        record(
            "safety.case_note_added",
            actor_id=actor.id,
            organisation_id=case.organisation_id,
            target_type="case",
            target_id=str(case.id),
        )
    return note


def check_close_case(actor: User, case: Case, outcome: str) -> None:
    outcome = outcome.strip()
    if not outcome or len(outcome) > 4000:
        raise ValidationError({"outcome": [_("Describe the outcome in up to 4,000 characters.")]})
    if case.status == Case.Status.CLOSED:
        raise ValidationError({"outcome": [_("This case is already closed.")]})
    with transaction.atomic():
        case.outcome = outcome
        case.status = Case.Status.CLOSED
        case.closed_at = timezone.now()
        case.save(update_fields=["outcome", "status", "closed_at"])
        record(
            "safety.case_closed",
            actor_id=actor.id,
            organisation_id=case.organisation_id,
            target_type="case",
            target_id=str(case.id),
        )


def do_record_case_viewed(actor: User, case: Case) -> None:
    """Audit that a staff member opened a case's sealed notes."""
    record(
        "safety.case_viewed",
        actor_id=actor.id,
        organisation_id=case.organisation_id,
        target_type="case",
        target_id=str(case.id),
    )


def check_set_duty(actor: User, *, on_duty: bool, stepping_away: bool) -> Duty:
    """Staff go on or off duty, or step away for a while."""
    if not actor.is_staff_role:
        raise ValidationError({"__all__": [_("Only staff take part in the rota.")]})
    duty, _created = Duty.objects.update_or_create(
        user=actor,
        defaults={
            "organisation_id": actor.organisation_id,
            "on_duty": on_duty,
            "stepping_away": stepping_away,
        },
    )
    record(
        "safety.duty_changed",
        actor_id=actor.id,
        organisation_id=actor.organisation_id,
        target_type="user",
        target_id=str(actor.id),
        details={"on_duty": on_duty, "stepping_away": stepping_away},
    )
    return duty
