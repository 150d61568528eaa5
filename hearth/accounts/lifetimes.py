"""How long a session may stay idle and live, by who is signed in and where."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings

from hearth.accounts.models import AccountSession, User


def limits(user: User, account_session: AccountSession) -> tuple[int, int]:
    """Return (idle seconds, absolute seconds) for a session."""
    if user.is_staff_role:
        idle, absolute = settings.HEARTH_STAFF_IDLE, settings.HEARTH_STAFF_ABSOLUTE
    else:
        idle, absolute = settings.HEARTH_MEMBER_IDLE, settings.HEARTH_MEMBER_ABSOLUTE
    if account_session.kind == AccountSession.Kind.SHARED:
        # A shared device is the riskiest place to stay signed in, whoever is signed in.
        idle = min(idle, settings.HEARTH_SHARED_IDLE)
    return idle, absolute


def expired(user: User, account_session: AccountSession, now: datetime) -> bool:
    """Return True when the session has been idle or alive for too long."""
    idle, absolute = limits(user, account_session)
    return now - account_session.last_seen_at > timedelta(
        seconds=idle
    ) or now - account_session.created_at > timedelta(seconds=absolute)
