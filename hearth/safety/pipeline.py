"""Run every safeguarding detector over a text and turn the result into a moderation decision.

`assess` is pure (no database) and is called before anything becomes visible to anyone else.
`decide` applies a group's moderation policy and its organisation's risk-level overrides.
Risk routes, it does not hide: HIGH risk is held for a human and shows the author support.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from hearth.lib.text import fold, has_mixed_script
from hearth.safety.detectors.codeword import Codeword
from hearth.safety.detectors.crisis_language import CrisisLanguage, recovery_context
from hearth.safety.detectors.grooming import Grooming
from hearth.safety.detectors.medical_misinformation import MedicalMisinformation
from hearth.safety.detectors.personal_info import PersonalInfo
from hearth.safety.detectors.toxicity import Toxicity
from hearth.safety.detectors.unsafe_links import UnsafeLinks
from hearth.safety.detectors.warning_signs import WarningSigns
from hearth.safety.detectors.watched_words import WatchedWords
from hearth.safety.model.embedder import ModelUnavailable
from hearth.safety.types import (
    AssessContext,
    Assessment,
    Decision,
    Detector,
    Finding,
    ModerationPolicy,
    level_rank,
    max_level,
)

MAX_CHARS = 20_000  # longer posts are analysed up to here and reported as truncated

# SPEC F defaults; an organisation overrides them per category through ModerationPolicy.
DEFAULT_LEVELS: dict[str, str] = {
    "suicide_self_harm": "high",
    "threat_to_others": "high",
    "court_order_breach": "high",
    "child_protection": "high",
    "abuse_in_progress": "high",
    "domestic_abuse": "high",
    "harassment": "high",
    "grooming": "medium",
    "safety_signal": "high",
    "legal": "medium",
    "medical_advice": "medium",
    "contact_details": "medium",
    "unsafe_link": "medium",
    "watched_word": "low",
    "profanity": "low",
    "off_topic": "low",
}
CRISIS_CATEGORIES = frozenset(
    [
        "suicide_self_harm",
        "abuse_in_progress",
        "domestic_abuse",
        "child_protection",
        "court_order_breach",
    ]
)

RULE_DETECTORS: tuple[Detector, ...] = (
    WatchedWords(),
    CrisisLanguage(),
    WarningSigns(),
    Toxicity(),
    PersonalInfo(),
    UnsafeLinks(),
    Grooming(),
    MedicalMisinformation(),
    Codeword(),
)
_semantic: Detector | None = None


def semantic_detector() -> Detector:
    """Return the shared semantic detector, loading the model once; raise ModelUnavailable."""
    global _semantic
    if _semantic is None:
        from hearth.safety.detectors.semantic_risk import SemanticRisk

        _semantic = SemanticRisk()
    return _semantic


def _clean(text: str) -> str:
    # Lone surrogates (from bad decoding upstream) cannot be encoded for storage or JSON.
    return text.encode("utf-8", "replace").decode("utf-8") if not text.isascii() else text


def _overlaps(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


# Categories where a rule's benign reading of the same words outweighs a model's MEDIUM.
_LOOKED_AT = frozenset({"threat_to_others", "domestic_abuse"})


def _merge_semantic(findings: list[Finding], semantic: list[Finding], text: str) -> list[Finding]:
    """Fold the semantic findings into the rule findings without letting them overrule rules."""
    if not semantic:
        return []
    kept = []
    for f in semantic:
        # Only rule matches inside the piece the model scored speak for it: in a long post,
        # "I used to self-harm" three paragraphs earlier does not soften a new disclosure.
        softened = [
            r
            for r in findings
            if r.detector == "crisis_language"
            and r.category == f.category
            and r.level == "low"
            and _overlaps(r.spans, f.spans)
        ]
        confirmed = [r for r in findings if r.category == f.category and r.level == "high"]
        # A finding told across several pieces is past only if every piece is.
        past = bool(f.spans) and all(
            recovery_context(fold(text[start:end]).text) for start, end in f.spans
        )
        if (softened or past) and not confirmed and f.level == "high":
            # The rules saw negation or protective talk in this piece, or it tells of the past
            # or recovery ("he used to hit me, I'm safe now"): keep the signal, not the alarm.
            f = replace(f, level="medium", softened=True)
        elif softened and not confirmed and f.level == "medium" and f.category in _LOOKED_AT:
            # The rules read these very words in context and found them benign ("I'll strangle
            # the cat if she knocks my plant over"): a model's MEDIUM alone is not worth a
            # reviewer's time. Suicide and self-harm keep it: "I'm not suicidal, but…" can be
            # both.
            f = replace(f, level="low", softened=True)
        elif past and not confirmed and f.level == "medium":
            # Told as the past or recovery: a reviewer still looks, but it is no sign of
            # present risk for the patterns across messages (safety/patterns.py).
            f = replace(f, softened=True)
        kept.append(f)
    # Report the strongest model finding of each category after softening: a long post gives
    # one per piece read. The level decides and, between equals, the first reported.
    strongest: dict[str, Finding] = {}
    for f in sorted(kept, key=lambda f: -level_rank(f.level)):  # stable: keeps the order of ties
        strongest.setdefault(f.category, f)
    return list(strongest.values())


def assess(
    text: str,
    ctx: AssessContext | None = None,
    *,
    allow_degraded: bool = False,
    detectors: Sequence[Detector] | None = None,
) -> Assessment:
    """Return the merged assessment of `text`; spans index the text as given.

    Raises ModelUnavailable when the risk model is missing, unless `allow_degraded`, in
    which case the rule detectors still run and the result says `degraded=True`.
    """
    ctx = ctx or AssessContext()
    notes: list[str] = []
    text = _clean(text or "")
    truncated = len(text) > MAX_CHARS
    if truncated:
        text = text[:MAX_CHARS]
        notes.append(f"only the first {MAX_CHARS} characters were analysed")
    folded = fold(text)  # cached: every detector below reuses this work
    if not folded.text.strip():
        return Assessment("none", [], [], {}, truncated=truncated, notes=notes)
    if has_mixed_script(text):
        notes.append("mixed Latin and Cyrillic/Greek letters in one word")
    findings: list[Finding] = []
    for det in detectors if detectors is not None else RULE_DETECTORS:
        findings.extend(det.detect(text, ctx))
    degraded = False
    if detectors is None:
        try:
            semantic = semantic_detector().detect(text, ctx)
        except ModelUnavailable:
            if not allow_degraded:
                raise
            degraded = True
            semantic = []
            notes.append("rules only: the risk model is unavailable")
        findings.extend(_merge_semantic(findings, semantic, text))
    return _summarise(findings, degraded, truncated, notes)


def _summarise(
    findings: list[Finding], degraded: bool, truncated: bool, notes: list[str]
) -> Assessment:
    scores: dict[str, float] = {}
    for f in findings:
        scores[f.category] = max(scores.get(f.category, f.score), f.score)
    categories = sorted({f.category for f in findings if f.level != "none"})
    level = max_level(*(f.level for f in findings))
    return Assessment(level, categories, findings, scores, degraded, truncated, notes)


def effective_level(finding: Finding, overrides: Mapping[str, str] | None = None) -> str:
    """Return the finding's level after the organisation's per-category override.

    Only findings at their category's default strength are overridden, so a negated crisis
    phrase reported LOW is never raised back to HIGH by a policy.
    """
    if (
        overrides
        and finding.category in overrides
        and finding.level == DEFAULT_LEVELS.get(finding.category, finding.level)
    ):
        return overrides[finding.category]
    return finding.level


def decide(assessment: Assessment, policy: ModerationPolicy | None = None) -> Decision:
    """Return publish, hold or block for an assessed text under a group's policy."""
    policy = policy or ModerationPolicy()
    overrides = dict(policy.risk_levels)
    visible = [f for f in assessment.findings if not f.silent]
    levels = [effective_level(f, overrides) for f in visible]
    level = max_level(*levels)
    nudges = list(dict.fromkeys(f.nudge for f in visible if f.nudge))
    high_cats = sorted({f.category for f, lv in zip(visible, levels, strict=True) if lv == "high"})
    decision = Decision("publish", level=level, nudges=nudges)
    decision.silent_alert = assessment.silent
    decision.alert = bool(high_cats)
    decision.show_crisis_resources = any(c in CRISIS_CATEGORIES for c in high_cats)
    if any(f.action == "block" for f in visible):
        decision.action = "block"
        decision.reasons.append("contains a blocked watched word")
        return decision
    reasons = decision.reasons
    if high_cats:
        reasons.append("high risk: " + ", ".join(high_cats))
    if any(f.action == "require_approval" for f in visible):
        reasons.append("contains a watched word that needs approval")
    if level == "medium" and policy.mode in ("hold_flagged", "pre_new", "pre_all"):
        reasons.append(
            "medium risk: "
            + ", ".join(
                sorted(
                    {f.category for f, lv in zip(visible, levels, strict=True) if lv == "medium"}
                )
            )
        )
    if policy.mode == "pre_all":
        reasons.append("the group pre-moderates every post")
    elif policy.mode == "pre_new" and policy.author_is_new:
        reasons.append("the group pre-moderates new members' first posts")
    if policy.author_on_probation:
        reasons.append("the author is on probation")
    if assessment.degraded and level_rank(level) >= level_rank("medium"):
        reasons.append("rules-only assessment")
    if reasons:
        decision.action = "hold"
    return decision
