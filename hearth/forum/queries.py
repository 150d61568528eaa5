"""Read-only selectors for forum pages, shaped for templates.

The thread page runs a fixed number of queries whatever the number of replies: posts come with
their authors and quotes joined, and reactions, images and the poll are fetched once each.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from hearth.accounts.models import User
from hearth.forum.access import (
    can_delete_post,
    can_edit_post,
    can_see_author,
    filter_threads_for,
    is_author,
    may_see_post,
    settings_for,
)
from hearth.forum.index import search_posts
from hearth.forum.models import (
    DEFAULT_CONTENT_NOTES,
    AuthorReveal,
    Poll,
    PollVote,
    Post,
    PostImage,
    Reaction,
    ReaderPreferences,
    Resource,
    Thread,
    Visibility,
)
from hearth.forum.rendering import render_for_readers, text_for_readers
from hearth.forum.thread_cache import Contents, load_contents, thread_contents
from hearth.groups.access import GroupAccess, filter_groups_for
from hearth.groups.models import Membership
from hearth.safety.queries import get_blocked_user_ids


def offered_notes(found: GroupAccess) -> dict[str, str]:
    """Return the group's content notes as key → label."""
    chosen = settings_for(found).content_notes
    return {k: str(v) for k, v in DEFAULT_CONTENT_NOTES.items() if not chosen or k in chosen}


@dataclass
class PostView:
    post: Post
    author_name: str | None  # None: "a member" (anonymous)
    avatar_seed: str | None
    html: SafeString
    notes: list[str]
    collapsed: bool
    hidden: bool
    author_role: str = ""  # the author's role in the group ("" for a blocked author)
    reactions: list[tuple[str, str, bool]] = field(default_factory=list)  # kind, label, mine
    images: list[PostImage] = field(default_factory=list)
    quote: tuple[str | None, str] | None = None  # (author name, excerpt)
    can_edit: bool = False
    can_delete: bool = False
    is_own: bool = False
    # By someone the reader blocked: shown as a collapsed placeholder, without name or words.
    blocked: bool = False

    @property
    def mine(self) -> set[str]:
        return {kind for kind, _label, mine in self.reactions if mine}


def _text_for(post: Post, own: bool) -> str:
    """Return the plain text a reader sees (the author alone, `own`, sees their safety word)."""
    if post.visibility == Visibility.DELETED:
        return ""
    if own:
        return post.body
    return text_for_readers(post.body, post.hidden_spans, post.censor_spans)


def _excerpt(text: str, limit: int) -> str:
    return text[:limit] + ("…" if len(text) > limit else "")


def _as_seen(shown: str, own_words: str | None, own: bool) -> str:
    """Return a title or poll text as its reader sees it.

    These are stored as readers see them, with the author's own words (the safety word,
    censored words) sealed beside them where the two differ. Only the author (`own`) gets
    their own words back; everyone else, staff included, gets readers' text.
    """
    return own_words if own and own_words is not None else shown


def title_for(found: GroupAccess, thread: Thread) -> str:
    """Return the thread's title as this reader sees it (see `_as_seen`)."""
    return _as_seen(thread.title, thread.author_title, is_author(found, thread))


def _html_for(found: GroupAccess, post: Post) -> SafeString:
    if post.visibility == Visibility.DELETED:
        return mark_safe("")
    own = is_author(found, post)
    if post.body_html is None or (post.masked and own):
        return mark_safe(render_for_readers(_text_for(post, own), []))  # noqa: S308 (sanitised)
    return mark_safe(post.body_html)  # noqa: S308 (sanitised by nh3 when written)


def _note_labels(post: Post) -> list[str]:
    labels = [str(DEFAULT_CONTENT_NOTES.get(k, k)) for k in post.content_notes]
    return labels + ([post.custom_note] if post.custom_note else [])


def _collapse(post: Post, prefs: ReaderPreferences) -> tuple[bool, bool]:
    """Return (collapsed, hidden) for a post under the reader's preferences."""
    if post.visibility == Visibility.DELETED or not (post.content_notes or post.custom_note):
        return False, False
    if set(post.content_notes) & set(prefs.hidden):
        return True, True
    # A note the author wrote in their own words is never opened automatically.
    automatic = (
        prefs.open_notes_automatically
        and not post.custom_note
        and not set(post.content_notes) & set(prefs.never_open)
    )
    return not automatic, False


def _name(
    found: GroupAccess, item: Post | Thread, author: Membership
) -> tuple[str | None, str | None]:
    if not can_see_author(found, item):
        return None, None
    return author.display_name, author.avatar_seed


def get_thread_page(found: GroupAccess, thread: Thread, prefs: ReaderPreferences) -> list[PostView]:
    """Return the thread's posts this reader may see, oldest first, ready to render for them.

    A thread loaded by access_thread() carries its revision, and its contents come from the
    process's cache of opened threads (thread_cache.py).
    """
    revision = thread.__dict__.get("revision")
    if revision is None:
        return _views(found, load_contents(Post.objects.filter(thread=thread)), prefs)
    return _views(found, thread_contents(thread.id, revision), prefs)


