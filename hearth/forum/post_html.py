"""The posts of a thread page, as HTML.

Built in Python rather than through a template include per post: a 50-reply page otherwise
spends most of its time resolving template variables and reversing URLs (measured with
bench/thread_page.py). Every value is escaped here; only the body, sanitised by nh3 when it was
written, goes in as HTML.

A thread page carries each post's actions in their short form: the reaction buttons and the
Quote link are sent once, in a <template> that thread.js copies under each post, and the rarer
actions (report, block, reveal, edit, delete) live on the post's own page behind "More", which
also has every action without JavaScript. Fifty posts with a form of four buttons, a CSRF field
and five links each made half of a 100 KB page (docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from html import escape  # Django's escape is this, wrapped for lazy text: 2x slower

from django.utils import timezone
from django.utils.html import avoid_wrapping
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import TIME_STRINGS, timesince
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hearth.forum.queries import PostView
from hearth.groups.avatars import avatar_symbol


@dataclass(frozen=True)
class PostPage:
    """What every post on one page shares: the reader's powers, one CSRF field, and where the
    forum's addresses are from this page (relative addresses: half the bytes of full ones)."""

    csrf_input: str
    can_reply: bool  # the thread takes replies and the reader may write
    can_react: bool  # the reader may react and report (a member of the group)
    can_manage: bool
    reader_is_staff: bool
    reaction_kinds: Sequence[tuple[str, str]]
    to_forum: str  # from this page to /groups/<g>/forum/
    to_thread: str  # from this page to the thread's page (the posts of one thread)
    compact: bool  # a thread page: reactions from the template, rarer actions behind "More"


class _Words:
    """The page's fixed words, translated once per language rather than once per post."""

    def __init__(self) -> None:
        self.member = escape(_("a member"))
        self.edited = escape(_("edited"))
        self.held = escape(_("Waiting for a facilitator"))
        self.rejected = escape(_("Not published"))
        self.deleted = escape(_("This post was deleted."))
        self.hidden = escape(_("A post with a content note you chose to hide."))
        self.blocked = escape(_("A post from someone you blocked"))
        self.note = escape(_("Content note:"))
        self.open = escape(_("(open to read)"))
        self.image = escape(_("Image shared by the author"))
        self.received = escape(_("Received:"))
        self.send = escape(_("Send a reaction"))
        self.quote = escape(_("Quote"))
        self.reveal = escape(_("Reveal author"))
        self.report = escape(_("Report"))
        self.block = escape(_("Block"))
        self.edit = escape(_("Edit"))
        self.delete = escape(_("Delete"))
        self.delete_thread = escape(_("Deleting the first post deletes the whole thread."))
        self.delete_post = escape(_("The text is erased for good."))
        self.delete_for_good = escape(_("Delete for good"))
        self.more = escape(_("More"))
        self.ago = _("%(when)s ago")


@lru_cache(maxsize=16)
def _words_for(language: str) -> _Words:
    return _Words()


# Under a month, timesince(depth=1) names the largest whole unit; a calendar month is at least
# 28 days, so below that no month or year can be counted.
_CHUNKS = ((7 * 86400, "week"), (86400, "day"), (3600, "hour"), (60, "minute"))
_UNDER_A_MONTH = 28 * 86400


