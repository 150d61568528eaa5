"""Enforce session lifetimes, revocation and staff two-factor on every request."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from uuid import UUID

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils import timezone

from hearth.accounts import actions, lifetimes
from hearth.accounts.backends import preloaded
from hearth.accounts.models import AccountSession
from hearth.lib.prepared import PreparedQuery

# Paths a staff member may reach before passing two-factor: enough to pass it or enrol.
_BEFORE_TWO_FACTOR = (
    "/account/two-factor/",
    "/account/confirm/",
    "/account/sign-out/",
    "/leave/",
    "/static/",
    "/i18n/",
    "/healthz",
)
# After a quick exit only the front door answers, so the member can come back deliberately.
_WHILE_COVERED = ("/account/sign-in/", "/account/resume/", "/leave/", "/static/")
_TOUCH_EVERY = timedelta(seconds=60)

# A session's account session, if it has not ended, with its person: one query for both.
_OPEN_SESSION: PreparedQuery[AccountSession] = PreparedQuery(
    lambda sid: (
        AccountSession.objects.select_related("user__organisation")
        .filter(id=sid, ended_at__isnull=True)
        .order_by("pk")[:1]
    ),
    "sid",
)


class SessionGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.account_session = None  # type: ignore[attr-defined]
        found = self._open_session(request)
        with preloaded(found.user if found is not None else None):
            signed_in = request.user.is_authenticated  # resolves the lazy user, without a query
        if not signed_in:
            return self.get_response(request)
        api = request.path.startswith("/api/")
        account_session = self._live_session(request, found)
        if account_session is None:
            logout(request)
            # The API answers 401 through its own authentication instead of redirecting.
            return self.get_response(request) if api else redirect("accounts:sign_in")
        request.account_session = account_session  # type: ignore[attr-defined]
        # The same person the lazy request.user resolved to (the backend answered with it),
        # now without the proxy in front of the ~100 reads a page makes of it.
        request.user = user = account_session.user
        if request.session.get(actions.COVERED_KEY) and not request.path.startswith(_WHILE_COVERED):
            # After a quick exit, Back or a stray tab must not show anything of Hearth.
            return HttpResponseRedirect(settings.HEARTH_NEUTRAL_EXIT_URL, status=303)
        if (
            not api
            and user.is_staff_role
            and not account_session.two_factor_verified
            and not request.path.startswith(_BEFORE_TWO_FACTOR)
        ):
            return redirect("accounts:two_factor")
        return self.get_response(request)

    def _open_session(self, request: HttpRequest) -> AccountSession | None:
        """Return the session's account session if it has not ended, with its person (one
        query for both, on every signed-in request)."""
        try:
            sid = UUID(str(request.session.get(actions.SESSION_KEY)))
        except ValueError:
            return None
        return _OPEN_SESSION.first(sid=sid)

    def _live_session(
        self, request: HttpRequest, account_session: AccountSession | None
    ) -> AccountSession | None:
        if account_session is None or account_session.user_id != request.user.pk:
            return None
        now = timezone.now()
        if lifetimes.expired(request.user, account_session, now):  # type: ignore[arg-type]
            actions.do_end_session(account_session, "expired")
            return None
        if now - account_session.last_seen_at > _TOUCH_EVERY:
            # Throttled so a page view costs no write most of the time.
            actions.do_touch_session(account_session, now)
        return account_session
