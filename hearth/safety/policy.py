"""An organisation's safeguarding policy: its watched words (organisation-wide and per group)
and its own risk levels per category, and the cached loader that hands them to the pipeline.

Split from `actions` (close to the size where DESIGN asks for a new module); the same rules
hold: this is the only code that writes these tables, and every change is audited with ids
and codes, never the watched word itself (a list of watched words can say what a group is
about, so the terms are sealed at rest and never written to the log).
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from uuid import UUID

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from hearth.accounts.models import User
from hearth.audit.actions import record
from hearth.groups.models import Group
from hearth.lib.text import fold
from hearth.safety.access import can_manage_watched_words, can_set_risk_levels
from hearth.safety.detectors.watched_words import validate_pattern
from hearth.safety.models import RiskLevelOverride, WatchedWordEntry
from hearth.safety.pipeline import DEFAULT_LEVELS, assess, decide, effective_level
from hearth.safety.types import (
    LEVELS,
    AssessContext,
    Assessment,
    Decision,
    Finding,
    Level,
    ModerationPolicy,
    WatchAction,
    WatchedWord,
)

ACTIONS: tuple[str, ...] = tuple(WatchedWordEntry.Action.values)
CATEGORIES: tuple[str, ...] = tuple(DEFAULT_LEVELS)
TERM_MIN = 2
TERM_MAX = 100  # plain words and phrases; patterns have the detector's own cap
MAX_WORDS = 500  # per organisation, and per group: each one is matched against every post
CACHE_SECONDS = 30.0

# A repeated group of alternatives, (a|aa)* or (x|y)+: the validator's nested-repetition rule
# does not see these, yet overlapping alternatives backtrack exponentially just the same.
_REPEATED_ALTERNATION = re.compile(r"\((?:[^()\\]|\\.)*\|(?:[^()\\]|\\.)*\)\s*(?:[+*]|\{\d*,\d*\})")

Policy = tuple[tuple[WatchedWord, ...], dict[str, Level]]


# --- Validation -----------------------------------------------------------------------------


def pattern_error(pattern: str) -> str | None:
    """Return why a staff regex cannot be used (invalid, unbounded or too slow), else None."""
    error = validate_pattern(pattern)
    if error:
        return error
    if _REPEATED_ALTERNATION.search(pattern):
        return "Repeating a group of alternatives such as (a|aa)+ can hang the server; list the words separately."
    if re.compile(pattern, re.IGNORECASE).fullmatch(""):
        return "The pattern matches empty text, so it would match every post."
    return None


def _normalised(term: str, is_regex: bool) -> str:
    return term if is_regex else fold(term).text.strip()


def _clean_term(term: str, is_regex: bool) -> str:
    if is_regex:
        term = term.strip()
        error = pattern_error(term)
        if error:
            raise ValidationError({"term": [error]})
        return term
    term = " ".join(term.split())
    if len(term) > TERM_MAX:
        raise ValidationError(
            {"term": [_("Keep a watched word to %(n)s characters.") % {"n": TERM_MAX}]}
        )
    if sum(c.isalnum() for c in term) < TERM_MIN or not _normalised(term, False):
        raise ValidationError(
            {
                "term": [
                    _("A watched word needs at least %(n)s letters or digits.") % {"n": TERM_MIN}
                ]
            }
        )
    return term


# --- Watched words ----------------------------------------------------------------------------


def get_watched_words(organisation_id: UUID, group: Group | None) -> list[WatchedWordEntry]:
    """Return the words of one scope (organisation-wide when `group` is None), oldest first."""
    words = WatchedWordEntry.objects.filter(organisation_id=organisation_id)
    words = words.filter(group__isnull=True) if group is None else words.filter(group=group)
    return list(words.order_by("created_at", "id"))


def _audit(action: str, actor: User, target_id: object, details: dict[str, object]) -> None:
    # Codes only: the watched word itself never reaches the log.
    record(
        f"safety.{action}",
        actor_id=actor.id,
        organisation_id=actor.organisation_id,
        target_type="watched_word" if "watched_word" in action else "risk_level",
        target_id=str(target_id),
        details=details,
    )


def check_add_watched_word(
    actor: User,
    group: Group | None,
    term: str,
    is_regex: bool,
    action: str,
    category: str = "watched_word",
) -> WatchedWordEntry:
    """Add a watched word to the organisation (`group` None: admins only) or to one group.

    Patterns that are invalid, could hang the server or match empty text are refused with a
    message staff can act on; the same word twice in one scope is refused too.
    """
    if not can_manage_watched_words(actor, group):
        raise ValidationError({"__all__": [_("You cannot change these watched words.")]})
    if action not in ACTIONS:
        raise ValidationError({"action": [_("Choose what happens when the word is used.")]})
    if category not in CATEGORIES:
        raise ValidationError({"category": [_("Choose a category from the list.")]})
    term = _clean_term(term or "", bool(is_regex))
    existing = get_watched_words(actor.organisation_id, group)
    if len(existing) >= MAX_WORDS:
        raise ValidationError(
            {
                "__all__": [
                    _("This list is full (%(n)s words); remove some first.") % {"n": MAX_WORDS}
                ]
            }
        )
    key = _normalised(term, bool(is_regex))
    if any(
        e.is_regex == bool(is_regex) and _normalised(e.term, e.is_regex) == key for e in existing
    ):
        raise ValidationError(
            {"term": [_("This word is already on the list; remove it first to change it.")]}
        )
    entry = WatchedWordEntry(
        organisation_id=actor.organisation_id,
        group=group,
        is_regex=bool(is_regex),
        action=action,
        category=category,
        created_by=actor,
    )
    entry.term = term
    with transaction.atomic():
        entry.save()
        _audit(
            "watched_word_added",
            actor,
            entry.id,
            {
                "group": str(group.id) if group is not None else None,
                "action": action,
                "is_regex": bool(is_regex),
                "category": category,
            },
        )
        _changed(actor.organisation_id)
    return entry


def check_remove_watched_word(actor: User, entry: WatchedWordEntry) -> None:
    """Remove a watched word the actor may manage (the caller loaded it through access)."""
    if entry.organisation_id != actor.organisation_id or not can_manage_watched_words(
        actor, entry.group
    ):
        raise ValidationError({"__all__": [_("You cannot change these watched words.")]})
    entry_id, group_id = entry.id, entry.group_id
    with transaction.atomic():
        entry.delete()
        _audit(
            "watched_word_removed",
            actor,
            entry_id,
            {"group": str(group_id) if group_id else None},
        )
        _changed(actor.organisation_id)


# --- Risk levels ------------------------------------------------------------------------------


def get_risk_levels(organisation_id: UUID) -> dict[str, Level]:
    """Return the organisation's overrides: category -> level (defaults are not listed)."""
    return {
        category: level  # type: ignore[misc]
        for category, level in RiskLevelOverride.objects.filter(
            organisation_id=organisation_id
        ).values_list("category", "level")
    }


