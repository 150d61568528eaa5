"""Values every page's shell needs: the discreet title and icon, the exit address."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from hearth.accounts.models import Organisation


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    organisation = user.organisation if signed_in and user is not None else None
    if organisation is None:
        # The front door of a single-programme installation; nothing about any group.
        organisation = Organisation.objects.order_by("created_at").first()
    discreet = (not signed_in) or user.discreet_mode  # type: ignore[union-attr]
    account_session = getattr(request, "account_session", None)
    return {
        "shell_title": (organisation.discreet_title if organisation and discreet else "Hearth"),
        "shell_icon": (organisation.discreet_icon if organisation and discreet else "hearth"),
        "shell_exit_url": settings.HEARTH_NEUTRAL_EXIT_URL,
        "shell_shared_device": bool(account_session and account_session.kind == "shared"),
        "shell_signed_in": signed_in,
    }
