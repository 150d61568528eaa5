"""Safeguarding's answers to other apps' signals."""

from __future__ import annotations

from typing import Any

from hearth.accounts.models import User
from hearth.groups.models import CheckInMessage, Group, JoinRequest
from hearth.safety.actions import do_raise_alert
from hearth.safety.models import Alert
from hearth.safety.types import Assessment


def _alert_staff(group: Group, person: User | None, assessment: Assessment, source: str) -> None:
    """Alert the group's staff about high-risk words (or the safety word) from `person`."""
    kind = Alert.Kind.CODEWORD if assessment.silent else Alert.Kind.HIGH_RISK
    do_raise_alert(
        group.organisation,
        group,
        person,
        kind,
        source,
        [c for c in assessment.categories if c != "safety_signal"] or assessment.categories,
    )


def alert_on_flagged_screening(
    sender: Any, join_request: JoinRequest, assessment: Assessment, **kwargs: Any
) -> None:
    """A person asking to join wrote something high-risk (or the safety word): alert staff."""
    _alert_staff(join_request.group, join_request.user, assessment, "screening")


def alert_on_flagged_check_in(
    sender: Any, message: CheckInMessage, assessment: Assessment, **kwargs: Any
) -> None:
    """A member's check-in reply to staff is high-risk (or the safety word): alert staff."""
    _alert_staff(message.group, message.membership.user, assessment, "check_in")


def alert_on_flagged_display_name(
    sender: Any, group: Group, person: User | None, assessment: Assessment, **kwargs: Any
) -> None:
    """A display name tells of danger (or is the safety word): refused, and staff alerted."""
    _alert_staff(group, person, assessment, "display_name")
