"""The posts of a thread page, as HTML.

Built in Python rather than through a template include per post: a 50-reply page otherwise
spends most of its time resolving template variables and reversing URLs (measured with
bench/thread_page.py). Every value is escaped here; only the body, sanitised by nh3 when it was
written, goes in as HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from hearth.forum.queries import PostView
from hearth.groups.avatars import avatar_symbol


@dataclass(frozen=True)
class PostPage:
    """What every post on one page shares: the reader's powers and one CSRF field."""

    csrf_input: str
    can_reply: bool  # the thread takes replies and the reader may write
    can_react: bool  # the reader may react and report (a member of the group)
    can_manage: bool
    reader_is_staff: bool
    reaction_kinds: Sequence[tuple[str, str]]


class _Words:
    """The page's fixed words, translated once per page rather than once per post."""

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


def _ago(item: PostView) -> str:
    return escape(_("%(when)s ago") % {"when": timesince(item.post.created_at)})


def _header(item: PostView, words: _Words) -> str:
    post = item.post
    avatar = ""
    if item.avatar_seed:
        avatar = (
            '<svg class="avatar" aria-hidden="true" width="32" height="32">'
            f'<use href="#av-{escape(item.avatar_seed)}"/></svg>'
        )
    name = escape(item.author_name) if item.author_name else words.member
    parts = [
        f'<header class="post-meta">{avatar}<span class="author">{name}</span>',
        f'<time datetime="{post.created_at:%Y-%m-%dT%H:%MZ}">{_ago(item)}</time>',
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
        f'<img src="../images/{image.id}/" width="{image.width}" '
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
    # Addresses relative to the thread page (/groups/<g>/forum/<t>/): half the bytes of full ones.
    base = f"../posts/{post.id}/"
    parts = ['<footer class="post-actions">']
    if post.visibility == "published":
        if item.reactions:
            received = " · ".join(escape(label) for _kind, label, _mine in item.reactions)
            parts.append(f'<p class="hint">{words.received} {received}</p>')
        if page.can_react:
            mine = item.mine
            buttons = "".join(
                f'<button type="submit" name="kind" value="{kind}" class="reaction" '
                f'aria-pressed="{"true" if kind in mine else "false"}">{escape(label)}</button>'
                for kind, label in page.reaction_kinds
            )
            parts.append(
                f'<form method="post" action="{base}react/" class="reactions" role="group" '
                f'aria-label="{words.send}">{page.csrf_input}{buttons}</form>'
            )
        links = []
        if page.can_reply:
            links.append(f'<a href="reply/?quote={post.id}">{words.quote}</a>')
        if post.anonymous and page.can_manage:
            links.append(f'<a href="{base}reveal/">{words.reveal}</a>')
        if page.can_react and not item.is_own:
            links.append(f'<a href="{base}report/">{words.report}</a>')
            if (
                not post.anonymous
                and post.author.role != "facilitator"
                and not page.reader_is_staff
            ):
                links.append(f'<a href="../../members/{post.author_id}/block/">{words.block}</a>')
        if links:
            parts.append(f'<p class="post-links">{"".join(links)}</p>')
    if item.can_edit:
        parts.append(f'<p class="post-links"><a href="{base}edit/">{words.edit}</a></p>')
    if item.can_delete:
        warning = words.delete_thread if post.opening else words.delete_post
        parts.append(
            f'<details class="post-delete"><summary>{words.delete}</summary>'
            f'<form method="post" action="{base}delete/">{page.csrf_input}<p>{warning}</p>'
            f'<button type="submit" class="button-secondary">{words.delete_for_good}</button>'
            "</form></details>"
        )
    parts.append("</footer>")
    return "".join(parts)


def render_posts(items: Sequence[PostView], page: PostPage) -> SafeString:
    """Return the HTML of a thread's posts, with each author's avatar defined once."""
    words = _Words()
    seeds = sorted({item.avatar_seed for item in items if item.avatar_seed and not item.blocked})
    symbols = "".join(avatar_symbol(seed, f"av-{seed}") for seed in seeds)
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
            + _header(item, words)
            + _body(item, page, words)
            + _footer(item, page, words)
            + "</article>"
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped or sanitised
