"""Safeguarding operations: who is on duty, alerts that must reach a human, cases, the review
queue of held content, members' reports and blocks, and each organisation's watched words
and risk levels.

The pure engine (detectors, pipeline) lives beside these tables and never touches them.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth.accounts.models import Organisation, User
from hearth.groups.models import Group
from hearth.privacy.fields import SealedTextField


class Duty(models.Model):
    """A staff member's place on the organisation's rota."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="duty")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    on_duty = models.BooleanField(default=False)
    # Stepping away (compassion fatigue): no alerts until back, without leaving the rota.
    stepping_away = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)


class Case(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.SET_NULL, null=True, related_name="+")
    subject = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    assignee = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = SealedTextField(null=True)
    # The day someone should look at the case again (the staff "Follow-ups" list).
    follow_up_on = models.DateField(null=True, blank=True)

    def sealing_scope(self) -> str:
        return f"org:{self.organisation_id}"


class CaseNote(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    text = SealedTextField()
    created_at = models.DateTimeField(auto_now_add=True)

    def sealing_scope(self) -> str:
        return f"org:{self.case.organisation_id}"


class Alert(models.Model):
    """Something a human must see within minutes; escalates until acknowledged."""

    class Kind(models.TextChoices):
        SAFETY_SIGNAL = "safety_signal", _("Cannot talk safely")
        CODEWORD = "codeword", _("Safety word used")
        HIGH_RISK = "high_risk", _("High-risk words")
        PATTERN = "pattern", _("Several worrying messages")
        REVIEW = "review", _("Raised from the review queue")
        REPORT = "report", _("Raised from a member's report")

    class Step(models.IntegerChoices):
        FACILITATORS = 0, _("Group facilitators on duty")
        NEXT_RESPONDER = 1, _("Next responder on the rota")
        ADMINS = 2, _("Every admin")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.SET_NULL, null=True, related_name="+")
    subject = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # Where it came from, as a code ("button", "screening"); never the text itself.
    source = models.CharField(max_length=20)
    categories = models.JSONField(default=list)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="alerts")
    step = models.PositiveSmallIntegerField(choices=Step.choices, default=Step.FACILITATORS)
    recipients = models.ManyToManyField(User, related_name="+")  # everyone reached so far
    created_at = models.DateTimeField(auto_now_add=True)
    deadline_at = models.DateTimeField()
    acknowledged_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["acknowledged_at", "deadline_at"])]


class ReviewItem(models.Model):
    """Content held for a human decision: a pointer into a content app, never the words.

    The content app keeps the sealed text and is reached through its registered adapter
    (hearth.safety.review); this row holds the risk findings, who is handling it, and the
    decision.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not published")
        ESCALATED = "escalated", _("Escalated to a case")

    class Level(models.TextChoices):  # the pipeline's risk levels
        NONE = "none", _("No risk found")
        LOW = "low", _("Low risk")
        MEDIUM = "medium", _("Medium risk")
        HIGH = "high", _("High risk")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(max_length=30)  # the registered adapter, e.g. "forum.post"
    object_id = models.UUIDField()
    level = models.CharField(max_length=10, choices=Level.choices)
    categories = models.JSONField(default=list)
    spans = models.JSONField(default=list)  # [[start, end], ...] into the original text
    reasons = models.JSONField(default=list)  # the pipeline's reason codes
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    claimed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    claimed_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reply = SealedTextField(null=True)  # the kind message sent to the author on rejection
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, related_name="+")
    nudged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["status", "group"])]

    def sealing_scope(self) -> str:
        return f"org:{self.organisation_id}"


class Report(models.Model):
    """A member's report of a post or of another member, for the group's moderators.

    The reporter is never shown to the reported member: only moderators of the group read this
    row (never the subject themselves), and the reporter only learns that it was handled.
    """

    class Kind(models.TextChoices):
        FORUM_POST = "forum_post", _("A post")  # the forum's review adapter kind
        MEMBER = "member", _("A member")

    class Reason(models.TextChoices):
        HARASSMENT = "harassment", _("Harassment or bullying")
        PERSONAL_DETAILS = "personal_details", _("Shares someone's personal details")
        UNSAFE = "unsafe", _("Unsafe or harmful")
        SPAM = "spam", _("Spam or off-topic")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        HANDLED = "handled", _("Handled")

    class Outcome(models.TextChoices):
        REMOVED = "removed", _("Removed")
        NO_ACTION = "no_action", _("No action needed")
        CASE_OPENED = "case_opened", _("A case was opened")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    reporter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    subject = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    object_id = models.UUIDField(null=True, blank=True)  # None for a report about a member
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = SealedTextField(null=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    handled_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    handled_at = models.DateTimeField(null=True, blank=True)
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, related_name="+")
    reporter_seen_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "group"]),
            models.Index(fields=["reporter", "status"]),
        ]
        constraints = [
            # One open report per reporter and post, and per reporter and reported member.
            models.UniqueConstraint(
                fields=["reporter", "kind", "object_id"],
                condition=models.Q(status="open", object_id__isnull=False),
                name="report_open_once_per_object",
            ),
            models.UniqueConstraint(
                fields=["reporter", "subject"],
                condition=models.Q(status="open", kind="member"),
                name="report_open_once_per_member",
            ),
        ]

    def sealing_scope(self) -> str:
        return f"org:{self.organisation_id}"


class Block(models.Model):
    """One member no longer sees another's content. Never shown to the blocked person."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    blocker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    blocked = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once"),
        ]


class WatchedWordEntry(models.Model):
    """An organisation's (group None) or one group's watched word or pattern.

    The term is sealed: a list of watched words can itself reveal what a group is about.
    """

    class Action(models.TextChoices):
        BLOCK = "block", _("Block the post")
        REQUIRE_APPROVAL = "require_approval", _("Hold for approval")
        FLAG = "flag", _("Flag (low risk)")
        CENSOR = "censor", _("Mask it for readers")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    term = SealedTextField()
    is_regex = models.BooleanField(default=False)
    action = models.CharField(max_length=20, choices=Action.choices, default=Action.FLAG)
    category = models.CharField(max_length=40, default="watched_word")
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "group"])]

    def sealing_scope(self) -> str:
        return f"org:{self.organisation_id}"


class RiskLevelOverride(models.Model):
    """An organisation's own risk level for one category, in place of the SPEC F default."""

    class Level(models.TextChoices):  # the pipeline's risk levels
        NONE = "none", _("No risk")
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    category = models.CharField(max_length=40)
    level = models.CharField(max_length=10, choices=Level.choices)
    updated_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "category"], name="risk_level_once_per_category"
            ),
        ]


class RiskMark(models.Model):
    """One worrying message (MEDIUM in a crisis category): where, by whom, when; never its words.

    Kept for `safety.patterns.PATTERN_WINDOW` only: several together raise a pattern alert.
    """

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    category = models.CharField(max_length=40)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["group", "user", "at"])]
