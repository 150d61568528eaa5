"""Every write about groups: creating and configuring them, invitations, vetting, consent,
agreements, display names, leaving and removal. Staff actions are audited.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.accounts.models import User
from hearth.audit.actions import record
from hearth.groups import erasure, names, signals, texts
from hearth.groups.access import GroupAccess
from hearth.groups.models import Agreement, Concern, Group, Invitation, JoinRequest, Membership
from hearth.realtime.events import send_event_on_commit, user_group
from hearth.safety.pipeline import assess
from hearth.safety.types import AssessContext, Assessment

MAX_ANSWER = 2000
MAX_QUESTIONS = 10
MAX_INVITE_USES = 500
MAX_INVITE_DAYS = 90


def _audit(
    actor: User,
    action: str,
    group: Group,
    target_type: str = "group",
    target_id: object = None,
    **details: Any,
) -> None:
    record(
        action,
        actor_id=actor.id,
        organisation_id=group.organisation_id,
        target_type=target_type,
        target_id=str(target_id or group.id),
        details={"group": str(group.id), **details},
    )


# --- Groups -------------------------------------------------------------------------------------


@dataclass
class GroupSettings:
    name: str
    discreet_name: str
    purpose: str
    welcome: str = ""
    has_forum: bool = True
    has_chat: bool = False
    has_video: bool = False
    facilitation: str = Group.Facilitation.FACILITATOR_LED
    length: str = Group.Length.ONGOING
    starts_on: date | None = None
    ends_on: date | None = None
    capacity: int = 12
    moderation: str = Group.Moderation.HOLD_FLAGGED
    pre_moderate_first: int = 3
    direct_messages: str = Group.DirectMessages.OFF
    chat_retention_days: int = 0
    forum_retention_days: int = 365
    absence_window_days: int = 14
    crisis_resources: str = ""
    safety_codeword: str = ""
    screening_questions: str = ""
    requires_approval: bool = True


def validate_settings(data: GroupSettings) -> None:
    """Raise ValidationError naming each field whose value cannot be used."""
    errors: dict[str, list[str]] = {}
    if not (data.has_forum or data.has_chat or data.has_video):
        errors["has_forum"] = [_("Choose at least one way for the group to meet.")]
    if data.length == Group.Length.TIME_LIMITED:
        if not data.starts_on or not data.ends_on:
            errors["starts_on"] = [_("A time-limited group needs a start and an end date.")]
        elif data.ends_on < data.starts_on:
            errors["ends_on"] = [_("The end date must be after the start date.")]
    if data.capacity < 1 or data.capacity > 500:
        errors["capacity"] = [_("Capacity is between 1 and 500 members.")]
    if len([q for q in data.screening_questions.splitlines() if q.strip()]) > MAX_QUESTIONS:
        errors["screening_questions"] = [_("Ask at most %(n)d questions.") % {"n": MAX_QUESTIONS}]
    if data.safety_codeword and len(data.safety_codeword.split()) > 3:
        errors["safety_codeword"] = [_("A safety word is one to three ordinary words.")]
    if errors:
        raise ValidationError(errors)


def _apply(group: Group, data: GroupSettings) -> None:
    for key, value in vars(data).items():
        setattr(group, key, value if value != "" else (None if key in _NULLABLE_TEXT else value))


_NULLABLE_TEXT = {"welcome", "crisis_resources", "safety_codeword", "screening_questions"}


def check_create_group(actor: User, data: GroupSettings, *, facilitate: bool) -> Group:
    """Create a group with the default agreement; the creator facilitates it if asked."""
    validate_settings(data)
    with transaction.atomic():
        group = Group(organisation_id=actor.organisation_id)
        _apply(group, data)
        group.save()
        first = do_publish_agreement(
            actor,
            group,
            [{"number": n, "text": text} for n, text in enumerate(texts.default_agreement(), 1)],
        )
        if facilitate:
            membership = do_add_membership(
                group,
                actor,
                role=Membership.Role.FACILITATOR,
                display_name=_free_staff_name(group),
                consent_version=texts.NOTICE_VERSION,
            )
            # Whoever wrote the agreement has accepted it.
            do_accept_agreement(membership, first.version)
        _audit(actor, "group.created", group)
    return group


def check_update_group(actor: User, group: Group, data: GroupSettings) -> None:
    """Change a group's settings (access already checked as manager)."""
    validate_settings(data)
    with transaction.atomic():
        _apply(group, data)
        group.save()
        _audit(actor, "group.settings_changed", group)


