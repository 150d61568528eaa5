"""Absolute links for people to open later (invitations, reset links)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def absolute(request: HttpRequest, path: str) -> str:
    """Return `path` on the configured site address (HEARTH_SITE_URL), not the Host header."""
    if settings.HEARTH_SITE_URL:
        return settings.HEARTH_SITE_URL + path
    return request.build_absolute_uri(path)