def check_set_risk_level(actor: User, category: str, level: str) -> None:
    """Set the organisation's level for one category; the SPEC default clears the override."""
    if not can_set_risk_levels(actor):
        raise ValidationError({"__all__": [_("Only organisation admins change risk levels.")]})
    if category not in CATEGORIES:
        raise ValidationError({"category": [_("Choose a category from the list.")]})
    if level not in LEVELS:
        raise ValidationError({"level": [_("Choose none, low, medium or high.")]})
    current = get_risk_levels(actor.organisation_id).get(category, DEFAULT_LEVELS[category])
    if current == level:
        return
    with transaction.atomic():
        if level == DEFAULT_LEVELS[category]:
            RiskLevelOverride.objects.filter(
                organisation_id=actor.organisation_id, category=category
            ).delete()
        else:
            try:
                with transaction.atomic():
                    RiskLevelOverride.objects.update_or_create(
                        organisation_id=actor.organisation_id,
                        category=category,
                        defaults={"level": level, "updated_by": actor},
                    )
            except IntegrityError:
                # Two admins at once: the other request's row stands; set ours on it.
                RiskLevelOverride.objects.filter(
                    organisation_id=actor.organisation_id, category=category
                ).update(level=level, updated_by=actor)
        _audit(
            "risk_level_set",
            actor,
            category,
            {"category": category, "level": level, "previous": current},
        )
        _changed(actor.organisation_id)


