"""JSON API for groups: settings, agreements, members, invitations, joining, vetting, sanctions.

Mirrors the group pages (hearth.groups.views): the same access functions, the same actions, the
same answers for missing and forbidden (404). Sealed fields leave only for those who may read
them: the safety word and screening questions for managers, screening answers and concerns for
managers deciding a request.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from functools import wraps
from typing import Annotated, Any, Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Router, Schema, Status
from pydantic import Field, StrictBool, model_validator

from hearth.accounts.api import AUTH, Error, Invalid, invalid
from hearth.accounts.models import User
from hearth.groups import access, actions, checkins, queries, sanctions, texts
from hearth.groups.access import GroupAccess
from hearth.groups.models import (
    Appeal,
    CheckInMessage,
    Group,
    Invitation,
    JoinRequest,
    Membership,
    Sanction,
)
from hearth.lib.ratelimit import allow_source

router = Router(tags=["groups"])


class ErrorCode(str, Enum):
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    AGREEMENT_REQUIRED = "agreement_required"
    AGREEMENT_CHANGED = "agreement_changed"
    NOTICE_CHANGED = "notice_changed"
    RATE_LIMITED = "rate_limited"


class AgreementFirst(Exception):
    """The caller has not accepted the group's current agreement yet."""


def replies(view: Callable[..., Any]) -> Callable[..., Any]:
    """Turn an action's ValidationError into 400 and a pending agreement into 403.

    Shared by the group, forum and safety APIs. The wrapper carries the view's signature with
    its annotations resolved where the view was written: django-ninja evaluates string
    annotations in the module of the function it is given, which is this one.
    """

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except ValidationError as error:
            return invalid(error)
        except AgreementFirst:
            return Status(
                403,
                Error(
                    code=ErrorCode.AGREEMENT_REQUIRED,
                    message="Please read and accept the group's current agreement first.",
                ),
            )

    wrapper.__signature__ = inspect.signature(view, eval_str=True)  # type: ignore[attr-defined]
    return wrapper


def caller(request: HttpRequest) -> User:
    """The signed-in person making an API call (the auth classes put them on the request)."""
    return request.auth  # type: ignore[attr-defined,no-any-return]


def _group(
    request: HttpRequest, group_id: UUID, *, manage: bool = False, agreement: bool = True
) -> GroupAccess:
    """Load the group as the pages do: 404 if missing or not the caller's; agreement first."""
    finder = access.access_managed_group if manage else access.access_group
    found = finder(caller(request), group_id)
    if agreement and found.needs_agreement:
        raise AgreementFirst
    return found


def _membership(found: GroupAccess) -> Membership:
    # Admins see every group of their organisation without belonging to it: member-only
    # endpoints answer them as if the group were missing, like the pages do.
    if found.membership is None:
        raise Http404
    return found.membership


ERRORS: dict[int, Any] = {400: Invalid, 403: Error, 404: Error}


# --- Groups -------------------------------------------------------------------------------------

Name = Annotated[str, Field(min_length=1, max_length=120)]
DiscreetName = Annotated[str, Field(min_length=1, max_length=60)]
Purpose = Annotated[str, Field(min_length=1, max_length=2000)]
LongText = Annotated[str, Field(max_length=4000)]
Codeword = Annotated[str, Field(max_length=60)]
Capacity = Annotated[int, Field(ge=1, le=500)]
PreModerate = Annotated[int, Field(ge=0, le=50)]
ChatDays = Annotated[int, Field(ge=0, le=3650)]
ForumDays = Annotated[int, Field(ge=1, le=3650)]
AbsenceDays = Annotated[int, Field(ge=1, le=365)]

# Text settings a group may leave empty; stored as NULL, sent as "" or null.
_NULLABLE = {"welcome", "crisis_resources", "safety_codeword", "screening_questions"}
_OPTIONAL = _NULLABLE | {"starts_on", "ends_on"}


class GroupIn(Schema):
    """A group's settings (as `actions.GroupSettings`); screening questions one per line."""

    name: Name
    discreet_name: DiscreetName
    purpose: Purpose
    welcome: LongText = ""
    has_forum: StrictBool = True
    has_chat: StrictBool = False
    has_video: StrictBool = False
    facilitation: Group.Facilitation = Group.Facilitation.FACILITATOR_LED
    length: Group.Length = Group.Length.ONGOING
    starts_on: date | None = None
    ends_on: date | None = None
    capacity: Capacity = 12
    moderation: Group.Moderation = Group.Moderation.HOLD_FLAGGED
    pre_moderate_first: PreModerate = 3
    direct_messages: Group.DirectMessages = Group.DirectMessages.OFF
    chat_retention_days: ChatDays = 0
    forum_retention_days: ForumDays = 365
    absence_window_days: AbsenceDays = 14
    crisis_resources: LongText = ""
    safety_codeword: Codeword = ""
    screening_questions: LongText = ""
    requires_approval: StrictBool = True