# --- Agreement ----------------------------------------------------------------------------------


def do_publish_agreement(actor: User, group: Group, clauses: list[dict[str, Any]]) -> Agreement:
    """Store a new agreement version; every member must accept it before taking part again."""
    latest = group.agreements.order_by("-version").first()
    agreement = Agreement(
        group=group, version=(latest.version + 1 if latest else 1), created_by=actor
    )
    agreement.clauses = json.dumps(clauses, ensure_ascii=False)
    agreement.save()
    send_event_on_commit(
        [user_group(m.user_id) for m in group.memberships.filter(status=Membership.Status.ACTIVE)],
        {"type": "group.changed", "group": str(group.id), "what": "agreement"},
    )
    return agreement


def check_update_agreement(
    actor: User, group: Group, edited: dict[int, str], added: list[str]
) -> Agreement:
    """Publish an edited agreement: clauses keep their numbers; new ones get new numbers.

    `edited` maps existing clause numbers to new text (empty text removes the clause).
    """
    latest = group.agreements.order_by("-version").first()
    current = json.loads(latest.clauses) if latest else []
    highest = max([c["number"] for c in current] + [0])
    clauses = [
        {"number": c["number"], "text": edited.get(c["number"], c["text"]).strip()}
        for c in current
        if edited.get(c["number"], c["text"]).strip()
    ]
    for text in added:
        if text.strip():
            highest += 1
            clauses.append({"number": highest, "text": text.strip()})
    if not clauses:
        raise ValidationError({"clauses": [_("An agreement needs at least one clause.")]})
    if any(len(c["text"]) > 1000 for c in clauses):
        raise ValidationError({"clauses": [_("Each clause is at most 1000 characters.")]})
    if clauses == current:
        raise ValidationError({"clauses": [_("Nothing was changed.")]})
    with transaction.atomic():
        agreement = do_publish_agreement(actor, group, clauses)
        _audit(actor, "group.agreement_changed", group, version=agreement.version)
    return agreement


def do_note_presence(membership: Membership) -> None:
    """Record that a member visited the group (at most once an hour, to keep pages cheap).

    Facilitators use it to see who has been away longer than the agreement's absence window.
    """
    now = timezone.now()
    if membership.last_seen_at and now - membership.last_seen_at < timedelta(hours=1):
        return
    Membership.objects.filter(id=membership.id).update(last_seen_at=now)
    membership.last_seen_at = now


def do_record_outside_read(found: GroupAccess, what: str) -> None:
    """Audit an admin reading a group they are not a member of (its forum, its chat).

    Members trust that staff cannot browse what they share without leaving a record.
    """
    record(
        "group.read_by_admin",
        actor_id=found.actor.id,
        organisation_id=found.group.organisation_id,
        target_type="group",
        target_id=str(found.group.id),
        details={"what": what},
    )


def do_accept_agreement(
    membership: Membership, version: int, *, notice_version: int | None = None
) -> None:
    """Record that a member accepted an agreement version (and, if given, the notice's)."""
    fields: dict[str, int] = {"agreement_version": version}
    if notice_version is not None:
        fields["consent_version"] = notice_version
    Membership.objects.filter(id=membership.id).update(**fields)
    for name, value in fields.items():
        setattr(membership, name, value)


def do_record_staff_read(found: GroupAccess, what: str, shown: int) -> None:
    """Audit staff opening a group's vetting pages, its member list as staff see it, or its
    appeals (sealed reasons and appeals are on that page).

    `what` is a code (`requests`, `concerns`, `members`, `appeals`); `shown` how many rows were
    on the page. Ids and counts only: no names, answers or notes.
    """
    record(
        f"group.{what}_viewed",
        actor_id=found.actor.id,
        organisation_id=found.group.organisation_id,
        target_type="group",
        target_id=str(found.group.id),
        details={"group": str(found.group.id), "shown": shown},
    )


def do_record_removal_reason_viewed(found: GroupAccess, membership: Membership) -> None:
    """Audit staff reading the sealed reason a member was removed for."""
    record(
        "group.removal_reason_viewed",
        actor_id=found.actor.id,
        organisation_id=found.group.organisation_id,
        target_type="membership",
        target_id=str(membership.id),
        details={"group": str(found.group.id)},
    )


