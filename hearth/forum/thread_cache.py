"""Threads as last read from the database, kept opened in each process for every reader.

A thread page spent most of its time loading and opening the same rows for every reader: the
posts (of every visibility), their authors, reactions and images. This cache keeps those, per
process, for the threads read lately. What differs by reader (which posts they may see, whom
they blocked, their content-note preferences, their own words) is still worked out for each
request from them (queries._views), so nothing one reader may see is cached for another.

An entry serves only the revision of the thread it was read at. ThreadRevision is moved by
database triggers on every change to what a thread shows, whatever code made it, so every
process sees a change at its next request. The revision is read before the rows (with the
thread, by access_thread), so an entry can hold newer rows than its revision, never older.
Entries also expire after five minutes, as data keys do (privacy/keys.py): words of a shredded
scope leave a process's memory no later than its keys.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from hearth.forum.models import Post, PostImage, Reaction
from hearth.groups.models import Membership

# Bounded by posts, not threads: a thread's entry costs about 3 KB a post (146 KB for 51,
# measured with tracemalloc), so at most about 30 MB a process, well inside a worker's budget.
MAX_POSTS = 10_000
LIFETIME_SECONDS = 300.0


@dataclass(frozen=True)
class Contents:
    """What every reader of some posts shares. Shared between requests: read, never change."""

    posts: tuple[Post, ...]  # oldest first, every visibility
    quoted: dict[Any, Post]  # each post that one of `posts` quotes, by id
    authors: dict[Any, Membership]  # the authors of `posts` and `quoted`, by membership id
    # Post id → (kind, reacting membership id, that member's user id), for each reaction.
    reactions: dict[Any, tuple[tuple[str, Any, Any], ...]]
    images: dict[Any, tuple[PostImage, ...]]  # post id → its images (without their data)


def load_contents(posts: QuerySet[Post]) -> Contents:
    """Read `posts` and everything shown with them, in five queries at most."""
    every = tuple(posts.order_by("created_at"))
    loaded = {post.id: post for post in every}
    quoted_ids = {post.quote_of_id for post in every if post.quote_of_id}
    quoted = {i: loaded[i] for i in quoted_ids & loaded.keys()}
    if elsewhere := quoted_ids - loaded.keys():
        quoted.update({post.id: post for post in Post.objects.filter(id__in=elsewhere)})
    # One Membership per author, so each name is opened once however many posts they wrote.
    authors = Membership.objects.in_bulk({p.author_id for p in (*every, *quoted.values())})
    reactions: dict[Any, list[tuple[str, Any, Any]]] = {}
    for post_id, kind, member_id, user_id in Reaction.objects.filter(
        post_id__in=loaded
    ).values_list("post_id", "kind", "member_id", "member__user_id"):
        reactions.setdefault(post_id, []).append((kind, member_id, user_id))
    images: dict[Any, list[PostImage]] = {}
    for image in PostImage.objects.filter(post_id__in=loaded).defer("data"):
        images.setdefault(image.post_id, []).append(image)
    return Contents(
        posts=every,
        quoted=quoted,
        authors=authors,
        reactions={post_id: tuple(rows) for post_id, rows in reactions.items()},
        images={post_id: tuple(rows) for post_id, rows in images.items()},
    )


_entries: OrderedDict[Any, tuple[int, float, Contents]] = OrderedDict()
_lock = threading.Lock()


def thread_contents(thread_id: Any, revision: int) -> Contents:
    """Return the contents of a thread at `revision` (read no later than now), from the cache
    when this process read them at that revision in the last five minutes."""
    now = time.monotonic()
    with _lock:
        entry = _entries.get(thread_id)
        if entry is not None and entry[0] == revision and now - entry[1] < LIFETIME_SECONDS:
            _entries.move_to_end(thread_id)
            return entry[2]
    contents = load_contents(Post.objects.filter(thread_id=thread_id))
    with _lock:
        _entries[thread_id] = (revision, now, contents)
        _entries.move_to_end(thread_id)
        held = sum(len(entry[2].posts) for entry in _entries.values())
        while held > MAX_POSTS and len(_entries) > 1:  # the newest entry always stays
            _, (_, _, dropped) = _entries.popitem(last=False)
            held -= len(dropped.posts)
    return contents


def clear() -> None:
    """Forget every entry (tests)."""
    with _lock:
        _entries.clear()