class GroupPatch(Schema):
    """Only the settings to change; null clears an optional text or date."""

    name: Name | None = None
    discreet_name: DiscreetName | None = None
    purpose: Purpose | None = None
    welcome: LongText | None = None
    has_forum: StrictBool | None = None
    has_chat: StrictBool | None = None
    has_video: StrictBool | None = None
    facilitation: Group.Facilitation | None = None
    length: Group.Length | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    capacity: Capacity | None = None
    moderation: Group.Moderation | None = None
    pre_moderate_first: PreModerate | None = None
    direct_messages: Group.DirectMessages | None = None
    chat_retention_days: ChatDays | None = None
    forum_retention_days: ForumDays | None = None
    absence_window_days: AbsenceDays | None = None
    crisis_resources: LongText | None = None
    safety_codeword: Codeword | None = None
    screening_questions: LongText | None = None
    requires_approval: StrictBool | None = None

    @model_validator(mode="after")
    def _no_null_for_required(self) -> GroupPatch:
        nulled = [k for k in self.model_fields_set - _OPTIONAL if getattr(self, k) is None]
        if nulled:
            raise ValueError(f"These settings cannot be null: {', '.join(sorted(nulled))}.")
        return self


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {
        k: ("" if v is None and k in _NULLABLE else v.value if isinstance(v, Enum) else v)
        for k, v in values.items()
    }


def _settings_of(group: Group) -> dict[str, Any]:
    return _plain(
        {f.name: getattr(group, f.name) for f in dataclasses.fields(actions.GroupSettings)}
    )


class GroupSummary(Schema):
    id: UUID
    discreet_name: str
    name: str
    role: str = Field(description="member, peer_moderator, facilitator, or admin (not a member).")


class GroupOut(Schema):
    id: UUID
    name: str
    discreet_name: str
    purpose: str
    welcome: str
    has_forum: bool
    has_chat: bool
    has_video: bool
    facilitation: str
    length: str
    starts_on: date | None
    ends_on: date | None
    capacity: int
    moderation: str
    pre_moderate_first: int
    direct_messages: str
    chat_retention_days: int
    forum_retention_days: int
    absence_window_days: int
    crisis_resources: str
    requires_approval: bool
    role: str
    can_manage: bool
    must_accept_agreement: bool
    members_count: int
    safety_codeword: str | None = Field(description="Managers only; null for members.")
    screening_questions: str | None = Field(description="Managers only; null for members.")


def _role(found: GroupAccess) -> str:
    return found.membership.role if found.membership else "admin"


def _group_out(found: GroupAccess) -> GroupOut:
    group, manager = found.group, found.can_manage
    settings = _settings_of(group)
    return GroupOut(
        **{
            k: v for k, v in settings.items() if k not in ("safety_codeword", "screening_questions")
        },
        id=group.id,
        role=_role(found),
        can_manage=manager,
        must_accept_agreement=found.needs_agreement,
        members_count=queries.count_members(group),
        # Members must not learn the word that raises a silent alert, nor the questions.
        safety_codeword=settings["safety_codeword"] if manager else None,
        screening_questions=settings["screening_questions"] if manager else None,
    )


@router.get("/groups", response=list[GroupSummary], auth=AUTH)
def list_groups(request: HttpRequest) -> list[GroupSummary]:
    actor = caller(request)
    groups = list(access.filter_groups_for(actor).order_by("created_at"))
    roles = dict(
        Membership.objects.filter(
            user=actor, status=Membership.Status.ACTIVE, group__in=groups
        ).values_list("group_id", "role")
    )
    return [
        GroupSummary(
            id=g.id, discreet_name=g.discreet_name, name=g.name, role=roles.get(g.id, "admin")
        )
        for g in groups
    ]


@router.post("/groups", response={201: GroupOut, **ERRORS}, auth=AUTH)
@replies
def create_group(request: HttpRequest, payload: GroupIn) -> Status[GroupOut]:
    actor = caller(request)
    if not access.can_create_group(actor):
        raise Http404
    group = actions.check_create_group(
        actor,
        actions.GroupSettings(**_plain(payload.model_dump())),
        facilitate=actor.role == User.Role.FACILITATOR,
    )
    return Status(201, _group_out(access.access_group(actor, group.id)))


@router.get("/groups/{group_id}", response={200: GroupOut, **ERRORS}, auth=AUTH)
def get_group(request: HttpRequest, group_id: UUID) -> GroupOut:
    # Readable before the agreement is accepted: it says so, and the agreement is next.
    return _group_out(_group(request, group_id, agreement=False))


