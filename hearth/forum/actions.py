"""Every write to the forum: threads, replies, edits, deletion, moderation flags.

Each text passes the safeguarding pipeline (safety.content) before it is stored, and the alert
or review item it needs is written in the same transaction, so nothing flagged is ever visible
first. Reactions, polls, resources and preferences live in `actions_extras`.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.audit.actions import record
from hearth.forum import index
from hearth.forum.access import can_delete_post, can_edit_post, settings_for
from hearth.forum.models import (
    DEFAULT_CONTENT_NOTES,
    REVIEW_KIND,
    AuthorReveal,
    Poll,
    PollOption,
    Post,
    PostImage,
    Thread,
    Visibility,
)
from hearth.forum.rendering import render_for_readers, text_for_readers
from hearth.groups.access import GroupAccess
from hearth.groups.models import Group
from hearth.lib.images import ImageRejected, reencode_image
from hearth.lib.ratelimit import hit
from hearth.safety.content import Screened, do_follow_up, redact, screen

MAX_TITLE = 150
MAX_BODY = 20_000
MAX_NOTE = 60
MAX_REVEAL_REASON = 1000

SEPARATOR = "\n\n"
# New threads and replies per member per ten minutes: far above anyone talking, well below a
# flood (review, probation and sanctions deal with the rest).
POSTS_PER_WINDOW = 30
POSTING_WINDOW = 600


@dataclass
class Draft:
    """What a member wrote, as the form or API received it."""

    body: str
    content_notes: list[str] = field(default_factory=list)
    custom_note: str = ""
    anonymous: bool = False
    image: bytes | None = None
    # The author saw the nudges and chose: "send" as written, or "redact" what they flagged.
    confirm: str = ""


@dataclass
class PollDraft:
    question: str
    options: list[str]
    multiple: bool = False
    anonymous: bool = True
    closes_at: datetime | None = None
    # Set by check_start_thread: the author's own words where readers' text leaves some out.
    author_question: str | None = None
    author_options: list[str | None] = field(default_factory=list)


class NeedsConfirmation(Exception):
    """The pipeline has a nudge for the author; nothing was saved."""

    def __init__(self, nudges: list[str]) -> None:
        super().__init__("needs confirmation")
        self.nudges = nudges


@dataclass
class Posted:
    post: Post
    screened: Screened

    @property
    def held(self) -> bool:
        return self.post.visibility == Visibility.HELD

    @property
    def show_crisis_resources(self) -> bool:
        return self.screened.decision.show_crisis_resources


def _require_member(found: GroupAccess) -> None:
    if found.membership is None or not found.membership.is_active:
        raise ValidationError(_("Only members of the group can post here."))


def _count_post(found: GroupAccess) -> None:
    """Count one new post for the member; refuse it past the posting rate (nothing saved)."""
    assert found.membership is not None
    if not hit(
        "forum-post", str(found.membership.id), limit=POSTS_PER_WINDOW, window=POSTING_WINDOW
    ):
        raise ValidationError(
            _("You are posting very quickly. Please wait a few minutes, then try again.")
        )
    if not found.can_take_part:
        raise ValidationError(
            _("You can read the group, but posting is paused for you for now. Nothing was posted.")
        )


def _clean_draft(found: GroupAccess, draft: Draft) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    settings = settings_for(found)
    draft.body = draft.body.strip()
    if not draft.body:
        errors["body"] = [_("Write something before sending.")]
    elif len(draft.body) > MAX_BODY:
        errors["body"] = [_("Posts can be up to %(n)s characters.") % {"n": f"{MAX_BODY:,}"}]
    offered = set(settings.content_notes or DEFAULT_CONTENT_NOTES)
    unknown = [n for n in draft.content_notes if n not in offered]
    if unknown:
        errors["content_notes"] = [_("Choose content notes from the group's list.")]
    draft.custom_note = draft.custom_note.strip()
    if len(draft.custom_note) > MAX_NOTE:
        errors["custom_note"] = [_("A content note is a few words (up to 60 characters).")]
    if draft.image is not None and not settings.allow_images:
        errors["image"] = [_("This group does not share images.")]
    return errors


def _spans_in(spans: list[tuple[int, int]], start: int, length: int) -> list[tuple[int, int]]:
    """Return the spans inside [start, start+length), relative to start."""
    return [
        (max(s, start) - start, min(e, start + length) - start)
        for s, e in spans
        if s < start + length and e > start
    ]


def _screen_draft(
    found: GroupAccess, parts: list[str], draft: Draft
) -> tuple[list[str], Screened, list[int]]:
    """Screen the parts as one text; apply the author's redaction choice.

    Returns the (possibly redacted) parts, the screening and each part's offset in the joined
    text. Raises ValidationError on a blocked word and NeedsConfirmation for a fresh nudge.
    """
    assert found.membership is not None
    published = Post.objects.filter(
        author=found.membership, visibility=Visibility.PUBLISHED
    ).count()
    is_new = published < found.group.pre_moderate_first

    def run(texts: list[str]) -> tuple[Screened, list[int]]:
        offsets, at = [], 0
        for text in texts:
            offsets.append(at)
            at += len(text) + len(SEPARATOR)
        screened = screen(
            SEPARATOR.join(texts),
            found.group,
            author_is_new=is_new,
            # A member on probation has everything they write held for a moderator first.
            on_probation=found.membership.on_probation,  # type: ignore[union-attr]
        )
        return screened, offsets

    screened, offsets = run(parts)
    if draft.confirm == "redact" and screened.nudge_spans:
        parts = [
            redact(text, _spans_in(screened.nudge_spans, offsets[i], len(text)))
            for i, text in enumerate(parts)
        ]
        screened, offsets = run(parts)
    elif screened.needs_confirmation and draft.confirm != "send":
        raise NeedsConfirmation(screened.decision.nudges)
    if screened.decision.action == "block":
        raise ValidationError(
            {"body": [_("This can't be posted here: it contains words the group does not allow.")]}
        )
    return parts, screened, offsets


def _image(draft: Draft) -> tuple[str, str, int, int] | None:
    if draft.image is None:
        return None
    try:
        image = reencode_image(draft.image)
    except ImageRejected as rejected:
        raise ValidationError({"image": [str(rejected)]}) from None
    return base64.b64encode(image.data).decode(), image.content_type, image.width, image.height


def _store_post(
    found: GroupAccess, thread: Thread, draft: Draft, text: str, screened: Screened, **extra: object
) -> Post:
    assert found.membership is not None
    visible = screened.decision.action == "publish"
    post = Post(
        thread=thread,
        group=found.group,
        author=found.membership,
        body=text,
        body_html=render_for_readers(text, screened.hidden_spans, screened.censor_spans),
        masked=bool(screened.hidden_spans or screened.censor_spans),
        censor_spans=[list(s) for s in screened.censor_spans],
        anonymous=draft.anonymous,
        content_notes=list(dict.fromkeys(draft.content_notes)),
        custom_note=draft.custom_note or None,
        visibility=Visibility.PUBLISHED if visible else Visibility.HELD,
        hidden_spans=[list(s) for s in screened.hidden_spans],
        **extra,  # type: ignore[arg-type]
    )
    post.save()
    image = _image(draft)
    if image is not None:
        data, content_type, width, height = image
        PostImage.objects.create(
            post=post,
            group=found.group,
            data=data,
            content_type=content_type,
            width=width,
            height=height,
        )
    do_follow_up(
        screened, group=found.group, author=found.actor, kind=REVIEW_KIND, object_id=post.id
    )
    return post


def check_start_thread(
    found: GroupAccess, title: str, draft: Draft, poll: PollDraft | None = None
) -> Posted:
    """Start a thread with its opening post (and optional poll) after screening both.

    Raises ValidationError for bad input and NeedsConfirmation for a nudge; saves nothing then.
    """
    _require_member(found)
    title = " ".join(title.split())  # one line: newlines in a title only confuse readers
    errors = _clean_draft(found, draft)
    if not title:
        errors["title"] = [_("Give the thread a short title.")]
    elif len(title) > MAX_TITLE:
        errors["title"] = [_("Titles can be up to %(n)s characters.") % {"n": MAX_TITLE}]
    if poll is not None:
        errors.update(_clean_poll(poll))
    if errors:
        raise ValidationError(errors)
    # Title, body and poll are screened as one text: a risk split across them is still one risk.
    poll_parts = [] if poll is None else [poll.question, *poll.options]
    parts, screened, offsets = _screen_draft(found, [title, draft.body, *poll_parts], draft)
    # A title and a poll are stored as readers see them (the safety word gone, censored words
    # as dots): lists, search results and the index only ever read that. Like a body, the
    # author keeps their own words, sealed beside it, only where the two differ.
    shown = [
        text_for_readers(
            part,
            _spans_in(screened.hidden_spans, offsets[i], len(part)),
            _spans_in(screened.censor_spans, offsets[i], len(part)),
        )
        for i, part in enumerate(parts)
    ]
    own = [part if part != shown[i] else None for i, part in enumerate(parts)]
    title, author_title, body = shown[0], own[0], parts[1]
    if poll is not None:
        poll.question, poll.options = shown[2], shown[3:]
        poll.author_question, poll.author_options = own[2], own[3:]
    # Spans were found in the joined text; the opening post keeps those of its body.
    screened.hidden_spans = _spans_in(screened.hidden_spans, offsets[1], len(body))
    screened.censor_spans = _spans_in(screened.censor_spans, offsets[1], len(body))
    assert found.membership is not None  # _require_member() checked it
    _count_post(found)
    with transaction.atomic():
        thread = Thread.objects.create(
            group=found.group,
            author=found.membership,
            title=title,
            author_title=author_title,
            anonymous=draft.anonymous,
            visibility=Visibility.PUBLISHED
            if screened.decision.action == "publish"
            else Visibility.HELD,
        )
        post = _store_post(found, thread, draft, body, screened, opening=True)
        if poll is not None:
            _create_poll(found, thread, poll)
        if post.visibility == Visibility.PUBLISHED:
            index.do_index_post(post, title)  # readers' title: never the author's own words
        _audit(found, "forum.thread_started", thread.id, post)
    return Posted(post, screened)


def check_post_reply(
    found: GroupAccess, thread: Thread, draft: Draft, quote_of: Post | None = None
) -> Posted:
    """Reply to a thread after screening; held replies wait for review, unseen by others."""
    _require_member(found)
    errors = _clean_draft(found, draft)
    if errors:
        raise ValidationError(errors)
    if quote_of is not None and quote_of.thread_id != thread.id:
        raise ValidationError({"quote": [_("You can only quote a post from this thread.")]})
    (text,), screened, _offsets = _screen_draft(found, [draft.body], draft)
    _count_post(found)
    with transaction.atomic():
        # Lock the thread so a reply cannot slip in as it is being locked or deleted.
        locked = Thread.objects.select_for_update().filter(id=thread.id).first()
        if locked is None or locked.visibility == Visibility.DELETED:
            raise ValidationError(_("This thread was deleted, so it can't take replies."))
        if locked.locked:
            raise ValidationError(_("This thread is locked: it can't take new replies."))
        post = _store_post(found, thread, draft, text, screened, quote_of=quote_of)
        if post.visibility == Visibility.PUBLISHED:
            _count_reply(thread)
            index.do_index_post(post)
        _audit(found, "forum.reply_posted", thread.id, post)
    return Posted(post, screened)


def _count_reply(thread: Thread) -> None:
    Thread.objects.filter(id=thread.id).update(
        reply_count=F("reply_count") + 1, last_activity_at=timezone.now()
    )


def check_edit_post(found: GroupAccess, post: Post, draft: Draft) -> Posted:
    """Replace a post's text within the edit window; the new text is screened like a new post."""
    window = settings_for(found).edit_window_minutes
    if not can_edit_post(found, post, window):
        raise ValidationError(_("The time for editing this post has passed."))
    errors = _clean_draft(found, draft)
    if errors:
        raise ValidationError(errors)
    (text,), screened, _offsets = _screen_draft(found, [draft.body], draft)
    with transaction.atomic():
        was_published = post.visibility == Visibility.PUBLISHED
        post.body = text
        post.body_html = render_for_readers(text, screened.hidden_spans, screened.censor_spans)
        post.masked = bool(screened.hidden_spans or screened.censor_spans)
        post.censor_spans = [list(s) for s in screened.censor_spans]
        post.content_notes = list(dict.fromkeys(draft.content_notes))
        post.custom_note = draft.custom_note or None
        post.hidden_spans = [list(s) for s in screened.hidden_spans]
        post.edited_at = timezone.now()
        if screened.decision.action != "publish":
            post.visibility = Visibility.HELD
        post.save()
        if post.opening and post.visibility != Visibility.PUBLISHED:
            Thread.objects.filter(id=post.thread_id).update(visibility=Visibility.HELD)
        if was_published and post.visibility != Visibility.PUBLISHED and not post.opening:
            Thread.objects.filter(id=post.thread_id).update(reply_count=F("reply_count") - 1)
        do_follow_up(
            screened, group=found.group, author=found.actor, kind=REVIEW_KIND, object_id=post.id
        )
        index.do_unindex_post(post)
        if post.visibility == Visibility.PUBLISHED:
            index.do_index_post(post, post.thread.title if post.opening else "")
        _audit(found, "forum.post_edited", post.thread_id, post)
    return Posted(post, screened)