# --- Memberships ---------------------------------------------------------------------------------


def check_display_name(
    group: Group,
    name: str,
    *,
    exclude_user: User | None = None,
    staff: bool = False,
    screen: bool = True,
) -> str:
    """Validate a display name for the group and return its uniqueness token.

    `exclude_user` is the person choosing the name (their own current name is no clash).
    With `screen`, the name passes the safeguarding pipeline first (`check_name_is_safe`).
    """
    found = names.problems(name, staff=staff)
    if found:
        raise ValidationError({"display_name": found})
    if screen:
        check_name_is_safe(group, name, person=exclude_user)
    token = names.group_token(group.id, name)
    clash = Membership.objects.filter(
        group=group, display_token=token, status=Membership.Status.ACTIVE
    )
    if exclude_user is not None:
        clash = clash.exclude(user=exclude_user)
    if clash.exists():
        raise ValidationError(
            {
                "display_name": [
                    _("Someone in this group already uses a name like that. Please choose another.")
                ]
            }
        )
    return token


def check_name_is_safe(group: Group, name: str, *, person: User | None) -> None:
    """Refuse a name the safeguarding pipeline flags, with a kind message on `display_name`.

    Refused: contact details or links, a watched word that would block, hold or censor
    content, abuse (medium or above). A name telling of danger (HIGH suicide or self-harm,
    abuse happening now, a threat) or carrying the group's safety word is refused just as
    kindly, and raises the same silent alert as a screening answer (`display_name_flagged`;
    safety writes the alert and its case in one transaction). `person` is who chose the name
    (None: someone still signing up, whose account is not kept when the name is refused).

    The alert commits before the refusal is raised, so call this outside any transaction the
    refusal would roll back (the join page checks the name before it creates the account).
    """
    screened = names.screen(name, group)
    if screened.refusal is None:
        return
    if screened.alert:
        with transaction.atomic():
            signals.display_name_flagged.send(
                sender=Membership, group=group, person=person, assessment=screened.assessment
            )
    # The code lets pages show crisis lines at once for distress (never for the safety word,
    # which must leave the screen unchanged); the message is the same kind refusal.
    code = NAME_IN_DISTRESS if screened.refusal == "distress" else "name_refused"
    raise ValidationError({"display_name": [ValidationError(screened.message, code=code)]})


NAME_IN_DISTRESS = "name_in_distress"


def refused_for_distress(error: ValidationError) -> bool:
    """Return whether a refused display name told of danger (HIGH risk, not the safety word).

    The person who wrote it sees crisis lines for their region at once, as after a post.
    """
    if not hasattr(error, "error_dict"):
        return False
    return any(e.code == NAME_IN_DISTRESS for e in error.error_dict.get("display_name", []))


def _free_staff_name(group: Group) -> str:
    # The sign-in pseudonym would tell members how to reach a staff account's sign-in.
    taken = set(
        group.memberships.filter(status=Membership.Status.ACTIVE).values_list(
            "display_token", flat=True
        )
    )
    return next(n for n in names.staff_names() if names.group_token(group.id, n) not in taken)


def do_add_membership(
    group: Group, user: User, *, role: str, display_name: str, consent_version: int
) -> Membership:
    """Make `user` an active member (reactivating an earlier membership)."""
    token = names.group_token(group.id, display_name)
    membership = Membership.objects.filter(group=group, user=user).first() or Membership(
        group=group, user=user
    )
    membership.role = role
    membership.status = Membership.Status.ACTIVE
    membership.display_name = display_name
    membership.display_token = token
    membership.avatar_seed = membership.avatar_seed or secrets.token_hex(8)
    membership.consent_version = consent_version
    membership.agreement_version = None
    membership.ended_at = None
    membership.save()
    return membership


def check_set_display_name(membership: Membership, name: str) -> None:
    token = check_display_name(
        membership.group,
        name,
        exclude_user=membership.user,
        staff=membership.role == Membership.Role.FACILITATOR,
    )
    membership.display_name = name.strip()
    membership.display_token = token
    try:
        with transaction.atomic():
            membership.save(update_fields=["display_name", "display_token"])
    except IntegrityError:
        raise ValidationError(
            {
                "display_name": [
                    _("Someone in this group already uses a name like that. Please choose another.")
                ]
            }
        ) from None


