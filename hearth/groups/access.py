"""Who may see and act on a group. Missing and forbidden answer alike: Http404.

A group is visible to its active members and facilitators, and to its organisation's admins,
who set groups up. Everyone else, including a removed member and anyone from another
organisation, gets exactly what a group that does not exist gets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from uuid import UUID

from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Now
from django.http import Http404
from django.utils import timezone

from hearth.accounts.models import User
from hearth.groups.models import Agreement, Appeal, Group, JoinRequest, Membership, Sanction
from hearth.groups.texts import NOTICE_VERSION
from hearth.lib.prepared import PreparedQuery

# A sanction concerns its member (shown to them, open to appeal) this long after it was issued
# (warnings, removals, bans) or after it ended (mutes and suspensions).
APPEAL_DAYS = 14
TIMED = (Sanction.Kind.MUTE, Sanction.Kind.SUSPEND)


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
    def needs_consent(self) -> bool:
        """True when a member consented to an earlier version of the privacy notice."""
        return self.membership is not None and self.membership.consent_version < NOTICE_VERSION

    @property
    def needs_agreement(self) -> bool:
        """True when a member must accept the current agreement version before taking part.

        Also true while they have not consented to the current privacy notice: the agreement
        page asks for both, so every page and API call that waits for one waits for the other.
        """
        if self.membership is None:
            return False
        if self.needs_consent:
            return True
        if "latest_agreement" in self.membership.__dict__:  # loaded by access_group()
            latest = self.membership.__dict__["latest_agreement"] or 0
        else:
            latest = self.group.agreements.aggregate(v=Max("version"))["v"] or 0
        return (self.membership.agreement_version or 0) < latest

    @property
    def is_muted(self) -> bool:
        return self.membership is not None and is_muted(self.membership)

    @property
    def muted_until(self) -> datetime | None:
        """When the member's mute ends (None while it runs until lifted, or when not muted)."""
        return muted_until(self.membership) if self.is_muted else None  # type: ignore[arg-type]

    @property
    def can_take_part(self) -> bool:
        """An active member who is neither muted nor suspended may post, react, vote and chat."""
        membership = self.membership
        return (
            membership is not None
            and membership.is_active
            and not is_muted(membership)
            and not is_suspended(membership)
        )


def _parse(group_id: UUID | str) -> UUID:
    try:
        return UUID(str(group_id))
    except ValueError:
        raise Http404 from None


def access_group(actor: User, group_id: UUID | str, related: tuple[str, ...] = ()) -> GroupAccess:
    """Return the actor's access to a group they may see, or raise Http404.

    `related` names one-to-one rows a feature app reads on every page, to load with the
    membership (`group__…` paths from the membership; the group's own for an admin outside it).
    """
    if not actor.is_authenticated:
        raise Http404
    gid = _parse(group_id)
    membership = _membership_for_access(related).first(
        group_id=gid, organisation_id=actor.organisation_id, user_id=actor.pk
    )
    if membership is not None:
        if is_suspended(membership):
            # A suspended member gets exactly what an outsider gets; only /my-standing/ opens.
            raise Http404
        return GroupAccess(group=membership.group, membership=membership, actor=actor)
    # An organisation admin sees every group of theirs without being a member.
    if actor.role != User.Role.ADMIN:
        raise Http404
    group_related = [path.removeprefix("group__") for path in related if path.startswith("group__")]
    group = (
        Group.objects.select_related(*group_related)
        .filter(id=gid, organisation_id=actor.organisation_id, archived_at__isnull=True)
        .first()
    )
    if group is None:
        raise Http404
    return GroupAccess(group=group, membership=None, actor=actor)


@lru_cache(maxsize=8)
def _membership_for_access(related: tuple[str, ...]) -> PreparedQuery[Membership]:
    """Return the query of an active membership with its group, sanctions and the agreement
    version to accept (and the `related` rows): one query on every group page and API call,
    compiled once per process (lib/prepared.py)."""
    latest = Agreement.objects.filter(group_id=OuterRef("group_id")).order_by("-version")

    def build(group_id: UUID, organisation_id: UUID, user_id: UUID) -> QuerySet[Membership]:
        return (
            with_sanction_state(Membership.objects.select_related("group", *related))
            .annotate(latest_agreement=Subquery(latest.values("version")[:1]))
            .filter(
                group_id=group_id,
                group__organisation_id=organisation_id,
                group__archived_at__isnull=True,
                user_id=user_id,
                status=Membership.Status.ACTIVE,
            )
            .order_by("pk")[:1]
        )

    return PreparedQuery(build, "group_id", "organisation_id", "user_id")


