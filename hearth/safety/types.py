"""Plain data passed between the safeguarding detectors, the pipeline and its callers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, Protocol

Level = Literal["none", "low", "medium", "high"]
LEVELS: tuple[Level, ...] = ("none", "low", "medium", "high")
WatchAction = Literal["block", "require_approval", "flag", "censor"]


def level_rank(level: str) -> int:
    """Return the position of `level` in none < low < medium < high."""
    return LEVELS.index(level)  # type: ignore[arg-type]


def max_level(*levels: str) -> Level:
    """Return the highest of `levels` ("none" when given none)."""
    return LEVELS[max((level_rank(lv) for lv in levels), default=0)]


# What a redacted span reads as (content.redact), to members and to the detectors.
REDACTED = "[removed]"
# The detectors that read the risk model rather than rules.
MODEL_DETECTORS = frozenset({"semantic_risk"})


@dataclass(frozen=True)
class Finding:
    """One detector's observation; spans index the ORIGINAL text the member wrote."""

    detector: str
    category: str
    level: Level
    score: float
    spans: list[tuple[int, int]] = field(default_factory=list)
    message: str = ""
    silent: bool = False  # a safety signal: raise an alert, change nothing the member can see
    action: WatchAction | None = None  # watched words only
    nudge: str | None = None  # shown to the author before sending
    # Lowered by protective, negated or past-tense talk around it ("I used to self-harm").
    softened: bool = False


@dataclass(frozen=True)
class WatchedWord:
    """An organisation's or group's watched word; `is_regex` patterns must pass validation."""

    term: str
    action: WatchAction = "flag"
    is_regex: bool = False
    category: str = "watched_word"


@dataclass(frozen=True)
class AssessContext:
    """What the detectors may know about where the text is going; never about who wrote it."""

    language: str | None = None  # a hint such as "en" or "es"; detectors check both anyway
    watched_words: tuple[WatchedWord, ...] = ()
    codeword: str | None = None
    phone_regions: tuple[str, ...] = ("GB", "US", "ES")
    crisis: bool = False  # the group is a crisis-support space: keep crisis talk, still alert


@dataclass
class Assessment:
    """The merged result of every detector on one text."""

    level: Level
    categories: list[str]
    findings: list[Finding]
    scores: dict[str, float]
    degraded: bool = False  # rules only: the risk model was missing and the caller allowed it
    truncated: bool = False  # only the first MAX_CHARS were analysed
    notes: list[str] = field(default_factory=list)

    @property
    def silent(self) -> bool:
        """Return True when a finding asks for a silent alert (the safety codeword)."""
        return any(f.silent for f in self.findings)


@dataclass(frozen=True)
class ModerationPolicy:
    """A group's moderation settings as the pipeline needs them."""

    mode: Literal["pre_all", "pre_new", "hold_flagged", "post"] = "hold_flagged"
    author_is_new: bool = False
    author_on_probation: bool = False
    risk_levels: Mapping[str, Level] = field(default_factory=dict)


@dataclass
class Decision:
    """What to do with the text: publish, hold for review, or block outright."""

    action: Literal["publish", "hold", "block"]
    reasons: list[str] = field(default_factory=list)
    nudges: list[str] = field(default_factory=list)
    level: Level = "none"
    alert: bool = False  # page the on-duty facilitator (HIGH risk or a safety signal)
    silent_alert: bool = False
    show_crisis_resources: bool = False


class Detector(Protocol):
    """A pure check over text: no database, no network, no state between calls."""

    name: str

    def detect(self, text: str, ctx: AssessContext) -> list[Finding]:
        """Return findings for `text`, with spans into `text` itself."""
        ...
