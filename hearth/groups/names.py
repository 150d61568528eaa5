"""Display names inside a group: valid, distinct from each other, never posing as staff."""

from __future__ import annotations

from collections.abc import Iterator

from hearth.accounts import pseudonyms
from hearth.privacy.keys import blind_token


def problems(name: str, *, staff: bool = False) -> list[str]:
    """Return why a display name cannot be used; only staff may carry a staff title."""
    return pseudonyms.problems(name, allow_staff_title=staff)


def group_token(group_id: object, name: str) -> str:
    """Return the blind token under which a name is unique within one group."""
    return blind_token(f"group-name:{group_id}", pseudonyms.skeleton(name))


def staff_names() -> Iterator[str]:
    """Yield "Facilitator", "Facilitator 2", …: default staff names, never a sign-in pseudonym."""
    yield "Facilitator"
    n = 2
    while True:
        yield f"Facilitator {n}"
        n += 1
