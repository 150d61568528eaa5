"""Screen what a member writes before anyone else sees it, the same way for every content app.

A content app (forum, chat, messages) calls `screen()` before saving, `redact()` when the author
accepts a nudge, and `do_follow_up()` inside the transaction that stores the content, so an
alert or a review item is written before the content can be published.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from uuid import UUID

from hearth.accounts.models import User
from hearth.groups.models import Group
from hearth.safety.actions import do_hold_for_review, do_raise_alert
from hearth.safety.models import Alert
from hearth.safety.patterns import do_note_worry
from hearth.safety.pipeline import CRISIS_CATEGORIES, assess, decide
from hearth.safety.policy import policy_for
from hearth.safety.types import (
    REDACTED,
    AssessContext,
    Assessment,
    Decision,
    ModerationPolicy,
)


@dataclass
class Screened:
    assessment: Assessment
    decision: Decision
    # Spans of the safety word: kept from everyone but the author.
    hidden_spans: list[tuple[int, int]] = field(default_factory=list)
    # Spans the author was nudged about (phone numbers, addresses...): what redaction removes.
    nudge_spans: list[tuple[int, int]] = field(default_factory=list)
    # Watched words with the "censor" action: masked for every reader but the author.
    censor_spans: list[tuple[int, int]] = field(default_factory=list)

    @property
    def needs_confirmation(self) -> bool:
        """A nudge to show first; never to someone whose words need a human at once."""
        decision = self.decision
        return bool(decision.nudges) and not decision.alert and decision.action != "block"


def screen(text: str, group: Group, *, author_is_new: bool, on_probation: bool = False) -> Screened:
    """Return the assessment and decision for `text` written in `group`.

    The organisation's and group's watched words and the organisation's risk levels apply
    (loaded through the short-lived per-process cache of `policy_for`).
    """
    words, levels = policy_for(group)
    context = AssessContext(codeword=group.safety_codeword or None, watched_words=words)
    assessment = assess(text, context)
    policy = ModerationPolicy(
        mode=group.moderation,  # type: ignore[arg-type]
        author_is_new=author_is_new,
        author_on_probation=on_probation,
        risk_levels=levels,
    )
    decision = decide(assessment, policy)
    return Screened(
        assessment,
        decision,
        hidden_spans=sorted(s for f in assessment.findings if f.silent for s in f.spans),
        nudge_spans=sorted(s for f in assessment.findings if f.nudge for s in f.spans),
        censor_spans=sorted(
            s for f in assessment.findings if f.action == "censor" and not f.silent for s in f.spans
        ),
    )


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return the spans in order, overlapping or touching ones merged into one."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def redact(text: str, spans: list[tuple[int, int]]) -> str:
    """Return `text` with each span replaced by a marker, merging overlaps."""
    for start, end in reversed(merge_spans(spans)):
        text = text[:start] + REDACTED + text[end:]
    return text


def hide_spans(text: str, spans: list[tuple[int, int]] | list[list[int]]) -> str:
    """Return `text` without the given spans (the safety word, for every reader but its author);
    overlapping spans are merged first, or cutting one would shift the other onto real words."""
    for start, end in reversed(merge_spans((s, e) for s, e in spans)):
        text = text[:start] + text[end:]
    return text


def do_follow_up(
    screened: Screened,
    *,
    group: Group,
    author: User,
    kind: str,
    object_id: UUID,
) -> None:
    """Raise the alerts and review item the decision asks for, in the caller's transaction."""
    decision, assessment = screened.decision, screened.assessment
    if decision.silent_alert:
        do_raise_alert(group.organisation, group, author, Alert.Kind.CODEWORD, kind[:20])
    visible = [c for c in assessment.categories if c != "safety_signal"]
    alert = None
    if decision.alert:
        alert = do_raise_alert(
            group.organisation, group, author, Alert.Kind.HIGH_RISK, kind[:20], visible
        )
    if alert is None:
        # Worrying but not alarming on its own: a mark toward a pattern across messages.
        worry = [
            f.category
            for f in assessment.findings
            if f.category in CRISIS_CATEGORIES
            and f.level == "medium"
            and not (f.silent or f.softened)
        ]
        if worry:
            do_note_worry(group, author, worry, kind)
    if decision.action == "hold":
        do_hold_for_review(
            group=group,
            author=author,
            kind=kind,
            object_id=object_id,
            level=decision.level,
            categories=visible,
            spans=sorted(s for f in assessment.findings if not f.silent for s in f.spans),
            reasons=decision.reasons,
            # The held words belong to the case their alert opened: one case, one timeline.
            case=alert.case if alert is not None else None,
        )
