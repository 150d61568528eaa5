"""Rate limits keyed without storing anyone's address.

The client address is turned into an HMAC under a random key that lives only in the cache and
changes every day, so limits work across requests while no address (or a reversible token of
one) is ever written to the database or a log.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime

from django.core.cache import cache
from django.http import HttpRequest

_DAY = 24 * 3600


def _daily_key() -> bytes:
    name = "ratelimit:key:" + datetime.now(UTC).strftime("%Y%m%d")
    key = cache.get(name)
    if key is None:
        cache.add(name, secrets.token_bytes(32), timeout=2 * _DAY)
        key = cache.get(name)
    return key


def source_token(request: HttpRequest) -> str:
    """Return an opaque, daily-rotating token for the request's network source."""
    address = request.META.get("REMOTE_ADDR") or "unknown"
    return hmac.new(_daily_key(), address.encode(), hashlib.sha256).hexdigest()[:32]


def hit(bucket: str, token: str, *, limit: int, window: int) -> bool:
    """Count one event for `token` in `bucket`; return False once `limit` is passed in `window`."""
    name = f"ratelimit:{bucket}:{token}"
    cache.add(name, 0, timeout=window)
    try:
        count = cache.incr(name)
    except ValueError:
        # The entry expired between add() and incr(): start a fresh window.
        cache.set(name, 1, timeout=window)
        count = 1
    return count <= limit


def allow_source(request: HttpRequest, bucket: str, *, limit: int, window: int = 3600) -> bool:
    """Count one event from the request's source; return False when over the limit."""
    return hit(bucket, source_token(request), limit=limit, window=window)
