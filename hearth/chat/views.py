"""Chat pages: thin — access, form, action, render. The room itself runs over the socket."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.chat import access, actions, queries
from hearth.chat.forms import ChatSettingsForm, ScheduleForm
from hearth.chat.models import Participant
from hearth.groups.access import GroupAccess
from hearth.groups.views import group_page, render_group, reported
from hearth.lib.forms import attach_errors, form_status


def chat_page(*, manage: bool = False) -> Callable[..., Any]:
    """Load the group's chat for the signed-in person (404 if missing or not theirs)."""
    return group_page(manage=manage, finder=access.access_chat, outside_read="chat")


@chat_page()
@require_http_methods(["GET", "POST"])
def sessions(request: HttpRequest, found: GroupAccess) -> HttpResponse:
    form = ScheduleForm(request.POST or None) if found.can_manage else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                made = actions.check_schedule_sessions(found, form.schedule())
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Scheduled %(n)s session(s). Members see them here.") % {"n": len(made)},
                )
                return redirect("chat:sessions", group_id=found.group.id)
    return render_group(
        request,
        "chat/sessions.html",
        found,
        {"sessions": queries.get_sessions(found), "form": form},
        status=400 if form is not None and form.errors else 200,
    )


@chat_page()
@require_GET
def room(request: HttpRequest, found: GroupAccess, session_id: str) -> HttpResponse:
    session = access.access_session(found, session_id)
    # A mute outlives a reload: the page shows it before the socket would.
    muted_until = (
        Participant.objects.filter(
            session=session, membership=found.membership, muted_until__gt=timezone.now()
        )
        .values_list("muted_until", flat=True)
        .first()
        if found.membership is not None
        else None
    )
    return render_group(
        request,
        "chat/room.html",
        found,
        {
            "session": session,
            "can_take_part": found.can_take_part,
            "muted_until": muted_until,
        },
    )


@chat_page(manage=True)
@require_POST
def cancel(request: HttpRequest, found: GroupAccess, session_id: str) -> HttpResponse:
    session = access.access_session(found, session_id)
    with reported(request, _("The session was cancelled.")):
        actions.check_cancel_session(found, session)
    return redirect("chat:sessions", group_id=found.group.id)


@chat_page(manage=True)
@require_http_methods(["GET", "POST"])
def chat_settings(request: HttpRequest, found: GroupAccess) -> HttpResponse:
    current = access.settings_for(found)
    form = ChatSettingsForm(
        request.POST or None, initial={"presence": current.presence, "typing": current.typing}
    )
    if request.method == "POST" and form.is_valid():
        actions.check_save_chat_settings(found, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("chat:sessions", group_id=found.group.id)
    return render_group(
        request,
        "forum/simple_form.html",
        found,
        {"form": form, "title": _("Chat settings")},
        status=form_status(form),
    )
