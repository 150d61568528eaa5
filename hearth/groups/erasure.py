"""Erase a member's words from a group, across every feature that stores them.

Feature apps (forum, chat, messaging) register an eraser when they load, so removing a member
with "erase their content" reaches content types this module does not know about.
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

Eraser = Callable[[UUID, UUID], int]
_erasers: list[Eraser] = []


def register(eraser: Eraser) -> Eraser:
    """Register `eraser(group_id, user_id) -> items erased`; usable as a decorator."""
    _erasers.append(eraser)
    return eraser


def erase_member_content(group_id: UUID, user_id: UUID) -> int:
    """Run every registered eraser and return how many items were erased."""
    return sum(eraser(group_id, user_id) for eraser in _erasers)


def _register_own() -> None:
    # Check-ins live in groups itself, which has no adapters module: register here, where
    # every erasure passes, so the eraser is in place whichever module loaded first.
    from hearth.groups.checkins import erase_member_check_ins

    register(erase_member_check_ins)


_register_own()
