"""A group's live socket: group events for its members; closes when membership ends or a
suspension starts."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async

from hearth.groups.access import with_sanction_state
from hearth.groups.models import Membership
from hearth.realtime.consumers import BaseConsumer


@database_sync_to_async
def _is_active_member(user_id: str, group_id: str) -> bool:
    # One query: active membership and no live suspension (a suspended member's socket closes).
    return (
        with_sanction_state(
            Membership.objects.filter(
                user_id=user_id,
                group_id=group_id,
                status=Membership.Status.ACTIVE,
                group__archived_at__isnull=True,
            )
        )
        # Keyword by name: the annotation is unknown to the type checker's model view.
        .filter(**{"sanction_suspended": False})
        .exists()
    )


class GroupConsumer(BaseConsumer):
    async def join(self) -> bool:
        self.group_id = str(self.scope["url_route"]["kwargs"]["group_id"])
        return await _is_active_member(str(self.scope["user"].pk), self.group_id)

    async def receive_frame(self, content: dict[str, Any]) -> None:
        # Every frame re-checks membership: a removal event may have been missed.
        if not await _is_active_member(str(self.scope["user"].pk), str(self.group_id)):
            await self.close(code=4404)
            return
        await super().receive_frame(content)
