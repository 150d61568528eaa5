"""Re-checking the passphrase before sensitive changes, for a phone someone else may hold."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from hearth.accounts import actions


def passphrase_recent(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Ask for the passphrase again before changing second factors (someone may be holding
    an unlocked phone)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if actions.recently_proven(request):
            return view(request, *args, **kwargs)
        if request.path.startswith("/account/two-factor/passkeys/"):
            return JsonResponse({"error": _("Please confirm your passphrase first.")}, status=403)
        back = (
            request.get_full_path() if request.method == "GET" else reverse("accounts:two_factor")
        )
        return redirect(f"{reverse('accounts:confirm')}?{urlencode({'next': back})}")

    return wrapper