@router.patch("/groups/{group_id}", response={200: GroupOut, **ERRORS}, auth=AUTH)
@replies
def update_group(request: HttpRequest, group_id: UUID, payload: GroupPatch) -> GroupOut:
    found = _group(request, group_id, manage=True)
    changes = _plain(payload.model_dump(exclude_unset=True))
    actions.check_update_group(
        found.actor, found.group, actions.GroupSettings(**{**_settings_of(found.group), **changes})
    )
    return _group_out(found)


# --- Agreement ----------------------------------------------------------------------------------


class Clause(Schema):
    number: int
    text: str


class AgreementOut(Schema):
    version: int
    clauses: list[Clause]
    must_accept: bool = Field(
        description="The agreement, or the privacy notice, must be accepted before taking part."
    )
    must_consent: bool = Field(
        description="The member consented to an earlier privacy notice: show `notice` and "
        "send `notice_version` when accepting."
    )
    notice_version: int
    notice: list[str] = Field(description="The current privacy notice, one point per item.")


class AcceptIn(Schema):
    version: int
    notice_version: int | None = Field(
        default=None, description="The notice version read; needed when must_consent."
    )


class AgreementEdit(Schema):
    """Clause numbers never change: `edited` maps a number to new text ("" removes it)."""

    edited: dict[int, str] = Field(default_factory=dict, max_length=100)
    added: list[str] = Field(default_factory=list, max_length=50)


def _agreement_out(found: GroupAccess) -> AgreementOut:
    current = queries.current_agreement(found.group)
    return AgreementOut(
        version=current.version if current else 0,
        clauses=[Clause(**c) for c in queries.clauses(current)],
        must_accept=found.needs_agreement,
        must_consent=found.needs_consent,
        notice_version=texts.NOTICE_VERSION,
        notice=texts.notice(),
    )


@router.get("/groups/{group_id}/agreement", response={200: AgreementOut, **ERRORS}, auth=AUTH)
def get_agreement(request: HttpRequest, group_id: UUID) -> AgreementOut:
    return _agreement_out(_group(request, group_id, agreement=False))


@router.post(
    "/groups/{group_id}/agreement/accept", response={204: None, 409: Error, **ERRORS}, auth=AUTH
)
def accept_agreement(
    request: HttpRequest, group_id: UUID, payload: AcceptIn
) -> Status[Error | None]:
    found = _group(request, group_id, agreement=False)
    membership = _membership(found)
    current = queries.current_agreement(found.group)
    if current is None:
        raise Http404
    # Accepting a version the member has not read would be consent to unseen rules.
    if payload.version != current.version:
        return Status(
            409,
            Error(
                code=ErrorCode.AGREEMENT_CHANGED,
                message="The agreement changed while you were reading. Please read it again.",
            ),
        )
    notice_version = None
    if found.needs_consent:
        # Consent counts only for the notice version the member was shown.
        if payload.notice_version != texts.NOTICE_VERSION:
            return Status(
                409,
                Error(
                    code=ErrorCode.NOTICE_CHANGED,
                    message="The privacy notice changed. Please read it and send its version.",
                ),
            )
        notice_version = texts.NOTICE_VERSION
    actions.do_accept_agreement(membership, current.version, notice_version=notice_version)
    return Status(204, None)


@router.put("/groups/{group_id}/agreement", response={200: AgreementOut, **ERRORS}, auth=AUTH)
@replies
def update_agreement(request: HttpRequest, group_id: UUID, payload: AgreementEdit) -> AgreementOut:
    found = _group(request, group_id, manage=True, agreement=False)
    published = actions.check_update_agreement(
        found.actor, found.group, payload.edited, payload.added
    )
    if found.membership is not None:
        # Whoever wrote the new version has accepted it, as on the page.
        actions.do_accept_agreement(found.membership, published.version)
    return _agreement_out(found)


# --- Members ------------------------------------------------------------------------------------


class MemberOut(Schema):
    id: UUID
    display_name: str
    avatar_seed: str
    role: str
    you: bool


class RemoveIn(Schema):
    reason: str = Field(
        max_length=500,
        description="Sealed with the membership; the group's facilitators and admins can read "
        "it on the members page (each reading is audited). Never shown to the member.",
    )
    erase: StrictBool = False


class RemovedOut(Schema):
    erased: int


class RoleIn(Schema):
    role: str = Field(max_length=20, description="member or peer_moderator.")


class DisplayNameIn(Schema):
    display_name: str = Field(max_length=40)


class DisplayNameOut(Schema):
    display_name: str


