"""Read-only selectors for safeguarding pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.db.models import Case as SqlCase
from django.db.models import F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.accounts.models import User
from hearth.groups.checkins import get_check_ins_since
from hearth.groups.models import Group, Membership
from hearth.lib.prepared import PreparedQuery
from hearth.safety.models import Alert, Block, Case, CaseNote, Report, ReviewItem


def get_open_alerts(qs: QuerySet[Alert]) -> QuerySet[Alert]:
    """Open cases' alerts: unclaimed first, newest first."""
    return (
        qs.filter(case__status=Case.Status.OPEN)
        .select_related("group", "acknowledged_by")
        # Unclaimed first on every database (SQLite sorts NULLs last when descending).
        .order_by(F("acknowledged_at").desc(nulls_first=True), "-created_at")
    )


def subject_display_name(alert: Alert) -> str | None:
    """Return the member's name in the alert's group (never their sign-in pseudonym)."""
    membership = Membership.objects.filter(group=alert.group_id, user=alert.subject_id).first()
    return membership.display_name if membership else None


# Highest risk first: the level codes do not sort by severity as text.
_RISK_RANK = SqlCase(
    When(level="high", then=Value(3)),
    When(level="medium", then=Value(2)),
    When(level="low", then=Value(1)),
    default=Value(0),
    output_field=IntegerField(),
)


def get_waiting_review_items(qs: QuerySet[ReviewItem]) -> QuerySet[ReviewItem]:
    """Items waiting for a decision: highest risk first, then oldest (the (status, group) index)."""
    return (
        qs.filter(status=ReviewItem.Status.WAITING)
        .select_related("group")
        .annotate(risk_rank=_RISK_RANK)
        .order_by("-risk_rank", "created_at")
    )


def get_escalated_review_items(qs: QuerySet[ReviewItem]) -> QuerySet[ReviewItem]:
    """Items escalated to a case whose content is still held, oldest first."""
    return (
        qs.filter(status=ReviewItem.Status.ESCALATED).select_related("group").order_by("created_at")
    )


def get_author_history(item: ReviewItem, limit: int = 5) -> list[ReviewItem]:
    """Return the author's last `limit` other review items in the same group (no words)."""
    if item.author_id is None:
        return []
    return list(
        ReviewItem.objects.filter(group_id=item.group_id, author_id=item.author_id)
        .exclude(id=item.id)
        .only("id", "level", "status", "created_at", "organisation_id")
        .order_by("-created_at")[:limit]
    )


def display_names(pairs: set[tuple[Any, Any]]) -> dict[tuple[Any, Any], str]:
    """Return the names people use in groups, keyed by (group id, user id), in one query.

    Staff pages name people by their name in the group, never by their sign-in pseudonym.
    """
    if not pairs:
        return {}
    groups = {g for g, _u in pairs}
    users = {u for _g, u in pairs}
    found = Membership.objects.filter(group_id__in=groups, user_id__in=users)
    return {
        (m.group_id, m.user_id): m.display_name for m in found if (m.group_id, m.user_id) in pairs
    }


def get_open_reports(qs: QuerySet[Report]) -> QuerySet[Report]:
    """Reports waiting for a moderator, longest waiting first (the (status, group) index)."""
    return qs.filter(status=Report.Status.OPEN).select_related("group").order_by("created_at")


def get_my_reports(user: User, limit: int = 100) -> list[Report]:
    """Return the reports a member made, newest first (for their own "Your reports" page)."""
    return list(
        Report.objects.filter(reporter=user).select_related("group").order_by("-created_at")[:limit]
    )


def has_unseen_handled_reports(user: User, group: Group) -> bool:
    """Return True when a report the member made in the group was handled since they looked."""
    return Report.objects.filter(
        reporter=user,
        group=group,
        status=Report.Status.HANDLED,
        reporter_seen_at__isnull=True,
    ).exists()


def get_blocked_user_ids(user: User) -> set[UUID]:
    """Return the ids of the people `user` has blocked, in one query (empty when signed out)."""
    if not user.is_authenticated:
        return set()
    return {blocked for (blocked,) in _BLOCKED_BY.rows(blocker_id=user.pk)}


# Asked on every thread page and chat frame: compiled once per process (lib/prepared.py).
_BLOCKED_BY: PreparedQuery[Any] = PreparedQuery(
    lambda blocker_id: Block.objects.filter(blocker_id=blocker_id).values_list("blocked_id"),
    "blocker_id",
)


def is_blocked(blocker: User, blocked: User) -> bool:
    """Return True when `blocker` has blocked `blocked` (for contact between members)."""
    return Block.objects.filter(blocker=blocker, blocked=blocked).exists()


def get_my_blocks(user: User) -> list[tuple[Block, str | None]]:
    """Return the member's blocks with the blocked person's name in a group they share.

    The name is None when they no longer share a group; two queries whatever the number.
    """
    blocks = list(Block.objects.filter(blocker=user).order_by("-created_at"))
    mine = Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).values("group_id")
    names: dict[Any, str] = {}
    for membership in Membership.objects.filter(
        user_id__in=[b.blocked_id for b in blocks],
        group_id__in=mine,
        status=Membership.Status.ACTIVE,
    ).order_by("joined_at"):
        names.setdefault(membership.user_id, membership.display_name)
    return [(block, names.get(block.blocked_id)) for block in blocks]


# --- Cases --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckInLine:
    """One check-in message on a case's timeline; `text` only for those who may read it."""

    id: UUID
    from_staff: bool
    membership: Membership  # the member's membership: their conversation with the group's staff
    text: str | None  # None: the reader may see that it was written, not what


