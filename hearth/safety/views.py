"""Safeguarding pages: the silent safety signal, alerts, cases, the duty rota, the review
queue of held content and members' reports, blocking, and the organisation's and groups'
watched words and risk levels with a "test this text" tool."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.accounts.models import User
from hearth.groups import checkins
from hearth.groups.access import (
    GroupAccess,
    access_group,
    access_managed_group,
    filter_groups_for,
)
from hearth.groups.models import Group, Membership
from hearth.groups.views import render_group
from hearth.lib.forms import attach_errors, form_status
from hearth.lib.http import local_path
from hearth.safety import access, actions, blocks, cases, policy, queries, reports
from hearth.safety.categories import labels as category_labels
from hearth.safety.content import merge_spans
from hearth.safety.forms import (
    AssignCaseForm,
    CaseNoteForm,
    CloseCaseForm,
    DutyForm,
    EditApproveForm,
    FollowUpForm,
    HandleReportForm,
    RejectForm,
    ReportForm,
    RiskLevelsForm,
    TestTextForm,
    WatchedWordForm,
)
from hearth.safety.models import Alert, Case, Duty, Report, ReviewItem, WatchedWordEntry
from hearth.safety.review import Reviewable, adapter_for


@login_required
@require_POST
def safety_signal(request: HttpRequest, group_id: str) -> HttpResponse:
    """Raise a silent alert and go back to exactly where the member was, with no message."""
    found = access_group(request.user, group_id)  # type: ignore[arg-type]
    if found.membership is None:
        raise Http404
    actions.check_raise_safety_signal(found.actor, found.group)
    return redirect(local_path(request, request.POST.get("next")) or f"/groups/{found.group.id}/")


def _staff(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not access.is_safeguarding_staff(user):
        raise Http404
    return user


@login_required
@require_GET
def alerts(request: HttpRequest) -> HttpResponse:
    actor = _staff(request)
    duty = Duty.objects.filter(user=actor).first()
    return render(
        request,
        "safety/alerts.html",
        {
            "alerts": list(queries.get_open_alerts(access.filter_alerts_for(actor))),
            "follow_ups": queries.get_follow_ups(access.filter_alerts_for(actor), actor),
            "duty": duty,
        },
    )


def _check_in_reader(actor: User, case: Case) -> GroupAccess | None:
    """Return the actor's access to the case's group when they may read its check-ins.

    The staff check-in page's rule: facilitators of the group and the organisation's admins
    (GroupAccess.can_manage). Others who reach the case (an escalated responder, an assignee
    from outside the group) see who wrote and when, not the words.
    """
    if case.group_id is None:
        return None
    try:
        return access_managed_group(actor, case.group_id)
    except Http404:
        return None


def _check_in_link(reader: GroupAccess | None, case: Case) -> str | None:
    """Return the staff page of a private check-in with the case's member, or None.

    Offered while the case is open, to staff who manage its group (`reader`, from
    `_check_in_reader`; the check-in page checks again), and only for an active member:
    check-ins never go to staff.
    """
    if reader is None or case.status != Case.Status.OPEN or case.subject_id is None:
        return None
    membership = (
        Membership.objects.filter(
            group=reader.group, user_id=case.subject_id, status=Membership.Status.ACTIVE
        )
        .exclude(role=Membership.Role.FACILITATOR)
        .select_related("user")
        .first()
    )
    if membership is None or membership.user_id == reader.actor.id or membership.user.is_staff_role:
        return None
    return reverse("groups:staff_check_in", args=[reader.group.id, membership.id])


@login_required
@require_http_methods(["GET", "POST"])
def alert(request: HttpRequest, alert_id: str) -> HttpResponse:
    actor = _staff(request)
    found = access.access_alert(actor, alert_id)
    case = found.case
    do = request.POST.get("do") if request.method == "POST" else None
    note_form = CaseNoteForm(request.POST if do == "note" else None)
    close_form = CloseCaseForm(request.POST if do == "close" else None)
    assignees = queries.get_case_assignees(case)
    assign_form = AssignCaseForm(
        request.POST if do == "assign" else None,
        choices=[(str(u.id), name) for u, name in assignees],
        initial={"assignee": str(case.assignee_id or "")},
    )
    follow_up_form = FollowUpForm(
        request.POST if do == "follow_up" else None,
        initial={"follow_up_on": case.follow_up_on},
    )
    forms_ = (note_form, close_form, assign_form, follow_up_form)
    if request.method == "POST":
        try:
            if do == "acknowledge":
                actions.check_acknowledge_alert(actor, found)
                return redirect("safety:alert", alert_id=found.id)
            if do == "note" and note_form.is_valid():
                actions.check_add_case_note(actor, case, note_form.cleaned_data["text"])
                return redirect("safety:alert", alert_id=found.id)
            if do == "assign" and assign_form.is_valid():
                chosen = assign_form.cleaned_data["assignee"]
                people = {str(u.id): u for u, _name in assignees}
                cases.check_assign_case(actor, case, people.get(chosen) if chosen else None)
                messages.success(request, _("The case is assigned."))
                return redirect("safety:alert", alert_id=found.id)
            if do == "follow_up" and follow_up_form.is_valid():
                when = follow_up_form.cleaned_data["follow_up_on"]
                cases.check_set_follow_up(actor, case, when)
                messages.success(request, _("The follow-up date is saved."))
                return redirect("safety:alert", alert_id=found.id)
            if do == "close" and close_form.is_valid():
                actions.check_close_case(actor, case, close_form.cleaned_data["outcome"])
                messages.success(request, _("The case is closed."))
                return redirect("safety:alerts")
        except ValidationError as error:
            form = {"assign": assign_form, "follow_up": follow_up_form}.get(do or "")
            if form is not None:
                attach_errors(form, error)
            else:
                messages.error(request, " ".join(error.messages))
    actions.do_record_case_viewed(actor, case)
    reader = _check_in_reader(actor, case)
    timeline = queries.get_case_timeline(case, check_in_words=reader is not None)
    member, shown = queries.shown_check_ins(timeline)
    if reader is not None and member is not None:
        # Reading the member's words here is reading their check-in: audited the same way.
        checkins.do_record_check_in_viewed(reader, member, shown)
    return render(
        request,
        "safety/alert.html",
        {
            "alert": found,
            "case": case,
            "timeline": timeline,
            "note_form": note_form,
            "close_form": close_form,
            "assign_form": assign_form,
            "follow_up_form": follow_up_form,
            "assignee_name": next((n for u, n in assignees if u.id == case.assignee_id), None),
            "subject_name": queries.subject_display_name(found) or _("a member"),
            "check_in_link": _check_in_link(reader, case),
        },
        status=400 if any(f.errors for f in forms_) else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def duty(request: HttpRequest) -> HttpResponse:
    actor = _staff(request)
    current = Duty.objects.filter(user=actor).first()
    form = DutyForm(
        request.POST or None,
        initial={
            "on_duty": bool(current and current.on_duty),
            "stepping_away": bool(current and current.stepping_away),
        },
    )
    if request.method == "POST" and form.is_valid():
        actions.check_set_duty(
            actor,
            on_duty=form.cleaned_data["on_duty"],
            stepping_away=form.cleaned_data["stepping_away"],
        )
        messages.success(request, _("Saved. Take care of yourself too."))
        return redirect("safety:alerts")
    return render(request, "safety/duty.html", {"form": form})


# --- The review queue -------------------------------------------------------------------------

# Held words in these categories (or at high risk) stay veiled until the moderator opens them.
VEILED_CATEGORIES = frozenset(
    {
        "suicide_self_harm",
        "suicidal_ideation",
        "self_harm",
        "threat_to_others",
        "threat_violence",
        "violence",
        "abuse_in_progress",
        "abuse_disclosure",
        "domestic_abuse",
        "child_protection",
        "harassment",
    }
)


def highlight_spans(text: str, spans: list[Any]) -> SafeString:
    """Return `text` HTML-escaped, with each risk span wrapped in <mark>.

    Spans come from the database and may overlap, run past the end or be malformed: they are
    clamped and merged, and every piece of the text is escaped before any tag is added.
    """
    cleaned: list[tuple[int, int]] = []
    for span in spans:
        try:
            start, end = int(span[0]), int(span[1])
        except (TypeError, ValueError, IndexError):
            continue
        start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
        if end > start:
            cleaned.append((start, end))
    parts: list[str] = []
    position = 0
    for start, end in merge_spans(cleaned):
        parts.append(escape(text[position:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped


def _group_name(actor: User, group: Group) -> str:
    return group.discreet_name if actor.discreet_mode else group.name


def _moderator(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    # Staff always have the queue (it is in their menu); peer moderators while they moderate.
    if not user.is_staff_role and not access.moderated_groups(user).exists():
        raise Http404
    return user


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    actor = _moderator(request)
    items = access.filter_review_items_for(actor)
    waiting = list(queries.get_waiting_review_items(items)[:200])
    escalated = list(queries.get_escalated_review_items(items)[:50])
    claimers = {
        (i.group_id, i.claimed_by_id)
        for i in waiting
        if i.claimed_by_id and i.claimed_by_id != actor.id and actions.claim_is_fresh(i)
    }
    names = queries.display_names(claimers)
    group_names: dict[Any, str] = {}

    def row(item: ReviewItem) -> dict[str, Any]:
        if item.group_id not in group_names:
            group_names[item.group_id] = _group_name(actor, item.group)
        claimed = None
        if actions.claim_is_fresh(item):
            claimed = (
                _("you")
                if item.claimed_by_id == actor.id
                else names.get((item.group_id, item.claimed_by_id), _("a colleague"))
            )
        return {
            "item": item,
            "group_name": group_names[item.group_id],
            "categories": category_labels(item.categories),
            "claimed": claimed,
        }

    return render(
        request,
        "safety/review_queue.html",
        {
            "waiting": [row(i) for i in waiting],
            "escalated": [row(i) for i in escalated],
            "reports": _report_rows(actor, group_names),
        },
    )


def _report_rows(actor: User, group_names: dict[Any, str]) -> list[dict[str, Any]]:
    """Return the open reports the actor may handle, longest waiting first, ready to show."""
    open_reports = list(queries.get_open_reports(access.filter_reports_for(actor))[:50])
    pairs = {(r.group_id, r.reporter_id) for r in open_reports}
    pairs |= {(r.group_id, r.subject_id) for r in open_reports if r.subject_id}
    names = queries.display_names(pairs)
    rows = []
    for report in open_reports:
        if report.group_id not in group_names:
            group_names[report.group_id] = _group_name(actor, report.group)
        rows.append(
            {
                "report": report,
                "group_name": group_names[report.group_id],
                # Staff see who reported, by their name in the group; the subject never does.
                "reporter": names.get((report.group_id, report.reporter_id), _("a member")),
                "subject": names.get((report.group_id, report.subject_id), _("a member")),
                "reported": (
                    _load(report.kind, report.object_id) if report.object_id is not None else None
                ),
            }
        )
    return rows


def _load(kind: str, object_id: UUID) -> Reviewable | None:
    try:
        return adapter_for(kind).load(object_id)
    except KeyError:
        # The content app is not loaded here: show the item without its words.
        return None


@login_required
@require_http_methods(["GET", "POST"])
def review_item(request: HttpRequest, item_id: str) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    item = access.access_review_item(actor, item_id)
    action = request.POST.get("action") if request.method == "POST" else None
    edit_form = EditApproveForm(request.POST if action == "edit_approve" else None)
    reject_form = RejectForm(request.POST if action == "reject" else None)
    errors: list[str] = []
    if request.method == "POST":
        try:
            if action == "claim":
                actions.check_claim_review_item(actor, item)
                return redirect("safety:review_item", item_id=item.id)
            if action == "release":
                actions.check_release_review_item(actor, item)
                return redirect("safety:review_queue")
            if action == "approve":
                actions.check_approve_review_item(actor, item, None)
                messages.success(request, _("Approved and published."))
                return redirect("safety:review_queue")
            if action == "edit_approve":
                if edit_form.is_valid():
                    actions.check_approve_review_item(actor, item, edit_form.cleaned_data["text"])
                    messages.success(request, _("The edited version is published."))
                    return redirect("safety:review_queue")
            elif action == "reject":
                if reject_form.is_valid():
                    data = reject_form.cleaned_data
                    actions.check_reject_review_item(
                        actor, item, data["template"], data["clause"], data["note"]
                    )
                    messages.success(request, _("Not published; the author has your reply."))
                    return redirect("safety:review_queue")
            elif action == "escalate":
                actions.check_escalate_review_item(actor, item)
                messages.success(request, _("A safeguarding case is open; the post stays held."))
                return redirect("safety:review_queue")
            else:
                errors.append(_("Choose what to do with this item."))
        except ValidationError as error:
            form = {"edit_approve": edit_form, "reject": reject_form}.get(action or "")
            if form is not None and form.is_bound:
                form.add_error(None, error)
            else:
                errors.extend(error.messages)
        # Nothing changed: show the item as it is now.
        item = access.access_review_item(actor, item.id)
    reviewable = _load(item.kind, item.object_id)
    if reviewable is not None:
        if not edit_form.is_bound:
            edit_form = EditApproveForm(initial={"text": reviewable.text})
        actions.do_record_review_viewed(actor, item)
    mine = item.claimed_by_id == actor.id and item.status in actions.REVIEW_OPEN
    # The author's and a colleague's claiming names, in one query.
    claimed = not mine and actions.claim_is_fresh(item)
    pairs: set[tuple[Any, Any]] = {(item.group_id, item.author_id)} if item.author_id else set()
    if claimed:
        pairs.add((item.group_id, item.claimed_by_id))
    names = queries.display_names(pairs)
    case_alert = (
        Alert.objects.filter(case_id=item.case_id).values_list("id", flat=True).first()
        if item.case_id and actor.is_staff_role
        else None
    )
    failed = bool(errors or edit_form.errors or reject_form.errors)
    return render(
        request,
        "safety/review_item.html",
        {
            "item": item,
            "group_name": _group_name(actor, item.group),
            "author_name": names.get((item.group_id, item.author_id)) or _("a member"),
            "categories": category_labels(item.categories),
            "reviewable": reviewable,
            "highlighted": highlight_spans(reviewable.text, item.spans) if reviewable else "",
            "veiled": item.level == "high" or bool(VEILED_CATEGORIES & set(item.categories)),
            "history": queries.get_author_history(item),
            "mine": mine,
            "is_open": item.status in actions.REVIEW_OPEN,
            "claimer": (
                names.get((item.group_id, item.claimed_by_id), _("a colleague"))
                if claimed
                else None
            ),
            "errors": errors,
            "edit_form": edit_form,
            "reject_form": reject_form,
            "open_form": action if failed else None,
            "case_alert": case_alert,
        },
        status=400 if failed else 200,
    )


# --- Reports and blocks -----------------------------------------------------------------------


@login_required
@require_POST
def handle_report(request: HttpRequest, report_id: str) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    report = access.access_report(actor, report_id)
    form = HandleReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to do about this report."))
        return redirect("safety:review_queue")
    outcome = form.cleaned_data["outcome"]
    try:
        reports.check_handle_report(actor, report, outcome)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = {
            Report.Outcome.REMOVED: _("The post is removed. The reporter is told it was handled."),
            Report.Outcome.NO_ACTION: _("Done. The reporter is told it was handled."),
            Report.Outcome.CASE_OPENED: _("A safeguarding case is open about this."),
        }
        messages.success(request, done[outcome])
    return redirect("safety:review_queue")


@login_required
@require_http_methods(["GET", "POST"])
def report_member(request: HttpRequest, group_id: str, membership_id: str) -> HttpResponse:
    found, other = access.access_fellow_member(request.user, group_id, membership_id)  # type: ignore[arg-type]
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reports.check_report(
                found.actor,
                found.group,
                kind=Report.Kind.MEMBER,
                object_id=None,
                subject=other.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, str(REPORT_THANKS))
            return redirect("groups:members", group_id=found.group.id)
    return render_group(
        request,
        "safety/report.html",
        found,
        {
            "form": form,
            "title": _("Report %(name)s") % {"name": other.display_name},
            "back": reverse("groups:members", args=[found.group.id]),
        },
        status=form_status(form),
    )


REPORT_THANKS = gettext_lazy(
    "Thank you for telling us. A facilitator will look at it. Nobody else in the group is told "
    "who reported."
)


@login_required
@require_http_methods(["GET", "POST"])
def block_member(request: HttpRequest, group_id: str, membership_id: str) -> HttpResponse:
    found, other = access.access_fellow_member(request.user, group_id, membership_id)  # type: ignore[arg-type]
    back = local_path(request, request.POST.get("next") or request.GET.get("next")) or reverse(
        "groups:members", args=[found.group.id]
    )
    errors: list[str] = []
    if request.method == "POST":
        try:
            blocks.check_block(found.actor, other.user)
        except ValidationError as error:
            errors.extend(error.messages)
        else:
            messages.success(
                request,
                _("Blocked. You won't see their posts any more; they are not told."),
            )
            return redirect(back)
    return render_group(
        request,
        "safety/block.html",
        found,
        {
            "name": other.display_name,
            "allowed": access.can_be_blocked(other) and not found.actor.is_staff_role,
            "errors": errors,
            "back": back,
        },
        status=400 if errors else 200,
    )


@login_required
@require_GET
def my_reports(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    mine = queries.get_my_reports(user)
    # Looking at the list is what "seeing" the news means: the forum notice goes away.
    reports.do_mark_reports_seen(user)
    return render(
        request,
        "safety/my_reports.html",
        {"rows": [(r, _group_name(user, r.group)) for r in mine]},
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_blocks(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if request.method == "POST":
        block = access.access_own_block(user, request.POST.get("unblock", ""))
        blocks.check_unblock(user, block)
        messages.success(request, _("Unblocked."))
        return redirect("safety:blocks")
    return render(request, "safety/blocks.html", {"rows": queries.get_my_blocks(user)})


# --- Watched words, risk levels and "test this text" ------------------------------------------

_MODES = {value: label for value, label in Group.Moderation.choices}


def _trial_context(trial: policy.TextTrial, text: str) -> dict[str, Any]:
    """Return what the test tool shows: every piece of the text escaped, spans in <mark>."""
    decision = trial.decision
    return {
        "level": trial.assessment.level,
        "categories": category_labels(trial.assessment.categories),
        "findings": [
            {
                "detector": f.detector,
                "category": f.category.replace("_", " "),
                "level": f.level,
                "effective": level,
                "action": (f.action or "").replace("_", " "),
                "message": f.message,
                "silent": f.silent,
            }
            for f, level in trial.findings
        ],
        "highlighted": highlight_spans(text, [s for f, _l in trial.findings for s in f.spans]),
        "decision": decision.action,
        "decision_level": decision.level,
        "reasons": decision.reasons,
        "nudges": decision.nudges,
        "alert": decision.alert or decision.silent_alert,
        "mode": _MODES.get(trial.mode, trial.mode),
        "notes": trial.assessment.notes,
    }


def _word_rows(entries: list[WatchedWordEntry]) -> list[dict[str, Any]]:
    return [
        {
            "id": e.id,
            "term": e.term,
            "is_regex": e.is_regex,
            "action": e.get_action_display(),
            "category": e.category.replace("_", " "),
        }
        for e in entries
    ]


def _policy_post(
    request: HttpRequest,
    actor: User,
    group: Group | None,
    word_form: WatchedWordForm,
) -> tuple[bool, list[str]]:
    """Handle add/remove of a watched word; return (done, errors)."""
    do = request.POST.get("do")
    try:
        if do == "add":
            if not word_form.is_valid():
                return False, []
            data = word_form.cleaned_data
            policy.check_add_watched_word(
                actor, group, data["term"], data["is_regex"], data["action"], data["category"]
            )
            messages.success(request, _("The watched word is added."))
            return True, []
        if do == "remove":
            entry = access.access_watched_word(actor, request.POST.get("entry", ""), group)
            policy.check_remove_watched_word(actor, entry)
            messages.success(request, _("The watched word is removed."))
            return True, []
    except ValidationError as error:
        if do == "add":
            attach_errors(word_form, error)
            return False, []
        return False, list(error.messages)
    return False, [_("Choose what to do.")]


@login_required
@never_cache  # the page shows sealed watched words and, after a test, the text staff typed
@require_http_methods(["GET", "POST"])
def policy_page(request: HttpRequest) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    if not access.can_set_risk_levels(actor):
        raise Http404
    organisation_id = actor.organisation_id
    do = request.POST.get("do") if request.method == "POST" else None
    table = policy.risk_levels_table(organisation_id)
    current = {c: override or default for c, default, override in table}
    word_form = WatchedWordForm(request.POST if do == "add" else None)
    levels_form = RiskLevelsForm(request.POST if do == "levels" else None, current=current)
    groups = [
        (str(g.id), _group_name(actor, g)) for g in filter_groups_for(actor).order_by("created_at")
    ]
    test_form = TestTextForm(request.POST if do == "test" else None, groups=groups)
    errors: list[str] = []
    trial = None
    if do in ("add", "remove"):
        done, errors = _policy_post(request, actor, None, word_form)
        if done:
            return redirect("safety:policy")
    elif do == "levels":
        if levels_form.is_valid():
            try:
                for category, _default, _override in table:
                    policy.check_set_risk_level(
                        actor, category, levels_form.cleaned_data[f"level_{category}"]
                    )
            except ValidationError as error:
                errors.extend(error.messages)
            else:
                messages.success(request, _("The risk levels are saved."))
                return redirect("safety:policy")
    elif do == "test":
        if test_form.is_valid():
            chosen = test_form.cleaned_data.get("group")
            group = access_group(actor, chosen).group if chosen else None
            text = test_form.cleaned_data["text"]
            trial = _trial_context(policy.try_text(organisation_id, group, text), text)
    elif do is not None:
        errors.append(_("Choose what to do."))
    levels_rows = [
        (levels_form[f"level_{category}"], default, override)
        for category, default, override in table
    ]
    failed = bool(errors or word_form.errors or levels_form.errors or test_form.errors)
    return render(
        request,
        "safety/policy.html",
        {
            "words": _word_rows(policy.get_watched_words(organisation_id, None)),
            "word_form": word_form,
            "levels_rows": levels_rows,
            "test_form": test_form,
            "trial": trial,
            "errors": errors,
        },
        status=400 if failed else 200,
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def group_watched_words(request: HttpRequest, group_id: str) -> HttpResponse:
    found = access_managed_group(request.user, group_id)  # type: ignore[arg-type]
    actor, group = found.actor, found.group
    do = request.POST.get("do") if request.method == "POST" else None
    word_form = WatchedWordForm(request.POST if do == "add" else None)
    test_form = TestTextForm(request.POST if do == "test" else None, groups=[])
    errors: list[str] = []
    trial = None
    if do == "test":
        if test_form.is_valid():
            text = test_form.cleaned_data["text"]
            trial = _trial_context(policy.try_text(group.organisation_id, group, text), text)
    elif do is not None:
        done, errors = _policy_post(request, actor, group, word_form)
        if done:
            return redirect("safety:group_watched_words", group_id=group.id)
    failed = bool(errors or word_form.errors or test_form.errors)
    return render_group(
        request,
        "safety/group_watched_words.html",
        found,
        {
            "words": _word_rows(policy.get_watched_words(group.organisation_id, group)),
            "organisation_words": len(policy.get_watched_words(group.organisation_id, None)),
            "word_form": word_form,
            "test_form": test_form,
            "trial": trial,
            "errors": errors,
        },
        status=400 if failed else 200,
    )
