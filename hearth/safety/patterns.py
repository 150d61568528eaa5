"""Notice a member who keeps writing worrying words, when no single message is alarming.

The pipeline judges each message alone, and indirect distress often reads as MEDIUM ("I can't
keep doing this", "nobody would notice"). ML-NOTES: such misses need conversation context.
Each MEDIUM message in a crisis category leaves a `RiskMark` (no words, only group, member,
category and time); `PATTERN_MARKS` of them within `PATTERN_WINDOW` raise one alert to the
group's staff, at most once per window.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from hearth.accounts.models import User
from hearth.groups.models import Group
from hearth.safety.actions import do_raise_alert
from hearth.safety.models import Alert, RiskMark

PATTERN_MARKS = 3
PATTERN_WINDOW = timedelta(hours=24)


def do_note_worry(group: Group, author: User, categories: list[str], source: str) -> Alert | None:
    """Mark one worrying message; return the pattern alert if this mark completes a pattern.

    Call inside the transaction that stores the message (as `do_follow_up` does).
    """
    now = timezone.now()
    since = now - PATTERN_WINDOW
    mine = RiskMark.objects.filter(group=group, user=author)
    mine.filter(at__lt=since).delete()
    RiskMark.objects.bulk_create(
        [RiskMark(group=group, user=author, category=c, at=now) for c in sorted(set(categories))]
    )
    marked = list(mine.filter(at__gte=since).values_list("at", "category"))
    if len({at for at, _category in marked}) < PATTERN_MARKS:
        return None
    already = Alert.objects.filter(
        group=group, subject=author, kind=Alert.Kind.PATTERN, created_at__gte=since
    ).exists()
    if already:
        return None
    categories_seen = sorted({category for _at, category in marked})
    return do_raise_alert(
        group.organisation, group, author, Alert.Kind.PATTERN, source[:20], categories_seen
    )


def purge_old_marks(now: datetime | None = None) -> int:
    """Delete marks older than the window (the hourly sweep); return how many went."""
    cutoff = (now or timezone.now()) - PATTERN_WINDOW
    deleted, _per_model = RiskMark.objects.filter(at__lt=cutoff).delete()
    return deleted
