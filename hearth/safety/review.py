"""The review queue's registry: content apps say how to load, publish and turn back their items.

Safeguarding never imports the apps whose content it reviews (forum, chat, messages): each of
them registers an adapter for its kind of content when it starts (in `AppConfig.ready`), and
holds the sealed text itself. A review item is only a pointer (`kind`, `object_id`) plus the
risk findings; the words are loaded through the adapter when a moderator opens the item.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol
from uuid import UUID

if TYPE_CHECKING:
    from hearth.accounts.models import User


@dataclass(frozen=True)
class Reviewable:
    """Held content as a moderator sees it."""

    text: str  # the content as the author wrote it (already unsealed)
    title: str | None  # e.g. a thread title, or None
    link: str | None  # where the content lives once published, for staff; or None


class ReviewAdapter(Protocol):
    """How one content app shows and settles its held items.

    `approve` and `reject` run inside the review action's transaction, after the item has been
    locked: raising (a ValidationError to refuse, with a message for the moderator) rolls the
    decision back, so the item stays waiting.
    """

    def load(self, object_id: UUID) -> Reviewable | None:
        """Return the held content, or None if it is gone (erased, deleted)."""
        ...

    def approve(self, object_id: UUID, actor: User, text: str | None) -> None:
        """Publish the content; `text` is an edited (redacted) version, or None as written."""
        ...

    def reject(self, object_id: UUID, actor: User, message: str) -> None:
        """Keep the content unpublished and show the author `message`, a kind reply."""
        ...

    def remove(self, object_id: UUID, actor: User) -> None:
        """Take published content down for good after a member's report (optional).

        Adapters without this method cannot have content removed from a report: callers look
        it up with `removal_for` and refuse the outcome. Runs inside the report's transaction;
        content that is already gone is left as it is.
        """
        ...


_ADAPTERS: dict[str, ReviewAdapter] = {}


def register(kind: str, adapter: ReviewAdapter) -> None:
    """Register the adapter for `kind` (at most 30 characters); a later call replaces it."""
    if not kind or len(kind) > 30:
        raise ValueError("a review kind is 1 to 30 characters")
    _ADAPTERS[kind] = adapter


def unregister(kind: str) -> None:
    """Forget the adapter for `kind` (tests register their own and clean up)."""
    _ADAPTERS.pop(kind, None)


def adapter_for(kind: str) -> ReviewAdapter:
    """Return the adapter registered for `kind`; raise KeyError if there is none."""
    return _ADAPTERS[kind]


def removal_for(kind: str) -> Callable[[UUID, User], None] | None:
    """Return the `remove` method of the adapter for `kind`, or None if it has none."""
    adapter = _ADAPTERS.get(kind)
    return getattr(adapter, "remove", None) if adapter is not None else None
