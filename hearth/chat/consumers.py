"""The chat room socket: thin — parse the frame, re-check access, call an action, reply.

Protocol (docs/chat-protocol.md): frames in are `send`, `resume`, `typing`, `control` and
`ping`; frames out are `hello`, `state`, `message`, `deleted`, `ack`, `resumed`, `refresh`,
`support`, `confirm`, `error`, `muted`, `typing`, `presence`, `ended` and `pong`.

Room frames arrive through the process's room hub (realtime.hub), once per process, and are
written to each socket as the pre-encoded text the action produced.
"""

from __future__ import annotations

import json
import time
from typing import Any

from channels.db import database_sync_to_async
from django.core.exceptions import ValidationError
from django.http import Http404

from hearth.chat import access, actions, queries
from hearth.chat.models import ChatSession
from hearth.groups.access import GroupAccess
from hearth.groups.actions import do_record_outside_read
from hearth.realtime.consumers import CLOSE_NOT_FOUND, BaseConsumer
from hearth.realtime.events import room_group
from hearth.realtime.hub import hub
from hearth.safety.crisis import resources_for
from hearth.safety.queries import get_blocked_user_ids

CLOSE_ENDED = 4000
TYPING_EVERY = 3.0
CONTROLS = ("open", "pause", "resume", "slow_mode", "mute", "remove", "delete", "pin", "end")
NOT_FOUND = {"type": "error", "code": "not_found", "message": "Not found."}

Loaded = tuple[GroupAccess, ChatSession]


def _refused(error: ValidationError, **extra: Any) -> dict[str, Any]:
    return {
        "type": "error",
        "code": error.code or "refused",
        "message": " ".join(error.messages),
        **extra,
    }


