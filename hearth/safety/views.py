"""Safeguarding pages: the silent safety signal, alerts, cases and the duty rota."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.accounts.models import User
from hearth.groups.access import access_group
from hearth.lib.http import local_path
from hearth.safety import access, actions, queries
from hearth.safety.forms import CaseNoteForm, CloseCaseForm, DutyForm
from hearth.safety.models import Duty


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
            "duty": duty,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def alert(request: HttpRequest, alert_id: str) -> HttpResponse:
    actor = _staff(request)
    found = access.access_alert(actor, alert_id)
    case = found.case
    note_form = CaseNoteForm(request.POST if request.POST.get("do") == "note" else None)
    close_form = CloseCaseForm(request.POST if request.POST.get("do") == "close" else None)
    if request.method == "POST":
        try:
            if request.POST.get("do") == "acknowledge":
                actions.check_acknowledge_alert(actor, found)
                return redirect("safety:alert", alert_id=found.id)
            if request.POST.get("do") == "note" and note_form.is_valid():
                actions.check_add_case_note(actor, case, note_form.cleaned_data["text"])
                return redirect("safety:alert", alert_id=found.id)
            if request.POST.get("do") == "close" and close_form.is_valid():
                actions.check_close_case(actor, case, close_form.cleaned_data["outcome"])
                messages.success(request, _("The case is closed."))
                return redirect("safety:alerts")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    actions.do_record_case_viewed(actor, case)
    return render(
        request,
        "safety/alert.html",
        {
            "alert": found,
            "case": case,
            "notes": list(case.notes.select_related("author").order_by("created_at")),
            "note_form": note_form,
            "close_form": close_form,
            "subject_name": queries.subject_display_name(found) or _("a member"),
        },
        status=400 if note_form.errors or close_form.errors else 200,
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
