"""Raise, deliver, escalate and acknowledge alerts; keep cases; hold content for review and
decide it. Every staff step is audited.

An alert is written (with its case) in the caller's transaction before anything else happens,
so it can never be lost; delivery runs after commit, and the sweep task re-delivers and
escalates anything unacknowledged past its deadline, even after a crash or restart.

Held content is claimed before it is handled: a claim is a conditional UPDATE and every
decision re-reads the item under a row lock, so two moderators never both act on one item.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hearth.accounts.models import Organisation, User
from hearth.audit.actions import record
from hearth.groups.models import Group, Membership
from hearth.groups.queries import clauses, current_agreement
from hearth.realtime.events import send_event_on_commit, user_group
from hearth.safety import notifier
from hearth.safety.access import can_moderate_group
from hearth.safety.models import Alert, Case, CaseNote, Duty, ReviewItem
from hearth.safety.review import adapter_for
from hearth.safety.texts import NEEDS_CLAUSE, REJECT_TEMPLATES, reject_message
from hearth.safety.types import LEVELS


def _responders(organisation_id: UUID, group: Group | None, step: int) -> tuple[list[User], int]:
    """Return who should be told at an escalation step, and the step actually reached."""
    staff = User.objects.filter(organisation_id=organisation_id, is_active=True)
    # Only people who still hold a staff role: someone demoted keeps a facilitator membership
    # and a duty row, but can no longer open an alert.
    available = staff.filter(
        duty__on_duty=True,
        duty__stepping_away=False,
        role__in=[User.Role.FACILITATOR, User.Role.ADMIN],
    )
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
        chosen = list(available)
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
    with transaction.atomic():  # who is on duty decides who gets alerts: never unaudited
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


# --- The review queue -------------------------------------------------------------------------

CLAIM_MINUTES = 15  # a claim older than this may be taken over (someone closed the tab)
NOTE_MAX = 1000
REVIEW_OPEN = (ReviewItem.Status.WAITING, ReviewItem.Status.ESCALATED)


def _audit_review(
    action: str, item: ReviewItem, actor_id: UUID | None, details: dict | None = None
) -> None:
    # Ids and codes only: never the words, the reply or anyone's pseudonym.
    record(
        f"safety.{action}",
        actor_id=actor_id,
        organisation_id=item.organisation_id,
        target_type="review_item",
        target_id=str(item.id),
        details=details,
    )


def do_hold_for_review(
    *,
    group: Group,
    author: User,
    kind: str,
    object_id: UUID,
    level: str,
    categories: list[str],
    spans: list[tuple[int, int]],
    reasons: list[str],
    case: Case | None = None,
) -> ReviewItem:
    """Put content in the review queue; call inside the content app's own transaction.

    The content app keeps the words (sealed) and publishes nothing until its registered
    adapter's `approve` is called; only the pointer and the findings are written here.
    `case` is the case the same words opened (a high-risk alert's): the item then shows on
    that case's timeline, and whoever handles the case reaches the words from it.
    """
    adapter_for(kind)  # KeyError now, rather than an item nobody could ever open
    if level not in LEVELS:
        raise ValueError(f"unknown risk level {level!r}")
    with transaction.atomic():
        item = ReviewItem.objects.create(
            organisation_id=group.organisation_id,
            group=group,
            author=author,
            kind=kind,
            object_id=object_id,
            level=level,
            categories=list(categories),
            spans=[[int(start), int(end)] for start, end in spans],
            reasons=list(reasons),
            case=case,
        )
        details = {"kind": kind, "level": level, "categories": list(categories)}
        if case is not None:
            details["case"] = str(case.id)
        _audit_review("review_held", item, author.id, details)
    return item


def _require_moderator(actor: User, item: ReviewItem) -> None:
    if not can_moderate_group(actor, item.group):
        raise ValidationError({"__all__": [_("You cannot moderate this group.")]})


def claim_is_fresh(item: ReviewItem, now: datetime | None = None) -> bool:
    """Return True while someone's claim on the item is younger than CLAIM_MINUTES."""
    cutoff = (now or timezone.now()) - timedelta(minutes=CLAIM_MINUTES)
    return bool(item.claimed_by_id and item.claimed_at and item.claimed_at >= cutoff)


def check_claim_review_item(actor: User, item: ReviewItem) -> None:
    """Take an item to handle it; refuse while someone else's claim is fresh."""
    _require_moderator(actor, item)
    if item.author_id == actor.id:
        raise ValidationError({"__all__": [_("Someone else must review your own words.")]})
    now = timezone.now()
    free = (
        Q(claimed_by__isnull=True)
        | Q(claimed_at__lt=now - timedelta(minutes=CLAIM_MINUTES))
        | Q(claimed_by=actor)
    )
    with transaction.atomic():
        # One conditional UPDATE: of two moderators claiming at once, exactly one row changes.
        taken = ReviewItem.objects.filter(free, id=item.id, status__in=REVIEW_OPEN).update(
            claimed_by=actor, claimed_at=now
        )
        if not taken:
            if ReviewItem.objects.filter(id=item.id, status__in=REVIEW_OPEN).exists():
                raise ValidationError({"__all__": [_("Someone else is handling this.")]})
            raise ValidationError({"__all__": [_("This has already been decided.")]})
        _audit_review("review_claimed", item, actor.id)
    item.claimed_by, item.claimed_at = actor, now


def check_release_review_item(actor: User, item: ReviewItem) -> None:
    """Give an item back to the queue without deciding it."""
    _require_moderator(actor, item)
    with transaction.atomic():
        released = ReviewItem.objects.filter(
            id=item.id, claimed_by=actor, status__in=REVIEW_OPEN
        ).update(claimed_by=None, claimed_at=None)
        if not released:
            raise ValidationError({"__all__": [_("You are not handling this.")]})
        _audit_review("review_released", item, actor.id)
    item.claimed_by, item.claimed_at = None, None


def _lock_claimed(actor: User, item: ReviewItem) -> ReviewItem:
    """Return the item re-read under a row lock, if it is open and the actor holds its claim.

    Call inside a transaction. A claim past CLAIM_MINUTES still counts while nobody took it over.
    """
    locked = ReviewItem.objects.select_for_update().select_related("group").get(id=item.id)
    if locked.status not in REVIEW_OPEN:
        raise ValidationError({"__all__": [_("This has already been decided.")]})
    if locked.claimed_by_id != actor.id:
        if claim_is_fresh(locked):
            raise ValidationError({"__all__": [_("Someone else is handling this.")]})
        raise ValidationError({"__all__": [_("Claim this item before acting on it.")]})
    return locked


def _decide(locked: ReviewItem, actor: User, status: str, fields: tuple[str, ...] = ()) -> None:
    locked.status = status
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at", *fields])


def check_approve_review_item(actor: User, item: ReviewItem, text: str | None) -> None:
    """Publish held content as written (`text` None) or as edited by the moderator."""
    _require_moderator(actor, item)
    if text is not None and not text.strip():
        raise ValidationError({"text": [_("The edited text cannot be empty.")]})
    with transaction.atomic():
        locked = _lock_claimed(actor, item)
        # The content app publishes inside this transaction: if it refuses, nothing is decided.
        adapter_for(locked.kind).approve(locked.object_id, actor, text)
        _decide(locked, actor, ReviewItem.Status.APPROVED)
        _audit_review("review_approved", locked, actor.id, {"edited": text is not None})
    item.status = ReviewItem.Status.APPROVED


def _clause_number(group: Group, clause: str | int | None) -> int | None:
    if clause is None or str(clause).strip() == "":
        return None
    try:
        number = int(str(clause).strip())
    except ValueError:
        number = 0
    numbers = {c.get("number") for c in clauses(current_agreement(group))}
    if number not in numbers:
        raise ValidationError(
            {"clause": [_("The group agreement has no clause with that number.")]}
        )
    return number


def check_reject_review_item(
    actor: User,
    item: ReviewItem,
    template: str,
    clause: str | int | None,
    note: str | None,
) -> None:
    """Keep held content unpublished and send its author a kind, templated reply.

    The reply is built in the author's language, stored sealed on the item and handed to the
    content app, which shows it to the author.
    """
    _require_moderator(actor, item)
    if template not in REJECT_TEMPLATES:
        raise ValidationError({"template": [_("Choose one of the replies.")]})
    number = _clause_number(item.group, clause)
    if template in NEEDS_CLAUSE and number is None:
        raise ValidationError({"clause": [_("Give the number of the clause this goes against.")]})
    note = (note or "").strip() or None
    if note and len(note) > NOTE_MAX:
        raise ValidationError({"note": [_("Keep the note to 1,000 characters.")]})
    author = item.author
    with translation.override(author.language if author else None):
        message = reject_message(template, number, note)
    with transaction.atomic():
        locked = _lock_claimed(actor, item)
        locked.reply = message
        adapter_for(locked.kind).reject(locked.object_id, actor, message)
        _decide(locked, actor, ReviewItem.Status.REJECTED, ("reply",))
        _audit_review(
            "review_rejected",
            locked,
            actor.id,
            {"template": template, "clause": number, "note": note is not None},
        )
    item.status = ReviewItem.Status.REJECTED


def do_open_case(
    actor: User,
    group: Group,
    subject: User | None,
    *,
    kind: str,
    source: str,
    categories: list[str] | None = None,
) -> Case:
    """Open a safeguarding case about `subject` in `group`, raised by a moderator.

    A peer moderator's case pages the on-duty staff like any alert; a facilitator or admin who
    opens it takes the case themselves, so nobody else is paged for it. Call it only after
    checking that the actor moderates the group.
    """
    if not actor.is_staff_role:
        return do_raise_alert(group.organisation, group, subject, kind, source, categories).case
    now = timezone.now()
    with transaction.atomic():
        case = Case.objects.create(
            organisation_id=group.organisation_id, group=group, subject=subject, assignee=actor
        )
        # Acknowledged at once: listed with the alerts (where cases are kept), never paged.
        Alert.objects.create(
            organisation_id=group.organisation_id,
            group=group,
            subject=subject,
            kind=kind,
            source=source,
            categories=categories or [],
            case=case,
            deadline_at=now,
            acknowledged_by=actor,
            acknowledged_at=now,
        )
    return case


def check_escalate_review_item(actor: User, item: ReviewItem) -> Case:
    """Open a safeguarding case about held content; the content stays held.

    A peer moderator's escalation pages the on-duty staff like any alert; a facilitator or
    admin who escalates takes the case themselves, so nobody else is paged for it.
    """
    _require_moderator(actor, item)
    with transaction.atomic():
        locked = _lock_claimed(actor, item)
        # Held with a high-risk alert, the item already belongs to that alert's case.
        if locked.status != ReviewItem.Status.WAITING or locked.case_id is not None:
            raise ValidationError({"__all__": [_("This is already a case.")]})
        case = do_open_case(
            actor,
            locked.group,
            locked.author,
            kind=Alert.Kind.REVIEW,
            source="review",
            categories=list(locked.categories),
        )
        locked.case = case
        locked.status = ReviewItem.Status.ESCALATED
        # The claim ends: whoever handles the case claims the item again to settle it.
        locked.claimed_by, locked.claimed_at = None, None
        locked.save(update_fields=["case", "status", "claimed_by", "claimed_at"])
        _audit_review("review_escalated", locked, actor.id, {"case": str(case.id)})
    item.status, item.case = ReviewItem.Status.ESCALATED, case
    return case


def do_record_review_viewed(actor: User, item: ReviewItem) -> None:
    """Audit that a moderator read a member's held words."""
    _audit_review("review_viewed", item, actor.id)


def _review_responders(item: ReviewItem) -> list[User]:
    """Return on-duty staff, not stepping away, who can moderate the item's group."""
    in_group = Q(
        memberships__group_id=item.group_id, memberships__status=Membership.Status.ACTIVE
    ) & (
        Q(memberships__role=Membership.Role.PEER_MODERATOR)
        | Q(
            memberships__role=Membership.Role.FACILITATOR,
            role__in=[User.Role.FACILITATOR, User.Role.ADMIN],
        )
    )
    people = User.objects.filter(
        organisation_id=item.organisation_id,
        is_active=True,
        duty__on_duty=True,
        duty__stepping_away=False,
    ).filter(Q(role=User.Role.ADMIN) | in_group)
    if item.author_id:
        people = people.exclude(id=item.author_id)
    return list(people.distinct())


def nudge_waiting_reviews(now: datetime | None = None) -> int:
    """Nudge on-duty moderators once about each item waiting too long; return how many.

    An item nobody on duty could hear about is left for a later sweep, so its one nudge is
    not spent on nobody.
    """
    now = now or timezone.now()
    due = ReviewItem.objects.filter(
        status=ReviewItem.Status.WAITING,
        nudged_at__isnull=True,
        created_at__lte=now - timedelta(minutes=settings.HEARTH_REVIEW_NUDGE_MINUTES),
        group__archived_at__isnull=True,
    ).filter(
        # Someone is working on it right now: no need to disturb anyone else.
        Q(claimed_by__isnull=True) | Q(claimed_at__lt=now - timedelta(minutes=CLAIM_MINUTES))
    )
    nudged = 0
    for item in due.only("id", "organisation_id", "group_id", "author_id"):
        people = _review_responders(item)
        if not people:
            continue
        with transaction.atomic():
            # Conditional: two sweeps running at once nudge about an item once.
            if not ReviewItem.objects.filter(id=item.id, nudged_at__isnull=True).update(
                nudged_at=now
            ):
                continue
            send_event_on_commit(
                [user_group(p.id) for p in people],
                # Discreet, like alerts: no group, no member, no words.
                {"type": "notify", "payload": {"type": "review", "link": "/safety/review/"}},
            )
            _audit_review("review_nudged", item, None, {"recipients": len(people)})
        nudged += 1
    return nudged