@router.get("/groups/{group_id}/members", response={200: list[MemberOut], **ERRORS}, auth=AUTH)
@replies
def list_members(request: HttpRequest, group_id: UUID) -> list[MemberOut]:
    found = _group(request, group_id)
    # Display names only: a member's organisation pseudonym never reaches the group.
    return [
        MemberOut(
            id=m.id,
            display_name=m.display_name,
            avatar_seed=m.avatar_seed,
            role=m.role,
            you=m.user_id == found.actor.id,
        )
        for m in queries.get_active_memberships(found.group)
    ]


@router.delete(
    "/groups/{group_id}/members/{membership_id}",
    response={200: RemovedOut, **ERRORS},
    auth=AUTH,
)
@replies
def remove_member(
    request: HttpRequest, group_id: UUID, membership_id: UUID, payload: RemoveIn
) -> RemovedOut:
    found = _group(request, group_id, manage=True)
    membership = access.access_membership(found, membership_id)
    erased = actions.check_remove_member(
        found.actor, found.group, membership, erase=payload.erase, reason=payload.reason
    )
    return RemovedOut(erased=erased)


@router.patch(
    "/groups/{group_id}/members/{membership_id}",
    response={200: MemberOut, **ERRORS},
    auth=AUTH,
)
@replies
def set_member_role(
    request: HttpRequest, group_id: UUID, membership_id: UUID, payload: RoleIn
) -> MemberOut:
    found = _group(request, group_id, manage=True)
    membership = access.access_membership(found, membership_id)
    actions.check_set_member_role(found.actor, found.group, membership, payload.role)
    membership.refresh_from_db(fields=["role"])
    return MemberOut(
        id=membership.id,
        display_name=membership.display_name,
        avatar_seed=membership.avatar_seed,
        role=membership.role,
        you=membership.user_id == found.actor.id,
    )


@router.post("/groups/{group_id}/leave", response={204: None, **ERRORS}, auth=AUTH)
def leave_group(request: HttpRequest, group_id: UUID) -> Status[None]:
    # Leaving never waits on the agreement: anyone may walk away at any time.
    actions.do_leave(_membership(_group(request, group_id, agreement=False)))
    return Status(204, None)


@router.put("/groups/{group_id}/display-name", response={200: DisplayNameOut, **ERRORS}, auth=AUTH)
@replies
def set_display_name(
    request: HttpRequest, group_id: UUID, payload: DisplayNameIn
) -> DisplayNameOut:
    membership = _membership(_group(request, group_id))
    actions.check_set_display_name(membership, payload.display_name)
    return DisplayNameOut(display_name=membership.display_name)


# --- Invitations --------------------------------------------------------------------------------


class InvitationOut(Schema):
    id: UUID
    kind: str
    max_uses: int
    uses: int
    expires_at: datetime
    revoked_at: datetime | None
    created_at: datetime


class InvitationIn(Schema):
    kind: Invitation.Kind = Invitation.Kind.INVITE
    max_uses: int = 1
    days: int = 7


class InvitationCreated(Schema):
    id: UUID
    token: str = Field(description="Shown once; only its hash is kept.")
    url: str
    expires_at: datetime


def _invitation_out(invitation: Invitation) -> InvitationOut:
    return InvitationOut(
        id=invitation.id,
        kind=invitation.kind,
        max_uses=invitation.max_uses,
        uses=invitation.uses,
        expires_at=invitation.expires_at,
        revoked_at=invitation.revoked_at,
        created_at=invitation.created_at,
    )


@router.get(
    "/groups/{group_id}/invitations", response={200: list[InvitationOut], **ERRORS}, auth=AUTH
)
@replies
def list_invitations(request: HttpRequest, group_id: UUID) -> list[InvitationOut]:
    found = _group(request, group_id, manage=True)
    return [_invitation_out(i) for i in queries.get_invitations(found.group)]


@router.post(
    "/groups/{group_id}/invitations",
    response={201: InvitationCreated, 429: Error, **ERRORS},
    auth=AUTH,
)
@replies
def create_invitation(
    request: HttpRequest, group_id: UUID, payload: InvitationIn
) -> Status[InvitationCreated | Error]:
    found = _group(request, group_id, manage=True)
    if not allow_source(request, "invite_create", limit=60):
        return Status(
            429,
            Error(
                code=ErrorCode.RATE_LIMITED,
                message="Too many links made from here recently. Please wait a while.",
            ),
        )
    raw = actions.check_create_invitation(
        found.actor,
        found.group,
        kind=payload.kind.value,
        max_uses=payload.max_uses,
        days=payload.days,
    )
    invitation = found.group.invitations.get(token_hash=actions.token_hash(raw))
    return Status(
        201,
        InvitationCreated(
            id=invitation.id,
            token=raw,
            url=request.build_absolute_uri(reverse("groups:invitation", args=[raw])),
            expires_at=invitation.expires_at,
        ),
    )


