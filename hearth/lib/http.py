"""Small HTTP helpers shared by every app."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme


class NoStoreMiddleware:
    """Forbid caching of every dynamic response.

    A member's phone may be used by someone else: the Back button or a browser cache must not
    bring a page back after the member has left.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/static/"):
            response["Cache-Control"] = "no-store, max-age=0"
            response["Pragma"] = "no-cache"
        return response


def local_path(request: HttpRequest, candidate: str | None) -> str | None:
    """Return `candidate` if it is a path on this site (never another origin), else None.

    Used for every "go back to" address that arrives in a request.
    """
    if (
        candidate
        and candidate.startswith("/")
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return None