class ChatConsumer(BaseConsumer):
    session_id: str
    room: str | None = None
    membership_id: str | None = None
    display_name: str = ""
    blocked_members: frozenset[str] = frozenset()
    hello: dict[str, Any]
    last_typing: float = 0.0

    # --- Connecting -----------------------------------------------------------------------

    async def join(self) -> bool:
        self.session_id = str(self.scope["url_route"]["kwargs"]["session_id"])
        if not await database_sync_to_async(self._enter)():
            return False
        self.room = room_group(self.session_id)
        await hub().join(self.room, id(self), self._deliver)
        return True

    def _enter(self) -> bool:
        """Load everything the socket keeps (off the event loop: names are sealed)."""
        loaded = self._load_now()
        if loaded is None:
            return False
        found, session = loaded
        settings = access.settings_for(found)
        self.group_id = str(found.group.id)
        if found.membership is not None:
            self.membership_id = str(found.membership.id)
            self.display_name = found.membership.display_name
        else:
            do_record_outside_read(found, "chat")
        blocked = get_blocked_user_ids(found.actor)
        if blocked:
            ids = found.group.memberships.filter(user_id__in=blocked).values_list("id", flat=True)
            self.blocked_members = frozenset(str(i) for i in ids)
        self.hello = {
            **actions.state_frame(session),
            "type": "hello",
            "last_seq": session.last_seq,
            "you": self.membership_id,
            "facilitator": found.can_manage,
            "typing": settings.typing,
            "presence": settings.presence,
        }
        return True

    async def connect(self) -> None:
        await super().connect()
        if self.room is not None and self.groups_joined:  # accepted
            await self.send_json(self.hello)
            await self._presence(here=True)

    async def disconnect(self, code: int) -> None:
        if self.room is not None:
            await hub().leave(self.room, id(self))
            await self._presence(here=False)
        await super().disconnect(code)

    def _load_now(self) -> Loaded | None:
        """Return the person's access and the session, or None for missing or forbidden.

        Called again for every frame: a removal or suspension may have been missed.
        """
        user = self.scope["user"]
        try:
            group_id = ChatSession.objects.values_list("group_id", flat=True).get(
                id=self.session_id
            )
            found = access.access_chat(user, group_id)
            return found, access.access_session(found, self.session_id)
        except (ChatSession.DoesNotExist, Http404, ValueError):
            return None

    # --- Frames from the client -----------------------------------------------------------

    async def receive_frame(self, content: dict[str, Any]) -> None:
        kind = content["type"]
        if kind not in ("send", "resume", "typing", "control"):
            await super().receive_frame(content)  # ping, or an unknown type
            return
        if kind == "resume":
            last_seq = content.get("last_seq")
            if not isinstance(last_seq, int) or isinstance(last_seq, bool) or last_seq < 0:
                await self.send_json(
                    {
                        "type": "error",
                        "code": "bad_frame",
                        "message": "resume needs last_seq, a whole number from 0.",
                    }
                )
                return
        outcome = await database_sync_to_async(self._handle)(kind, content)
        if outcome is None:
            # Removed, suspended or the group was archived since the socket opened.
            await self.close(code=CLOSE_NOT_FOUND)
            return
        replies, to_room = outcome
        for reply in replies:
            await self.send_json(reply)
        if to_room is not None:
            await self._to_room(to_room)

    def _handle(
        self, kind: str, content: dict[str, Any]
    ) -> tuple[list[dict[str, Any]], dict[str, Any] | None] | None:
        """Run one frame against the database, loading access once; None closes the socket."""
        loaded = self._load_now()
        if loaded is None:
            return None
        if kind == "send":
            return self._send(loaded, content), None
        if kind == "resume":
            return self._resume(loaded, content["last_seq"]), None
        if kind == "typing":
            return self._typing(loaded)
        return self._control(loaded, content), None

    def _send(self, loaded: Loaded, content: dict[str, Any]) -> list[dict[str, Any]]:
        found, session = loaded
        client_id = content.get("client_msg_id")
        try:
            sent = actions.check_send_message(
                found, session, client_id, content.get("text"), content.get("confirm", "")
            )
        except actions.NeedsConfirmation as needed:
            return [{"type": "confirm", "client_msg_id": client_id, "nudges": needed.nudges}]
        except ValidationError as error:
            cid = client_id if isinstance(client_id, str) else None
            return [_refused(error, client_msg_id=cid)]
        replies: list[dict[str, Any]] = [
            {
                "type": "ack",
                "client_msg_id": client_id,
                "seq": sent.message.seq,
                "status": sent.message.visibility,
                "duplicate": sent.duplicate,
            }
        ]
        if sent.show_crisis_resources:
            lines = resources_for(found.actor.crisis_region or None)
            replies.append(
                {
                    "type": "support",
                    "lines": [
                        {"name": line.name, "contact": line.contact, "hours": line.hours}
                        for line in lines
                    ],
                    "group_lines": found.group.crisis_lines(),
                }
            )
        return replies

    def _resume(self, loaded: Loaded, last_seq: int) -> list[dict[str, Any]]:
        resumed = queries.get_resume(*loaded, last_seq)
        if resumed.refresh:
            return [{"type": "refresh", "last_seq": resumed.last_seq}]
        frames = [f for f in resumed.frames if f.get("author_member") not in self.blocked_members]
        return [*frames, {"type": "resumed", "last_seq": resumed.last_seq, "more": resumed.more}]

    def _typing(self, loaded: Loaded) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        found = loaded[0]
        if not access.settings_for(found).typing or found.membership is None:
            off = {"type": "error", "code": "off", "message": "Typing indicators are off here."}
            return [off], None
        now = time.monotonic()
        if now - self.last_typing < TYPING_EVERY:
            return [], None  # quietly bounded: a burst of keystrokes is not worth a frame each
        self.last_typing = now
        return [], {"type": "typing", "who": found.membership.display_name}

    def _control(self, loaded: Loaded, content: dict[str, Any]) -> list[dict[str, Any]]:
        found, session = loaded
        action = content.get("action")
        try:
            if action == "open":
                actions.check_open_session(found, session)
            elif action in ("pause", "resume"):
                actions.check_set_room(found, session, paused=action == "pause")
            elif action == "slow_mode":
                seconds = content.get("seconds")
                if not isinstance(seconds, int) or isinstance(seconds, bool):
                    raise ValidationError("slow_mode needs seconds, a whole number.")
                actions.check_set_room(found, session, slow_mode_seconds=seconds)
            elif action == "mute":
                minutes = content.get("minutes", 10)
                if not isinstance(minutes, int) or isinstance(minutes, bool):
                    raise ValidationError("mute needs minutes, a whole number.")
                actions.check_mute(found, session, str(content.get("member")), minutes)
            elif action == "remove":
                actions.check_remove_participant(found, session, str(content.get("member")))
            elif action == "delete":
                actions.check_delete_message(found, session, content.get("seq"))
            elif action == "pin":
                actions.check_pin(found, session, content.get("seq"))
            elif action == "end":
                actions.check_end_session(found, session)
            else:
                return [
                    {
                        "type": "error",
                        "code": "unknown_control",
                        "message": "Unknown control; use one of: " + ", ".join(CONTROLS) + ".",
                    }
                ]
        except ValidationError as error:
            return [_refused(error)]
        return []

    # --- Frames to the room ---------------------------------------------------------------

    async def _to_room(self, frame: dict[str, Any]) -> None:
        """Send a frame of this socket's own (typing, presence) to everyone else in the room."""
        await self.channel_layer.group_send(
            room_group(self.session_id),
            {
                "type": "chat.frame",
                "room": room_group(self.session_id),
                "frame": json.dumps(frame),
                "author": self.membership_id,
                "echo": False,
            },
        )

    async def _presence(self, *, here: bool) -> None:
        """Tell the room who came or went, only where the group turned presence on."""
        if self.hello.get("presence") and self.membership_id is not None:
            await self._to_room({"type": "presence", "who": self.display_name, "here": here})

    async def _deliver(self, event: dict[str, Any]) -> None:
        """Write one room frame to this socket (called by the hub, once per frame)."""
        author = event.get("author")
        if author is not None and author in self.blocked_members:
            return
        if author == self.membership_id and not event.get("echo", True):
            return  # e.g. nobody needs to see that they themselves are typing
        await self.send(text_data=event["frame"])
        if event.get("close"):
            await self.close(code=CLOSE_ENDED)

    # --- Events addressed to this person --------------------------------------------------

    async def chat_personal(self, event: dict[str, Any]) -> None:
        if event.get("session") == self.session_id:
            await self.send(text_data=event["frame"])

    async def chat_removed(self, event: dict[str, Any]) -> None:
        if event.get("session") == self.session_id:
            await self.send_json({"type": "removed"})
            await self.close(code=CLOSE_NOT_FOUND)
