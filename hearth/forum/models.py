"""The anytime forum: threads, replies, reactions, polls, resources and the search index.

Every word a member writes (titles, bodies, free-text content notes, poll texts, resource notes)
is sealed under the group's key; the search index holds only keyed HMAC tokens of word stems.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.functional import Promise as StrPromise
from django.utils.translation import gettext_lazy as _

from hearth.accounts.models import User
from hearth.audit.models import AuditEntry
from hearth.groups.models import Group, Membership
from hearth.privacy.fields import SealedTextField

# Offered when a facilitator has not written the group's own list (keys are stable; labels translate).
DEFAULT_CONTENT_NOTES: dict[str, StrPromise] = {
    "self_harm": _("Self-harm"),
    "suicide": _("Suicide"),
    "abuse": _("Abuse"),
    "sexual_violence": _("Sexual violence"),
    "violence": _("Violence"),
    "grief": _("Grief and loss"),
    "eating": _("Eating and food"),
    "substances": _("Alcohol and drugs"),
    "medical": _("Medical details"),
}


# How the safeguarding review queue names held forum posts (safety never imports the forum).
REVIEW_KIND = "forum_post"


class Visibility(models.TextChoices):
    PUBLISHED = "published", _("Published")
    HELD = "held", _("Waiting for a facilitator")
    REJECTED = "rejected", _("Not published")
    DELETED = "deleted", _("Deleted")


class ForumSettings(models.Model):
    """A group's forum choices; a group without a row uses the defaults."""

    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="forum_settings")
    # Keys of DEFAULT_CONTENT_NOTES the group offers, in order.
    content_notes = models.JSONField(default=list)
    allow_images = models.BooleanField(default=False)
    edit_window_minutes = models.PositiveIntegerField(default=30)
    milestones = models.BooleanField(default=False)


class Thread(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="threads")
    author = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="threads")
    # The title as every reader but the author sees it: without the safety word, censored
    # words as dots. Lists, headings, search results, the API and the search index use it.
    title = SealedTextField()
    # The author's own title, kept only when `title` leaves something out, and shown to the
    # author alone (as a post's `body` beside its `body_html`); null: the two are the same.
    author_title = SealedTextField(null=True)
    anonymous = models.BooleanField(default=False)
    # Follows the opening post: a held opening post keeps the whole thread out of sight.
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLISHED
    )
    pinned = models.BooleanField(default=False)
    locked = models.BooleanField(default=False)
    reply_count = models.PositiveIntegerField(default=0)  # published replies only
    created_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["group", "visibility", "-pinned", "-last_activity_at"])]

    def sealing_scope(self) -> str:
        return f"group:{self.group_id}"


class ThreadRevision(models.Model):
    """How many times anything a thread's posts show has changed.

    Written only by database triggers (migration 0005), never by Python: every insert, update
    and delete of the thread's posts, reactions and images, and every change to a name, avatar,
    role or status among the group's memberships, moves it in the same transaction, whichever
    code path made the change. It keys the per-process cache of opened threads
    (thread_cache.py). A plain id rather than a foreign key, so deleting a thread, whose
    cascade fires the triggers on the way, never trips over it; a trigger removes the row with
    its thread.
    """

    thread_id = models.UUIDField(primary_key=True)
    n = models.PositiveBigIntegerField(default=0)


class Post(models.Model):
    """A thread's opening post or a reply."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="posts")
    opening = models.BooleanField(default=False)
    body = SealedTextField()
    # The body rendered once at write time, as every reader but the author sees it (without
    # the safety word), so a thread page only opens HTML instead of parsing Markdown per view.
    body_html = SealedTextField(null=True)
    # True when readers' HTML leaves something out (the safety word, censored words), so the
    # author's own view must be rendered from the body; otherwise everyone shares body_html.
    masked = models.BooleanField(default=False)
    anonymous = models.BooleanField(default=False)
    content_notes = models.JSONField(default=list)  # keys from the group's list
    custom_note = SealedTextField(null=True)  # a note the author wrote themselves
    quote_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, related_name="+")
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLISHED
    )
    # Character spans of the group's safety word: kept from everyone but the author.
    hidden_spans = models.JSONField(default=list)
    # Character spans of watched words marked "censor": shown to other readers as dots.
    censor_spans = models.JSONField(default=list)
    # The kind reply a moderator sent when not publishing it, shown only to the author.
    moderator_reply = SealedTextField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["thread", "created_at"])]

    def sealing_scope(self) -> str:
        return f"group:{self.group_id}"


class PostImage(models.Model):
    """An image a member attached, re-encoded from pixels so no metadata survives."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="images")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    data = SealedTextField()  # base64 of the re-encoded image
    content_type = models.CharField(max_length=20)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()

    def sealing_scope(self) -> str:
        return f"group:{self.group_id}"


