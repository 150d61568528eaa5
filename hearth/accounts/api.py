"""JSON API for accounts: sign-in state, app tokens, me and sessions.

Authenticated by the browser session (with CSRF) or by a bearer token from /api/auth/token.
Staff need a verified second factor on either path.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from uuid import UUID

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.security import APIKeyCookie, HttpBearer
from pydantic import Field

from hearth.accounts import access, actions, devices, lifetimes, queries
from hearth.accounts.models import AccountSession, ApiToken, User
from hearth.lib.ratelimit import allow_source


class ErrorCode(str, Enum):
    INVALID_CREDENTIALS = "invalid_credentials"
    TWO_FACTOR_REQUIRED = "two_factor_required"
    WAIT = "wait"
    LOCKED = "locked"
    RATE_LIMITED = "rate_limited"


class Error(Schema):
    code: str
    message: str
    wait_seconds: int | None = None


class Invalid(Error):
    """An action refused the input: `fields` maps each field (or `__all__`) to its problems."""

    fields: dict[str, list[str]]


def invalid(error: ValidationError) -> Status[Invalid]:
    """Return every API's 400 answer for an action's ValidationError.

    Messages raised without a field are listed under `__all__`.
    """
    fields = (
        error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    )
    return Status(
        400,
        Invalid(
            code="invalid",
            message=" ".join(str(m) for m in error.messages),
            fields={k: [str(m) for m in v] for k, v in fields.items()},
        ),
    )


def _staff_ok(user: User, account_session: AccountSession) -> bool:
    return not user.is_staff_role or account_session.two_factor_verified


class SessionCookieAuth(APIKeyCookie):
    """The browser's own session; unsafe methods also need the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        account_session = getattr(request, "account_session", None)
        if user.is_authenticated and account_session and _staff_ok(user, account_session):  # type: ignore[arg-type]
            return user  # type: ignore[return-value]
        return None


class BearerAuth(HttpBearer):
    """An app's bearer token, tied to a session that can be listed and revoked."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        row = (
            ApiToken.objects.select_related("session__user__organisation")
            .filter(token_hash=actions.token_hash(token), session__ended_at__isnull=True)
            .first()
        )
        if row is None:
            return None
        account_session, user = row.session, row.session.user
        if not user.is_active or not _staff_ok(user, account_session):
            return None
        now = timezone.now()
        if lifetimes.expired(user, account_session, now):
            actions.do_end_session(account_session, "expired")
            return None
        actions.do_touch_session(account_session, now)
        request.user = user
        request.account_session = account_session  # type: ignore[attr-defined]
        return user


AUTH = [BearerAuth(), SessionCookieAuth()]
router = Router(tags=["accounts"])


class State(Schema):
    signed_in: bool
    two_factor_required: bool


@router.get("/auth/state", response=State, auth=None)
def auth_state(request: HttpRequest) -> State:
    user = request.user
    account_session = getattr(request, "account_session", None)
    signed_in = bool(user.is_authenticated and account_session)
    return State(
        signed_in=signed_in,
        two_factor_required=bool(signed_in and not _staff_ok(user, account_session)),  # type: ignore[arg-type]
    )


class TokenIn(Schema):
    pseudonym: str = Field(max_length=40)
    passphrase: str = Field(max_length=1024)
    code: str | None = Field(default=None, max_length=40)


class TokenOut(Schema):
    token: str
    session_id: UUID


@router.post("/auth/token", response={200: TokenOut, 401: Error, 403: Error, 429: Error}, auth=None)
def issue_token(request: HttpRequest, payload: TokenIn) -> Status[TokenOut | Error]:
    if not allow_source(request, "sign_in", limit=settings.HEARTH_SOURCE_LIMIT_PER_HOUR):
        return Status(
            429,
            Error(code=ErrorCode.RATE_LIMITED, message="Too many attempts. Try again later."),
        )
    result = actions.check_passphrase_sign_in(payload.pseudonym, payload.passphrase)
    if result.outcome is actions.SignInOutcome.WAIT:
        return Status(
            429,
            Error(
                code=ErrorCode.WAIT,
                message="Please wait before trying again.",
                wait_seconds=result.wait_seconds,
            ),
        )
    if result.outcome is actions.SignInOutcome.LOCKED:
        return Status(
            403,
            Error(
                code=ErrorCode.LOCKED,
                message="This account is locked. Use a recovery code or ask a facilitator.",
            ),
        )
    if result.user is None:
        return Status(
            401,
            Error(
                code=ErrorCode.INVALID_CREDENTIALS,
                message="That pseudonym and passphrase do not match.",
            ),
        )
    user = result.user
    verified = False
    if user.is_staff_role or actions.has_second_factor(user):
        second = actions.check_second_factor_sign_in(user, payload.code) if payload.code else None
        if second is not None and second.outcome is actions.SignInOutcome.WAIT:
            return Status(
                429,
                Error(
                    code=ErrorCode.WAIT,
                    message="Please wait before trying again.",
                    wait_seconds=second.wait_seconds,
                ),
            )
        if second is None or second.outcome is not actions.SignInOutcome.OK:
            return Status(
                401,
                Error(
                    code=ErrorCode.TWO_FACTOR_REQUIRED,
                    message="A current code from the authenticator app is required.",
                ),
            )
        verified = True
    # The label comes from the user agent, coarsely: never free text a client could fill.
    label = devices.label(request.META.get("HTTP_USER_AGENT", ""))
    issued = actions.do_issue_api_token(user, label, two_factor_verified=verified)
    return Status(200, TokenOut(token=issued.token, session_id=issued.session.id))


class OrganisationOut(Schema):
    id: UUID
    discreet_title: str


class MeOut(Schema):
    id: UUID
    pseudonym: str
    role: str
    language: str
    discreet_mode: bool
    organisation: OrganisationOut


@router.get("/me", response=MeOut, auth=AUTH)
def me(request: HttpRequest) -> MeOut:
    user: User = request.auth  # type: ignore[attr-defined]
    return MeOut(
        id=user.id,
        pseudonym=user.pseudonym,
        role=user.role,
        language=user.language,
        discreet_mode=user.discreet_mode,
        organisation=OrganisationOut(
            id=user.organisation.id, discreet_title=user.organisation.discreet_title
        ),
    )


class SessionOut(Schema):
    id: UUID
    kind: str
    device_label: str
    created_at: datetime
    last_seen_at: datetime
    current: bool


@router.get("/sessions", response=list[SessionOut], auth=AUTH)
def list_sessions(request: HttpRequest) -> list[SessionOut]:
    current = request.account_session  # type: ignore[attr-defined]
    return [
        SessionOut(
            id=s.id,
            kind=s.kind,
            device_label=s.device_label,
            created_at=s.created_at,
            last_seen_at=s.last_seen_at,
            current=s.id == current.id,
        )
        for s in queries.get_live_sessions(request.auth)  # type: ignore[attr-defined]
    ]


@router.delete("/sessions/{session_id}", response={204: None}, auth=AUTH)
def revoke_session(request: HttpRequest, session_id: UUID) -> Status[None]:
    target = access.access_own_session(request.auth, session_id)  # type: ignore[attr-defined]
    actions.check_revoke_session(request.auth, target)  # type: ignore[attr-defined]
    return Status(204, None)


@router.post("/auth/sign-out", response={204: None}, auth=AUTH)
def sign_out(request: HttpRequest) -> Status[None]:
    actions.do_end_session(request.account_session, "signed_out")  # type: ignore[attr-defined]
    return Status(204, None)
