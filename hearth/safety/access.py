"""Who may see and act on alerts and cases: staff of the group (or organisation admins)."""

from __future__ import annotations

from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from hearth.accounts.models import User
from hearth.groups.models import Membership
from hearth.safety.models import Alert


def is_safeguarding_staff(actor: User) -> bool:
    return actor.is_authenticated and actor.is_staff_role


def filter_alerts_for(actor: User) -> QuerySet[Alert]:
    """Alerts of the actor's organisation: every one for admins, their groups' for others."""
    if not is_safeguarding_staff(actor):
        return Alert.objects.none()
    qs = Alert.objects.filter(organisation_id=actor.organisation_id)
    if actor.role == User.Role.ADMIN:
        return qs
    groups = Membership.objects.filter(
        user=actor, role=Membership.Role.FACILITATOR, status=Membership.Status.ACTIVE
    ).values("group_id")
    # Escalated alerts reach responders outside the group; they may open those they were sent.
    return qs.filter(Q(group_id__in=groups) | Q(recipients=actor)).distinct()


def access_alert(actor: User, alert_id: UUID | str) -> Alert:
    """Return an alert the actor may handle, or raise Http404 (missing or not theirs)."""
    try:
        return filter_alerts_for(actor).select_related("case").get(id=alert_id)
    except (Alert.DoesNotExist, ValueError):
        raise Http404 from None
