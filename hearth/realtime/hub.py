"""Fan room frames out to this process's sockets from one channel-layer subscription per room.

Without it every socket in a room is a member of the room's channel-layer group, so one message
to a room of a thousand becomes a thousand layer messages (and, with the in-memory layer, a
thousand scans of every channel). Here each process subscribes once per room it has sockets in,
receives each frame once, and hands it to its local sockets in order. Rooms are still shared
across processes and hosts through the layer (Redis), exactly as before.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Awaitable, Callable
from typing import Any

from channels.layers import get_channel_layer

log = logging.getLogger(__name__)

Deliver = Callable[[dict[str, Any]], Awaitable[None]]


class RoomHub:
    """One per event loop (one per process in production)."""

    def __init__(self) -> None:
        self.rooms: dict[str, dict[int, Deliver]] = {}
        self.layer = get_channel_layer()
        self.channel: str | None = None
        self.pump: asyncio.Task[None] | None = None

    async def join(self, room: str, key: int, deliver: Deliver) -> None:
        """Start delivering `room`'s events to `deliver` (keyed by its socket)."""
        if self.channel is None:
            self.channel = await self.layer.new_channel()
            self.pump = asyncio.get_running_loop().create_task(self._pump())
        if room not in self.rooms:
            self.rooms[room] = {}
            await self.layer.group_add(room, self.channel)
        self.rooms[room][key] = deliver

    async def leave(self, room: str, key: int) -> None:
        members = self.rooms.get(room)
        if members is None:
            return
        members.pop(key, None)
        if not members:
            del self.rooms[room]
            assert self.channel is not None
            await self.layer.group_discard(room, self.channel)

    async def _pump(self) -> None:
        assert self.channel is not None
        while True:
            event = await self.layer.receive(self.channel)
            for deliver in list(self.rooms.get(event.get("room", ""), {}).values()):
                try:
                    await deliver(event)
                except OSError:
                    # The socket closed between its last frame and its leave(): nothing to do.
                    # (ASGI servers raise an OSError subclass for a send to a closed client.)
                    log.debug("room delivery to a closed socket")
                except Exception:  # one broken socket must not stop the room
                    log.exception("room delivery failed")


_hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, RoomHub] = weakref.WeakKeyDictionary()


def hub() -> RoomHub:
    """Return this event loop's hub."""
    loop = asyncio.get_running_loop()
    found = _hubs.get(loop)
    if found is None:
        found = _hubs[loop] = RoomHub()
    return found
