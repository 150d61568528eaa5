"""Private groups, who belongs to them, how people get in, and the ground rules they accept.

Everything a person writes here (names, purposes, agreements, screening answers, concerns) is
sealed under the group's key, so deleting the group's key erases all of it.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth.accounts.models import Organisation, User
from hearth.privacy.fields import SealedTextField


class Group(models.Model):
    class Facilitation(models.TextChoices):
        FACILITATOR_LED = "facilitator_led", _("Led by a facilitator")
        CO_FACILITATED = "co_facilitated", _("Co-facilitated by staff and a trained peer")
        PEER_LED = "peer_led", _("Peer-led with staff oversight")

    class Length(models.TextChoices):
        TIME_LIMITED = "time_limited", _("Time-limited, with set dates")
        ONGOING = "ongoing", _("Ongoing drop-in")

    class Moderation(models.TextChoices):
        PRE_ALL = "pre_all", _("Check every post before others see it")
        PRE_NEW = "pre_new", _("Check new members' first posts")
        HOLD_FLAGGED = "hold_flagged", _("Hold only flagged posts")
        POST = "post", _("Publish at once and review afterwards")

    class DirectMessages(models.TextChoices):
        OFF = "off", _("Off: members can message staff only")
        MEMBERS = "members", _("Members may message each other")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="groups")
    name = SealedTextField()
    # Shown in titles, notifications and anywhere a watched screen might see it.
    discreet_name = SealedTextField()
    purpose = SealedTextField()
    welcome = SealedTextField(null=True)
    has_forum = models.BooleanField(default=True)
    has_chat = models.BooleanField(default=False)
    has_video = models.BooleanField(default=False)
    facilitation = models.CharField(
        max_length=20, choices=Facilitation.choices, default=Facilitation.FACILITATOR_LED
    )
    length = models.CharField(max_length=20, choices=Length.choices, default=Length.ONGOING)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    capacity = models.PositiveIntegerField(default=12)
    moderation = models.CharField(
        max_length=20, choices=Moderation.choices, default=Moderation.HOLD_FLAGGED
    )
    pre_moderate_first = models.PositiveIntegerField(default=3)
    direct_messages = models.CharField(
        max_length=10, choices=DirectMessages.choices, default=DirectMessages.OFF
    )
    chat_retention_days = models.PositiveIntegerField(default=0)
    forum_retention_days = models.PositiveIntegerField(default=365)
    absence_window_days = models.PositiveIntegerField(default=14)
    crisis_resources = SealedTextField(null=True)
    safety_codeword = SealedTextField(null=True)
    # One question per line; sealed because questions can reveal who the group is for.
    screening_questions = SealedTextField(null=True)
    requires_approval = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    def sealing_scope(self) -> str:
        return f"group:{self.id}"

    def questions(self) -> list[str]:
        return [q.strip() for q in (self.screening_questions or "").splitlines() if q.strip()]

    def crisis_lines(self) -> list[str]:
        """Return the group's own crisis lines as written, one a line, blank lines left out."""
        return [line for line in (self.crisis_resources or "").splitlines() if line.strip()]


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        PEER_MODERATOR = "peer_moderator", _("Peer moderator")
        FACILITATOR = "facilitator", _("Facilitator")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        LEFT = "left", _("Left")
        REMOVED = "removed", _("Removed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    display_name = SealedTextField()
    # Blind token of the name's look-alike skeleton: two members cannot look the same.
    display_token = models.CharField(max_length=64)
    avatar_seed = models.CharField(max_length=16)
    agreement_version = models.PositiveIntegerField(null=True, blank=True)
    consent_version = models.PositiveIntegerField()
    joined_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    removal_reason = SealedTextField(null=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    # Everything this member writes waits for a moderator first (a sanction short of a mute).
    on_probation = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="membership_once"),
            models.UniqueConstraint(
                fields=["group", "display_token"],
                condition=models.Q(status="active"),
                name="membership_distinct_names",
            ),
        ]
        indexes = [models.Index(fields=["user", "status"])]

    def sealing_scope(self) -> str:
        return f"group:{self.group_id}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_facilitator(self) -> bool:
        return self.is_active and self.role == self.Role.FACILITATOR