def get_post_view(found: GroupAccess, post: Post, prefs: ReaderPreferences) -> PostView | None:
    """Return one post ready to render for this reader (None: by an anonymous author they
    blocked, who must vanish silently), as the thread page shows it."""
    views = _views(found, load_contents(Post.objects.filter(id=post.id)), prefs)
    return views[0] if views else None


def _views(found: GroupAccess, contents: Contents, prefs: ReaderPreferences) -> list[PostView]:
    """Shape shared contents for one reader: what they may see, blocks, notes, own words."""
    window = settings_for(found).edit_window_minutes
    blocked = get_blocked_user_ids(found.actor)  # one query, whatever the thread's length
    authors = contents.authors
    me = found.membership.id if found.membership else None
    labels = {kind: str(label) for kind, label in Reaction.Kind.choices}  # translated once
    views = []
    for post in contents.posts:
        author = authors[post.author_id]
        if not may_see_post(found, post) or (post.anonymous and author.user_id in blocked):
            continue  # a blocked member's anonymous posts vanish: a placeholder would unmask them
        if author.user_id in blocked:
            views.append(
                PostView(
                    post=post,
                    author_name=None,
                    avatar_seed=None,
                    html=mark_safe(""),
                    notes=[],
                    collapsed=True,
                    hidden=True,
                    blocked=True,
                )
            )
            continue
        collapsed, hidden = _collapse(post, prefs)
        name, seed = _name(found, post, author)
        quote = None
        quoted = contents.quoted.get(post.quote_of_id) if post.quote_of_id else None
        if (
            quoted is not None
            and quoted.visibility == Visibility.PUBLISHED
            and authors[quoted.author_id].user_id not in blocked
        ):
            quote = (
                _name(found, quoted, authors[quoted.author_id])[0],
                _excerpt(_text_for(quoted, is_author(found, quoted)), 280),
            )
        received: dict[str, bool] = {}  # kind → whether this reader sent one
        for kind, member_id, user_id in contents.reactions.get(post.id, ()):
            if user_id not in blocked:
                received[kind] = received.get(kind, False) or member_id == me
        views.append(
            PostView(
                post=post,
                author_name=name,
                avatar_seed=seed,
                author_role=author.role,
                html=_html_for(found, post),
                notes=_note_labels(post),
                collapsed=collapsed,
                hidden=hidden,
                reactions=[(k, labels[k], mine) for k, mine in sorted(received.items())],
                images=list(contents.images.get(post.id, ())),
                quote=quote,
                can_edit=can_edit_post(found, post, window),
                can_delete=can_delete_post(found, post),
                is_own=is_author(found, post),
            )
        )
    return views


@dataclass
class ThreadRow:
    thread: Thread
    author_name: str | None
    unanswered: bool
    title: str  # as this reader sees it (title_for)


def get_threads(found: GroupAccess) -> QuerySet[Thread]:
    return (
        filter_threads_for(found).select_related("author").order_by("-pinned", "-last_activity_at")
    )


def _without_blocked(found: GroupAccess, qs: QuerySet[Thread]) -> QuerySet[Thread]:
    """Leave out threads started by people the reader blocked (anonymous ones too, silently)."""
    blocked = get_blocked_user_ids(found.actor)
    return qs.exclude(author__user_id__in=blocked) if blocked else qs


def get_thread_rows(found: GroupAccess, limit: int = 100) -> list[ThreadRow]:
    return [
        ThreadRow(
            t,
            _name(found, t, t.author)[0],
            t.reply_count == 0 and t.visibility == "published",
            title_for(found, t),
        )
        for t in _without_blocked(found, get_threads(found))[:limit]
    ]


def get_unanswered(found: GroupAccess, limit: int = 5) -> list[Thread]:
    """Return published threads nobody has answered yet, oldest first (helping helps)."""
    qs = _without_blocked(found, get_threads(found)).filter(
        visibility=Visibility.PUBLISHED, reply_count=0
    )
    if found.membership is not None:
        qs = qs.exclude(author=found.membership)
    return list(qs.order_by("created_at")[:limit])


@dataclass
class PollView:
    poll: Poll
    question: str  # as this reader sees it: the author alone gets their own words
    options: list[tuple[Any, str, int]]  # id, text (as this reader sees it), votes
    total: int
    closed: bool
    voted: bool
    voters: dict[Any, list[str]] = field(default_factory=dict)