@router.delete(
    "/groups/{group_id}/invitations/{invitation_id}", response={204: None, **ERRORS}, auth=AUTH
)
@replies
def revoke_invitation(request: HttpRequest, group_id: UUID, invitation_id: UUID) -> Status[None]:
    found = _group(request, group_id, manage=True)
    invitation = found.group.invitations.filter(id=invitation_id).first()
    if invitation is None:
        raise Http404
    actions.do_revoke_invitation(found.actor, found.group, invitation)
    return Status(204, None)


# --- Joining ------------------------------------------------------------------------------------


class JoinIn(Schema):
    display_name: str = Field(max_length=40)
    answers: list[str] = Field(
        default_factory=list, max_length=50, description="One per screening question, in order."
    )
    consent: StrictBool = Field(
        description="The person read the notice and the agreement and agrees to them."
    )


class JoinOut(Schema):
    status: Literal["member", "requested"]
    group_id: UUID | None = None
    request_id: UUID | None = None


@router.post("/join/{token}", response={200: JoinOut, 429: Error, **ERRORS}, auth=AUTH)
@replies
def join_group(request: HttpRequest, token: str, payload: JoinIn) -> Status[JoinOut | Error]:
    if not allow_source(request, "join", limit=30):
        return Status(
            429,
            Error(
                code=ErrorCode.RATE_LIMITED, message="Too many attempts from here. Try again later."
            ),
        )
    try:
        invitation = actions.find_invitation(token)
    except actions.InvitationProblem as problem:
        return Status(404, Error(code=ErrorCode.NOT_FOUND, message=str(problem)))
    outcome = actions.check_join(
        invitation,
        caller(request),
        display_name=payload.display_name,
        answers=payload.answers,
        consented=payload.consent,
    )
    if outcome.membership is not None:
        return Status(200, JoinOut(status="member", group_id=outcome.membership.group_id))
    assert outcome.join_request is not None
    return Status(200, JoinOut(status="requested", request_id=outcome.join_request.id))


# --- Vetting ------------------------------------------------------------------------------------


class RequestSummary(Schema):
    id: UUID
    display_name: str
    status: str
    created_at: datetime


class Answer(Schema):
    question: str
    answer: str


class ConcernOut(Schema):
    id: UUID
    text: str
    created_at: datetime


class RequestDetail(RequestSummary):
    answers: list[Answer]
    follow_up_question: str | None
    follow_up_answer: str | None
    decline_reason: str
    decided_at: datetime | None
    concerns: list[ConcernOut] = Field(description="The managers' private screening notes.")


class DeclineIn(Schema):
    reason: str = Field(max_length=20, description="not_right_fit, group_full or safety.")


class FollowUpIn(Schema):
    question: str = Field(max_length=actions.MAX_ANSWER)


class DecisionOut(Schema):
    id: UUID
    status: str
    membership_id: UUID | None = None


def _request_detail(found: GroupAccess, join_request: JoinRequest) -> RequestDetail:
    actions.do_record_screening_viewed(found.actor, join_request)
    return RequestDetail(
        id=join_request.id,
        display_name=join_request.display_name,
        status=join_request.status,
        created_at=join_request.created_at,
        answers=[Answer(**a) for a in queries.answers(join_request)],
        follow_up_question=join_request.follow_up_question,
        follow_up_answer=join_request.follow_up_answer,
        decline_reason=join_request.decline_reason,
        decided_at=join_request.decided_at,
        concerns=[
            ConcernOut(id=c.id, text=c.text, created_at=c.created_at)
            for c in found.group.concerns.order_by("-created_at")
        ],
    )


@router.get(
    "/groups/{group_id}/requests", response={200: list[RequestSummary], **ERRORS}, auth=AUTH
)
@replies
def list_requests(request: HttpRequest, group_id: UUID) -> list[RequestSummary]:
    found = _group(request, group_id, manage=True)
    waiting = list(queries.get_open_requests(found.group))
    # Who asked to join is staff-only knowledge: reading the list is audited, as on the page.
    actions.do_record_staff_read(found, "requests", len(waiting))
    return [
        RequestSummary(
            id=r.id, display_name=r.display_name, status=r.status, created_at=r.created_at
        )
        for r in waiting
    ]


@router.get(
    "/groups/{group_id}/requests/{request_id}",
    response={200: RequestDetail, **ERRORS},
    auth=AUTH,
)
@replies
def get_request(request: HttpRequest, group_id: UUID, request_id: UUID) -> RequestDetail:
    found = _group(request, group_id, manage=True)
    return _request_detail(found, access.access_join_request(found, request_id))


