"""Calm error pages in the site's own style."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    return render(
        request, "error.html", {"title": title, "message": message, "status": status}, status=status
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        400,
        _("Something in that request was not right"),
        _("Please go back and try again. Nothing was changed."),
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        403,
        _("This page is not available"),
        _("You may need to sign in again. Nothing was changed."),
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        404,
        _("We could not find that page"),
        _("It may have moved, or the link may have expired."),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        500,
        _("Something went wrong on our side"),
        _(
            "Please try again in a moment. If you were writing something, it may not have been saved."
        ),
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _page(
        request,
        403,
        _("This form had expired"),
        _(
            "For your safety, forms expire. Please go back, reload the page and try again. Nothing was changed."
        ),
    )
