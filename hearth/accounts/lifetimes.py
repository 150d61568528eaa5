"""How long a session may stay idle and live, by who is signed in and where."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings

from hearth.accounts.models import AccountSession, User


def limits(user: User, account_session: AccountSession) -> tuple[int, int]:
    """Return (idle seconds, absolute seconds) for a session."""
    if user.is_staff_role:
        return settings.HEARTH_STAFF_IDLE, settings.HEARTH_STAFF_ABSOLUTE
    if account_session.kind == AccountSession.Kind.SHARED:
        return settings.HEARTH_SHARED_IDLE, settings.HEARTH_MEMBER_ABSOLUTE
    return settings.HEARTH_MEMBER_IDLE, settings.HEARTH_MEMBER_ABSOLUTE


def expired(user: User, account_session: AccountSession, now: datetime) -> bool:
    """Return True when the session has been idle or alive for too long."""
    idle, absolute = limits(user, account_session)
    return (
        now - account_session.last_seen_at > timedelta(seconds=idle)
        or now - account_session.created_at > timedelta(seconds=absolute)
    )
