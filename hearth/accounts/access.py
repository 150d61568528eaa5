"""Who may see and act on accounts and sessions."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404
from django.utils import timezone

from hearth.accounts import lifetimes
from hearth.accounts.models import AccountSession, User


def session_is_live(session_id: UUID) -> bool:
    """Return True while the session exists, has not ended and is within its lifetimes."""
    account_session = (
        AccountSession.objects.select_related("user")
        .filter(id=session_id, ended_at__isnull=True, user__is_active=True)
        .first()
    )
    return account_session is not None and not lifetimes.expired(
        account_session.user, account_session, timezone.now()
    )


def access_own_session(actor: User, session_id: UUID | str) -> AccountSession:
    """Return one of the actor's live sessions, or raise Http404 (missing or not theirs)."""
    try:
        return AccountSession.objects.get(id=session_id, user=actor, ended_at__isnull=True)
    except (AccountSession.DoesNotExist, ValueError):
        raise Http404 from None


def can_issue_reset_link(actor: User, member: User) -> bool:
    """Staff of the member's organisation may issue reset links, never for themselves."""
    return (
        actor.is_staff_role
        and actor.organisation_id == member.organisation_id
        and actor.id != member.id
        and member.is_active
    )
