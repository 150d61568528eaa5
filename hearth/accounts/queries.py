"""Read-only selectors for accounts."""

from __future__ import annotations

from django.db.models import QuerySet

from hearth.accounts import pseudonyms
from hearth.accounts.models import AccountSession, Organisation, User


def get_live_sessions(user: User) -> QuerySet[AccountSession]:
    """Return the person's live sessions, newest activity first."""
    return AccountSession.objects.filter(user=user, ended_at__isnull=True).order_by("-last_seen_at")


def find_person(organisation: Organisation, pseudonym: str) -> User | None:
    """Return the active person with this pseudonym in the organisation, or None."""
    if pseudonyms.problems(pseudonym):
        return None
    return User.objects.filter(
        organisation=organisation, pseudonym_token=pseudonyms.token(pseudonym), is_active=True
    ).first()
