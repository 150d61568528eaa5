"""Safeguarding operations: who is on duty, alerts that must reach a human, and cases.

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
