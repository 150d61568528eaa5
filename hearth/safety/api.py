"""JSON API for safeguarding: alerts and cases, the duty rota, the review queue, members'
reports, and each organisation's policy (watched words, risk levels, "test this text").

Mirrors the safety pages (hearth.safety.views): the same access rules and actions, and the same
answer for missing and forbidden (404); staff-only endpoints answer 404 to everyone else, like
the pages. Held words leave only through GET /safety/review/{id}, audited like the page; case
notes leave only through GET /safety/cases/{id}, audited like the case page. The tested text is
never stored or logged.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import Field, StrictBool

from hearth.accounts.api import AUTH, Error, Invalid
from hearth.accounts.models import User
from hearth.groups.access import access_group
from hearth.groups.api import caller, replies
from hearth.groups.models import Group
from hearth.safety import access, actions, cases, policy, queries, reports
from hearth.safety.models import Alert, Case, CaseNote, Duty, Report, ReviewItem, WatchedWordEntry
from hearth.safety.pipeline import DEFAULT_LEVELS
from hearth.safety.review import adapter_for
from hearth.safety.types import Level, WatchAction

router = Router(tags=["safety"])


ERRORS: dict[int, Any] = {400: Invalid, 404: Error}


def _scope(actor: User, group_id: UUID | None) -> Group | None:
    """Return the group whose words are meant (None: the organisation's), or raise Http404."""
    group = access_group(actor, group_id).group if group_id is not None else None
    if not access.can_manage_watched_words(actor, group):
        raise Http404
    return group


# --- Watched words --------------------------------------------------------------------------------

Term = Annotated[str, Field(min_length=1, max_length=200)]
Category = Annotated[str, Field(max_length=40)]


class WatchedWordIn(Schema):
    term: Term
    is_regex: StrictBool = False
    action: WatchAction = "flag"
    category: Category = "watched_word"
    group: UUID | None = None  # None: organisation-wide (admins only)


class WatchedWordOut(Schema):
    id: UUID
    term: str
    is_regex: bool
    action: WatchAction
    category: str
    group: UUID | None
    created_at: datetime


def _word_out(entry: WatchedWordEntry) -> WatchedWordOut:
    return WatchedWordOut(
        id=entry.id,
        term=entry.term,
        is_regex=entry.is_regex,
        action=entry.action,  # type: ignore[arg-type]
        category=entry.category,
        group=entry.group_id,
        created_at=entry.created_at,
    )


@router.get("/safety/watched-words", response={200: list[WatchedWordOut], **ERRORS}, auth=AUTH)
def list_watched_words(request: HttpRequest, group: UUID | None = None) -> list[WatchedWordOut]:
    """The organisation's words (admins), or one group's own (its facilitators and admins)."""
    actor = caller(request)
    scope = _scope(actor, group)
    return [_word_out(e) for e in policy.get_watched_words(actor.organisation_id, scope)]


@router.post("/safety/watched-words", response={201: WatchedWordOut, **ERRORS}, auth=AUTH)
@replies
def add_watched_word(request: HttpRequest, payload: WatchedWordIn) -> Status[WatchedWordOut]:
    actor = caller(request)
    scope = _scope(actor, payload.group)
    entry = policy.check_add_watched_word(
        actor, scope, payload.term, payload.is_regex, payload.action, payload.category
    )
    return Status(201, _word_out(entry))


@router.delete("/safety/watched-words/{entry_id}", response={204: None, **ERRORS}, auth=AUTH)
@replies
def remove_watched_word(request: HttpRequest, entry_id: UUID) -> Status[None]:
    actor = caller(request)
    entry = access.access_watched_word(actor, entry_id, None, any_scope=True)
    policy.check_remove_watched_word(actor, entry)
    return Status(204, None)


# --- Risk levels --------------------------------------------------------------------------------


class RiskLevelOut(Schema):
    category: str
    default: Level
    level: Level
    overridden: bool


class RiskLevelsIn(Schema):
    """Categories to change, each to none/low/medium/high; its default clears the change."""

    levels: dict[Category, Level]


def _levels_out(actor: User) -> list[RiskLevelOut]:
    return [
        RiskLevelOut(
            category=category,
            default=default,  # type: ignore[arg-type]
            level=override or default,  # type: ignore[arg-type]
            overridden=override is not None,
        )
        for category, default, override in policy.risk_levels_table(actor.organisation_id)
    ]


def _admin(request: HttpRequest) -> User:
    actor = caller(request)
    if not access.can_set_risk_levels(actor):
        raise Http404
    return actor


@router.get("/safety/risk-levels", response={200: list[RiskLevelOut], **ERRORS}, auth=AUTH)
def get_risk_levels(request: HttpRequest) -> list[RiskLevelOut]:
    return _levels_out(_admin(request))


@router.put("/safety/risk-levels", response={200: list[RiskLevelOut], **ERRORS}, auth=AUTH)
@replies
def set_risk_levels(request: HttpRequest, payload: RiskLevelsIn) -> list[RiskLevelOut]:
    actor = _admin(request)
    unknown = sorted(c for c in payload.levels if c not in DEFAULT_LEVELS)
    if unknown:
        raise ValidationError({"levels": [f"Unknown categories: {', '.join(unknown)}."]})
    for category, level in payload.levels.items():
        policy.check_set_risk_level(actor, category, level)
    return _levels_out(actor)


# --- Test this text -----------------------------------------------------------------------------


class TestTextIn(Schema):
    text: Annotated[str, Field(min_length=1, max_length=20_000)]
    group: UUID | None = None


class FindingOut(Schema):
    detector: str
    category: str
    level: Level  # after the organisation's risk levels
    default_level: Level
    spans: list[tuple[int, int]]
    action: WatchAction | None
    message: str


class TestTextOut(Schema):
    level: Level
    categories: list[str]
    findings: list[FindingOut]
    decision: str
    decision_level: Level
    reasons: list[str]
    nudges: list[str]
    alert: bool
    mode: str
    degraded: bool


@router.post("/safety/test-text", response={200: TestTextOut, **ERRORS}, auth=AUTH)
def test_text(request: HttpRequest, payload: TestTextIn) -> TestTextOut:
    """Assess a text as if posted in the group (or the organisation); nothing is stored."""
    actor = caller(request)
    if payload.group is not None:
        found = access_group(actor, payload.group)
        if not found.can_manage:
            raise Http404
        group: Group | None = found.group
    elif access.can_set_risk_levels(actor):
        group = None
    else:
        raise Http404
    trial = policy.try_text(actor.organisation_id, group, payload.text)
    decision = trial.decision
    return TestTextOut(
        level=trial.assessment.level,
        categories=trial.assessment.categories,
        findings=[
            FindingOut(
                detector=f.detector,
                category=f.category,
                level=level,  # type: ignore[arg-type]
                default_level=f.level,
                spans=list(f.spans),
                action=f.action,
                message=f.message,
            )
            for f, level in trial.findings
        ],
        decision=decision.action,
        decision_level=decision.level,
        reasons=decision.reasons,
        nudges=decision.nudges,
        alert=decision.alert or decision.silent_alert,
        mode=trial.mode,
        degraded=trial.assessment.degraded,
    )


# --- Alerts and cases ---------------------------------------------------------------------------


def _staff(request: HttpRequest) -> User:
    """Return the signed-in safeguarding staff member, or raise Http404 like the pages."""
    actor = caller(request)
    if not access.is_safeguarding_staff(actor):
        raise Http404
    return actor


class AlertOut(Schema):
    id: UUID
    case: UUID
    kind: str
    source: str
    categories: list[str]
    group: UUID | None
    step: int
    created_at: datetime
    deadline_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: UUID | None


def _alert_out(alert: Alert) -> AlertOut:
    return AlertOut(
        id=alert.id,
        case=alert.case_id,
        kind=alert.kind,
        source=alert.source,
        categories=list(alert.categories),
        group=alert.group_id,
        step=alert.step,
        created_at=alert.created_at,
        deadline_at=alert.deadline_at,
        acknowledged_at=alert.acknowledged_at,
        acknowledged_by=alert.acknowledged_by_id,
    )


@router.get("/safety/alerts", response={200: list[AlertOut], **ERRORS}, auth=AUTH)
def list_alerts(request: HttpRequest) -> list[AlertOut]:
    """Open cases' alerts the actor may handle: unclaimed first, newest first."""
    actor = _staff(request)
    return [_alert_out(a) for a in queries.get_open_alerts(access.filter_alerts_for(actor))]


@router.post("/safety/alerts/{alert_id}/acknowledge", response={200: AlertOut, **ERRORS}, auth=AUTH)
@replies
def acknowledge_alert(request: HttpRequest, alert_id: UUID) -> AlertOut:
    """Take an alert: the escalation clock stops and an unassigned case becomes the actor's."""
    actor = _staff(request)
    alert = access.access_alert(actor, alert_id)
    actions.check_acknowledge_alert(actor, alert)
    return _alert_out(access.access_alert(actor, alert_id))


class CaseStateOut(Schema):
    id: UUID
    status: str
    group: UUID | None
    assignee: UUID | None
    follow_up_on: date | None
    opened_at: datetime
    closed_at: datetime | None


class TimelineEntryOut(Schema):
    """One linked item; fields that do not apply to its `kind` are null."""

    kind: str  # alert, review, report or note
    id: UUID
    at: datetime
    by: str | None  # who acknowledged, decided, handled or wrote it
    alert_kind: str | None = None
    source: str | None = None
    step: int | None = None
    acknowledged_at: datetime | None = None
    level: str | None = None
    categories: list[str] | None = None
    status: str | None = None
    decided_at: datetime | None = None
    report_kind: str | None = None
    reason: str | None = None
    outcome: str | None = None
    handled_at: datetime | None = None


class NoteOut(Schema):
    id: UUID
    text: str
    author: str | None
    created_at: datetime


class CaseOut(CaseStateOut):
    alert: UUID | None  # the case page lives at /safety/alerts/{alert}/
    outcome: str | None
    timeline: list[TimelineEntryOut]
    notes: list[NoteOut]


def _case_state(case: Case) -> CaseStateOut:
    return CaseStateOut(
        id=case.id,
        status=case.status,
        group=case.group_id,
        assignee=case.assignee_id,
        follow_up_on=case.follow_up_on,
        opened_at=case.opened_at,
        closed_at=case.closed_at,
    )


def _entry_out(entry: queries.TimelineEntry) -> TimelineEntryOut:
    item = entry.item
    out = TimelineEntryOut(kind=entry.kind, id=item.id, at=entry.at, by=entry.by)
    if isinstance(item, Alert):
        out.alert_kind, out.source, out.step = item.kind, item.source, item.step
        out.acknowledged_at = item.acknowledged_at
    elif isinstance(item, ReviewItem):
        # Findings and the decision only: the held words leave through their own endpoint.
        out.level, out.categories, out.status = item.level, list(item.categories), item.status
        out.decided_at = item.decided_at
    elif isinstance(item, Report):
        out.report_kind, out.reason, out.status = item.kind, item.reason, item.status
        out.outcome, out.handled_at = item.outcome or None, item.handled_at
    return out


def _note_out(note: CaseNote, author: str | None) -> NoteOut:
    return NoteOut(id=note.id, text=note.text, author=author, created_at=note.created_at)


@router.get("/safety/cases/{case_id}", response={200: CaseOut, **ERRORS}, auth=AUTH)
def get_case(request: HttpRequest, case_id: UUID) -> CaseOut:
    """The case with its timeline and sealed notes; opening it is audited like the page."""
    actor = _staff(request)
    case = access.access_case(actor, case_id)
    timeline = queries.get_case_timeline(case)
    actions.do_record_case_viewed(actor, case)
    state = _case_state(case)
    return CaseOut(
        **state.dict(),
        alert=queries.get_case_alert_id(case),
        outcome=case.outcome,
        timeline=[_entry_out(e) for e in timeline],
        notes=[
            _note_out(e.item, e.by)  # type: ignore[arg-type]
            for e in timeline
            if e.kind == "note"
        ],
    )


class NoteIn(Schema):
    text: Annotated[str, Field(max_length=20_000)]


@router.post("/safety/cases/{case_id}/notes", response={201: NoteOut, **ERRORS}, auth=AUTH)
@replies
def add_case_note(request: HttpRequest, case_id: UUID, payload: NoteIn) -> Status[NoteOut]:
    actor = _staff(request)
    case = access.access_case(actor, case_id)
    note = actions.check_add_case_note(actor, case, payload.text)
    return Status(201, _note_out(note, None))


class CloseIn(Schema):
    outcome: Annotated[str, Field(max_length=20_000)]


@router.post("/safety/cases/{case_id}/close", response={200: CaseStateOut, **ERRORS}, auth=AUTH)
@replies
def close_case(request: HttpRequest, case_id: UUID, payload: CloseIn) -> CaseStateOut:
    actor = _staff(request)
    case = access.access_case(actor, case_id)
    actions.check_close_case(actor, case, payload.outcome)
    return _case_state(case)


class AssignIn(Schema):
    assignee: UUID | None  # None: nobody


@router.post("/safety/cases/{case_id}/assign", response={200: CaseStateOut, **ERRORS}, auth=AUTH)
@replies
def assign_case(request: HttpRequest, case_id: UUID, payload: AssignIn) -> CaseStateOut:
    """Give the case to a facilitator or admin of the organisation (or to nobody)."""
    actor = _staff(request)
    case = access.access_case(actor, case_id)
    assignee = None
    if payload.assignee is not None:
        # Anyone outside the organisation answers like a member: not someone to assign.
        assignee = User.objects.filter(
            id=payload.assignee, organisation_id=case.organisation_id
        ).first()
        if assignee is None:
            raise ValidationError(
                {"assignee": ["Choose a facilitator or admin of this organisation."]}
            )
    cases.check_assign_case(actor, case, assignee)
    return _case_state(case)


class FollowUpIn(Schema):
    follow_up_on: date | None  # None clears it


@router.put("/safety/cases/{case_id}/follow-up", response={200: CaseStateOut, **ERRORS}, auth=AUTH)
@replies
def set_case_follow_up(request: HttpRequest, case_id: UUID, payload: FollowUpIn) -> CaseStateOut:
    actor = _staff(request)
    case = access.access_case(actor, case_id)
    cases.check_set_follow_up(actor, case, payload.follow_up_on)
    return _case_state(case)


class FollowUpOut(Schema):
    """An open case due for follow-up, reached (like on the alerts page) through an alert."""

    case: UUID
    alert: UUID  # the case page lives at /safety/alerts/{alert}/
    kind: str  # the kind of that alert
    group: UUID | None
    follow_up_on: date
    assignee: UUID | None
    mine: bool  # assigned to the caller


@router.get("/safety/follow-ups", response={200: list[FollowUpOut], **ERRORS}, auth=AUTH)
def list_follow_ups(request: HttpRequest) -> list[FollowUpOut]:
    """Open cases due today or earlier that the actor may handle: theirs first, then by date.

    The same list as the alerts page, from the same query and the same visibility rules.
    """
    actor = _staff(request)
    return [
        FollowUpOut(
            case=a.case_id,
            alert=a.id,
            kind=a.kind,
            group=a.case.group_id,
            follow_up_on=a.case.follow_up_on,  # type: ignore[arg-type]
            assignee=a.case.assignee_id,
            mine=a.case.assignee_id == actor.id,
        )
        for a in queries.get_follow_ups(access.filter_alerts_for(actor), actor)
    ]


# --- The duty rota -----------------------------------------------------------------------------


class DutyOut(Schema):
    on_duty: bool
    stepping_away: bool


class DutyIn(Schema):
    on_duty: StrictBool
    stepping_away: StrictBool = False


@router.get("/safety/duty", response={200: DutyOut, **ERRORS}, auth=AUTH)
def get_duty(request: HttpRequest) -> DutyOut:
    actor = _staff(request)
    current = Duty.objects.filter(user=actor).first()
    return DutyOut(
        on_duty=bool(current and current.on_duty),
        stepping_away=bool(current and current.stepping_away),
    )


@router.put("/safety/duty", response={200: DutyOut, **ERRORS}, auth=AUTH)
@replies
def set_duty(request: HttpRequest, payload: DutyIn) -> DutyOut:
    """Go on or off duty, or step away for a while (others take the alerts)."""
    actor = _staff(request)
    duty = actions.check_set_duty(
        actor, on_duty=payload.on_duty, stepping_away=payload.stepping_away
    )
    return DutyOut(on_duty=duty.on_duty, stepping_away=duty.stepping_away)


# --- The review queue ---------------------------------------------------------------------------


def _moderator(request: HttpRequest) -> User:
    """Staff always have the queue; peer moderators while they moderate a group."""
    actor = caller(request)
    if not actor.is_staff_role and not access.moderated_groups(actor).exists():
        raise Http404
    return actor


class ReviewSummaryOut(Schema):
    id: UUID
    group: UUID
    kind: str
    level: str
    categories: list[str]
    status: str
    created_at: datetime
    claimed: bool  # someone's claim is fresh
    claimed_by_me: bool
    case: UUID | None


class ReviewQueueOut(Schema):
    waiting: list[ReviewSummaryOut]
    escalated: list[ReviewSummaryOut]


class ReviewItemOut(ReviewSummaryOut):
    """One held item with its words (reading them is audited)."""

    text: str | None  # None when the content is gone or its app is not loaded here
    title: str | None
    link: str | None
    spans: list[tuple[int, int]]
    reasons: list[str]
    author_name: str | None


def _claim_fresh(item: ReviewItem) -> bool:
    cutoff = timezone.now() - timedelta(minutes=actions.CLAIM_MINUTES)
    return bool(item.claimed_by_id and item.claimed_at and item.claimed_at >= cutoff)


def _review_out(actor: User, item: ReviewItem) -> ReviewSummaryOut:
    fresh = _claim_fresh(item)
    return ReviewSummaryOut(
        id=item.id,
        group=item.group_id,
        kind=item.kind,
        level=item.level,
        categories=list(item.categories),
        status=item.status,
        created_at=item.created_at,
        claimed=fresh,
        claimed_by_me=fresh and item.claimed_by_id == actor.id,
        case=item.case_id,
    )


@router.get("/safety/review", response={200: ReviewQueueOut, **ERRORS}, auth=AUTH)
def list_review_items(request: HttpRequest) -> ReviewQueueOut:
    """Waiting items (highest risk first, then oldest) and escalated ones; never their words."""
    actor = _moderator(request)
    items = access.filter_review_items_for(actor)
    return ReviewQueueOut(
        waiting=[_review_out(actor, i) for i in queries.get_waiting_review_items(items)[:200]],
        escalated=[_review_out(actor, i) for i in queries.get_escalated_review_items(items)[:50]],
    )


@router.get("/safety/review/{item_id}", response={200: ReviewItemOut, **ERRORS}, auth=AUTH)
def get_review_item(request: HttpRequest, item_id: UUID) -> ReviewItemOut:
    """One held item with its words; reading them is audited exactly like the page."""
    actor = _moderator(request)
    item = access.access_review_item(actor, item_id)
    try:
        reviewable = adapter_for(item.kind).load(item.object_id)
    except KeyError:
        reviewable = None  # the content app is not loaded here: the item without its words
    if reviewable is not None:
        actions.do_record_review_viewed(actor, item)
    author_pair = (item.group_id, item.author_id)
    names = queries.display_names({author_pair}) if item.author_id else {}
    return ReviewItemOut(
        **_review_out(actor, item).dict(),
        text=reviewable.text if reviewable else None,
        title=reviewable.title if reviewable else None,
        link=reviewable.link if reviewable else None,
        spans=[(int(a), int(b)) for a, b in item.spans],
        reasons=list(item.reasons),
        author_name=names.get(author_pair),
    )


def _decided(actor: User, item_id: UUID) -> ReviewSummaryOut:
    return _review_out(actor, ReviewItem.objects.select_related("group").get(id=item_id))


@router.post(
    "/safety/review/{item_id}/claim", response={200: ReviewSummaryOut, **ERRORS}, auth=AUTH
)
@replies
def claim_review_item(request: HttpRequest, item_id: UUID) -> ReviewSummaryOut:
    """Take an item to handle it; refused (400) while someone else's claim is fresh."""
    actor = _moderator(request)
    item = access.access_review_item(actor, item_id)
    actions.check_claim_review_item(actor, item)
    return _decided(actor, item.id)


@router.post(
    "/safety/review/{item_id}/release", response={200: ReviewSummaryOut, **ERRORS}, auth=AUTH
)
@replies
def release_review_item(request: HttpRequest, item_id: UUID) -> ReviewSummaryOut:
    actor = _moderator(request)
    item = access.access_review_item(actor, item_id)
    actions.check_release_review_item(actor, item)
    return _decided(actor, item.id)


class ApproveIn(Schema):
    text: Annotated[str, Field(max_length=50_000)] | None = None  # None: publish as written


@router.post(
    "/safety/review/{item_id}/approve", response={200: ReviewSummaryOut, **ERRORS}, auth=AUTH
)
@replies
def approve_review_item(request: HttpRequest, item_id: UUID, payload: ApproveIn) -> Any:
    actor = _moderator(request)
    item = access.access_review_item(actor, item_id)
    actions.check_approve_review_item(actor, item, payload.text)
    return _decided(actor, item.id)


class RejectIn(Schema):
    template: Annotated[str, Field(max_length=40)]
    clause: int | None = None
    note: Annotated[str, Field(max_length=20_000)] | None = None


@router.post(
    "/safety/review/{item_id}/reject", response={200: ReviewSummaryOut, **ERRORS}, auth=AUTH
)
@replies
def reject_review_item(request: HttpRequest, item_id: UUID, payload: RejectIn) -> Any:
    """Keep the content unpublished and send its author a kind, templated reply."""
    actor = _moderator(request)
    item = access.access_review_item(actor, item_id)
    actions.check_reject_review_item(actor, item, payload.template, payload.clause, payload.note)
    return _decided(actor, item.id)


@router.post(
    "/safety/review/{item_id}/escalate", response={200: ReviewSummaryOut, **ERRORS}, auth=AUTH
)
@replies
def escalate_review_item(request: HttpRequest, item_id: UUID) -> Any:
    """Open a safeguarding case about the item; the content stays held."""
    actor = _moderator(request)
    item = access.access_review_item(actor, item_id)
    actions.check_escalate_review_item(actor, item)
    return _decided(actor, item.id)


# --- Members' reports --------------------------------------------------------------------------


class ReportOut(Schema):
    id: UUID
    group: UUID
    kind: str
    object_id: UUID | None
    reason: str
    note: str | None
    reporter_name: str | None  # never shown to the reported member, who never reads this
    subject_name: str | None
    status: str
    outcome: str | None
    created_at: datetime
    case: UUID | None


def _report_out(report: Report, names: dict[tuple[Any, Any], str]) -> ReportOut:
    return ReportOut(
        id=report.id,
        group=report.group_id,
        kind=report.kind,
        object_id=report.object_id,
        reason=report.reason,
        note=report.note,
        reporter_name=names.get((report.group_id, report.reporter_id)),
        subject_name=names.get((report.group_id, report.subject_id)),
        status=report.status,
        outcome=report.outcome or None,
        created_at=report.created_at,
        case=report.case_id,
    )


@router.get("/safety/reports", response={200: list[ReportOut], **ERRORS}, auth=AUTH)
def list_reports(request: HttpRequest) -> list[ReportOut]:
    """Open reports the actor may handle, longest waiting first (never reports about them)."""
    actor = _moderator(request)
    found = list(queries.get_open_reports(access.filter_reports_for(actor))[:50])
    pairs = {(r.group_id, r.reporter_id) for r in found}
    pairs |= {(r.group_id, r.subject_id) for r in found if r.subject_id}
    names = queries.display_names(pairs)
    return [_report_out(r, names) for r in found]


class HandleIn(Schema):
    outcome: Annotated[str, Field(max_length=40)]


@router.post("/safety/reports/{report_id}/handle", response={200: ReportOut, **ERRORS}, auth=AUTH)
@replies
def handle_report(request: HttpRequest, report_id: UUID, payload: HandleIn) -> Any:
    """Settle an open report: removed, no_action or case_opened."""
    actor = caller(request)
    report = access.access_report(actor, report_id)
    reports.check_handle_report(actor, report, payload.outcome)
    handled = Report.objects.select_related("group").get(id=report.id)
    pair = (handled.group_id, handled.reporter_id)
    subject = (handled.group_id, handled.subject_id)
    return _report_out(handled, queries.display_names({pair, subject}))
