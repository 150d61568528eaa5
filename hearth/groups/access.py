"""Who may see and act on a group. Missing and forbidden answer alike: Http404.

A group is visible to its active members and facilitators, and to its organisation's admins,
who set groups up. Everyone else, including a removed member and anyone from another
organisation, gets exactly what a group that does not exist gets.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Max, QuerySet
from django.http import Http404

from hearth.accounts.models import User
from hearth.groups.models import Agreement, Group, JoinRequest, Membership


@dataclass(frozen=True)
class GroupAccess:
    group: Group
    membership: Membership | None
    actor: User

    @property
    def is_admin(self) -> bool:
        return self.actor.role == User.Role.ADMIN

    @property
    def can_manage(self) -> bool:
        """Facilitators of the group and organisation admins.

        A group facilitator must also still hold a staff role in the organisation: someone
        demoted to member keeps no group powers (and no longer has two-step sign-in enforced).
        """
        return self.is_admin or bool(
            self.membership and self.membership.is_facilitator and self.actor.is_staff_role
        )

    @property
    def can_moderate(self) -> bool:
        """Managers and the group's peer moderators (limited powers)."""
        return self.can_manage or bool(
            self.membership
            and self.membership.is_active
            and self.membership.role == Membership.Role.PEER_MODERATOR
        )

    @property
    def needs_agreement(self) -> bool:
        """True when a member has not accepted the current agreement version yet."""
        if self.membership is None:
            return False
        latest = Agreement.objects.filter(group=self.group).aggregate(v=Max("version"))["v"] or 0
        return (self.membership.agreement_version or 0) < latest


def _parse(group_id: UUID | str) -> UUID:
    try:
        return UUID(str(group_id))
    except ValueError:
        raise Http404 from None


def access_group(actor: User, group_id: UUID | str) -> GroupAccess:
    """Return the actor's access to a group they may see, or raise Http404."""
    if not actor.is_authenticated:
        raise Http404
    group = Group.objects.filter(
        id=_parse(group_id), organisation_id=actor.organisation_id, archived_at__isnull=True
    ).first()
    if group is None:
        raise Http404
    membership = Membership.objects.filter(
        group=group, user=actor, status=Membership.Status.ACTIVE
    ).first()
    if membership is None and actor.role != User.Role.ADMIN:
        raise Http404
    return GroupAccess(group=group, membership=membership, actor=actor)


def access_managed_group(actor: User, group_id: UUID | str) -> GroupAccess:
    """Return access for a facilitator of the group or an admin, or raise Http404."""
    found = access_group(actor, group_id)
    if not found.can_manage:
        raise Http404
    return found


def access_membership(found: GroupAccess, membership_id: UUID | str) -> Membership:
    """Return an active membership of the managed group, or raise Http404."""
    membership = Membership.objects.filter(
        id=_parse(membership_id), group=found.group, status=Membership.Status.ACTIVE
    ).first()
    if membership is None or not found.can_manage:
        raise Http404
    return membership


def access_join_request(found: GroupAccess, request_id: UUID | str) -> JoinRequest:
    """Return a join request of the managed group, or raise Http404."""
    join_request = JoinRequest.objects.filter(id=_parse(request_id), group=found.group).first()
    if join_request is None or not found.can_manage:
        raise Http404
    return join_request


def access_own_join_request(actor: User, request_id: UUID | str) -> JoinRequest:
    """Return one of the actor's own join requests, or raise Http404."""
    join_request = JoinRequest.objects.filter(id=_parse(request_id), user=actor).first()
    if join_request is None:
        raise Http404
    return join_request


def filter_groups_for(actor: User, qs: QuerySet[Group] | None = None) -> QuerySet[Group]:
    """Return the groups the actor may see."""
    qs = (qs if qs is not None else Group.objects.all()).filter(
        organisation_id=actor.organisation_id, archived_at__isnull=True
    )
    if actor.role == User.Role.ADMIN:
        return qs
    return qs.filter(memberships__user=actor, memberships__status=Membership.Status.ACTIVE)


def can_create_group(actor: User) -> bool:
    """Admins and organisation facilitators may start groups."""
    return actor.is_authenticated and actor.role in (User.Role.ADMIN, User.Role.FACILITATOR)
