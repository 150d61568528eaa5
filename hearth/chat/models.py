"""Live chat sessions: scheduled rooms, their participants and their (ephemeral) messages.

Messages are sealed under the group's key, numbered per session for exact resume, and hard
deleted by the retention sweep once the session (or the group's retention period) is over.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth.groups.models import Group, Membership
from hearth.privacy.fields import SealedTextField

REVIEW_KIND = "chat_message"  # how the safeguarding review queue names held chat messages


class ChatSettings(models.Model):
    """A group's chat choices; a group without a row uses the defaults."""

    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="chat_settings")
    # Off by default: who is here and who is typing can itself be sensitive.
    presence = models.BooleanField(default=False)
    typing = models.BooleanField(default=False)


class ChatSession(models.Model):
    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Not open yet")
        OPEN = "open", _("Open")
        ENDED = "ended", _("Ended")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="chat_sessions")
    title = SealedTextField()
    # Occurrences of one recurring schedule share a series id.
    series = models.UUIDField(null=True, blank=True, db_index=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.SCHEDULED)
    paused = models.BooleanField(default=False)
    slow_mode_seconds = models.PositiveIntegerField(default=0)
    pinned_seq = models.PositiveIntegerField(null=True, blank=True)
    # The last sequence number handed out; incremented under a row lock per message.
    last_seq = models.PositiveIntegerField(default=0)
    # Messages up to this number were deleted by retention: resuming before it means refresh.
    purged_through = models.PositiveIntegerField(default=0)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["group", "starts_at"])]

    def sealing_scope(self) -> str:
        return f"group:{self.group_id}"


class Participant(models.Model):
    """One member's standing in one session: mute, removal, slow-mode clock."""

    session = models.ForeignKey(ChatSession, on_delete=models.CASCADE, related_name="participants")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    muted_until = models.DateTimeField(null=True, blank=True)
    removed = models.BooleanField(default=False)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "membership"], name="participant_once")
        ]


class ChatMessage(models.Model):
    class Visibility(models.TextChoices):
        PUBLISHED = "published", _("Published")
        HELD = "held", _("Waiting for a facilitator")
        REJECTED = "rejected", _("Not published")
        DELETED = "deleted", _("Deleted")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(ChatSession, on_delete=models.CASCADE, related_name="messages")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    seq = models.PositiveIntegerField()
    client_msg_id = models.CharField(max_length=64)
    body = SealedTextField()
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLISHED
    )
    hidden_spans = models.JSONField(default=list)  # the safety word: kept from other readers
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "seq"], name="chat_seq_once"),
            # The idempotency key: a resent frame finds the message it already made.
            models.UniqueConstraint(
                fields=["session", "author", "client_msg_id"], name="chat_client_id_once"
            ),
        ]

    def sealing_scope(self) -> str:
        return f"group:{self.group_id}"