def access_managed_group(actor: User, group_id: UUID | str) -> GroupAccess:
    """Return access for a facilitator of the group or an admin, or raise Http404."""
    found = access_group(actor, group_id)
    if not found.can_manage:
        raise Http404
    return found


def _managed_membership(found: GroupAccess, membership_id: UUID | str, status: str) -> Membership:
    membership = Membership.objects.filter(
        id=_parse(membership_id), group=found.group, status=status
    ).first()
    if membership is None or not found.can_manage:
        raise Http404
    return membership


def access_membership(found: GroupAccess, membership_id: UUID | str) -> Membership:
    """Return an active membership of the managed group, or raise Http404."""
    return _managed_membership(found, membership_id, Membership.Status.ACTIVE)


def access_removed_membership(found: GroupAccess, membership_id: UUID | str) -> Membership:
    """Return a removed membership of the managed group (its sealed reason), or raise Http404."""
    return _managed_membership(found, membership_id, Membership.Status.REMOVED)


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
    # A suspended member's group leaves every list and search, as access_group() 404s it.
    suspended = Sanction.objects.filter(
        live_sanctions(), kind=Sanction.Kind.SUSPEND, membership__user=actor
    ).values("group_id")
    return qs.filter(memberships__user=actor, memberships__status=Membership.Status.ACTIVE).exclude(
        id__in=suspended
    )


def can_create_group(actor: User) -> bool:
    """Admins and organisation facilitators may start groups."""
    return actor.is_authenticated and actor.role in (User.Role.ADMIN, User.Role.FACILITATOR)


# --- Sanctions -----------------------------------------------------------------------------------


def live_sanctions(now: datetime | Now | None = None) -> Q:
    """Match sanctions in force: not lifted, and without an end or ending in the future."""
    if now is None:
        now = timezone.now()
    return Q(lifted_at__isnull=True) & (Q(ends_at__isnull=True) | Q(ends_at__gt=now))


def with_sanction_state(qs: QuerySet[Membership]) -> QuerySet[Membership]:
    """Annotate each membership with its live mute and suspension, in the same query.

    Every group page and socket frame asks; subqueries keep that at zero extra queries.
    """
    # On the database's clock, so the query means the same whenever it was compiled (see
    # _membership_for_access).
    live = Sanction.objects.filter(live_sanctions(Now()), membership=OuterRef("pk"))
    mutes = live.filter(kind=Sanction.Kind.MUTE)
    return qs.annotate(
        sanction_suspended=Exists(live.filter(kind=Sanction.Kind.SUSPEND)),
        sanction_muted=Exists(mutes),
        # The mute that ends last, an open-ended one first.
        sanction_muted_until=Subquery(
            mutes.order_by(F("ends_at").desc(nulls_first=True)).values("ends_at")[:1]
        ),
    )


def _live_of_kind(membership: Membership, kind: str) -> QuerySet[Sanction]:
    return Sanction.objects.filter(live_sanctions(), membership_id=membership.id, kind=kind)


def is_muted(membership: Membership) -> bool:
    """Return whether a live mute keeps the member from posting, reacting, voting and chatting."""
    if "sanction_muted" in membership.__dict__:
        return bool(membership.__dict__["sanction_muted"])
    return _live_of_kind(membership, Sanction.Kind.MUTE).exists()


def muted_until(membership: Membership) -> datetime | None:
    """Return when the member's last live mute ends (None: until lifted, or not muted)."""
    if "sanction_muted_until" in membership.__dict__:
        return membership.__dict__["sanction_muted_until"]  # type: ignore[no-any-return]
    mute = (
        _live_of_kind(membership, Sanction.Kind.MUTE)
        .order_by(F("ends_at").desc(nulls_first=True))
        .first()
    )
    return mute.ends_at if mute else None


