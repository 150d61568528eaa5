"""How chat plugs into other apps: the review queue and member erasure.

Safeguarding and groups never import chat; chat registers itself with them here.
"""

from __future__ import annotations

from uuid import UUID

from django.db import transaction

from hearth.accounts.models import User
from hearth.chat.actions import do_erase_message, do_publish_held_message
from hearth.chat.models import REVIEW_KIND, ChatMessage
from hearth.groups import erasure
from hearth.safety import review
from hearth.safety.review import Reviewable


class ChatMessageReview:
    """Held chat messages, as the safeguarding review queue sees them."""

    def _held(self, object_id: UUID) -> ChatMessage | None:
        return (
            ChatMessage.objects.select_for_update()
            .select_related("session", "author")
            .filter(id=object_id, visibility=ChatMessage.Visibility.HELD)
            .first()
        )

    def load(self, object_id: UUID) -> Reviewable | None:
        message = ChatMessage.objects.filter(id=object_id).select_related("session").first()
        if message is None or message.visibility == ChatMessage.Visibility.DELETED:
            return None
        link = f"/groups/{message.group_id}/chat/{message.session_id}/"
        return Reviewable(text=message.body, title=message.session.title, link=link)

    def approve(self, object_id: UUID, actor: User, text: str | None) -> None:
        with transaction.atomic():
            message = self._held(object_id)
            if message is not None:
                do_publish_held_message(message, text)

    def reject(self, object_id: UUID, actor: User, message: str) -> None:
        with transaction.atomic():
            held = self._held(object_id)
            if held is not None:
                held.visibility = ChatMessage.Visibility.REJECTED
                held.save(update_fields=["visibility"])

    def remove(self, object_id: UUID, actor: User) -> None:
        with transaction.atomic():
            message = (
                ChatMessage.objects.select_for_update()
                .select_related("session")
                .filter(id=object_id)
                .exclude(visibility=ChatMessage.Visibility.DELETED)
                .first()
            )
            if message is not None:
                do_erase_message(message)


def erase_member_messages(group_id: UUID, user_id: UUID) -> int:
    """Erase every chat message a member wrote in a group."""
    return ChatMessage.objects.filter(group_id=group_id, author__user_id=user_id).delete()[0]


def connect() -> None:
    review.register(REVIEW_KIND, ChatMessageReview())
    erasure.register(erase_member_messages)
