"""Authentication backend: loads the signed-in person by id for each request.

Passphrase checking is done in actions.check_passphrase_sign_in (with delays and the hard
stop); this backend only serves `get_user` for the session machinery.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.contrib.auth.backends import BaseBackend
from django.http import HttpRequest

from hearth.accounts.models import User

# The person SessionGuardMiddleware loaded with their account session, in the same query, while
# Django resolves request.user: get_user() then needs no query of its own. Django still checks
# the session's backend and password hash against it as for any user.
_preloaded: ContextVar[User | None] = ContextVar("hearth_preloaded_user", default=None)


@contextmanager
def preloaded(user: User | None) -> Iterator[None]:
    """Let get_user() answer with `user` (if it is the one asked for) inside the block."""
    token = _preloaded.set(user)
    try:
        yield
    finally:
        _preloaded.reset(token)


class PseudonymBackend(BaseBackend):
    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> None:
        return None

    def get_user(self, user_id: Any) -> User | None:
        user = _preloaded.get()
        if user is not None and str(user.pk) == str(user_id):
            return user if user.is_active else None
        try:
            return User.objects.select_related("organisation").get(pk=user_id, is_active=True)
        except (User.DoesNotExist, ValueError):
            return None