def _end(membership: Membership, status: str) -> None:
    Membership.objects.filter(id=membership.id).update(status=status, ended_at=timezone.now())
    # Close the person's open sockets for this group at once.
    send_event_on_commit(
        [user_group(membership.user_id)],
        {"type": "membership.ended", "group": str(membership.group_id)},
    )


def do_leave(membership: Membership, *, erase: bool = False) -> int:
    """The member leaves the group, erasing their words if they choose; return how many."""
    with transaction.atomic():
        _end(membership, Membership.Status.LEFT)
        return erasure.erase_member_content(membership.group_id, membership.user_id) if erase else 0


def _check_not_facilitator(actor: User, membership: Membership) -> None:
    # Facilitators are assigned by admins: a co-facilitator must not demote, remove or erase
    # another (the page hides the buttons; the API and a forged form do not).
    if membership.role == Membership.Role.FACILITATOR and actor.role != User.Role.ADMIN:
        raise ValidationError(
            {"membership": [_("Only an admin can change or remove a facilitator.")]}
        )


def check_remove_member(
    actor: User, found_group: Group, membership: Membership, *, erase: bool, reason: str
) -> int:
    """Remove a member, optionally erasing their words; return how many items were erased."""
    if membership.user_id == actor.id:
        raise ValidationError(
            {"membership": [_("You cannot remove yourself; leave the group instead.")]}
        )
    _check_not_facilitator(actor, membership)
    if not reason.strip() or len(reason) > 500:
        raise ValidationError(
            {"reason": [_("Please give a reason (up to 500 characters); staff can read it later.")]}
        )
    with transaction.atomic():
        _end(membership, Membership.Status.REMOVED)
        # Kept sealed with the membership (the audit log holds no free text).
        membership.removal_reason = reason.strip()
        membership.save(update_fields=["removal_reason"])
        erased = erasure.erase_member_content(found_group.id, membership.user_id) if erase else 0
        _audit(
            actor,
            "group.member_removed",
            found_group,
            "membership",
            membership.id,
            erased=erased,
            erase=erase,
        )
    return erased


def check_set_member_role(actor: User, group: Group, membership: Membership, role: str) -> None:
    """Make a member a peer moderator (or back); facilitators are assigned by admins."""
    if role not in (Membership.Role.MEMBER, Membership.Role.PEER_MODERATOR):
        raise ValidationError({"role": [_("Choose member or peer moderator.")]})
    _check_not_facilitator(actor, membership)
    with transaction.atomic():
        Membership.objects.filter(id=membership.id).update(role=role)
        _audit(actor, "group.member_role_changed", group, "membership", membership.id, role=role)
        send_event_on_commit(
            [user_group(membership.user_id)],
            {"type": "group.changed", "group": str(group.id), "what": "role"},
        )


def check_add_facilitator(actor: User, group: Group, person: User) -> Membership:
    """Admins make an organisation facilitator a facilitator of a group."""
    if person.organisation_id != group.organisation_id or person.role not in (
        User.Role.FACILITATOR,
        User.Role.ADMIN,
    ):
        raise ValidationError({"person": [_("Only staff of this organisation can facilitate.")]})
    with transaction.atomic():
        membership = do_add_membership(
            group,
            person,
            role=Membership.Role.FACILITATOR,
            display_name=_free_staff_name(group),
            consent_version=texts.NOTICE_VERSION,
        )
        latest = group.agreements.order_by("-version").first()
        if latest is not None:
            # Facilitators uphold the agreement rather than sign up to it.
            do_accept_agreement(membership, latest.version)
        _audit(actor, "group.facilitator_added", group, "user", person.id)
    return membership