class Agreement(models.Model):
    """One version of a group's ground rules: numbered clauses that never change number."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="agreements")
    version = models.PositiveIntegerField()
    # JSON list of {"number": int, "text": str}, sealed as one value.
    clauses = SealedTextField()
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "version"], name="agreement_version")
        ]

    def sealing_scope(self) -> str:
        return f"group:{self.group_id}"


class Invitation(models.Model):
    class Kind(models.TextChoices):
        INVITE = "invite", _("Invitation")
        REQUEST = "request", _("Request link (drop-in)")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="invitations")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.INVITE)
    token_hash = models.CharField(max_length=64, unique=True)
    max_uses = models.PositiveIntegerField(default=1)
    uses = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)


class JoinRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a facilitator")
        FOLLOW_UP = "follow_up", _("A facilitator asked a question")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="join_requests")
    invitation = models.ForeignKey(
        Invitation, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # JSON list of {"question": str, "answer": str}.
    answers = SealedTextField()
    display_name = SealedTextField()
    display_token = models.CharField(max_length=64)
    consent_version = models.PositiveIntegerField()
    follow_up_question = SealedTextField(null=True)
    follow_up_answer = SealedTextField(null=True)
    decline_reason = models.CharField(max_length=20, blank=True)
    # What the safeguarding pipeline found in the answers (level and category codes only).
    risk_level = models.CharField(max_length=10, default="none")
    risk_categories = models.JSONField(default=list)
    decided_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=models.Q(status__in=["pending", "follow_up"]),
                name="one_open_request",
            )
        ]

    def sealing_scope(self) -> str:
        return f"group:{self.group_id}"

    @property
    def decline_message(self) -> str:
        from hearth.groups.texts import DECLINE_MESSAGES

        message = DECLINE_MESSAGES.get(self.decline_reason)
        return str(message()) if message else ""


class Concern(models.Model):
    """A facilitator's private note shown while screening (e.g. words an abuser may use)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="concerns")
    text = SealedTextField()
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def sealing_scope(self) -> str:
        return f"group:{self.group_id}"


class Sanction(models.Model):
    """A staff decision about one member: a warning, a mute, a suspension, a removal or a ban.

    The reason is for staff only; the member sees `message_to_member` (or the kind's default
    wording when it is empty), never the reason nor who issued it.
    """

    class Kind(models.TextChoices):
        WARN = "warn", _("Warning")
        MUTE = "mute", _("Mute: can read, cannot post")
        SUSPEND = "suspend", _("Suspension: cannot open the group")
        REMOVE = "remove", _("Removal from the group")
        BAN = "ban", _("Ban from the organisation")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="sanctions")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="sanctions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reason = SealedTextField()
    # The number of the agreement clause it cites (numbers never change between versions).
    clause = models.PositiveIntegerField(null=True, blank=True)
    message_to_member = SealedTextField(null=True)
    # Mutes and suspensions only; null means until someone lifts it.
    ends_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        # access_group() asks "any live mute or suspension of this membership?" on every page.
        indexes = [models.Index(fields=["membership", "kind", "lifted_at"])]

    def sealing_scope(self) -> str:
        return f"group:{self.group_id}"


class Appeal(models.Model):
    """The sanctioned member's one appeal, decided by a staff member other than the issuer."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for a decision")
        UPHELD = "upheld", _("Upheld")
        OVERTURNED = "overturned", _("Overturned")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # One appeal per sanction, ever: the member gets one hearing, not a loop.
    sanction = models.OneToOneField(Sanction, on_delete=models.CASCADE, related_name="appeal")
    # Kept beside the sanction's so the sealed text needs no join to find its key.
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="appeals")
    text = SealedTextField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = SealedTextField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def sealing_scope(self) -> str:
        return f"group:{self.group_id}"


class CheckInMessage(models.Model):
    """One message of a check-in: a private conversation between a group's staff and a member.

    All messages with one membership form that member's one conversation in the group. Staff
    appear to the member as "Facilitator", never by a pseudonym.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="check_ins")
    # The member the conversation is with (whoever wrote this message).
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="check_ins")
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    # Fixed when written: a staff author demoted later still wrote as staff.
    from_staff = models.BooleanField()
    text = SealedTextField()
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The conversation page and the unread notices both filter by membership.
        indexes = [models.Index(fields=["membership", "created_at"])]

    def sealing_scope(self) -> str:
        return f"group:{self.group_id}"
