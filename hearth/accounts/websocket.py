"""Authenticate WebSocket connections with the same session rules as pages."""

from __future__ import annotations

from typing import Any

from channels.auth import AuthMiddleware
from channels.db import database_sync_to_async
from channels.sessions import CookieMiddleware, SessionMiddleware
from django.utils import timezone

from hearth.accounts import access, actions, lifetimes
from hearth.accounts.models import AccountSession


@database_sync_to_async
def _live_session(scope: dict[str, Any]) -> AccountSession | None:
    user = scope.get("user")
    session = scope.get("session")
    if user is None or not user.is_authenticated or session is None:
        return None
    sid = session.get(actions.SESSION_KEY)
    account_session = (
        AccountSession.objects.filter(id=sid, user_id=user.pk, ended_at__isnull=True).first()
        if sid
        else None
    )
    if account_session is None or lifetimes.expired(user, account_session, timezone.now()):
        return None
    if user.is_staff_role and not account_session.two_factor_verified:
        return None
    if session.get(actions.COVERED_KEY):
        return None
    return account_session


class _SessionCheck(AuthMiddleware):
    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        scope = dict(scope)
        self.populate_scope(scope)
        await self.resolve_scope(scope)
        account_session = await _live_session(scope)
        scope["account_session"] = account_session
        if account_session is not None:
            sid = account_session.id

            @database_sync_to_async
            def session_is_live() -> bool:
                return access.session_is_live(sid)

            scope["session_is_live"] = session_is_live
        return await self.inner(scope, receive, send)


def SessionAuthMiddleware(inner: Any) -> Any:  # noqa: N802 - mirrors Channels' own factory name
    """Wrap `inner` with cookies, session, user and the live-session check."""
    return CookieMiddleware(SessionMiddleware(_SessionCheck(inner)))