def check_delete_post(found: GroupAccess, post: Post) -> None:
    """Delete a post (the author, or a moderator); deleting an opening post deletes the thread.

    The text is erased, not hidden: the row stays only as a "deleted" placeholder in the thread.
    """
    if not can_delete_post(found, post):
        raise ValidationError(_("You can't delete this post."))
    with transaction.atomic():
        do_erase_post(post)
        _audit(found, "forum.post_deleted", post.thread_id, post)


def do_erase_post(post: Post) -> None:
    """Erase a post's words and images, leaving a "deleted" placeholder; keep the thread's count.

    Erasing an opening post deletes its thread. Shared by deletion and by removal after a
    report (the review adapter); the caller checks permission and audits.
    """
    with transaction.atomic():
        was_published = post.visibility == Visibility.PUBLISHED
        post.body = ""
        post.body_html = None
        post.custom_note = None
        post.visibility = Visibility.DELETED
        post.save(update_fields=["body", "body_html", "custom_note", "visibility"])
        post.images.all().delete()
        index.do_unindex_post(post)
        if post.opening:
            # The author's own title and poll words go with the opening post.
            Thread.objects.filter(id=post.thread_id).update(
                visibility=Visibility.DELETED, author_title=None
            )
            Poll.objects.filter(thread_id=post.thread_id).update(author_question=None)
            PollOption.objects.filter(poll__thread_id=post.thread_id).update(author_text=None)
        elif was_published:
            Thread.objects.filter(id=post.thread_id).update(reply_count=F("reply_count") - 1)


