"""Group pages: thin — access, form, action, render."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.accounts import actions as account_actions
from hearth.accounts import queries as account_queries
from hearth.accounts.models import Organisation, User
from hearth.groups import access, actions, checkins, queries, sanctions, texts
from hearth.groups.access import GroupAccess
from hearth.groups.forms import (
    AddFacilitatorForm,
    AgreementForm,
    AppealForm,
    CheckInForm,
    ConcernForm,
    DecideAppealForm,
    DeclineForm,
    DisplayNameForm,
    FollowUpAnswerForm,
    FollowUpForm,
    GroupForm,
    InvitationForm,
    JoinForm,
    LeaveForm,
    MemberRoleForm,
    NewcomerJoinForm,
    PersonRoleForm,
    ProbationForm,
    RemoveForm,
    SanctionForm,
)
from hearth.groups.models import Concern, Invitation, Sanction
from hearth.lib import links
from hearth.lib.forms import attach_errors, form_status
from hearth.lib.ratelimit import allow_source
from hearth.safety.crisis import resources_for

INVITE_KEY = "hearth_invitation"


def group_page(
    *,
    manage: bool = False,
    agreement_needed: bool = True,
    finder: Callable[[User, str], GroupAccess] = access.access_group,
    outside_read: str | None = None,
) -> Callable[..., Any]:
    """Load the group for the signed-in person (404 if missing or not theirs).

    Members who have not accepted the current agreement are sent to it first. Feature apps
    pass their own `finder` (e.g. the group's forum) and, with `outside_read`, have an admin's
    reading of a group they are not in audited.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, group_id: str, *args: Any, **kwargs: Any) -> HttpResponse:
            found = finder(request.user, group_id)  # type: ignore[arg-type]
            if manage and not found.can_manage:
                raise Http404
            if agreement_needed and found.needs_agreement:
                return redirect("groups:agreement", group_id=found.group.id)
            if found.membership is not None:
                actions.do_note_presence(found.membership)
            elif outside_read is not None:
                actions.do_record_outside_read(found, outside_read)
            return view(request, found, *args, **kwargs)

        return wrapper

    return decorator


@contextmanager
def reported(request: HttpRequest, success: str) -> Iterator[None]:
    """Run the block; show its refusal (a ValidationError) as an error message, else `success`.

    For POST-only views that act and redirect: the outcome travels as a flash message.
    """
    try:
        yield
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)