@router.post(
    "/groups/{group_id}/requests/{request_id}/approve",
    response={200: DecisionOut, **ERRORS},
    auth=AUTH,
)
@replies
def approve_request(request: HttpRequest, group_id: UUID, request_id: UUID) -> DecisionOut:
    found = _group(request, group_id, manage=True)
    join_request = access.access_join_request(found, request_id)
    membership = actions.check_approve_request(found.actor, join_request)
    return DecisionOut(
        id=join_request.id, status=JoinRequest.Status.APPROVED, membership_id=membership.id
    )


@router.post(
    "/groups/{group_id}/requests/{request_id}/decline",
    response={200: DecisionOut, **ERRORS},
    auth=AUTH,
)
@replies
def decline_request(
    request: HttpRequest, group_id: UUID, request_id: UUID, payload: DeclineIn
) -> DecisionOut:
    found = _group(request, group_id, manage=True)
    join_request = access.access_join_request(found, request_id)
    actions.check_decline_request(found.actor, join_request, payload.reason)
    return DecisionOut(id=join_request.id, status=JoinRequest.Status.DECLINED)


@router.post(
    "/groups/{group_id}/requests/{request_id}/follow-up",
    response={200: DecisionOut, **ERRORS},
    auth=AUTH,
)
@replies
def ask_follow_up(
    request: HttpRequest, group_id: UUID, request_id: UUID, payload: FollowUpIn
) -> DecisionOut:
    found = _group(request, group_id, manage=True)
    join_request = access.access_join_request(found, request_id)
    actions.check_ask_follow_up(found.actor, join_request, payload.question)
    return DecisionOut(id=join_request.id, status=JoinRequest.Status.FOLLOW_UP)


# --- The requester's side -----------------------------------------------------------------------


class OwnRequestOut(Schema):
    id: UUID
    group_discreet_name: str
    status: str
    follow_up_question: str | None = Field(description="Set while a question waits for you.")
    decline_message: str | None
    created_at: datetime


class FollowUpAnswerIn(Schema):
    answer: str = Field(max_length=actions.MAX_ANSWER)


def _own_request_out(join_request: JoinRequest) -> OwnRequestOut:
    waiting = join_request.status == JoinRequest.Status.FOLLOW_UP
    declined = join_request.status == JoinRequest.Status.DECLINED
    return OwnRequestOut(
        id=join_request.id,
        # The discreet name only, as on the page: this list is seen before joining.
        group_discreet_name=join_request.group.discreet_name,
        status=join_request.status,
        follow_up_question=join_request.follow_up_question if waiting else None,
        decline_message=join_request.decline_message if declined else None,
        created_at=join_request.created_at,
    )


@router.get("/me/requests", response=list[OwnRequestOut], auth=AUTH)
def list_my_requests(request: HttpRequest) -> list[OwnRequestOut]:
    return [_own_request_out(r) for r in queries.get_own_requests(caller(request))]


@router.post("/me/requests/{request_id}/answer", response={200: OwnRequestOut, **ERRORS}, auth=AUTH)
@replies
def answer_follow_up(
    request: HttpRequest, request_id: UUID, payload: FollowUpAnswerIn
) -> OwnRequestOut:
    join_request = access.access_own_join_request(caller(request), request_id)
    actions.check_answer_follow_up(join_request, payload.answer)
    return _own_request_out(join_request)


# --- Sanctions and appeals ---------------------------------------------------------------------


class SanctionIn(Schema):
    kind: Sanction.Kind
    reason: str = Field(max_length=sanctions.MAX_REASON, description="Staff only.")
    clause: int | None = Field(default=None, ge=1, description="A current agreement clause.")
    message: str = Field(
        default="",
        max_length=sanctions.MAX_MESSAGE,
        description="What the member reads; empty for the standard wording.",
    )
    minutes: int | None = Field(
        default=None,
        ge=1,
        le=sanctions.MAX_MINUTES,
        description="Mute or suspend; null: until lifted.",
    )
    erase: StrictBool = Field(default=False, description="Remove or ban: erase their words too.")


class SanctionOut(Schema):
    """A sanction as staff see it (the reason included)."""

    id: UUID
    membership_id: UUID
    kind: str
    reason: str
    clause: int | None
    message: str
    ends_at: datetime | None
    created_at: datetime
    lifted_at: datetime | None
    issued_by_you: bool


class ProbationIn(Schema):
    on: StrictBool


class ProbationOut(Schema):
    membership_id: UUID
    on_probation: bool


class AppealIn(Schema):
    text: str = Field(max_length=sanctions.MAX_APPEAL)


class AppealOut(Schema):
    id: UUID
    sanction_id: UUID
    status: str
    created_at: datetime
    decided_at: datetime | None
    decision_note: str | None


class StandingOut(Schema):
    """A sanction as its member sees it: never the reason, never who issued it."""

    sanction_id: UUID
    kind: str
    message: str
    clause: int | None
    ends_at: datetime | None
    in_force: bool
    can_appeal: bool
    appeal: AppealOut | None