def get_poll(found: GroupAccess, poll: Poll, voted: bool, closed: bool) -> PollView:
    own = is_author(found, poll.thread)
    # Every vote in one query (one row per member and choice, a group's worth): the counts,
    # the voters and the number of people who voted all come from it.
    votes = list(PollVote.objects.filter(poll=poll).select_related("voter"))
    counts = Counter(vote.option_id for vote in votes)
    options = [
        (o.id, _as_seen(o.text, o.author_text, own), counts[o.id]) for o in poll.options.all()
    ]
    question = _as_seen(poll.question, poll.author_question, own)
    voters: dict[Any, list[str]] = {}
    if not poll.anonymous:
        for vote in votes:
            if vote.voter is not None:
                voters.setdefault(vote.option_id, []).append(vote.voter.display_name)
    distinct = len({vote.voter_token for vote in votes})
    return PollView(poll, question, options, distinct, closed, voted, voters)


def get_resources(found: GroupAccess) -> list[tuple[str, list[Resource]]]:
    """Return the group's resources grouped by category (categories are sealed, so sorted here)."""
    by_category: dict[str, list[Resource]] = {}
    for resource in Resource.objects.filter(group=found.group).defer("document"):
        by_category.setdefault(resource.category, []).append(resource)
    return [
        (category, sorted(items, key=lambda r: r.title.casefold()))
        for category, items in sorted(by_category.items(), key=lambda kv: kv[0].casefold())
    ]


# (days in the group, message); each shows for a week after it is reached.
MILESTONES = (
    (7, _lazy("One week in the group. Thank you for being here.")),
    (30, _lazy("A month in the group. Showing up matters.")),
    (90, _lazy("Three months in the group.")),
    (182, _lazy("Half a year in the group.")),
    (365, _lazy("A whole year in the group. Thank you for being part of it.")),
)


def get_milestone(found: GroupAccess) -> str | None:
    """Return a gentle milestone for the member, if the group shows them and one is near."""
    membership = found.membership
    if membership is None or not settings_for(found).milestones:
        return None
    days = (timezone.now() - membership.joined_at).days
    for threshold, message in MILESTONES:
        if threshold <= days < threshold + 7:
            return str(message)
    return None


def get_held_count(found: GroupAccess) -> int:
    if not found.can_moderate:
        return 0
    return Post.objects.filter(group=found.group, visibility=Visibility.HELD).count()


class SearchHit(NamedTuple):
    post: Post
    group_name: str
    thread: Thread
    excerpt: str
    title: str  # the thread's title as this person sees it


def search(user: User, query: str, limit: int = 50) -> list[SearchHit]:
    """Search every forum the person may read; return hits newest first.

    A post behind a content note shows its note, never its words, in the results. Titles and
    excerpts are as readers see them, except in the person's own threads and posts.
    """
    groups = {g.id: g for g in filter_groups_for(user).filter(has_forum=True)}
    blocked = get_blocked_user_ids(user)
    posts = (
        search_posts(list(groups), query)
        .exclude(author__user_id__in=blocked)
        .select_related("thread", "thread__author", "author")
        .order_by("-created_at")[:limit]
    )
    results = []
    for post in posts:
        group = groups[post.group_id]
        if post.content_notes or post.custom_note:
            labels = _note_labels(post)
            excerpt = str(_("Content note: %(notes)s")) % {"notes": ", ".join(labels)}
        else:
            excerpt = _excerpt(_text_for(post, post.author.user_id == user.id), 200)
        thread = post.thread
        title = _as_seen(thread.title, thread.author_title, thread.author.user_id == user.id)
        name = group.discreet_name if user.discreet_mode else group.name
        results.append(SearchHit(post, name, thread, excerpt, title))
    return results


# --- Revealed authors ---------------------------------------------------------------------------


@dataclass
class RevealRow:
    reveal: AuthorReveal
    by: str | None  # the staff member's name in the group, else their pseudonym (staff)
    thread_id: Any  # the revealed post's thread, None once the post is gone


def get_reveals(found: GroupAccess, limit: int = 200) -> list[RevealRow]:
    """Return the group's reveals of anonymous authors, newest first, in two queries.

    The caller shows the sealed reasons only to those who may manage the group, and audits it.
    The revealed author is not named here: the history says who looked and why, not who.
    """
    reveals = list(
        AuthorReveal.objects.filter(group=found.group)
        .select_related("revealed_by", "post")
        .defer("post__body", "post__body_html", "post__custom_note", "post__moderator_reply")
        .order_by("-created_at")[:limit]
    )
    staff = {r.revealed_by_id for r in reveals if r.revealed_by_id is not None}
    names = {
        m.user_id: m.display_name
        for m in Membership.objects.filter(group=found.group, user_id__in=staff)
    }
    rows = []
    for reveal in reveals:
        person = reveal.revealed_by
        by = None
        if person is not None:
            by = names.get(person.id) or (person.pseudonym if person.is_staff_role else None)
        post = reveal.post
        shown = post is not None and post.visibility != Visibility.DELETED
        rows.append(RevealRow(reveal, by, post.thread_id if post is not None and shown else None))
    return rows