def check_set_thread_flags(
    found: GroupAccess, thread: Thread, *, pinned: bool | None = None, locked: bool | None = None
) -> None:
    """Pin or lock a thread (facilitators and admins)."""
    if not found.can_manage:
        raise ValidationError(_("Only facilitators can pin or lock threads."))
    changes = {k: v for k, v in (("pinned", pinned), ("locked", locked)) if v is not None}
    if not changes:
        return
    with transaction.atomic():
        Thread.objects.filter(id=thread.id).update(**changes)
        for key, value in changes.items():
            setattr(thread, key, value)
        record(
            "forum.thread_flags",
            actor_id=found.actor.id,
            organisation_id=found.group.organisation_id,
            target_type="thread",
            target_id=str(thread.id),
            details=changes,
        )


def check_reveal_author(found: GroupAccess, post: Post, reason: str) -> AuthorReveal:
    """Let a facilitator see who wrote an anonymous post, with a written reason.

    The audit entry records who revealed which post (ids only, never words); the reason is
    sealed under the group's key in an AuthorReveal linked to that entry, for the group's
    facilitators and the organisation's admins to read on the reveal history page.
    """
    reason = reason.strip()
    if not found.can_manage:
        raise ValidationError(_("Only facilitators can reveal an anonymous author."))
    if len(reason) < 10:
        raise ValidationError({"reason": [_("Write why you need to know (a sentence).")]})
    if len(reason) > MAX_REVEAL_REASON:
        raise ValidationError(
            {"reason": [_("Keep the reason to %(n)s characters.") % {"n": MAX_REVEAL_REASON}]}
        )
    reveal = AuthorReveal(group=found.group, post=post, revealed_by=found.actor, reason=reason)
    with transaction.atomic():  # the reason and its audit entry commit together, or neither
        reveal.audit_entry = record(
            "forum.author_revealed",
            actor_id=found.actor.id,
            organisation_id=found.group.organisation_id,
            target_type="post",
            target_id=str(post.id),
            # Ids and a length only: the words are sealed in the AuthorReveal row named here.
            details={"reason_chars": len(reason), "reveal": str(reveal.id)},
        )
        reveal.save()
    return reveal


