"""Display names inside a group: valid, distinct from each other, never posing as staff."""

from __future__ import annotations

from hearth.accounts import pseudonyms
from hearth.privacy.keys import blind_token


def problems(name: str) -> list[str]:
    """Return why a display name cannot be used (shape and impersonation of staff)."""
    return pseudonyms.problems(name)


def group_token(group_id: object, name: str) -> str:
    """Return the blind token under which a name is unique within one group."""
    return blind_token(f"group-name:{group_id}", pseudonyms.skeleton(name))