class Reaction(models.Model):
    class Kind(models.TextChoices):
        STRENGTH = "strength", _("Sending strength")
        ME_TOO = "me_too", _("Me too")
        THANK_YOU = "thank_you", _("Thank you")
        HEARD = "heard", _("I hear you")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "member", "kind"], name="reaction_once")
        ]


class Poll(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    thread = models.OneToOneField(Thread, on_delete=models.CASCADE, related_name="poll")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    question = SealedTextField()  # as readers see it (see Thread.title)
    author_question = SealedTextField(null=True)  # the author's own words, when they differ
    multiple = models.BooleanField(default=False)
    # Anonymous polls keep no link from a vote to a voter, only a keyed token to stop double votes.
    anonymous = models.BooleanField(default=True)
    closes_at = models.DateTimeField(null=True, blank=True)

    def sealing_scope(self) -> str:
        return f"group:{self.group_id}"


class PollOption(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    text = SealedTextField()  # as readers see it (see Thread.title)
    author_text = SealedTextField(null=True)  # the author's own words, when they differ
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]

    def sealing_scope(self) -> str:
        return f"group:{self.group_id}"


class PollVote(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="votes")
    voter_token = models.CharField(max_length=64)
    voter = models.ForeignKey(Membership, on_delete=models.CASCADE, null=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["option", "voter_token"], name="vote_once_per_option")
        ]
        indexes = [models.Index(fields=["poll", "voter_token"])]


class Resource(models.Model):
    class Kind(models.TextChoices):
        LINK = "link", _("Link")
        DOCUMENT = "document", _("Document")
        NOTE = "note", _("Note")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="resources")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    category = SealedTextField()
    title = SealedTextField()
    url = SealedTextField(null=True)
    note = SealedTextField(null=True)
    document = SealedTextField(null=True)  # base64 of the uploaded file
    document_name = SealedTextField(null=True)
    document_type = models.CharField(max_length=60, blank=True)
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def sealing_scope(self) -> str:
        return f"group:{self.group_id}"


class ReaderPreferences(models.Model):
    """How one member wants content notes handled in one group."""

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="reader_preferences"
    )
    open_notes_automatically = models.BooleanField(default=False)
    never_open = models.JSONField(default=list)  # notes never opened automatically
    hidden = models.JSONField(default=list)  # notes whose posts are not shown at all


class SearchToken(models.Model):
    """One keyed token of one word stem in one post; no plaintext, no position."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="search_tokens")
    token = models.CharField(max_length=32)

    class Meta:
        indexes = [models.Index(fields=["group", "token"])]


class AuthorReveal(models.Model):
    """Someone on staff revealed who wrote an anonymous post, and why, in their own words.

    The audit entry (`forum.author_revealed`) holds ids and codes only, so the written reason
    is kept here, sealed under the group's key. The group's facilitators and the
    organisation's admins read it on the forum's reveal history page, and each reading is
    audited. The revealed author is not stored: the post says who wrote it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    # Null once the post is gone (deleted by retention or erasure): the reason stays on record.
    post = models.ForeignKey(Post, on_delete=models.SET_NULL, null=True, related_name="reveals")
    revealed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    # The audit entry that records the reveal (it names this row in its details).
    audit_entry = models.OneToOneField(AuditEntry, on_delete=models.PROTECT, related_name="+")
    reason = SealedTextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["group", "-created_at"])]

    def sealing_scope(self) -> str:
        return f"group:{self.group_id}"