# --- The loader the pipeline uses ---------------------------------------------------------------

# Per process: {(organisation id, group id or None): (loaded at, version, policy)}. The shared
# cache holds only an opaque version per organisation, never the words, so a change made on
# one app host is seen by every other at its next post, and Redis never holds the terms.
_loaded: dict[tuple[UUID, UUID | None], tuple[float, str, Policy]] = {}


def _version_key(organisation_id: UUID) -> str:
    return f"safety:policy:{organisation_id}"


def invalidate(organisation_id: UUID) -> None:
    """Make every process reload the organisation's policy at its next use."""
    cache.set(_version_key(organisation_id), uuid.uuid4().hex, timeout=None)


def _changed(organisation_id: UUID) -> None:
    # Now (this request's next read, and tests) and again after commit, so a process that
    # reloaded between the two cannot keep the old policy under the new version.
    invalidate(organisation_id)
    transaction.on_commit(lambda: invalidate(organisation_id))


def _load(organisation_id: UUID, group_id: UUID | None) -> Policy:
    scope = WatchedWordEntry.objects.filter(
        Q(group__isnull=True) | Q(group_id=group_id), organisation_id=organisation_id
    )
    words = tuple(
        WatchedWord(
            e.term,
            action=_action(e.action),
            is_regex=e.is_regex,
            category=e.category,
        )
        for e in scope.order_by("created_at", "id")
        # A pattern that became unsafe under stricter rules is skipped, never run.
        if not (e.is_regex and pattern_error(e.term))
    )
    return words, get_risk_levels(organisation_id)


def _action(value: str) -> WatchAction:
    return value if value in ACTIONS else "flag"  # type: ignore[return-value]


def policy_for_scope(organisation_id: UUID, group_id: UUID | None) -> Policy:
    """Return the watched words and risk overrides for a group (or the organisation alone)."""
    version = cache.get(_version_key(organisation_id)) or ""
    key = (organisation_id, group_id)
    now = time.monotonic()
    hit = _loaded.get(key)
    if hit is not None and hit[1] == version and now - hit[0] < CACHE_SECONDS:
        return hit[2]
    policy = _load(organisation_id, group_id)
    if len(_loaded) > 2_000:
        _loaded.clear()  # bounded: a process serving very many groups just reloads more often
    _loaded[key] = (now, version, policy)
    return policy


def policy_for(group: Group) -> Policy:
    """Return (watched words, risk-level overrides) for content written in `group`.

    Organisation-wide words come first, then the group's own; cached for a short time per
    process, and reloaded at once after any change in the organisation.
    """
    return policy_for_scope(group.organisation_id, group.id)


def risk_levels_table(organisation_id: UUID) -> list[tuple[str, str, str | None]]:
    """Return (category, SPEC default, the organisation's override or None) for every category."""
    overrides: Mapping[str, str] = get_risk_levels(organisation_id)
    return [(c, DEFAULT_LEVELS[c], overrides.get(c)) for c in CATEGORIES]


# --- "Test this text" ----------------------------------------------------------------------------


@dataclass
class TextTrial:
    """What the pipeline makes of a text staff typed in: nothing of it is stored or logged."""

    assessment: Assessment
    decision: Decision
    findings: list[tuple[Finding, str]]  # each finding with its level after the overrides
    mode: str


def try_text(organisation_id: UUID, group: Group | None, text: str) -> TextTrial:
    """Assess `text` as if a member (not new, not on probation) posted it in `group`.

    With `group` None only the organisation's words and levels apply, under the default mode.
    Reads only; the caller must keep the text out of the database and the logs.
    """
    words, levels = policy_for_scope(organisation_id, group.id if group is not None else None)
    context = AssessContext(
        watched_words=words,
        codeword=(group.safety_codeword or None) if group is not None else None,
    )
    assessment = assess(text, context, allow_degraded=True)
    mode = group.moderation if group is not None else "hold_flagged"
    decision = decide(
        assessment,
        ModerationPolicy(mode=mode, risk_levels=levels),  # type: ignore[arg-type]
    )
    findings = [(f, effective_level(f, levels)) for f in assessment.findings]
    return TextTrial(assessment, decision, findings, mode)
