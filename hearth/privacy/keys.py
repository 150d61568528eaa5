"""Per-scope data keys, wrapped by the master key, with rotation and crypto-shredding.

A scope names whose data a key protects: ``group:<id>``, ``account:<id>``, ``org:<id>`` or an
index key such as ``index:pseudonym``. Unwrapped keys are cached in the process for a short
while; the cache is cleared on rotation and shredding in this process, and expires elsewhere.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import time
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction

from hearth.lib.env import ConfigError
from hearth.privacy.crypto import SealError, associated_data, open_bytes, seal_bytes
from hearth.privacy.models import DataKey

_CACHE_SECONDS = 300
_cache: dict[tuple[str, int | None], tuple[float, int, bytes]] = {}
CHECK_SCOPE = "system:master-key-check"


class KeyShredded(Exception):
    """Raised when data of a shredded scope is asked for."""


def _wrap_aad(scope: str, version: int) -> bytes:
    return associated_data(scope, "privacy_datakey", "wrapped", str(version))


def _wrap(key: bytes, scope: str, version: int) -> bytes:
    return seal_bytes(settings.HEARTH_MASTER_KEY, 0, key, _wrap_aad(scope, version))


def _unwrap(row: DataKey) -> bytes:
    try:
        return open_bytes(
            settings.HEARTH_MASTER_KEY, bytes(row.wrapped), _wrap_aad(row.scope, row.version)
        )
    except SealError:
        raise ConfigError(
            "HEARTH_MASTER_KEY does not open this database's data keys: it is the wrong key "
            "for this database. Hearth refuses to run rather than serve unreadable pages."
        ) from None


def clear_cache() -> None:
    """Forget every unwrapped key held by this process."""
    _cache.clear()


def _remember(scope: str, version: int, key: bytes, *, active: bool) -> None:
    expires = time.monotonic() + _CACHE_SECONDS
    _cache[(scope, version)] = (expires, version, key)
    if active:
        _cache[(scope, None)] = (expires, version, key)


def _cached(scope: str, version: int | None) -> tuple[int, bytes] | None:
    hit = _cache.get((scope, version))
    if hit and hit[0] > time.monotonic():
        return hit[1], hit[2]
    return None


def active_key(scope: str) -> tuple[int, bytes]:
    """Return (version, key) of the scope's active data key, creating the first one."""
    hit = _cached(scope, None)
    if hit:
        return hit
    row = DataKey.objects.filter(scope=scope, active=True).order_by("-version").first()
    if row is None:
        if is_shredded(scope):
            raise KeyShredded(scope)
        row = _create(scope, 1)
    key = _unwrap(row)
    _remember(scope, row.version, key, active=True)
    return row.version, key


def key_for(scope: str, version: int) -> bytes:
    """Return the data key of `scope` at `version` (any version, active or retired)."""
    hit = _cached(scope, version)
    if hit:
        return hit[1]
    row = DataKey.objects.filter(scope=scope, version=version).first()
    if row is None:
        raise KeyShredded(scope)
    key = _unwrap(row)
    _remember(scope, version, key, active=False)
    return key


def _create(scope: str, version: int) -> DataKey:
    key = os.urandom(32)
    try:
        # A savepoint, so a lost race with another process leaves the outer transaction usable.
        with transaction.atomic():
            return DataKey.objects.create(
                scope=scope, version=version, wrapped=_wrap(key, scope, version)
            )
    except IntegrityError:
        return DataKey.objects.get(scope=scope, version=version)


def rotate(scope: str) -> int:
    """Start sealing `scope` under a new key version and return it; old versions still open.

    Index keys are refused: their tokens are looked up by equality, so a new version would
    make every stored token unfindable.
    """
    if scope.startswith("index:"):
        raise ValueError("index keys cannot be rotated in place; re-index instead")
    with transaction.atomic():
        current = (
            DataKey.objects.select_for_update().filter(scope=scope).order_by("-version").first()
        )
        version = (current.version if current else 0) + 1
        DataKey.objects.filter(scope=scope).update(active=False)
        _create(scope, version)
    clear_cache()
    return version


def shred(scope: str) -> None:
    """Destroy every key of `scope` for good and record it in the shred ledger.

    The ledger lives outside the database so that a restore from an older backup re-applies it.
    """
    _append_ledger(scope)
    DataKey.objects.filter(scope=scope).delete()
    clear_cache()


def _ledger() -> Path:
    return Path(settings.HEARTH_SHRED_LEDGER)


def _append_ledger(scope: str) -> None:
    path = _ledger()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(scope + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def shredded_scopes() -> set[str]:
    """Return every scope named in the shred ledger."""
    try:
        return {
            line.strip()
            for line in _ledger().read_text(encoding="utf-8").splitlines()
            if line.strip()
        }
    except FileNotFoundError:
        return set()


def is_shredded(scope: str) -> bool:
    return scope in shredded_scopes()


def reapply_shred_ledger() -> int:
    """Delete the keys of every shredded scope again (after a restore); return how many."""
    scopes = shredded_scopes()
    deleted, _ = DataKey.objects.filter(scope__in=scopes).delete()
    clear_cache()
    return deleted


def verify_master_key() -> None:
    """Check that the configured master key opens this database's keys, or raise ConfigError."""
    row = DataKey.objects.filter(scope=CHECK_SCOPE).first()
    if row is None:
        _create(CHECK_SCOPE, 1)
        return
    _unwrap(row)


def rewrap_all(old_master: bytes, new_master: bytes) -> int:
    """Re-wrap every data key from `old_master` to `new_master`; return how many."""
    count = 0
    with transaction.atomic():
        for row in DataKey.objects.select_for_update():
            aad = _wrap_aad(row.scope, row.version)
            key = open_bytes(old_master, bytes(row.wrapped), aad)
            row.wrapped = seal_bytes(new_master, 0, key, aad)
            row.save(update_fields=["wrapped"])
            count += 1
    clear_cache()
    return count


def blind_token(scope: str, value: str) -> str:
    """Return a keyed HMAC token of `value`, for equality lookups without storing plaintext."""
    _, key = active_key(f"index:{scope}")
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
