"""Read-only selectors for safeguarding pages."""

from __future__ import annotations

from django.db.models import F, QuerySet

from hearth.groups.models import Membership
from hearth.safety.models import Alert, Case


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