class StaffAppealOut(AppealOut):
    text: str
    sanction: SanctionOut
    display_name: str
    can_decide: bool = Field(description="False for the staff member who issued the sanction.")


class DecideIn(Schema):
    upheld: StrictBool
    note: str = Field(default="", max_length=sanctions.MAX_MESSAGE)


def _sanction_out(found: GroupAccess, sanction: Sanction) -> SanctionOut:
    return SanctionOut(
        id=sanction.id,
        membership_id=sanction.membership_id,
        kind=sanction.kind,
        reason=sanction.reason,
        clause=sanction.clause,
        message=sanctions.message_for(sanction),
        ends_at=sanction.ends_at,
        created_at=sanction.created_at,
        lifted_at=sanction.lifted_at,
        issued_by_you=sanction.issued_by_id == found.actor.id,
    )


def _appeal_out(appeal: Appeal) -> AppealOut:
    return AppealOut(
        id=appeal.id,
        sanction_id=appeal.sanction_id,
        status=appeal.status,
        created_at=appeal.created_at,
        decided_at=appeal.decided_at,
        decision_note=appeal.decision_note,
    )


@router.get("/groups/{group_id}/sanctions", response={200: list[SanctionOut], **ERRORS}, auth=AUTH)
@replies
def list_sanctions(request: HttpRequest, group_id: UUID) -> list[SanctionOut]:
    """Sanctions not lifted yet (staff)."""
    found = _group(request, group_id, manage=True)
    return [_sanction_out(found, s) for s in queries.get_unlifted_sanctions(found.group)]


@router.post(
    "/groups/{group_id}/members/{membership_id}/sanctions",
    response={201: SanctionOut, **ERRORS},
    auth=AUTH,
)
@replies
def sanction_member(
    request: HttpRequest, group_id: UUID, membership_id: UUID, payload: SanctionIn
) -> Status[SanctionOut]:
    found = _group(request, group_id, manage=True)
    membership = access.access_membership(found, membership_id)
    sanction = sanctions.check_sanction_member(
        found,
        membership,
        payload.kind,
        payload.reason,
        payload.clause,
        payload.message,
        payload.minutes,
        erase=payload.erase,
    )
    return Status(201, _sanction_out(found, sanction))


@router.post(
    "/groups/{group_id}/sanctions/{sanction_id}/lift",
    response={200: SanctionOut, **ERRORS},
    auth=AUTH,
)
@replies
def lift_sanction(request: HttpRequest, group_id: UUID, sanction_id: UUID) -> SanctionOut:
    found = _group(request, group_id, manage=True)
    sanction = access.access_sanction(found, sanction_id)
    sanctions.check_lift_sanction(found, sanction)
    return _sanction_out(found, sanction)


@router.put(
    "/groups/{group_id}/members/{membership_id}/probation",
    response={200: ProbationOut, **ERRORS},
    auth=AUTH,
)
@replies
def set_probation(
    request: HttpRequest, group_id: UUID, membership_id: UUID, payload: ProbationIn
) -> ProbationOut:
    found = _group(request, group_id, manage=True)
    membership = access.access_membership(found, membership_id)
    sanctions.check_set_probation(found, membership, payload.on)
    return ProbationOut(membership_id=membership.id, on_probation=membership.on_probation)


@router.get(
    "/groups/{group_id}/my-standing", response={200: list[StandingOut], **ERRORS}, auth=AUTH
)
def get_my_standing(request: HttpRequest, group_id: UUID) -> list[StandingOut]:
    """The caller's own sanctions; open to a suspended member, and to a removed one while the
    removal still concerns them."""
    membership = access.access_standing(caller(request), group_id)
    rows = []
    for sanction in queries.get_own_sanctions(membership):
        if not access.shown_to_member(sanction):
            continue
        appeal = getattr(sanction, "appeal", None)
        rows.append(
            StandingOut(
                sanction_id=sanction.id,
                kind=sanction.kind,
                message=sanctions.message_for(sanction),
                clause=sanction.clause,
                ends_at=sanction.ends_at,
                in_force=access.is_in_force(sanction),
                can_appeal=appeal is None and access.concerns_member(sanction),
                appeal=_appeal_out(appeal) if appeal else None,
            )
        )
    return rows


@router.post(
    "/groups/{group_id}/my-standing/{sanction_id}/appeal",
    response={201: AppealOut, **ERRORS},
    auth=AUTH,
)
@replies
def appeal_sanction(
    request: HttpRequest, group_id: UUID, sanction_id: UUID, payload: AppealIn
) -> Status[AppealOut]:
    membership = access.access_standing(caller(request), group_id)
    sanction = access.access_own_sanction(membership, sanction_id)
    appeal = sanctions.check_appeal_sanction(caller(request), sanction, payload.text)
    return Status(201, _appeal_out(appeal))


