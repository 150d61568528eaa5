"""Send real-time events, only after the transaction that caused them has committed.

Channel-layer group names are opaque ids (never names or pseudonyms), because with Redis they
are visible to whoever can read Redis.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


def session_group(session_id: UUID | str) -> str:
    """Return the channel group of one signed-in session."""
    return f"s.{UUID(str(session_id)).hex}"


def user_group(user_id: UUID | str) -> str:
    """Return the channel group reaching every live socket of one person."""
    return f"u.{UUID(str(user_id)).hex}"


def room_group(room_id: UUID | str) -> str:
    """Return the channel group of one live room (a chat session or a call)."""
    return f"r.{UUID(str(room_id)).hex}"


def _send(groups: list[str], event: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    for group in groups:
        async_to_sync(layer.group_send)(group, event)


def send_event_on_commit(groups: list[str], event: dict[str, Any]) -> None:
    """Deliver `event` to `groups` once the current transaction commits (at once if none).

    `event["type"]` names the consumer handler, e.g. "session.ended" calls `session_ended`.
    """
    transaction.on_commit(lambda: _send(groups, event))
