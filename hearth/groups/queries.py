"""Read-only selectors for groups."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.utils import timezone

from hearth.accounts.models import User
from hearth.groups.models import Agreement, Group, Invitation, JoinRequest, Membership


def current_agreement(group: Group) -> Agreement | None:
    """Return the newest version of the group's agreement."""
    return group.agreements.order_by("-version").first()


def clauses(agreement: Agreement | None) -> list[dict[str, Any]]:
    """Return the agreement's clauses as [{"number": n, "text": ...}]."""
    return json.loads(agreement.clauses) if agreement else []


def get_active_memberships(group: Group) -> QuerySet[Membership]:
    return group.memberships.filter(status=Membership.Status.ACTIVE).order_by("joined_at")


def count_members(group: Group) -> int:
    """Return how many active members (not facilitators) count against capacity."""
    return group.memberships.filter(
        status=Membership.Status.ACTIVE, role=Membership.Role.MEMBER
    ).count()


def get_open_requests(group: Group) -> QuerySet[JoinRequest]:
    return group.join_requests.filter(
        status__in=[JoinRequest.Status.PENDING, JoinRequest.Status.FOLLOW_UP]
    ).order_by("created_at")


def get_invitations(group: Group) -> QuerySet[Invitation]:
    return group.invitations.order_by("-created_at")


def get_own_requests(user: User) -> QuerySet[JoinRequest]:
    return (
        JoinRequest.objects.filter(user=user)
        .exclude(status=JoinRequest.Status.APPROVED)
        .select_related("group")
        .order_by("-created_at")
    )


def get_people(organisation_id: UUID) -> QuerySet[User]:
    return User.objects.filter(organisation_id=organisation_id, is_active=True).order_by(
        "created_at"
    )


def answers(join_request: JoinRequest) -> list[dict[str, str]]:
    """Return the screening answers as [{"question": ..., "answer": ...}]."""
    return json.loads(join_request.answers)


def absent_member_ids(group: Group) -> set[UUID]:
    """Return the members (not staff) away longer than the group's absence window.

    Someone who never came back after joining counts from the day they joined.
    """
    cutoff = timezone.now() - timedelta(days=group.absence_window_days)
    return set(
        group.memberships.filter(status=Membership.Status.ACTIVE, role=Membership.Role.MEMBER)
        .filter(Q(last_seen_at__lt=cutoff) | Q(last_seen_at__isnull=True, joined_at__lt=cutoff))
        .values_list("id", flat=True)
    )