def render_group(
    request: HttpRequest,
    template: str,
    found: GroupAccess,
    context: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    group = found.group
    shown_name = group.discreet_name if user.discreet_mode else group.name
    return render(
        request,
        template,
        {
            "group": group,
            "found": found,
            "group_title": shown_name,
            "crisis_lines": group.crisis_lines(),
            **(context or {}),
        },
        status=status,
    )


# --- Lists and creation ------------------------------------------------------------------------


@login_required
@require_GET
def my_groups(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    groups = list(access.filter_groups_for(user).order_by("created_at"))
    # A suspended or removed member reaches the message and the appeal from here.
    standing = {
        s.group_id: s.group
        for s in queries.get_user_sanctions(user)
        if s.kind in (Sanction.Kind.SUSPEND, Sanction.Kind.REMOVE) and access.shown_to_member(s)
    }
    return render(
        request,
        "groups/my_groups.html",
        {
            "groups": [
                (g, g.discreet_name if user.discreet_mode else g.name)
                for g in groups
                if g.id not in standing
            ],
            "standing": [
                (g, g.discreet_name if user.discreet_mode else g.name) for g in standing.values()
            ],
            "requests": list(queries.get_own_requests(user)),
            "can_create": access.can_create_group(user),
            "unread_check_ins": queries.groups_with_unread_check_ins(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create_group(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not access.can_create_group(user):
        raise Http404
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = actions.check_create_group(
                user, form.settings(), facilitate=user.role == User.Role.FACILITATOR
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The group is ready. Invite people when you are."))
            return redirect("groups:home", group_id=group.id)
    return render(
        request,
        "groups/group_form.html",
        {"form": form, "title": _("Start a group")},
        status=form_status(form),
    )


# --- A group's own pages -------------------------------------------------------------------------


@group_page()
@require_GET
def home(request: HttpRequest, found: GroupAccess) -> HttpResponse:
    return render_group(
        request,
        "groups/home.html",
        found,
        {
            "members_count": queries.count_members(found.group),
            "open_requests": queries.get_open_requests(found.group).count()
            if found.can_manage
            else 0,
            "open_appeals": queries.get_open_appeals(found.group).count()
            if found.can_manage
            else 0,
            "notices": [
                sanctions.message_for(s)
                for s in queries.get_own_sanctions(found.membership)
                if access.is_in_force(s)
            ]
            if found.membership is not None and not found.can_manage
            else [],
            "unread_check_in": queries.count_unread_check_in(found.membership)
            if found.membership is not None
            else 0,
        },
    )


@group_page(agreement_needed=False)
@require_http_methods(["GET", "POST"])
def agreement(request: HttpRequest, found: GroupAccess) -> HttpResponse:
    current = queries.current_agreement(found.group)
    if request.method == "POST":
        if found.membership is None or current is None:
            raise Http404
        if str(current.version) != request.POST.get("version"):
            messages.info(
                request, _("The agreement changed while you were reading. Please read it again.")
            )
            return redirect("groups:agreement", group_id=found.group.id)
        notice_version = None
        if found.needs_consent:
            # Consent counts only for the notice version the member was shown.
            if request.POST.get("notice") != str(texts.NOTICE_VERSION):
                messages.info(
                    request, _("The notice changed while you were reading. Please read it again.")
                )
                return redirect("groups:agreement", group_id=found.group.id)
            notice_version = texts.NOTICE_VERSION
        actions.do_accept_agreement(
            found.membership, current.version, notice_version=notice_version
        )
        messages.success(request, _("Thank you. Welcome to the group."))
        return redirect("groups:home", group_id=found.group.id)
    return render_group(
        request,
        "groups/agreement.html",
        found,
        {
            "agreement": current,
            "clauses": queries.clauses(current),
            "must_accept": found.needs_agreement,
            "must_consent": found.needs_consent,
            "notice": texts.notice() if found.needs_consent else [],
            "notice_version": texts.NOTICE_VERSION,
        },
    )


@group_page(manage=True, agreement_needed=False)
@require_http_methods(["GET", "POST"])
def edit_agreement(request: HttpRequest, found: GroupAccess) -> HttpResponse:
    current = queries.current_agreement(found.group)
    form = AgreementForm(request.POST or None, clauses=queries.clauses(current))
    if request.method == "POST" and form.is_valid():
        try:
            published = actions.check_update_agreement(
                found.actor,
                found.group,
                form.edited(),
                [form.cleaned_data["new_clause"]],  # type: ignore[arg-type]
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            if found.membership is not None:
                actions.do_accept_agreement(found.membership, published.version)
            messages.success(
                request, _("The new agreement is published. Members will be asked to accept it.")
            )
            return redirect("groups:agreement", group_id=found.group.id)
    return render_group(
        request, "groups/agreement_edit.html", found, {"form": form}, status=form_status(form)
    )


@group_page(manage=True)
@require_http_methods(["GET", "POST"])
def settings(request: HttpRequest, found: GroupAccess) -> HttpResponse:
    form = GroupForm.for_group(found.group, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.check_update_group(found.actor, found.group, form.settings())  # type: ignore[arg-type]
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("groups:home", group_id=found.group.id)
    return render_group(
        request,
        "groups/group_form.html",
        found,
        {"form": form, "title": _("Group settings")},
        status=form_status(form),
    )


@group_page()
@require_GET
def members(request: HttpRequest, found: GroupAccess) -> HttpResponse:
    memberships = list(queries.get_active_memberships(found.group))
    manage: dict[Any, dict[str, Any]] = {}
    if found.can_manage:
        clauses = queries.clauses(queries.current_agreement(found.group))
        in_force: dict[Any, list[Sanction]] = {}
        for sanction in queries.get_unlifted_sanctions(found.group):
            if access.is_in_force(sanction):
                in_force.setdefault(sanction.membership_id, []).append(sanction)
        for m in memberships:
            # Per-member ids: one page holds a sanction form for every member.
            manage[m.id] = {
                "sanctions": in_force.get(m.id, []),
                "sanction_form": SanctionForm(clauses=clauses, auto_id=f"s-{m.id}-%s"),
                "probation_form": ProbationForm(
                    initial={"on": m.on_probation}, auto_id=f"p-{m.id}-%s"
                ),
            }
    removed = list(queries.get_removed_memberships(found.group)) if found.can_manage else []
    if found.can_manage:
        # Staff see more than names here: sanctions, probation, absence, who was removed.
        actions.do_record_staff_read(found, "members", len(memberships) + len(removed))
    return render_group(
        request,
        "groups/members.html",
        found,
        {
            "memberships": [(m, manage.get(m.id)) for m in memberships],
            "removed": removed,
            "absent": queries.absent_member_ids(found.group) if found.can_manage else set(),
            "replied": queries.memberships_with_unread_replies(found.group)
            if found.can_manage
            else set(),
            "role_form": MemberRoleForm(),
            "remove_form": RemoveForm(),
            "add_facilitator_form": AddFacilitatorForm() if found.is_admin else None,
            "open_appeals": queries.get_open_appeals(found.group).count()
            if found.can_manage
            else 0,
        },
    )


@group_page(manage=True)
@require_GET
def removed_member(request: HttpRequest, found: GroupAccess, membership_id: str) -> HttpResponse:
    """Why a member was removed: for the group's facilitators and admins; reading is audited."""
    membership = access.access_removed_membership(found, membership_id)
    actions.do_record_removal_reason_viewed(found, membership)
    return render_group(request, "groups/removed_member.html", found, {"member": membership})


@group_page()
@require_http_methods(["GET", "POST"])
def display_name(request: HttpRequest, found: GroupAccess) -> HttpResponse:
    if found.membership is None:
        raise Http404
    form = DisplayNameForm(
        request.POST or None, initial={"display_name": found.membership.display_name}
    )
    support_lines = []
    if request.method == "POST" and form.is_valid():
        try:
            actions.check_set_display_name(found.membership, form.cleaned_data["display_name"])
        except ValidationError as error:
            attach_errors(form, error)
            support_lines = _support_lines(request, error)
        else:
            messages.success(request, _("Your name in this group is changed."))
            return redirect("groups:members", group_id=found.group.id)
    return render_group(
        request,
        "groups/simple_form.html",
        found,
        {
            "form": form,
            "title": _("Your name in this group"),
            "submit": _("Save"),
            "support_lines": support_lines,
        },
        status=form_status(form),
    )


def _support_lines(request: HttpRequest, error: ValidationError) -> list[Any]:
    """Crisis lines for the person's region when their name was refused for distress.

    As after a high-risk post, the author sees help at once; the name is never shown again.
    """
    if not actions.refused_for_distress(error):
        return []
    region = getattr(request.user, "crisis_region", "") or None
    return resources_for(region)


@group_page(agreement_needed=False)
@require_http_methods(["GET", "POST"])
def leave(request: HttpRequest, found: GroupAccess) -> HttpResponse:
    if found.membership is None:
        raise Http404
    form = LeaveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        actions.do_leave(found.membership, erase=form.cleaned_data["erase"])
        messages.success(request, _("You have left the group. Take care of yourself."))
        return redirect("groups:list")
    return render_group(request, "groups/leave.html", found, {"form": form})


@group_page(manage=True)
@require_POST
def remove_member(request: HttpRequest, found: GroupAccess, membership_id: str) -> HttpResponse:
    membership = access.access_membership(found, membership_id)
    form = RemoveForm(request.POST)
    if form.is_valid():
        with reported(request, _("The member was removed and can no longer see the group.")):
            actions.check_remove_member(
                found.actor,
                found.group,
                membership,  # type: ignore[arg-type]
                erase=form.cleaned_data["erase"],
                reason=form.cleaned_data["reason"],
            )
    else:
        messages.error(request, _("Please give a reason for removing a member."))
    return redirect("groups:members", group_id=found.group.id)


@group_page(manage=True)
@require_POST
def set_member_role(request: HttpRequest, found: GroupAccess, membership_id: str) -> HttpResponse:
    membership = access.access_membership(found, membership_id)
    form = MemberRoleForm(request.POST)
    if form.is_valid():
        actions.check_set_member_role(
            found.actor, found.group, membership, form.cleaned_data["role"]
        )  # type: ignore[arg-type]
        messages.success(request, _("Role changed."))
    return redirect("groups:members", group_id=found.group.id)


@group_page(manage=True)
@require_POST
def add_facilitator(request: HttpRequest, found: GroupAccess) -> HttpResponse:
    if not found.is_admin:
        raise Http404
    form = AddFacilitatorForm(request.POST)
    person = None
    if form.is_valid():
        person = account_queries.find_person(
            found.group.organisation, form.cleaned_data["pseudonym"]
        )
    with reported(request, _("Facilitator added.")):
        if person is None:
            raise ValidationError({"pseudonym": [_("No staff member with that pseudonym.")]})
        actions.check_add_facilitator(found.actor, found.group, person)  # type: ignore[arg-type]
    return redirect("groups:members", group_id=found.group.id)


# --- Sanctions -----------------------------------------------------------------------------------


@group_page(manage=True)
@require_POST
def sanction_member(request: HttpRequest, found: GroupAccess, membership_id: str) -> HttpResponse:
    membership = access.access_membership(found, membership_id)
    form = SanctionForm(
        request.POST, clauses=queries.clauses(queries.current_agreement(found.group))
    )
    with reported(request, _("Done. The member sees your message, never the reason.")):
        if not form.is_valid():
            raise ValidationError(form.errors)
        data = form.cleaned_data
        sanctions.check_sanction_member(
            found,
            membership,
            data["kind"],
            data["reason"],
            data["clause"],
            data["message"],
            data["minutes"],
            erase=data["erase"],
        )
    return redirect("groups:members", group_id=found.group.id)


@group_page(manage=True)
@require_POST
def lift_sanction(request: HttpRequest, found: GroupAccess, sanction_id: str) -> HttpResponse:
    sanction = access.access_sanction(found, sanction_id)
    with reported(request, _("Lifted.")):
        sanctions.check_lift_sanction(found, sanction)
    return redirect("groups:members", group_id=found.group.id)


@group_page(manage=True)
@require_POST
def set_probation(request: HttpRequest, found: GroupAccess, membership_id: str) -> HttpResponse:
    membership = access.access_membership(found, membership_id)
    form = ProbationForm(request.POST)
    form.is_valid()  # a single optional checkbox: always valid
    on = bool(form.cleaned_data.get("on"))
    done = _("Probation is on: their posts wait for review.") if on else _("Probation is off.")
    with reported(request, done):
        sanctions.check_set_probation(found, membership, on)
    return redirect("groups:members", group_id=found.group.id)


def _standing_items(membership: Any) -> list[dict[str, Any]]:
    clauses = {
        c["number"]: c["text"] for c in queries.clauses(queries.current_agreement(membership.group))
    }
    items = []
    for sanction in queries.get_own_sanctions(membership):
        if not access.shown_to_member(sanction):
            continue
        appeal = getattr(sanction, "appeal", None)
        # Never the reason, never who issued it: the message, the clause and the timing.
        items.append(
            {
                "sanction": sanction,
                "message": sanctions.message_for(sanction),
                "clause": (sanction.clause, clauses.get(sanction.clause))
                if sanction.clause
                else None,
                "appeal": appeal,
                "in_force": access.is_in_force(sanction),
                "can_appeal": appeal is None and access.concerns_member(sanction),
            }
        )
    return items


@login_required
@require_GET
def my_standing(request: HttpRequest, group_id: str) -> HttpResponse:
    """A member's own standing: any sanction's message and an appeal, even while suspended."""
    user: User = request.user  # type: ignore[assignment]
    membership = access.access_standing(user, group_id)
    group = membership.group
    return render(
        request,
        "groups/my_standing.html",
        {
            "group": group,
            "group_title": group.discreet_name if user.discreet_mode else group.name,
            "items": _standing_items(membership),
            "can_open_group": membership.is_active and not access.is_suspended(membership),
            "appeal_form": AppealForm(),
        },
    )


@login_required
@require_POST
def appeal_sanction(request: HttpRequest, group_id: str, sanction_id: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    membership = access.access_standing(user, group_id)
    sanction = access.access_own_sanction(membership, sanction_id)
    form = AppealForm(request.POST)
    with reported(request, _("Thank you. A staff member who was not part of this will read it.")):
        if not form.is_valid():
            raise ValidationError(form.errors)
        sanctions.check_appeal_sanction(user, sanction, form.cleaned_data["text"])
    return redirect("groups:my_standing", group_id=membership.group_id)


@group_page(manage=True)
@require_GET
def appeals(request: HttpRequest, found: GroupAccess) -> HttpResponse:
    rows = [
        {
            "appeal": appeal,
            "sanction": appeal.sanction,
            "can_decide": access.can_decide_appeal(found.actor, appeal),
            "form": DecideAppealForm(auto_id=f"a-{appeal.id}-%s"),
        }
        for appeal in queries.get_open_appeals(found.group)
    ]
    actions.do_record_staff_read(found, "appeals", len(rows))
    return render_group(request, "groups/appeals.html", found, {"rows": rows})


@group_page(manage=True)
@require_POST
def decide_appeal(request: HttpRequest, found: GroupAccess, appeal_id: str) -> HttpResponse:
    appeal = access.access_appeal(found, appeal_id)
    form = DecideAppealForm(request.POST)
    with reported(request, _("Decided. The member will see the outcome.")):
        if not form.is_valid():
            raise ValidationError(form.errors)
        sanctions.check_decide_appeal(
            found.actor,
            appeal,
            form.cleaned_data["decision"] == "uphold",
            form.cleaned_data["note"],
        )
    return redirect("groups:appeals", group_id=found.group.id)


# --- Check-ins ----------------------------------------------------------------------------------


def _check_in_rows(conversation: Any, *, staff_view: bool) -> list[dict[str, Any]]:
    # Staff appear as "Facilitator" to everyone: a pseudonym would tell a member (or someone
    # watching their screen) how to reach a staff account's sign-in.
    return [
        {
            "message": m,
            "mine": m.from_staff == staff_view,
            "author": _("Facilitator") if m.from_staff else m.membership.display_name,
        }
        for m in conversation
    ]


@group_page(manage=True)
@require_http_methods(["GET", "POST"])
def staff_check_in(request: HttpRequest, found: GroupAccess, membership_id: str) -> HttpResponse:
    """A member's check-in as staff see it: the conversation and a form to write to them."""
    membership = access.access_membership(found, membership_id)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            checkins.check_send_check_in(found, membership, form.cleaned_data["text"])
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Sent. The member sees it as from a facilitator."))
            return redirect(
                "groups:staff_check_in", group_id=found.group.id, membership_id=membership.id
            )
    conversation = list(queries.get_check_in(membership).select_related("membership"))
    checkins.do_mark_read(membership, by_member=False)
    checkins.do_record_check_in_viewed(found, membership, len(conversation))
    return render_group(
        request,
        "groups/check_in.html",
        found,
        {
            "member": membership,
            "rows": _check_in_rows(conversation, staff_view=True),
            "form": form,
            "staff_view": True,
            "can_write": True,
        },
        status=form_status(form),
    )


@group_page()
@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, found: GroupAccess) -> HttpResponse:
    """The member's own check-in: what staff wrote to them, and their reply."""
    if found.membership is None:
        raise Http404
    membership = found.membership
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            checkins.check_send_check_in(found, membership, form.cleaned_data["text"])
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Sent to the facilitators."))
            return redirect("groups:check_in", group_id=found.group.id)
    conversation = list(queries.get_check_in(membership).select_related("membership"))
    checkins.do_mark_read(membership, by_member=True)
    return render_group(
        request,
        "groups/check_in.html",
        found,
        {
            "member": membership,
            "rows": _check_in_rows(conversation, staff_view=False),
            "form": form,
            "staff_view": False,
            "can_write": any(m.from_staff for m in conversation),
        },
        status=form_status(form),
    )


# --- Invitations ---------------------------------------------------------------------------------


@group_page(manage=True)
@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest, found: GroupAccess) -> HttpResponse:
    form = InvitationForm(request.POST or None)
    new_link = None
    if request.method == "POST":
        if not allow_source(request, "invite_create", limit=60):
            messages.error(
                request, _("Too many links made from here recently. Please wait a while.")
            )
        elif form.is_valid():
            try:
                raw = actions.check_create_invitation(
                    found.actor,
                    found.group,
                    kind=form.cleaned_data["kind"],  # type: ignore[arg-type]
                    max_uses=form.cleaned_data["max_uses"],
                    days=form.cleaned_data["days"],
                )
            except ValidationError as error:
                attach_errors(form, error)
            else:
                new_link = links.absolute(request, reverse("groups:invitation", args=[raw]))
                form = InvitationForm()
    return render_group(
        request,
        "groups/invitations.html",
        found,
        {
            "form": form,
            "new_link": new_link,
            "invitations": list(queries.get_invitations(found.group)),
        },
        status=form_status(form),
    )


@group_page(manage=True)
@require_POST
def revoke_invitation(request: HttpRequest, found: GroupAccess, invitation_id: str) -> HttpResponse:
    invitation = Invitation.objects.filter(group=found.group, id=invitation_id).first()
    if invitation is None:
        raise Http404
    actions.do_revoke_invitation(found.actor, found.group, invitation)  # type: ignore[arg-type]
    messages.success(request, _("The link no longer works."))
    return redirect("groups:invitations", group_id=found.group.id)


@require_GET
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Open an invitation link: check it, then continue without the token in the address."""
    if not allow_source(request, "invite_open", limit=120):
        return render(
            request,
            "error.html",
            {
                "title": _("Please wait a while"),
                "message": _("Too many links were opened from here recently."),
                "status": 429,
            },
            status=429,
        )
    try:
        found = actions.find_invitation(token)
    except actions.InvitationProblem as problem:
        return render(
            request,
            "error.html",
            {"title": _("This link cannot be used"), "message": str(problem), "status": 404},
            status=404,
        )
    request.session[INVITE_KEY] = str(found.id)
    return redirect("groups:join")


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """The invitation landing: what the group is, its agreement, the notice, and the form."""
    invitation_id = request.session.get(INVITE_KEY)
    invitation_row = (
        Invitation.objects.select_related("group").filter(id=invitation_id).first()
        if invitation_id
        else None
    )
    if invitation_row is None:
        if request.user.is_authenticated:
            # Usually a form sent twice: the first one already did the work.
            messages.info(request, _("Your answers were already sent. Nothing more is needed."))
            return redirect("groups:list")
        raise Http404
    group = invitation_row.group
    signed_in = request.user.is_authenticated
    form_class = JoinForm if signed_in else NewcomerJoinForm
    form = form_class(request.POST or None, questions=group.questions())
    context: dict[str, Any] = {
        "group": group,
        "invitation": invitation_row,
        "form": form,
        "notice": texts.notice(),
        "clauses": queries.clauses(queries.current_agreement(group)),
    }
    if request.method == "POST":
        if not allow_source(request, "join", limit=30):
            context["throttled"] = True
            return render(request, "groups/join.html", context, status=429)
        if form.is_valid():
            response = _submit_join(request, form, invitation_row, context)
            if response is not None:
                return response
    return render(request, "groups/join.html", context, status=form_status(form))


def _submit_join(
    request: HttpRequest, form: JoinForm, invitation_row: Invitation, context: dict[str, Any]
) -> HttpResponse | None:
    codes: list[str] = []
    if not request.user.is_authenticated and not allow_source(request, "sign_up", limit=20):
        form.add_error(None, _("Too many new accounts from here recently. Please try again later."))
        return None
    try:
        invitation_row = actions.find_invitation_by_id(invitation_row.id)
        # Before the transaction below: a name refused for distress or the safety word raises
        # an alert that must stand, though the rest of the form (a new account too) is undone.
        actions.check_name_is_safe(
            invitation_row.group,
            form.cleaned_data["display_name"],
            person=request.user if request.user.is_authenticated else None,  # type: ignore[arg-type]
        )
        with transaction.atomic():
            if request.user.is_authenticated:
                user: User = request.user  # type: ignore[assignment]
            else:
                user, codes = account_actions.check_sign_up(
                    invitation_row.group.organisation,
                    form.cleaned_data["pseudonym"],
                    form.cleaned_data["passphrase"],
                    form.cleaned_data["repeat"],
                    translation.get_language() or "en",
                )
            outcome = actions.check_join(
                invitation_row,
                user,
                display_name=form.cleaned_data["display_name"],
                answers=form.answers(),
                consented=form.cleaned_data["consent"],
            )
    except actions.InvitationProblem as problem:
        form.add_error(None, str(problem))
        return None
    except ValidationError as error:
        attach_errors(form, error)
        context["support_lines"] = _support_lines(request, error)
        if context["support_lines"]:
            # Not yet a member: the group's own lines are not on this page otherwise.
            context["group_lines"] = invitation_row.group.crisis_lines()
        return None
    request.session.pop(INVITE_KEY, None)
    if not request.user.is_authenticated:
        account_actions.do_start_session(
            request,
            user,
            shared_device=bool(form.cleaned_data.get("shared_device")),
            two_factor_verified=False,
        )
    if outcome.membership is not None:
        next_url = reverse("groups:home", args=[outcome.membership.group_id])
    else:
        next_url = reverse("groups:list")
        if not codes:
            # A newcomer sees their request waiting on "Your groups" after the codes instead.
            messages.success(
                request, _("Thank you. A facilitator will read your answers and reply here soon.")
            )
    if codes:
        return render(
            request, "accounts/recovery_codes.html", {"codes": codes, "next_url": next_url}
        )
    return redirect(next_url)


@login_required
@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest, request_id: str) -> HttpResponse:
    join_request = access.access_own_join_request(request.user, request_id)  # type: ignore[arg-type]
    form = FollowUpAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.check_answer_follow_up(join_request, form.cleaned_data["answer"])
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Thank you. Your answer was sent to the facilitator."))
            return redirect("groups:list")
    return render(
        request,
        "groups/follow_up.html",
        {"join_request": join_request, "form": form},
        status=form_status(form),
    )


# --- Vetting -------------------------------------------------------------------------------------


@group_page(manage=True)
@require_GET
def requests(request: HttpRequest, found: GroupAccess) -> HttpResponse:
    waiting = list(queries.get_open_requests(found.group))
    actions.do_record_staff_read(found, "requests", len(waiting))
    return render_group(
        request,
        "groups/requests.html",
        found,
        {
            "requests": waiting,
            "concerns": list(found.group.concerns.order_by("-created_at")),
        },
    )


@group_page(manage=True)
@require_http_methods(["GET", "POST"])
def decide_request(request: HttpRequest, found: GroupAccess, request_id: str) -> HttpResponse:
    join_request = access.access_join_request(found, request_id)
    decline_form = DeclineForm(request.POST if request.POST.get("decision") == "decline" else None)
    follow_form = FollowUpForm(
        request.POST if request.POST.get("decision") == "follow_up" else None
    )
    if request.method == "POST":
        decision = request.POST.get("decision")
        actor: User = request.user  # type: ignore[assignment]
        try:
            if decision == "approve":
                actions.check_approve_request(actor, join_request)
                messages.success(request, _("Approved. They can now see the group."))
                return redirect("groups:requests", group_id=found.group.id)
            if decision == "decline" and decline_form.is_valid():
                actions.check_decline_request(
                    actor, join_request, decline_form.cleaned_data["reason"]
                )
                messages.success(request, _("Declined. They will see the message you chose."))
                return redirect("groups:requests", group_id=found.group.id)
            if decision == "follow_up" and follow_form.is_valid():
                actions.check_ask_follow_up(
                    actor, join_request, follow_form.cleaned_data["question"]
                )
                messages.success(request, _("Your question was sent."))
                return redirect("groups:requests", group_id=found.group.id)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    actions.do_record_screening_viewed(found.actor, join_request)
    return render_group(
        request,
        "groups/decide_request.html",
        found,
        {
            "join_request": join_request,
            "answers": queries.answers(join_request),
            "concerns": list(found.group.concerns.order_by("-created_at")),
            "decline_form": decline_form,
            "follow_form": follow_form,
        },
        status=400 if decline_form.errors or follow_form.errors else 200,
    )


@group_page(manage=True)
@require_http_methods(["GET", "POST"])
def concerns(request: HttpRequest, found: GroupAccess) -> HttpResponse:
    form = ConcernForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("delete"):
            concern = Concern.objects.filter(group=found.group, id=request.POST["delete"]).first()
            if concern is None:
                raise Http404
            actions.do_delete_concern(found.actor, found.group, concern)  # type: ignore[arg-type]
            return redirect("groups:concerns", group_id=found.group.id)
        if form.is_valid():
            try:
                actions.check_add_concern(found.actor, found.group, form.cleaned_data["text"])  # type: ignore[arg-type]
            except ValidationError as error:
                attach_errors(form, error)
            else:
                return redirect("groups:concerns", group_id=found.group.id)
    notes = list(found.group.concerns.order_by("-created_at"))
    actions.do_record_staff_read(found, "concerns", len(notes))
    return render_group(
        request,
        "groups/concerns.html",
        found,
        {"form": form, "concerns": notes},
        status=form_status(form),
    )


# --- Organisation (admins) -----------------------------------------------------------------------


def _admin(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if user.role != User.Role.ADMIN:
        raise Http404
    return user


@login_required
@require_GET
def people(request: HttpRequest) -> HttpResponse:
    admin = _admin(request)
    return render(
        request,
        "groups/people.html",
        {
            "people": list(queries.get_people(admin.organisation_id)),
            "role_form": PersonRoleForm(),
            "organisation": Organisation.objects.get(id=admin.organisation_id),
        },
    )


@login_required
@require_POST
def end_person_sessions(request: HttpRequest, person_id: str) -> HttpResponse:
    admin = _admin(request)
    person = User.objects.filter(id=person_id, organisation_id=admin.organisation_id).first()
    if person is None:
        raise Http404
    ended = account_actions.check_end_all_sessions(admin, person)
    messages.success(
        request,
        ngettext("Signed out of %(n)d session.", "Signed out of %(n)d sessions.", ended)
        % {"n": ended},
    )
    return redirect("groups:people")


@login_required
@require_POST
def set_person_role(request: HttpRequest, person_id: str) -> HttpResponse:
    admin = _admin(request)
    person = User.objects.filter(id=person_id, organisation_id=admin.organisation_id).first()
    if person is None:
        raise Http404
    form = PersonRoleForm(request.POST)
    with reported(
        request, _("Role changed. Staff roles need two-step sign-in from the next page they open.")
    ):
        if not form.is_valid():
            raise ValidationError({"role": [_("Choose a role from the list.")]})
        actions.check_set_person_role(admin, person, form.cleaned_data["role"])
    return redirect("groups:people")