# --- Invitations ----------------------------------------------------------------------------------


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def check_create_invitation(
    actor: User, group: Group, *, kind: str, max_uses: int, days: int
) -> str:
    """Create an invitation link and return its token (shown once, stored hashed)."""
    errors: dict[str, list[str]] = {}
    if not 1 <= max_uses <= MAX_INVITE_USES:
        errors["max_uses"] = [_("Between 1 and %(n)d uses.") % {"n": MAX_INVITE_USES}]
    if not 1 <= days <= MAX_INVITE_DAYS:
        errors["days"] = [_("Between 1 and %(n)d days.") % {"n": MAX_INVITE_DAYS}]
    if kind not in Invitation.Kind.values:
        errors["kind"] = [_("Choose an invitation or a request link.")]
    if errors:
        raise ValidationError(errors)
    raw = secrets.token_urlsafe(24)  # 192 bits
    with transaction.atomic():
        invitation = Invitation.objects.create(
            group=group,
            kind=kind,
            token_hash=token_hash(raw),
            max_uses=max_uses,
            expires_at=timezone.now() + timedelta(days=days),
            created_by=actor,
        )
        _audit(
            actor,
            "group.invitation_created",
            group,
            "invitation",
            invitation.id,
            kind=kind,
            max_uses=max_uses,
            days=days,
        )
    return raw