class _Ages:
    """Post ages in one unit ("2 days ago", not "2 days, 3 hours ago": calmer to read, fewer
    bytes), as timesince(depth=1) words them, each wording translated once per page."""

    def __init__(self, words: _Words) -> None:
        self.now = timezone.now()
        self.words = words
        self.said: dict[tuple[str, int], str] = {}

    def __call__(self, created: datetime) -> str:
        delta = self.now - created
        seconds = delta.days * 86400 + delta.seconds
        if seconds >= _UNDER_A_MONTH:
            return self._say(timesince(created, self.now, depth=1))
        unit, count = next(
            ((u, seconds // size) for size, u in _CHUNKS if seconds >= size), ("minute", 0)
        )
        if (unit, count) not in self.said:
            self.said[unit, count] = self._say(avoid_wrapping(TIME_STRINGS[unit] % {"num": count}))
        return self.said[unit, count]

    def _say(self, when: str) -> str:
        return escape(self.words.ago % {"when": when})


def _header(item: PostView, words: _Words, avatar_ids: dict[str, str], ages: _Ages) -> str:
    post = item.post
    avatar = ""
    if item.avatar_seed:
        avatar = f'<svg aria-hidden="true"><use href="#{avatar_ids[item.avatar_seed]}"/></svg>'
    name = escape(item.author_name) if item.author_name else words.member
    parts = [
        f"<header>{avatar}<b>{name}</b>",
        f'<time datetime="{post.created_at:%Y-%m-%dT%H:%MZ}">{ages(post.created_at)}</time>',
    ]
    if post.edited_at:
        parts.append(f'<span class="hint">{words.edited}</span>')
    if post.visibility == "held":
        parts.append(f'<span class="tag">{words.held}</span>')
    elif post.visibility == "rejected":
        parts.append(f'<span class="tag tag-urgent">{words.rejected}</span>')
    parts.append("</header>")
    return "".join(parts)


def _body(item: PostView, page: PostPage, words: _Words) -> str:
    post = item.post
    if post.visibility == "deleted":
        return f'<p class="hint">{words.deleted}</p>'
    if item.hidden:
        return f'<p class="hint">{words.hidden}</p>'
    parts = []
    if item.quote:
        who = escape(item.quote[0]) if item.quote[0] else words.member
        parts.append(
            f'<blockquote class="quote"><p class="hint">{who}</p>'
            f"<p>{escape(item.quote[1])}</p></blockquote>"
        )
    content = f'<div class="post-body">{item.html}</div>' + "".join(
        f'<img src="{page.to_forum}images/{image.id}/" width="{image.width}" '
        f'height="{image.height}" alt="{words.image}" loading="lazy">'
        for image in item.images
    )
    if item.notes:
        opened = "" if item.collapsed else " open"
        notes = escape(", ".join(item.notes))
        content = (
            f'<details class="content-note"{opened}><summary>{words.note} {notes} '
            f'<span class="hint">{words.open}</span></summary>{content}</details>'
        )
    parts.append(content)
    if item.is_own and post.moderator_reply:
        parts.append(f'<p class="message message-info">{escape(post.moderator_reply)}</p>')
    return "".join(parts)


def _footer(item: PostView, page: PostPage, words: _Words) -> str:
    post = item.post
    base = f"{page.to_forum}posts/{post.id}/"
    published = post.visibility == "published"
    # On a thread page, thread.js adds the template's actions where data-react is, pressed
    # where it says.
    takes_reactions = published and page.can_react and page.compact
    mine = " ".join(sorted(item.mine))
    parts = [f'<footer data-react="{mine}">' if takes_reactions else "<footer>"]
    if published and item.reactions:
        received = " · ".join(escape(label) for _kind, label, _mine in item.reactions)
        parts.append(f'<p class="hint">{words.received} {received}</p>')
    if page.compact:
        if published or item.can_edit or item.can_delete:
            parts.append(f'<a href="{base}">{words.more}</a>')  # thread.js adds its neighbours
    else:
        if published:
            parts.append(_all_actions(item, page, words, base))
        parts.append(_own_actions(item, page, words, base))
    parts.append("</footer>")
    return "".join(parts)


def _own_actions(item: PostView, page: PostPage, words: _Words, base: str) -> str:
    """Edit (the author, within the window) and delete (the author or a manager)."""
    parts = []
    if item.can_edit:
        parts.append(f'<p class="post-links"><a href="{base}edit/">{words.edit}</a></p>')
    if item.can_delete:
        warning = words.delete_thread if item.post.opening else words.delete_post
        parts.append(
            f'<details class="post-delete"><summary>{words.delete}</summary>'
            f'<form method="post" action="{base}delete/">{page.csrf_input}<p>{warning}</p>'
            f'<button type="submit" class="button-secondary">{words.delete_for_good}</button>'
            "</form></details>"
        )
    return "".join(parts)


def _all_actions(item: PostView, page: PostPage, words: _Words, base: str) -> str:
    """A published post's actions in full, for the post's own page."""
    post = item.post
    parts = []
    if page.can_react:
        parts.append(
            f'<form method="post" action="{base}react/">{page.csrf_input}'
            f"{_reaction_buttons(page, words, item.mine)}</form>"
        )
    links = []
    if page.can_reply:
        links.append(f'<a href="{page.to_thread}reply/?quote={post.id}">{words.quote}</a>')
    if post.anonymous and page.can_manage:
        links.append(f'<a href="{base}reveal/">{words.reveal}</a>')
    if page.can_react and not item.is_own:
        links.append(f'<a href="{base}report/">{words.report}</a>')
        if not post.anonymous and item.author_role != "facilitator" and not page.reader_is_staff:
            members = f"{page.to_forum}../members/{post.author_id}/block/"
            links.append(f'<a href="{members}">{words.block}</a>')
    if links:
        parts.append(f'<p class="post-links">{"".join(links)}</p>')
    return "".join(parts)


def _reaction_buttons(page: PostPage, words: _Words, mine: set[str], form: str = "") -> str:
    """The reaction buttons, pressed where the reader reacted; `form` names the <form> they
    submit when they are not inside it (a thread page's one form)."""
    owner = f' form="{form}"' if form else ""
    buttons = "".join(
        f'<button type="submit"{owner} name="kind" value="{kind}" class="reaction" '
        f'aria-pressed="{"true" if kind in mine else "false"}">{escape(label)}</button>'
        for kind, label in page.reaction_kinds
    )
    return f'<div class="reactions" role="group" aria-label="{words.send}">{buttons}</div>'


def _actions_template(page: PostPage, words: _Words) -> str:
    """What thread.js copies into each post that takes reactions: the buttons (submitting the
    page's one form, with one CSRF field) and, where replies are open, a Quote link."""
    quote = f"<a>{words.quote}</a>" if page.can_reply else ""
    return (
        f'<form id="react-form" method="post" hidden>{page.csrf_input}</form>'
        f'<template id="post-actions">{_reaction_buttons(page, words, set(), "react-form")}{quote}'
        "</template>"
    )


def render_posts(items: Sequence[PostView], page: PostPage) -> SafeString:
    """Return the HTML of a thread's posts, with each author's avatar defined once."""
    words = _words_for(get_language())
    ages = _Ages(words)
    seeds = sorted({item.avatar_seed for item in items if item.avatar_seed and not item.blocked})
    # Short ids, numbered on this page: each is written once per post.
    avatar_ids = {seed: f"av{i}" for i, seed in enumerate(seeds)}
    symbols = "".join(avatar_symbol(seed, avatar_ids[seed]) for seed in seeds)
    out = []
    if symbols:
        out.append(f'<svg class="avatar-defs" aria-hidden="true" focusable="false">{symbols}</svg>')
    for item in items:
        post = item.post
        if item.blocked:
            out.append(
                f'<article class="post post-blocked" id="post-{post.id}">'
                f'<p class="hint">{words.blocked}</p></article>'
            )
            continue
        opening = " post-opening" if post.opening else ""
        out.append(
            f'<article class="post{opening}" id="post-{post.id}">'
            + _header(item, words, avatar_ids, ages)
            + _body(item, page, words)
            + _footer(item, page, words)
            + "</article>"
        )
    if page.compact and page.can_react:
        out.append(_actions_template(page, words))
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped or sanitised