def do_record_reveals_viewed(found: GroupAccess, shown: int) -> None:
    """Audit that staff read the group's reveal history (the sealed reasons are on it)."""
    record(
        "forum.reveal_reasons_viewed",
        actor_id=found.actor.id,
        organisation_id=found.group.organisation_id,
        target_type="group",
        target_id=str(found.group.id),
        details={"shown": shown},
    )


# --- Polls ----------------------------------------------------------------------------------


def _clean_poll(poll: PollDraft) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    poll.question = poll.question.strip()
    poll.options = [o.strip() for o in poll.options if o.strip()]
    if not poll.question or len(poll.question) > 200:
        errors["poll_question"] = [_("Ask a question of up to 200 characters.")]
    if not 2 <= len(poll.options) <= 10 or any(len(o) > 200 for o in poll.options):
        errors["poll_options"] = [_("Give between 2 and 10 choices, each up to 200 characters.")]
    if len(set(poll.options)) != len(poll.options):
        errors["poll_options"] = [_("Each choice must be different.")]
    if poll.closes_at is not None and poll.closes_at <= timezone.now():
        errors["poll_closes_at"] = [_("The closing time must be in the future.")]
    return errors


def _create_poll(found: GroupAccess, thread: Thread, draft: PollDraft) -> Poll:
    poll = Poll.objects.create(
        thread=thread,
        group=found.group,
        question=draft.question,
        author_question=draft.author_question,
        multiple=draft.multiple,
        anonymous=draft.anonymous,
        closes_at=draft.closes_at,
    )
    own = draft.author_options or [None] * len(draft.options)
    for position, (text, author_text) in enumerate(zip(draft.options, own, strict=True)):
        PollOption.objects.create(
            poll=poll, group=found.group, text=text, author_text=author_text, position=position
        )
    return poll


