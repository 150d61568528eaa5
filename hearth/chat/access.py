"""Who may see and act on chat sessions. Missing and forbidden answer alike: Http404.

A group's sessions are visible to whoever may see the group when it meets in live chat.
Taking part needs an active membership and no removal from that session.
"""

from __future__ import annotations

from uuid import UUID

from django.http import Http404

from hearth.accounts.models import User
from hearth.chat.models import ChatSession, ChatSettings, Participant
from hearth.groups.access import GroupAccess, access_group


def access_chat(actor: User, group_id: UUID | str) -> GroupAccess:
    """Return access to a group's chat, or raise Http404 (also when it has no chat)."""
    found = access_group(actor, group_id)
    if not found.group.has_chat:
        raise Http404
    return found


def access_session(found: GroupAccess, session_id: UUID | str) -> ChatSession:
    """Return one of the group's sessions, or raise Http404."""
    try:
        key = UUID(str(session_id))
    except ValueError:
        raise Http404 from None
    session = ChatSession.objects.filter(id=key, group=found.group).first()
    if session is None:
        raise Http404
    if found.membership is not None and is_removed(session, found):
        raise Http404
    return session


def is_removed(session: ChatSession, found: GroupAccess) -> bool:
    return Participant.objects.filter(
        session=session, membership=found.membership, removed=True
    ).exists()


def settings_for(found: GroupAccess) -> ChatSettings:
    """Return the group's chat settings (defaults when none were chosen), cached on the group."""
    try:
        return found.group.chat_settings
    except ChatSettings.DoesNotExist:
        return ChatSettings(group=found.group)