@router.get("/groups/{group_id}/appeals", response={200: list[StaffAppealOut], **ERRORS}, auth=AUTH)
@replies
def list_appeals(request: HttpRequest, group_id: UUID) -> list[StaffAppealOut]:
    """Open appeals (staff), with the sealed reason and appeal text; the viewing is audited."""
    found = _group(request, group_id, manage=True)
    appeals = list(queries.get_open_appeals(found.group))
    actions.do_record_staff_read(found, "appeals", len(appeals))
    return [
        StaffAppealOut(
            **_appeal_out(a).model_dump(),
            text=a.text,
            sanction=_sanction_out(found, a.sanction),
            display_name=a.sanction.membership.display_name,
            can_decide=access.can_decide_appeal(found.actor, a),
        )
        for a in appeals
    ]


@router.post(
    "/groups/{group_id}/appeals/{appeal_id}/decide",
    response={200: AppealOut, **ERRORS},
    auth=AUTH,
)
@replies
def decide_appeal(
    request: HttpRequest, group_id: UUID, appeal_id: UUID, payload: DecideIn
) -> AppealOut:
    found = _group(request, group_id, manage=True)
    appeal = access.access_appeal(found, appeal_id)
    sanctions.check_decide_appeal(found.actor, appeal, payload.upheld, payload.note)
    return _appeal_out(appeal)


# --- Check-ins -------------------------------------------------------------------------------


class CheckInIn(Schema):
    text: str = Field(min_length=1, max_length=checkins.MAX_TEXT)


class CheckInMessageOut(Schema):
    """One message of a check-in; staff are "Facilitator" to everyone, never a pseudonym."""

    id: UUID
    from_staff: bool
    author: str
    mine: bool
    text: str
    created_at: datetime
    read_at: datetime | None


def _check_in_out(message: CheckInMessage, *, staff_view: bool) -> CheckInMessageOut:
    return CheckInMessageOut(
        id=message.id,
        from_staff=message.from_staff,
        author="Facilitator" if message.from_staff else message.membership.display_name,
        mine=message.from_staff == staff_view,
        text=message.text,
        created_at=message.created_at,
        read_at=message.read_at,
    )


@router.get(
    "/groups/{group_id}/members/{membership_id}/check-in",
    response={200: list[CheckInMessageOut], **ERRORS},
    auth=AUTH,
)
@replies
def get_staff_check_in(
    request: HttpRequest, group_id: UUID, membership_id: UUID
) -> list[CheckInMessageOut]:
    """A member's check-in (staff); marks their replies read; the viewing is audited."""
    found = _group(request, group_id, manage=True)
    membership = access.access_membership(found, membership_id)
    conversation = list(queries.get_check_in(membership).select_related("membership"))
    checkins.do_mark_read(membership, by_member=False)
    checkins.do_record_check_in_viewed(found, membership, len(conversation))
    return [_check_in_out(m, staff_view=True) for m in conversation]


@router.post(
    "/groups/{group_id}/members/{membership_id}/check-in",
    response={201: CheckInMessageOut, **ERRORS},
    auth=AUTH,
)
@replies
def send_staff_check_in(
    request: HttpRequest, group_id: UUID, membership_id: UUID, payload: CheckInIn
) -> Status[CheckInMessageOut]:
    """Write to a member of the group (staff)."""
    found = _group(request, group_id, manage=True)
    membership = access.access_membership(found, membership_id)
    message = checkins.check_send_check_in(found, membership, payload.text)
    return Status(201, _check_in_out(message, staff_view=True))


@router.get(
    "/groups/{group_id}/check-in", response={200: list[CheckInMessageOut], **ERRORS}, auth=AUTH
)
@replies
def get_my_check_in(request: HttpRequest, group_id: UUID) -> list[CheckInMessageOut]:
    """The caller's own check-in with the group's staff; marks staff messages read."""
    membership = _membership(_group(request, group_id))
    conversation = list(queries.get_check_in(membership).select_related("membership"))
    checkins.do_mark_read(membership, by_member=True)
    return [_check_in_out(m, staff_view=False) for m in conversation]


@router.post("/groups/{group_id}/check-in", response={201: CheckInMessageOut, **ERRORS}, auth=AUTH)
@replies
def reply_check_in(
    request: HttpRequest, group_id: UUID, payload: CheckInIn
) -> Status[CheckInMessageOut]:
    """Reply in the caller's own check-in, once staff have written."""
    found = _group(request, group_id)
    message = checkins.check_send_check_in(found, _membership(found), payload.text)
    return Status(201, _check_in_out(message, staff_view=False))
