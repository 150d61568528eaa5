"""Read-only selectors for chat pages and the resume protocol."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from hearth.chat.actions import message_frame
from hearth.chat.models import ChatMessage, ChatSession
from hearth.groups.access import GroupAccess
from hearth.safety.content import hide_spans

RESUME_BATCH = 500


def get_sessions(found: GroupAccess) -> dict[str, list[ChatSession]]:
    """Return the group's open, upcoming and recent sessions."""
    now = timezone.now()
    sessions = ChatSession.objects.filter(group=found.group)
    return {
        "open": list(sessions.filter(state=ChatSession.State.OPEN).order_by("starts_at")),
        "upcoming": list(
            sessions.filter(state=ChatSession.State.SCHEDULED, ends_at__gte=now).order_by(
                "starts_at"
            )[:20]
        ),
        "recent": list(
            sessions.filter(
                state=ChatSession.State.ENDED, closed_at__gte=now - timedelta(days=30)
            ).order_by("-closed_at")[:10]
        ),
    }


def _visible(found: GroupAccess, session: ChatSession) -> QuerySet[ChatMessage]:
    """Published and deleted messages for everyone; held ones for their author only."""
    mine = Q(author=found.membership) if found.membership else Q(pk__in=[])
    return ChatMessage.objects.filter(session=session).filter(
        Q(visibility__in=[ChatMessage.Visibility.PUBLISHED, ChatMessage.Visibility.DELETED]) | mine
    )


def frame_for(found: GroupAccess, message: ChatMessage) -> dict[str, Any]:
    """Return the frame one reader gets for a stored message (deleted ones as placeholders)."""
    if message.visibility == ChatMessage.Visibility.DELETED:
        return {"type": "deleted", "seq": message.seq}
    own = found.membership is not None and message.author_id == found.membership.id
    text = message.body if own else hide_spans(message.body, message.hidden_spans)
    frame = message_frame(message, message.author, text)
    if message.visibility != ChatMessage.Visibility.PUBLISHED:
        frame["status"] = message.visibility  # the author's own held message
    return frame


@dataclass
class Resume:
    refresh: bool
    frames: list[dict[str, Any]]
    last_seq: int
    more: bool


def get_resume(found: GroupAccess, session: ChatSession, last_seq: int) -> Resume:
    """Return exactly the messages after `last_seq`, or ask for a refresh past retention."""
    session.refresh_from_db(fields=["last_seq", "purged_through"])
    if last_seq < session.purged_through or last_seq > session.last_seq:
        return Resume(True, [], session.last_seq, False)
    messages = list(
        _visible(found, session)
        .filter(seq__gt=last_seq)
        .select_related("author")
        .order_by("seq")[: RESUME_BATCH + 1]
    )
    more = len(messages) > RESUME_BATCH
    messages = messages[:RESUME_BATCH]
    frames = [frame_for(found, m) for m in messages]
    # A message that was only the safety word stays with its author.
    frames = [f for f in frames if f["type"] != "message" or f["text"].strip()]
    reached = messages[-1].seq if messages and more else session.last_seq
    return Resume(False, frames, reached, more)