def do_revoke_invitation(actor: User, group: Group, invitation: Invitation) -> None:
    with transaction.atomic():
        revoked = Invitation.objects.filter(id=invitation.id, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if revoked:
            _audit(actor, "group.invitation_revoked", group, "invitation", invitation.id)


class InvitationProblem(Exception):
    """An invitation that cannot be used, with a message for the person holding it."""


def find_invitation(raw: str) -> Invitation:
    """Return a usable invitation for a token, or raise InvitationProblem saying why."""
    invitation = None
    if raw and len(raw) <= 100:
        invitation = (
            Invitation.objects.select_related("group")
            .filter(token_hash=token_hash(raw), group__archived_at__isnull=True)
            .first()
        )
    if invitation is None:
        raise InvitationProblem(
            _(
                "This link is not valid. Please check it, or ask the person who sent it for a new one."
            )
        )
    if invitation.revoked_at:
        raise InvitationProblem(
            _("This link was withdrawn. Please ask the person who sent it for a new one.")
        )
    if invitation.expires_at <= timezone.now():
        raise InvitationProblem(
            _("This link has expired. Please ask the person who sent it for a new one.")
        )
    if invitation.uses >= invitation.max_uses:
        raise InvitationProblem(
            _("This link has already been used. Please ask the person who sent it for a new one.")
        )
    return invitation


def find_invitation_by_id(invitation_id: UUID | str) -> Invitation:
    """Re-check an invitation kept in the session since its link was opened."""
    invitation = Invitation.objects.select_related("group").filter(id=invitation_id).first()
    if invitation is None:
        raise InvitationProblem(_("This link is not valid."))
    if (
        invitation.revoked_at
        or invitation.expires_at <= timezone.now()
        or invitation.uses >= invitation.max_uses
    ):
        raise InvitationProblem(
            _("This link can no longer be used. Please ask the person who sent it for a new one.")
        )
    return invitation


@dataclass
class JoinOutcome:
    membership: Membership | None = None
    join_request: JoinRequest | None = None


def check_join(
    invitation: Invitation, user: User, *, display_name: str, answers: list[str], consented: bool
) -> JoinOutcome:
    """Use an invitation: ask to join (screening) or join at once when no approval is needed.

    A second submission of the same form returns the existing request instead of a new one.
    """
    group = invitation.group
    errors: dict[str, list[str]] = {}
    if not consented:
        errors["consent"] = [
            _("Please read the notice and agreement and tick the box to continue.")
        ]
    questions = group.questions()
    if len(answers) != len(questions) or any(not a.strip() for a in answers):
        errors["answers"] = [_("Please answer every question, even briefly.")]
    elif any(len(a) > MAX_ANSWER for a in answers):
        errors["answers"] = [_("Each answer is at most %(n)d characters.") % {"n": MAX_ANSWER}]
    try:
        token = check_display_name(group, display_name, exclude_user=user)
    except ValidationError as error:
        errors.update(error.message_dict)
        token = ""
    if user.organisation_id != group.organisation_id:
        errors["__all__"] = [_("This link is for another organisation's group.")]
    if errors:
        raise ValidationError(errors)
    existing = Membership.objects.filter(group=group, user=user).first()
    if existing and existing.status == Membership.Status.ACTIVE:
        return JoinOutcome(membership=existing)
    if existing and existing.status == Membership.Status.REMOVED:
        raise ValidationError(
            {
                "__all__": [
                    _(
                        "This link cannot be used with your account. Please contact the group's facilitator."
                    )
                ]
            }
        )
    with transaction.atomic():
        # Lock the invitation row: two people racing for the last use cannot both get it.
        locked = Invitation.objects.select_for_update().get(id=invitation.id)
        if (
            locked.uses >= locked.max_uses
            or locked.revoked_at
            or locked.expires_at <= timezone.now()
        ):
            raise ValidationError({"__all__": [_("This link can no longer be used.")]})
        open_request = JoinRequest.objects.filter(
            group=group,
            user=user,
            status__in=[JoinRequest.Status.PENDING, JoinRequest.Status.FOLLOW_UP],
        ).first()
        if open_request:
            return JoinOutcome(join_request=open_request)
        Invitation.objects.filter(id=locked.id).update(uses=locked.uses + 1)
        if group.requires_approval or questions or invitation.kind == Invitation.Kind.REQUEST:
            join_request = JoinRequest(
                group=group,
                user=user,
                invitation=locked,
                display_token=token,
                consent_version=texts.NOTICE_VERSION,
            )
            join_request.answers = json.dumps(
                [
                    {"question": q, "answer": a.strip()}
                    for q, a in zip(questions, answers, strict=True)
                ],
                ensure_ascii=False,
            )
            join_request.display_name = display_name.strip()
            assessment = _assess_screening(group, answers)
            join_request.risk_level = assessment.level
            join_request.risk_categories = assessment.categories
            join_request.save()
            if assessment.level == "high" or assessment.silent:
                signals.screening_flagged.send(
                    sender=JoinRequest, join_request=join_request, assessment=assessment
                )
            return JoinOutcome(join_request=join_request)
        _check_capacity(group)
        membership = do_add_membership(
            group,
            user,
            role=Membership.Role.MEMBER,
            display_name=display_name.strip(),
            consent_version=texts.NOTICE_VERSION,
        )
        return JoinOutcome(membership=membership)


def _assess_screening(group: Group, answers: list[str]) -> Assessment:
    """Run the screening answers through the safeguarding pipeline (pure, no database)."""
    context = AssessContext(codeword=group.safety_codeword or None)
    return assess("\n\n".join(a.strip() for a in answers), context)


def _check_capacity(group: Group) -> None:
    # Lock the group row so two approvals cannot both take the last place.
    Group.objects.select_for_update().filter(id=group.id).first()
    members = Membership.objects.filter(
        group=group, status=Membership.Status.ACTIVE, role=Membership.Role.MEMBER
    ).count()
    if members >= group.capacity:
        raise ValidationError({"__all__": [_("This group is full.")]})


# --- Vetting ---------------------------------------------------------------------------------------


def _close_request(join_request: JoinRequest, **fields: Any) -> None:
    # Conditional on the request still being open: two staff deciding at once cannot both win.
    closed = JoinRequest.objects.filter(
        id=join_request.id, status__in=[JoinRequest.Status.PENDING, JoinRequest.Status.FOLLOW_UP]
    ).update(decided_at=timezone.now(), **fields)
    if closed != 1:
        raise ValidationError({"__all__": [_("This request was already decided.")]})


def _decidable(join_request: JoinRequest) -> None:
    if join_request.status not in (JoinRequest.Status.PENDING, JoinRequest.Status.FOLLOW_UP):
        raise ValidationError({"__all__": [_("This request was already decided.")]})


def check_approve_request(actor: User, join_request: JoinRequest) -> Membership:
    """Approve a join request: the person becomes a member (capacity permitting)."""
    _decidable(join_request)
    group = join_request.group
    with transaction.atomic():
        _check_capacity(group)
        try:
            # The name was screened when the person asked to join: only a clash is new.
            check_display_name(group, join_request.display_name, screen=False)
        except ValidationError:
            raise ValidationError(
                {
                    "__all__": [
                        _(
                            "Someone in the group now uses a name like this person's. Ask them for another name with a follow-up question."
                        )
                    ]
                }
            ) from None
        membership = do_add_membership(
            group,
            join_request.user,
            role=Membership.Role.MEMBER,
            display_name=join_request.display_name,
            consent_version=join_request.consent_version,
        )
        _close_request(join_request, status=JoinRequest.Status.APPROVED, decided_by=actor)
        _audit(actor, "group.request_approved", group, "join_request", join_request.id)
    return membership


def check_decline_request(actor: User, join_request: JoinRequest, reason: str) -> None:
    """Decline a join request with one of the kind templated messages."""
    _decidable(join_request)
    if reason not in texts.DECLINE_MESSAGES:
        raise ValidationError({"reason": [_("Choose one of the messages.")]})
    with transaction.atomic():
        _close_request(
            join_request,
            status=JoinRequest.Status.DECLINED,
            decided_by=actor,
            decline_reason=reason,
        )
        _audit(
            actor,
            "group.request_declined",
            join_request.group,
            "join_request",
            join_request.id,
            reason=reason,
        )


def check_ask_follow_up(actor: User, join_request: JoinRequest, question: str) -> None:
    """Ask the person a follow-up question before deciding."""
    _decidable(join_request)
    question = question.strip()
    if not question or len(question) > MAX_ANSWER:
        raise ValidationError(
            {"question": [_("Write a question of up to %(n)d characters.") % {"n": MAX_ANSWER}]}
        )
    with transaction.atomic():
        # Re-read under a lock: a decision taken meanwhile must not be overwritten.
        locked = JoinRequest.objects.select_for_update().get(id=join_request.id)
        _decidable(locked)
        locked.follow_up_question = question
        locked.follow_up_answer = None
        locked.status = JoinRequest.Status.FOLLOW_UP
        locked.save(update_fields=["follow_up_question", "follow_up_answer", "status"])
        join_request.follow_up_question, join_request.status = question, locked.status
        _audit(
            actor, "group.request_follow_up", join_request.group, "join_request", join_request.id
        )


def check_answer_follow_up(join_request: JoinRequest, answer: str) -> None:
    """The person answers the follow-up question; the request waits again."""
    answer = answer.strip()
    if not answer or len(answer) > MAX_ANSWER:
        raise ValidationError(
            {"answer": [_("Write an answer of up to %(n)d characters.") % {"n": MAX_ANSWER}]}
        )
    with transaction.atomic():
        locked = JoinRequest.objects.select_for_update().get(id=join_request.id)
        if locked.status != JoinRequest.Status.FOLLOW_UP:
            raise ValidationError({"answer": [_("There is no question waiting for an answer.")]})
        locked.follow_up_answer = answer
        locked.status = JoinRequest.Status.PENDING
        locked.save(update_fields=["follow_up_answer", "status"])
    join_request.follow_up_answer, join_request.status = answer, locked.status


def do_record_screening_viewed(actor: User, join_request: JoinRequest) -> None:
    """Audit that a staff member opened someone's sealed screening answers."""
    _audit(actor, "group.screening_viewed", join_request.group, "join_request", join_request.id)


def check_add_concern(actor: User, group: Group, text: str) -> Concern:
    text = text.strip()
    if not text or len(text) > MAX_ANSWER:
        raise ValidationError(
            {"text": [_("Write a note of up to %(n)d characters.") % {"n": MAX_ANSWER}]}
        )
    with transaction.atomic():
        concern = Concern(group=group, created_by=actor)
        concern.text = text
        concern.save()
        _audit(actor, "group.concern_added", group, "concern", concern.id)
    return concern


def do_delete_concern(actor: User, group: Group, concern: Concern) -> None:
    with transaction.atomic():
        Concern.objects.filter(id=concern.id, group=group).delete()
        _audit(actor, "group.concern_deleted", group, "concern", concern.id)


# --- Organisation staff -----------------------------------------------------------------------------


def check_set_person_role(actor: User, person: User, role: str) -> None:
    """Admins change someone's organisation role; staff roles require two-step sign-in."""
    if actor.role != User.Role.ADMIN or person.organisation_id != actor.organisation_id:
        raise ValidationError({"person": [_("You cannot change this person's role.")]})
    if person.id == actor.id:
        raise ValidationError({"role": [_("Ask another admin to change your own role.")]})
    if role not in User.Role.values:
        raise ValidationError({"role": [_("Choose a role from the list.")]})
    with transaction.atomic():
        User.objects.filter(id=person.id).update(role=role)
        record(
            "org.role_changed",
            actor_id=actor.id,
            organisation_id=actor.organisation_id,
            target_type="user",
            target_id=str(person.id),
            details={"role": role},
        )
