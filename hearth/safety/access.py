"""Who may see and act on alerts and cases (staff of the group, or organisation admins), on
held content in the review queue and on members' reports (anyone who can moderate its group),
and whom a member may report or block (fellow members of a group they share); who keeps the
watched words (admins for the organisation, facilitators for their group) and risk levels."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from hearth.accounts.models import User
from hearth.groups.access import GroupAccess, access_group
from hearth.groups.models import Group, Membership
from hearth.safety.models import Alert, Block, Case, Report, ReviewItem, WatchedWordEntry


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
    # Escalated alerts reach responders outside the group; they may open those they were sent,
    # and a case assigned to someone outside the group stays open to them.
    return qs.filter(
        Q(group_id__in=groups) | Q(recipients=actor) | Q(case__assignee=actor)
    ).distinct()


def access_alert(actor: User, alert_id: UUID | str) -> Alert:
    """Return an alert the actor may handle, or raise Http404 (missing or not theirs)."""
    try:
        return filter_alerts_for(actor).select_related("case").get(id=alert_id)
    except (Alert.DoesNotExist, ValueError):
        raise Http404 from None


def access_case(actor: User, case_id: UUID | str) -> Case:
    """Return a case one of whose alerts the actor may handle, or raise Http404."""
    try:
        found = (
            Case.objects.filter(id=case_id, alerts__in=filter_alerts_for(actor).values("id"))
            .select_related("group")
            .first()
        )
    except (ValueError, ValidationError):
        raise Http404 from None
    if found is None:
        raise Http404
    return found


def can_be_assigned_cases(user: User, organisation_id: UUID) -> bool:
    """Return True when `user` is active safeguarding staff of the organisation."""
    return bool(user.is_active and user.is_staff_role and user.organisation_id == organisation_id)


def moderated_groups(actor: User) -> QuerySet[Group]:
    """Return the groups the actor can moderate (GroupAccess.can_moderate, as one query).

    Admins moderate every live group of their organisation; facilitators (still holding a staff
    role) and peer moderators moderate the groups where that is their active membership.
    """
    if not actor.is_authenticated:
        return Group.objects.none()
    groups = Group.objects.filter(organisation_id=actor.organisation_id, archived_at__isnull=True)
    if actor.role == User.Role.ADMIN:
        return groups
    roles = [Membership.Role.PEER_MODERATOR]
    if actor.is_staff_role:
        roles.append(Membership.Role.FACILITATOR)
    return groups.filter(
        memberships__user=actor,
        memberships__status=Membership.Status.ACTIVE,
        memberships__role__in=roles,
    )


def _access_to(actor: User, group: Group) -> GroupAccess:
    """Return the actor's access to a group the caller checked is in their organisation."""
    membership = Membership.objects.filter(
        group=group, user=actor, status=Membership.Status.ACTIVE
    ).first()
    return GroupAccess(group=group, membership=membership, actor=actor)


def can_moderate_group(actor: User, group: Group) -> bool:
    """Return True when the actor may handle the group's held content."""
    if (
        not actor.is_authenticated
        or group.organisation_id != actor.organisation_id
        or group.archived_at is not None
    ):
        return False
    return _access_to(actor, group).can_moderate


def filter_review_items_for(actor: User) -> QuerySet[ReviewItem]:
    """Return review items of the groups the actor can moderate, in their organisation."""
    if not actor.is_authenticated:
        return ReviewItem.objects.none()
    return ReviewItem.objects.filter(
        organisation_id=actor.organisation_id, group__in=moderated_groups(actor).values("id")
    )


def access_review_item(actor: User, item_id: UUID | str) -> ReviewItem:
    """Return a review item the actor may handle, or raise Http404 (missing or not theirs)."""
    try:
        return filter_review_items_for(actor).select_related("group").get(id=item_id)
    except (ReviewItem.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None


def filter_reports_for(actor: User) -> QuerySet[Report]:
    """Return reports of the groups the actor can moderate, except reports about the actor.

    A moderator who is reported never sees the report: it names the reporter.
    """
    if not actor.is_authenticated:
        return Report.objects.none()
    return Report.objects.filter(
        organisation_id=actor.organisation_id, group__in=moderated_groups(actor).values("id")
    ).exclude(subject=actor)


def access_report(actor: User, report_id: UUID | str) -> Report:
    """Return a report the actor may handle, or raise Http404 (missing or not theirs)."""
    try:
        return filter_reports_for(actor).select_related("group").get(id=report_id)
    except (Report.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None


def access_fellow_member(
    actor: User, group_id: UUID | str, membership_id: UUID | str
) -> tuple[GroupAccess, Membership]:
    """Return the actor's access to a group they belong to and another active member of it.

    Raise Http404 when the actor is not an active member (admins outside the group included),
    or the membership is missing, not active, of another group or the actor's own.
    """
    found = access_group(actor, group_id)
    if found.membership is None:
        raise Http404
    try:
        other = (
            Membership.objects.filter(
                id=membership_id, group=found.group, status=Membership.Status.ACTIVE
            )
            .select_related("user")
            .first()
        )
    except (ValueError, ValidationError):
        raise Http404 from None
    if other is None or other.user_id == actor.id:
        raise Http404
    return found, other


def can_be_blocked(membership: Membership) -> bool:
    """Staff cannot be blocked: facilitators must always be able to reach members."""
    return not membership.is_facilitator and not membership.user.is_staff_role


def access_own_block(actor: User, block_id: UUID | str) -> Block:
    """Return one of the actor's own blocks, or raise Http404."""
    try:
        return Block.objects.get(id=block_id, blocker=actor)
    except (Block.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None


def can_manage_watched_words(actor: User, group: Group | None) -> bool:
    """Admins keep the organisation's words; admins and the group's facilitators its own."""
    if not actor.is_authenticated:
        return False
    if actor.role == User.Role.ADMIN:
        return group is None or (
            group.organisation_id == actor.organisation_id and group.archived_at is None
        )
    if group is None or group.organisation_id != actor.organisation_id:
        return False
    return _access_to(actor, group).can_manage


def can_set_risk_levels(actor: User) -> bool:
    """Only organisation admins change what counts as high, medium or low risk."""
    return actor.is_authenticated and actor.role == User.Role.ADMIN


def access_watched_word(
    actor: User, entry_id: UUID | str, group: Group | None, *, any_scope: bool = False
) -> WatchedWordEntry:
    """Return a watched word the actor may change, or raise Http404 (missing or not theirs).

    The word must belong to `group` (None: organisation-wide) unless `any_scope`, which the
    API uses to delete by id alone.
    """
    try:
        entry = (
            WatchedWordEntry.objects.filter(id=entry_id, organisation_id=actor.organisation_id)
            .select_related("group")
            .first()
        )
    except (ValueError, ValidationError):
        raise Http404 from None
    if entry is None:
        raise Http404
    if not any_scope and entry.group_id != (group.id if group is not None else None):
        raise Http404
    if not can_manage_watched_words(actor, entry.group):
        raise Http404
    return entry