def is_suspended(membership: Membership) -> bool:
    """Return whether a live suspension keeps the member out of the group altogether."""
    if "sanction_suspended" in membership.__dict__:
        return bool(membership.__dict__["sanction_suspended"])
    return _live_of_kind(membership, Sanction.Kind.SUSPEND).exists()


def concerns_member_until(sanction: Sanction) -> datetime | None:
    """Return until when a sanction concerns its member (None: for as long as it runs)."""
    if sanction.kind in TIMED:
        if sanction.ends_at is None:
            return None
        return sanction.ends_at + timedelta(days=APPEAL_DAYS)
    return sanction.created_at + timedelta(days=APPEAL_DAYS)


def concerns_member(sanction: Sanction, now: datetime | None = None) -> bool:
    """Return whether the member still sees the sanction and may appeal it (once)."""
    if sanction.lifted_at is not None:
        return False
    until = concerns_member_until(sanction)
    return until is None or (now or timezone.now()) <= until


def is_in_force(sanction: Sanction, now: datetime | None = None) -> bool:
    """Return whether a mute or suspension still applies, or a warning is still recent."""
    now = now or timezone.now()
    if sanction.lifted_at is not None:
        return False
    if sanction.kind in TIMED:
        return sanction.ends_at is None or sanction.ends_at > now
    return concerns_member(sanction, now)


def access_standing(actor: User, group_id: UUID | str) -> Membership:
    """Return the actor's own membership for their standing page, or raise Http404.

    Open to active members (a suspended one too: it is their way to read the message and
    appeal) and to someone removed or banned by a sanction that still concerns them. Anyone
    else, a removed member without such a sanction included, gets what a missing group gets.
    """
    if not actor.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.filter(
            group_id=_parse(group_id),
            group__organisation_id=actor.organisation_id,
            group__archived_at__isnull=True,
            user=actor,
            status__in=[Membership.Status.ACTIVE, Membership.Status.REMOVED],
        )
        .select_related("group")
        .first()
    )
    if membership is None:
        raise Http404
    if membership.status == Membership.Status.REMOVED and not any(
        concerns_member(s) or _appeal_recently_decided(s)
        for s in membership.sanctions.filter(
            kind__in=[Sanction.Kind.REMOVE, Sanction.Kind.BAN]
        ).select_related("appeal")
    ):
        raise Http404
    return membership


def _appeal_recently_decided(sanction: Sanction) -> bool:
    appeal = getattr(sanction, "appeal", None)
    return bool(
        appeal
        and appeal.decided_at
        and timezone.now() - appeal.decided_at <= timedelta(days=APPEAL_DAYS)
    )


def shown_to_member(sanction: Sanction) -> bool:
    """Return whether the member's standing page lists the sanction (or its appeal's outcome)."""
    return concerns_member(sanction) or _appeal_recently_decided(sanction)


def access_own_sanction(membership: Membership, sanction_id: UUID | str) -> Sanction:
    """Return one of the member's own sanctions, or raise Http404."""
    sanction = Sanction.objects.filter(id=_parse(sanction_id), membership=membership).first()
    if sanction is None:
        raise Http404
    return sanction


def access_sanction(found: GroupAccess, sanction_id: UUID | str) -> Sanction:
    """Return a sanction of the managed group, or raise Http404."""
    sanction = (
        Sanction.objects.filter(id=_parse(sanction_id), group=found.group)
        .select_related("membership")
        .first()
    )
    if sanction is None or not found.can_manage:
        raise Http404
    return sanction


def access_appeal(found: GroupAccess, appeal_id: UUID | str) -> Appeal:
    """Return an appeal in the managed group, or raise Http404."""
    appeal = (
        Appeal.objects.filter(id=_parse(appeal_id), group=found.group)
        .select_related("sanction", "sanction__membership")
        .first()
    )
    if appeal is None or not found.can_manage:
        raise Http404
    return appeal


def can_decide_appeal(actor: User, appeal: Appeal) -> bool:
    """Staff other than the one who issued the sanction decide its appeal."""
    return appeal.sanction.issued_by_id != actor.id
