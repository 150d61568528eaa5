"""Authentication backend: loads the signed-in person by id for each request.

Passphrase checking is done in actions.check_passphrase_sign_in (with delays and the hard
stop); this backend only serves `get_user` for the session machinery.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend
from django.http import HttpRequest

from hearth.accounts.models import User


class PseudonymBackend(BaseBackend):
    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> None:
        return None

    def get_user(self, user_id: Any) -> User | None:
        try:
            return User.objects.select_related("organisation").get(pk=user_id, is_active=True)
        except (User.DoesNotExist, ValueError):
            return None
