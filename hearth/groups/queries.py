"""Read-only selectors for groups."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from uuid import UUID

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from hearth.accounts.models import User
from hearth.groups.models import (
    Agreement,
    Appeal,
    CheckInMessage,
    Group,
    Invitation,
    JoinRequest,
    Membership,
    Sanction,
)


def current_agreement(group: Group) -> Agreement | None:
    """Return the newest version of the group's agreement."""
    return group.agreements.order_by("-version").first()


def clauses(agreement: Agreement | None) -> list[dict[str, Any]]:
    """Return the agreement's clauses as [{"number": n, "text": ...}]."""
    return json.loads(agreement.clauses) if agreement else []


def get_active_memberships(group: Group) -> QuerySet[Membership]:
    return group.memberships.filter(status=Membership.Status.ACTIVE).order_by("joined_at")


def get_removed_memberships(group: Group) -> QuerySet[Membership]:
    """Return the people removed from the group, most recently removed first (staff only)."""
    return group.memberships.filter(status=Membership.Status.REMOVED).order_by(
        F("ended_at").desc(nulls_last=True)
    )


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


# --- Sanctions -------------------------------------------------------------------------------------


def get_unlifted_sanctions(group: Group) -> QuerySet[Sanction]:
    """Return the group's sanctions not lifted, newest first (members page, one query)."""
    return group.sanctions.filter(lifted_at__isnull=True).order_by("-created_at")


def get_own_sanctions(membership: Membership) -> QuerySet[Sanction]:
    """Return a member's sanctions with their appeals, newest first."""
    return membership.sanctions.select_related("appeal").order_by("-created_at")


def get_user_sanctions(user: User) -> QuerySet[Sanction]:
    """Return the person's sanctions in any group still standing, with the group."""
    return (
        Sanction.objects.filter(membership__user=user, group__archived_at__isnull=True)
        .exclude(membership__status=Membership.Status.LEFT)
        .select_related("group", "appeal")
        .order_by("-created_at")
    )


def get_open_appeals(group: Group) -> QuerySet[Appeal]:
    return (
        Appeal.objects.filter(group=group, status=Appeal.Status.OPEN)
        .select_related("sanction", "sanction__membership")
        .order_by("created_at")
    )


# --- Check-ins -------------------------------------------------------------------------------------


def get_check_in(membership: Membership) -> QuerySet[CheckInMessage]:
    """Return the member's conversation with staff, oldest first."""
    return membership.check_ins.order_by("created_at")


def count_unread_check_in(membership: Membership) -> int:
    """Return how many staff messages the member has not read yet."""
    return membership.check_ins.filter(from_staff=True, read_at__isnull=True).count()


def groups_with_unread_check_ins(user: User) -> set[UUID]:
    """Return the groups where staff wrote to the person and they have not read it yet."""
    return set(
        CheckInMessage.objects.filter(
            membership__user=user,
            membership__status=Membership.Status.ACTIVE,
            from_staff=True,
            read_at__isnull=True,
        ).values_list("group_id", flat=True)
    )


def memberships_with_unread_replies(group: Group) -> set[UUID]:
    """Return the members whose check-in replies no staff member has opened yet."""
    return set(
        CheckInMessage.objects.filter(group=group, from_staff=False, read_at__isnull=True)
        .values_list("membership_id", flat=True)
        .distinct()
    )
