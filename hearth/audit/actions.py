"""Write to and verify the append-only, hash-chained audit log."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from hearth.audit.models import AuditEntry
from hearth.privacy.keys import active_key

GENESIS = "0" * 64


def _digest(prev_hash: str, fields: dict[str, Any]) -> str:
    # Keyed with a data key (wrapped by the master key): whoever holds only the database
    # cannot recompute the chain after rewriting or cutting it.
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    _version, key = active_key("index:audit-chain")
    return hmac.new(key, (prev_hash + canonical).encode(), hashlib.sha256).hexdigest()


def _fields(entry: AuditEntry) -> dict[str, Any]:
    return {
        "at": entry.at.isoformat(),
        "actor": str(entry.actor_id) if entry.actor_id else None,
        "org": str(entry.organisation_id) if entry.organisation_id else None,
        "action": entry.action,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "details": entry.details,
    }


def record(
    action: str,
    *,
    actor_id: UUID | None = None,
    organisation_id: UUID | None = None,
    target_type: str = "",
    target_id: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append an entry to the audit log inside the caller's transaction.

    `details` must hold ids, counts and codes only, never content or pseudonyms.
    """
    with transaction.atomic():
        # Locking the newest row serialises writers on PostgreSQL so the chain never forks;
        # SQLite's IMMEDIATE transactions already serialise them.
        last = AuditEntry.objects.select_for_update().order_by("-id").only("hash").first()
        entry = AuditEntry(
            at=timezone.now(),
            actor_id=actor_id,
            organisation_id=organisation_id,
            action=action,
            target_type=target_type,
            target_id=str(target_id),
            details=details or {},
            prev_hash=last.hash if last else GENESIS,
        )
        # Round-trip through JSON so the hash covers exactly what the database will return.
        entry.details = json.loads(json.dumps(entry.details, default=str))
        entry.hash = _digest(entry.prev_hash, _fields(entry))
        entry.save()
        return entry


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_bad_id: int | None
    head: str = GENESIS

    @property
    def ok(self) -> bool:
        return self.first_bad_id is None


def verify_chain() -> ChainReport:
    """Walk the whole log and return the first entry whose hash or link does not match."""
    prev = GENESIS
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != prev or entry.hash != _digest(entry.prev_hash, _fields(entry)):
            return ChainReport(checked, entry.id)
        prev = entry.hash
        checked += 1
    return ChainReport(checked, None, prev)
