"""The base WebSocket consumer and the personal notification socket."""

from __future__ import annotations

import json
from typing import Any

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from hearth.realtime.events import session_group, user_group

CLOSE_NOT_FOUND = 4404
CLOSE_SESSION_ENDED = 4401
CLOSE_BAD_FRAME = 4400
MAX_FRAME_BYTES = 16_384


class BaseConsumer(AsyncJsonWebsocketConsumer):
    """Accept only live, signed-in sessions and close when that session ends.

    Subclasses add their own groups in `join()` and handle frames in `receive_frame()`; every
    frame arrives here first so that size and shape are checked in one place.
    """

    groups_joined: list[str]
    # The support group a socket belongs to, if any: ending that membership closes it.
    group_id: str | None = None

    async def connect(self) -> None:
        self.groups_joined = []
        account_session = self.scope.get("account_session")
        user = self.scope.get("user")
        if account_session is None or user is None or not user.is_authenticated:
            await self.close(code=CLOSE_NOT_FOUND)
            return
        if not await self.join():
            await self.close(code=CLOSE_NOT_FOUND)
            return
        for group in (session_group(account_session.id), user_group(user.id)):
            await self._add(group)
        await self.accept()

    async def _add(self, group: str) -> None:
        await self.channel_layer.group_add(group, self.channel_name)
        self.groups_joined.append(group)

    async def join(self) -> bool:
        """Return False to refuse the connection (as not found)."""
        return True

    async def disconnect(self, code: int) -> None:
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive(
        self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any
    ) -> None:
        if bytes_data is not None or text_data is None or len(text_data.encode()) > MAX_FRAME_BYTES:
            await self.send_json(
                {
                    "type": "error",
                    "code": "bad_frame",
                    "message": "Frames must be JSON text under 16 KB.",
                }
            )
            return
        await super().receive(text_data=text_data, **kwargs)

    @classmethod
    async def decode_json(cls, text_data: str) -> Any:
        try:
            return json.loads(text_data)
        except ValueError:
            return None

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict) or not isinstance(content.get("type"), str):
            await self.send_json(
                {
                    "type": "error",
                    "code": "bad_frame",
                    "message": "Each frame needs a JSON object with a type.",
                }
            )
            return
        if not await self.session_still_live():
            await self.close(code=CLOSE_SESSION_ENDED)
            return
        await self.receive_frame(content)

    async def receive_frame(self, content: dict[str, Any]) -> None:
        if content["type"] == "ping":
            await self.send_json({"type": "pong"})
        else:
            await self.send_json(
                {"type": "error", "code": "unknown_type", "message": "Unknown frame type."}
            )

    async def session_still_live(self) -> bool:
        """Re-check on every frame that the session was not revoked meanwhile.

        The check itself is put in the scope by the ASGI authentication middleware, which
        belongs to accounts; realtime stays below every feature app.
        """
        return bool(await self.scope["session_is_live"]())

    async def session_ended(self, event: dict[str, Any]) -> None:
        await self.close(code=CLOSE_SESSION_ENDED)

    async def membership_ended(self, event: dict[str, Any]) -> None:
        if self.group_id is not None and event.get("group") == self.group_id:
            await self.close(code=CLOSE_NOT_FOUND)

    async def group_changed(self, event: dict[str, Any]) -> None:
        if self.group_id is None or event.get("group") == self.group_id:
            await self.send_json(
                {"type": "group.changed", "group": event.get("group"), "what": event.get("what")}
            )

    async def notify(self, event: dict[str, Any]) -> None:
        await self.send_json(event["payload"])


class NotificationConsumer(BaseConsumer):
    """A person's own socket: notifications and session control."""