def _audit(found: GroupAccess, action: str, thread_id: object, post: Post) -> None:
    record(
        action,
        actor_id=found.actor.id,
        organisation_id=found.group.organisation_id,
        target_type="post",
        target_id=str(post.id),
        details={"thread": str(thread_id), "visibility": post.visibility},
    )


def purge_expired_posts(now: datetime | None = None) -> int:
    """Hard-delete forum words older than their group's retention; return posts deleted.

    A reply older than the group's `forum_retention_days` goes on its own; an opening post that
    old takes its whole thread with it (replies, poll, reactions, images, search tokens).
    """
    now = now or timezone.now()
    deleted = 0
    for group in Group.objects.filter(threads__isnull=False).distinct():
        cutoff = now - timedelta(days=group.forum_retention_days)
        with transaction.atomic():
            expired_threads = list(
                Post.objects.filter(group=group, opening=True, created_at__lt=cutoff).values_list(
                    "thread_id", flat=True
                )
            )
            deleted += Post.objects.filter(thread_id__in=expired_threads).count()
            Thread.objects.filter(id__in=expired_threads).delete()
            replies = Post.objects.filter(group=group, opening=False, created_at__lt=cutoff)
            touched = set(replies.values_list("thread_id", flat=True))
            deleted += replies.count()
            replies.delete()
            for thread_id in touched:
                published = Post.objects.filter(
                    thread_id=thread_id, opening=False, visibility=Visibility.PUBLISHED
                )
                Thread.objects.filter(id=thread_id).update(reply_count=published.count())
    return deleted
