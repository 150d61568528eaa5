"""Safeguarding's answers to other apps' signals."""

from __future__ import annotations

from typing import Any

from hearth.accounts.models import User
from hearth.groups.models import CheckInMessage, Group, JoinRequest
from hearth.safety.actions import do_raise_alert
from hearth.safety.models import Alert
from hearth.safety.types import Assessment


def alert_on_flagged_screening(
    sender: Any, join_request: JoinRequest, assessment: Assessment, **kwargs: Any
) -> None:
    """A person asking to join wrote something high-risk (or the safety word): alert staff."""
    kind = Alert.Kind.CODEWORD if assessment.silent else Alert.Kind.HIGH_RISK
    group = join_request.group
    do_raise_alert(
        group.organisation,
        group,
        join_request.user,
        kind,
        "screening",
        [c for c in assessment.categories if c != "safety_signal"] or assessment.categories,
    )


def alert_on_flagged_check_in(
    sender: Any, message: CheckInMessage, assessment: Assessment, **kwargs: Any
) -> None:
    """A member's check-in reply to staff is high-risk (or the safety word): alert staff."""
    kind = Alert.Kind.CODEWORD if assessment.silent else Alert.Kind.HIGH_RISK
    group = message.group
    do_raise_alert(
        group.organisation,
        group,
        message.membership.user,
        kind,
        "check_in",
        [c for c in assessment.categories if c != "safety_signal"] or assessment.categories,
    )


def alert_on_flagged_display_name(
    sender: Any, group: Group, person: User | None, assessment: Assessment, **kwargs: Any
) -> None:
    """A display name tells of danger (or is the safety word): refused, and staff alerted."""
    kind = Alert.Kind.CODEWORD if assessment.silent else Alert.Kind.HIGH_RISK
    do_raise_alert(
        group.organisation,
        group,
        person,
        kind,
        "display_name",
        [c for c in assessment.categories if c != "safety_signal"] or assessment.categories,
    )