@dataclass(frozen=True)
class TimelineEntry:
    """One linked item of a case: `kind` is "alert", "review", "report", "note" or "check_in"."""

    kind: str
    at: datetime
    item: Alert | ReviewItem | Report | CaseNote | CheckInLine
    # Who acknowledged, decided, handled or wrote it (None: nobody yet); for a check-in message,
    # "Facilitator" or the member's name in the group, as the check-in itself shows them.
    by: str | None


_KIND_ORDER = {"alert": 0, "review": 1, "report": 2, "note": 3, "check_in": 4}


def _staff_name(case: Case, user: User | None, names: dict[tuple[Any, Any], str]) -> str | None:
    """Name staff by their name in the case's group, else by pseudonym (staff know each other)."""
    if user is None:
        return None
    return names.get((case.group_id, user.id)) or (user.pseudonym if user.is_staff_role else None)


def _check_in_entries(case: Case, words: bool) -> list[TimelineEntry]:
    """The check-in messages between the case's member and the group's staff since it opened.

    One query. The words are unsealed only with `words` (the caller found the reader manages
    the group and will audit the reading) and while the member is still in the group, as on
    the staff check-in page; otherwise only who wrote and when.
    """
    if case.group_id is None or case.subject_id is None:
        return []
    messages = get_check_ins_since(case.group_id, case.subject_id, case.opened_at)
    if not messages:
        return []
    # One conversation: the member's one membership in the group (unsealed once, not per row).
    membership = messages[0].membership
    readable = words and membership.is_active
    member_name = membership.display_name
    entries = []
    for message in messages:
        line = CheckInLine(
            id=message.id,
            from_staff=message.from_staff,
            membership=membership,
            text=message.text if readable else None,
        )
        # Staff appear as "Facilitator", never by pseudonym, as in the check-in itself.
        who = _("Facilitator") if message.from_staff else member_name
        entries.append(TimelineEntry("check_in", message.created_at, line, who))
    return entries


def get_case_timeline(case: Case, *, check_in_words: bool = False) -> list[TimelineEntry]:
    """Return every item linked to the case in time order, in six queries whatever the number.

    Review items carry their findings only, never the held words; the notes are unsealed for
    the staff member the caller has already let in (and audited). Check-in messages with the
    case's member since the case opened are listed by who and when; their words only with
    `check_in_words`, which the caller sets for staff who may read the member's check-in (and
    then audits with groups.checkins.do_record_check_in_viewed).
    """
    alerts = list(Alert.objects.filter(case=case).select_related("acknowledged_by"))
    items = list(
        ReviewItem.objects.filter(case=case)
        .select_related("decided_by")
        .defer("reply")  # the reply to the author is not part of the timeline
    )
    found_reports = list(
        Report.objects.filter(case=case).select_related("handled_by").defer("note")
    )
    notes = list(CaseNote.objects.filter(case=case).select_related("author"))
    for note in notes:
        note.case = case  # the sealing scope reads the case: no query per note
    people = [a.acknowledged_by for a in alerts] + [i.decided_by for i in items]
    people += [r.handled_by for r in found_reports] + [n.author for n in notes]
    names = display_names({(case.group_id, p.id) for p in people if p is not None})
    entries = [
        TimelineEntry("alert", a.created_at, a, _staff_name(case, a.acknowledged_by, names))
        for a in alerts
    ]
    entries += [
        TimelineEntry("review", i.created_at, i, _staff_name(case, i.decided_by, names))
        for i in items
    ]
    entries += [
        TimelineEntry("report", r.created_at, r, _staff_name(case, r.handled_by, names))
        for r in found_reports
    ]
    entries += [
        TimelineEntry("note", n.created_at, n, _staff_name(case, n.author, names)) for n in notes
    ]
    entries += _check_in_entries(case, check_in_words)
    return sorted(entries, key=lambda e: (e.at, _KIND_ORDER[e.kind]))


def shown_check_ins(timeline: list[TimelineEntry]) -> tuple[Membership | None, int]:
    """Return the member whose check-in words the timeline shows, and how many messages."""
    shown = [
        e.item for e in timeline if isinstance(e.item, CheckInLine) and e.item.text is not None
    ]
    return (shown[0].membership if shown else None), len(shown)


def get_case_alert_id(case: Case) -> UUID | None:
    """Return the id of the case's first alert: the case page lives at its address."""
    found: UUID | None = (
        Alert.objects.filter(case=case).order_by("created_at").values_list("id", flat=True).first()
    )
    return found


def get_case_assignees(case: Case) -> list[tuple[User, str]]:
    """Return the organisation's active safeguarding staff with the name to show, in two queries."""
    staff = list(
        User.objects.filter(
            organisation_id=case.organisation_id,
            is_active=True,
            role__in=[User.Role.FACILITATOR, User.Role.ADMIN],
        ).order_by("created_at")
    )
    names = display_names({(case.group_id, u.id) for u in staff})
    return [(u, _staff_name(case, u, names) or str(u.id)) for u in staff]


def get_follow_ups(alerts: QuerySet[Alert], me: User, today: date | None = None) -> list[Alert]:
    """Return one alert per open case due for follow-up (today or earlier), mine first.

    `alerts` is what the actor may see (access.filter_alerts_for); the case page is reached
    through an alert, so each due case is listed by its earliest alert.
    """
    today = today or timezone.localdate()
    due = (
        alerts.filter(case__status=Case.Status.OPEN, case__follow_up_on__lte=today)
        .select_related("case", "group")
        .annotate(
            mine=SqlCase(
                When(Q(case__assignee=me), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("mine", "case__follow_up_on", "created_at")
    )
    seen: set[UUID] = set()
    rows: list[Alert] = []
    for alert in due[:200]:
        if alert.case_id not in seen:
            seen.add(alert.case_id)
            rows.append(alert)
    return rows
