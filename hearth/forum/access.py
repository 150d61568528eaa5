"""Who may see and act on forum threads and posts. Missing and forbidden answer alike: Http404.

The forum of a group is visible to whoever may see the group (groups.access) when the group
meets as a forum. Held and rejected content is visible only to its author and to moderators.
"""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache
from uuid import UUID

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from hearth.accounts.models import User
from hearth.forum.models import (
    ForumSettings,
    Post,
    Resource,
    Thread,
    ThreadRevision,
    Visibility,
)
from hearth.groups.access import GroupAccess, access_group
from hearth.lib.prepared import PreparedQuery


def _parse(value: UUID | str) -> UUID:
    try:
        return UUID(str(value))
    except ValueError:
        raise Http404 from None


def access_forum(actor: User, group_id: UUID | str) -> GroupAccess:
    """Return access to a group's forum, or raise Http404 (also when it has no forum)."""
    # The forum's settings and the reader's preferences, asked on every forum page, come with
    # the membership (see settings_for and preferences_for).
    found = access_group(actor, group_id, related=("group__forum_settings", "reader_preferences"))
    if not found.group.has_forum:
        raise Http404
    return found


def settings_for(found: GroupAccess) -> ForumSettings:
    """Return the group's forum settings (unsaved defaults when none were chosen).

    Read through the reverse one-to-one accessor, which caches the row (or its absence) on the
    group, so a page asking several times makes one query.
    """
    try:
        return found.group.forum_settings
    except ForumSettings.DoesNotExist:
        return ForumSettings(group=found.group)


def filter_threads_for(found: GroupAccess, qs: QuerySet[Thread] | None = None) -> QuerySet[Thread]:
    """Return the group's threads the actor may see: published, plus their own held ones."""
    qs = (qs if qs is not None else Thread.objects.all()).filter(group=found.group)
    membership_id = found.membership.id if found.membership else None
    return _visible_threads(qs, found.can_moderate, membership_id)


def _visible_threads(
    qs: QuerySet[Thread], moderator: bool, membership_id: UUID | None
) -> QuerySet[Thread]:
    if moderator:
        return qs.exclude(visibility=Visibility.DELETED)
    mine = Q(author_id=membership_id) if membership_id else Q(pk__in=[])
    return qs.filter(Q(visibility=Visibility.PUBLISHED) | (mine & ~Q(visibility="deleted")))


def filter_posts_for(found: GroupAccess, qs: QuerySet[Post]) -> QuerySet[Post]:
    """Return posts the actor may see; a deleted post stays as a placeholder for everyone."""
    if found.can_moderate:
        return qs
    mine = Q(author=found.membership) if found.membership else Q(pk__in=[])
    return qs.filter(Q(visibility__in=[Visibility.PUBLISHED, Visibility.DELETED]) | mine)


def may_see_post(found: GroupAccess, post: Post) -> bool:
    """Return whether the actor may see a loaded post: filter_posts_for's rule, for one post."""
    return (
        found.can_moderate
        or post.visibility in (Visibility.PUBLISHED, Visibility.DELETED)
        or is_author(found, post)
    )


@lru_cache(maxsize=4)
def _thread_for(moderator: bool, mine: bool) -> PreparedQuery[Thread]:
    """Return the query of one thread the reader may see (filter_threads_for's rule for a
    moderator, or for a reader whose own held threads count, `mine`), with its poll, if any
    (every thread page asks for it), and its revision. Compiled once per process
    (lib/prepared.py).
    """
    revision = ThreadRevision.objects.filter(thread_id=OuterRef("pk")).values("n")[:1]

    def build(
        group_id: UUID, thread_id: UUID, membership_id: UUID | None = None
    ) -> QuerySet[Thread]:
        qs = Thread.objects.select_related("poll").filter(group_id=group_id, id=thread_id)
        qs = _visible_threads(qs, moderator, membership_id)
        return qs.annotate(revision=Coalesce(Subquery(revision), 0)).order_by("pk")[:1]

    return PreparedQuery(build, "group_id", "thread_id", *(("membership_id",) if mine else ()))


def access_thread(found: GroupAccess, thread_id: UUID | str) -> Thread:
    """Return a thread of the group the actor may see, or raise Http404.

    The thread carries its revision (`revision`), read before any of its posts: the key of the
    process's cache of opened threads (thread_cache.py).
    """
    moderator, membership = found.can_moderate, found.membership
    ids: dict[str, UUID | str] = {"group_id": found.group.id, "thread_id": _parse(thread_id)}
    if membership is not None and not moderator:
        ids["membership_id"] = membership.id
    thread = _thread_for(moderator, "membership_id" in ids).first(**ids)
    if thread is None:
        raise Http404
    return thread


def access_post(found: GroupAccess, post_id: UUID | str) -> Post:
    """Return a visible, not deleted post of the group, or raise Http404."""
    qs = Post.objects.filter(id=_parse(post_id), group=found.group).select_related("thread")
    post = filter_posts_for(found, qs).exclude(visibility=Visibility.DELETED).first()
    if post is None or post.thread.visibility == Visibility.DELETED:
        raise Http404
    if post.thread.visibility != Visibility.PUBLISHED and not (
        found.can_moderate or is_author(found, post.thread)
    ):
        raise Http404
    return post


def access_resource(found: GroupAccess, resource_id: UUID | str) -> Resource:
    """Return one of the group's resources, or raise Http404."""
    resource = Resource.objects.filter(id=_parse(resource_id), group=found.group).first()
    if resource is None:
        raise Http404
    return resource


def can_post(found: GroupAccess) -> bool:
    """Active members (facilitators included) write; admins outside the group only read.

    A muted member reads but does not post, react or vote (groups.access holds the state,
    loaded with the membership: no extra query).
    """
    return found.can_take_part


def is_author(found: GroupAccess, item: Post | Thread) -> bool:
    """Whether the actor wrote this post or started this thread."""
    return found.membership is not None and item.author_id == found.membership.id


def can_edit_post(found: GroupAccess, post: Post, window_minutes: int) -> bool:
    """The author may edit within the group's edit window, while the post is not deleted."""
    return (
        is_author(found, post)
        and post.visibility in (Visibility.PUBLISHED, Visibility.HELD)
        and timezone.now() - post.created_at <= timedelta(minutes=window_minutes)
    )


def can_delete_post(found: GroupAccess, post: Post) -> bool:
    return post.visibility != Visibility.DELETED and (is_author(found, post) or found.can_moderate)


def can_see_author(found: GroupAccess, post: Post | Thread) -> bool:
    """Named posts show their author; anonymous ones only to the author themselves."""
    return not post.anonymous or is_author(found, post)
