"""Display names inside a group: valid, distinct from each other, never posing as staff, and
screened by the safeguarding pipeline like everything else a member writes.

A name is seen by everyone in the group and cannot be held for review, so where content would
be held, censored or blocked a name is simply refused (`screen`). A name that tells of danger
(suicide or self-harm, abuse happening now, a threat) or carries the group's safety word is
refused kindly and its `NameScreen.alert` asks the caller to raise a silent alert to staff.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from django.utils.translation import gettext as _

from hearth.accounts import pseudonyms
from hearth.privacy.keys import blind_token
from hearth.safety.pipeline import CRISIS_CATEGORIES, assess, effective_level
from hearth.safety.types import (
    MODEL_DETECTORS,
    AssessContext,
    Assessment,
    Finding,
    WatchedWord,
    level_rank,
    max_level,
)

if TYPE_CHECKING:
    from hearth.groups.models import Group


def problems(name: str, *, staff: bool = False) -> list[str]:
    """Return why a display name cannot be used; only staff may carry a staff title."""
    return pseudonyms.problems(name, allow_staff_title=staff)


def group_token(group_id: object, name: str) -> str:
    """Return the blind token under which a name is unique within one group."""
    return blind_token(f"group-name:{group_id}", pseudonyms.skeleton(name))


def staff_names() -> Iterator[str]:
    """Yield "Facilitator", "Facilitator 2", …: default staff names, never a sign-in pseudonym."""
    yield "Facilitator"
    n = 2
    while True:
        yield f"Facilitator {n}"
        n += 1


# --- The group's policy ----------------------------------------------------------------------
#
# Watched words and risk levels are kept by `safety`, which sits above `groups`: safety hands
# its loader over when it starts (SafetyConfig.ready), as realtime is handed `session_is_live`.

PolicyLoader = Callable[["Group"], tuple[tuple[WatchedWord, ...], Mapping[str, str]]]
_policy_loader: PolicyLoader | None = None


def register_policy(loader: PolicyLoader) -> None:
    """Let `screen` read a group's watched words and its organisation's risk levels."""
    global _policy_loader
    _policy_loader = loader


def policy_for(group: Group) -> tuple[tuple[WatchedWord, ...], Mapping[str, str]]:
    """Return the group's (watched words, risk-level overrides); none without a loader."""
    return _policy_loader(group) if _policy_loader is not None else ((), {})


# --- Screening -------------------------------------------------------------------------------

Refusal = Literal["safety_word", "distress", "contact", "watched", "abusive"]

# A person at risk, or putting someone else at risk: staff must hear of it at once.
ALERT_CATEGORIES = CRISIS_CATEGORIES | {"threat_to_others"}
# A name can be neither held for review nor masked for other readers: these mean "refuse".
_REFUSED_ACTIONS = frozenset({"block", "require_approval", "censor"})
# Ways to reach someone outside the group: a phone number, an email, a handle, a link.
_CONTACT_DETECTORS = frozenset({"personal_info"})
_CONTACT_CATEGORIES = frozenset({"contact_details", "grooming", "unsafe_link"})

# Words run together are read as words too: "ReadyToDie", "ready_to_die", "want2die".
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_SEPARATORS = re.compile(r"[_.\-'~+|/\\]+")
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")


def readings(name: str) -> list[str]:
    """Return the ways to read `name` for screening: as written, then with its words apart."""
    apart = " ".join(_SEPARATORS.sub(" ", _CAMEL.sub(" ", name)).split())
    digits_apart = " ".join(_LETTER_DIGIT.sub(" ", apart).split())
    return list(dict.fromkeys(r for r in (name, apart, digits_apart) if r.strip()))


@dataclass(frozen=True)
class NameScreen:
    """What screening found; `refusal` None means the name may be used."""

    refusal: Refusal | None
    assessment: Assessment  # every reading's findings together, for the alert's categories

    @property
    def alert(self) -> bool:
        """True when staff must be alerted (silently): distress or the safety word."""
        return self.refusal in ("safety_word", "distress")

    @property
    def message(self) -> str:
        """The refusal the person sees: kind, never naming a word, never telling of an alert."""
        return refusal_message(self.refusal) if self.refusal else ""


def refusal_message(refusal: Refusal) -> str:
    """Return the message shown on the name field for a refusal."""
    if refusal == "distress":
        return _(
            "Please choose a different name for this group. If you are going through "
            "something painful right now, you do not have to face it alone: support is here "
            "for you."
        )
    if refusal == "contact":
        return _(
            "Names cannot include contact details or links, such as a phone number, an "
            "email address or a social media name: they could identify you outside the "
            "group. Please choose another name."
        )
    if refusal == "abusive":
        return _(
            "Names here need to feel safe for everyone, and this one could upset or hurt "
            "someone. Please choose another name."
        )
    # The safety word and watched words read alike: nothing says which word, or that
    # anyone was told.
    return _("This name cannot be used in this group. Please choose another one.")


def refusal_messages() -> list[str]:
    """Return every refusal message, in the active language."""
    return [refusal_message(r) for r in ("distress", "contact", "abusive", "watched")]


def _merge(assessments: list[Assessment]) -> Assessment:
    findings = [f for a in assessments for f in a.findings]
    scores: dict[str, float] = {}
    for f in findings:
        scores[f.category] = max(scores.get(f.category, f.score), f.score)
    categories = sorted({f.category for f in findings if f.level != "none"})
    return Assessment(max_level(*(a.level for a in assessments)), categories, findings, scores)


def judge(findings: list[Finding], levels: Mapping[str, str]) -> Refusal | None:
    """Return why a name with these findings is refused (None: it may be used).

    `levels` are the organisation's risk-level overrides. Order matters: the safety word and
    distress come first (they also alert), then contact details, watched words, abuse.
    """
    if any(f.silent for f in findings):
        return "safety_word"
    visible = [(f, effective_level(f, levels)) for f in findings if not f.silent]
    abusive = any(
        (f.detector == "toxicity" or f.category == "harassment")
        and level_rank(lv) >= level_rank("medium")
        for f, lv in visible
    )
    crisis = [f for f, lv in visible if f.category in ALERT_CATEGORIES and lv == "high"]
    # Words aimed at someone else ("nobody wants you") can sound like despair to the model;
    # when the rules call them abuse, only a rule's own crisis match still means distress.
    if crisis and (not abusive or any(f.detector not in MODEL_DETECTORS for f in crisis)):
        return "distress"
    if any(
        f.detector in _CONTACT_DETECTORS
        or (f.category in _CONTACT_CATEGORIES and level_rank(lv) >= level_rank("medium"))
        for f, lv in visible
    ):
        return "contact"
    if any(f.action in _REFUSED_ACTIONS for f, _lv in visible):
        return "watched"
    if abusive:
        return "abusive"
    return None


def screen(name: str, group: Group) -> NameScreen:
    """Assess `name` as written in `group` (its watched words, safety word and risk levels)."""
    words, levels = policy_for(group)
    context = AssessContext(codeword=group.safety_codeword or None, watched_words=words)
    readable = pseudonyms.normalise(name)
    merged = _merge([assess(reading, context) for reading in readings(readable)])
    return NameScreen(judge(merged.findings, levels), merged)
