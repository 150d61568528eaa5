"""Forum pages: thin — access, form, action, render."""

from __future__ import annotations

import base64
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.accounts.models import User
from hearth.forum import access, actions, actions_extras, queries
from hearth.forum.actions import NeedsConfirmation, Posted
from hearth.forum.forms import (
    ForumSettingsForm,
    PostForm,
    PreferencesForm,
    ReactionForm,
    ResourceForm,
    RevealForm,
    SearchForm,
    ThreadForm,
)
from hearth.forum.models import PostImage, Reaction, Resource, Thread, Visibility
from hearth.forum.post_html import PostPage, render_posts
from hearth.groups.access import GroupAccess
from hearth.groups.views import group_page, render_group
from hearth.lib.forms import attach_errors, form_status
from hearth.safety import reports as safety_reports
from hearth.safety.crisis import resources_for
from hearth.safety.forms import ReportForm
from hearth.safety.models import Report
from hearth.safety.queries import has_unseen_handled_reports


def forum_page(*, manage: bool = False) -> Callable[..., Any]:
    """Load the group's forum for the signed-in person (404 if missing or not theirs)."""
    return group_page(manage=manage, finder=access.access_forum, outside_read="forum")


def _post_url(found: GroupAccess, thread_id: Any, post_id: Any) -> str:
    return reverse("forum:thread", args=[found.group.id, thread_id]) + f"#post-{post_id}"


def _post_form(
    request: HttpRequest, found: GroupAccess, form_class: type[PostForm] = PostForm, **kwargs: Any
) -> Any:
    settings = access.settings_for(found)
    return form_class(
        request.POST or None,
        request.FILES or None,
        notes=queries.offered_notes(found),
        allow_images=settings.allow_images,
        **kwargs,
    )


def _confirm_choice(request: HttpRequest) -> str:
    choice = request.POST.get("choice", "")
    return choice if choice in ("send", "redact") else ""


def _attempt(form: Form, action: Callable[[], Posted]) -> tuple[Posted | None, list[str]]:
    """Run a posting action. Return what was posted, or (nothing saved) None with the nudges
    the author must confirm, or None with the refusal put on the form."""
    try:
        return action(), []
    except NeedsConfirmation as needed:
        return None, needed.nudges
    except ValidationError as error:
        attach_errors(form, error)
        return None, []


def _posting_status(form: Form, nudges: list[str]) -> int:
    return 400 if form.errors else (409 if nudges else 200)


def _after_posting(
    request: HttpRequest, found: GroupAccess, posted: Posted, thread: Thread
) -> HttpResponse:
    """Tell the author what happened; high risk shows crisis support at once."""
    if posted.show_crisis_resources:
        user: User = request.user  # type: ignore[assignment]
        return render_group(
            request,
            "forum/support.html",
            found,
            {"thread": thread, "lines": resources_for(user.crisis_region or None)},
        )
    if posted.held:
        messages.info(
            request,
            _("Thank you. A facilitator will look at your message before others see it."),
        )
    else:
        messages.success(request, _("Posted."))
    return redirect(_post_url(found, thread.id, posted.post.id))


# --- Threads --------------------------------------------------------------------------------


@forum_page()
@require_GET
def forum_index(request: HttpRequest, found: GroupAccess) -> HttpResponse:
    return render_group(
        request,
        "forum/index.html",
        found,
        {
            "rows": queries.get_thread_rows(found),
            "unanswered": queries.get_unanswered(found),
            "held": queries.get_held_count(found),
            "milestone": queries.get_milestone(found),
            "reports_handled": found.membership is not None
            and has_unseen_handled_reports(found.actor, found.group),
            "can_post": access.can_post(found),
            "search_form": SearchForm(),
        },
    )


@forum_page()
@require_http_methods(["GET", "POST"])
def new_thread(request: HttpRequest, found: GroupAccess) -> HttpResponse:
    if not access.can_post(found):
        raise Http404
    form = _post_form(request, found, ThreadForm)
    nudges: list[str] = []
    if request.method == "POST" and form.is_valid():
        posted, nudges = _attempt(
            form,
            lambda: actions.check_start_thread(
                found, form.cleaned_data["title"], form.draft(_confirm_choice(request)), form.poll()
            ),
        )
        if posted is not None:
            return _after_posting(request, found, posted, posted.post.thread)
    return render_group(
        request,
        "forum/new_thread.html",
        found,
        {"form": form, "nudges": nudges},
        status=_posting_status(form, nudges),
    )


@forum_page()
@require_GET
def thread(request: HttpRequest, found: GroupAccess, thread_id: str) -> HttpResponse:
    item = access.access_thread(found, thread_id)
    prefs = actions_extras.preferences_for(found)
    poll = None
    if hasattr(item, "poll"):
        voted = actions_extras.has_voted(item.poll, found)
        closed = actions_extras.poll_is_closed(item.poll)
        poll = queries.get_poll(found, item.poll, voted, closed)
    page = _post_page(request, found, item, to_forum="../", to_thread="", compact=True)
    return render_group(
        request,
        "forum/thread.html",
        found,
        {
            "thread": item,
            "thread_title": queries.title_for(found, item),
            "posts_html": render_posts(queries.get_thread_page(found, item, prefs), page),
            "poll": poll,
            "can_vote": page.can_react,
            "can_reply": page.can_reply,
            "reply_fields": _empty_post_fields(found) if page.can_reply else "",
        },
    )


def _empty_post_fields(found: GroupAccess) -> SafeString:
    """Return the fields of an empty reply form for this group's forum, in the active language."""
    settings = access.settings_for(found)
    notes = tuple(queries.offered_notes(found).items())
    return _render_empty_post_fields(get_language(), notes, settings.allow_images)


@lru_cache(maxsize=512)
def _render_empty_post_fields(
    language: str, notes: tuple[tuple[str, str], ...], allow_images: bool
) -> SafeString:
    # An empty form holds nothing of the reader's, only the words of its language and the
    # forum's settings, so it is rendered once per combination of them: rendering it for
    # every view cost a tenth of the thread page (docs/performance.md).
    form = PostForm(notes=dict(notes), allow_images=allow_images)
    return render_to_string("forum/_post_fields.html", {"form": form})


@forum_page()
@require_GET
def post_detail(request: HttpRequest, found: GroupAccess, post_id: str) -> HttpResponse:
    """One post with every action on it: where a thread page's "More" leads, and the way to
    react without JavaScript."""
    item = access.access_post(found, post_id)
    view = queries.get_post_view(found, item, actions_extras.preferences_for(found))
    if view is None:
        raise Http404
    thread = item.thread
    page = _post_page(
        request,
        found,
        thread,
        to_forum="../../",
        to_thread=f"../../{thread.id}/",
        compact=False,
    )
    return render_group(
        request,
        "forum/post.html",
        found,
        {
            "thread": thread,
            "thread_title": queries.title_for(found, thread),
            "post_html": render_posts([view], page),
        },
    )


def _post_page(
    request: HttpRequest,
    found: GroupAccess,
    thread: Thread,
    to_forum: str,
    to_thread: str,
    compact: bool,
) -> PostPage:
    """What the posts of `thread` shown on this page share: the reader's powers and addresses."""
    writer = access.can_post(found)
    return PostPage(
        csrf_input=f'<input type="hidden" name="csrfmiddlewaretoken" value="{get_token(request)}">',
        # Replies: a writer, in a published thread not locked.
        can_reply=writer and not thread.locked and thread.visibility == Visibility.PUBLISHED,
        can_react=writer,
        can_manage=found.can_manage,
        reader_is_staff=found.actor.is_staff_role,
        reaction_kinds=[(str(k), str(v)) for k, v in Reaction.Kind.choices],
        to_forum=to_forum,
        to_thread=to_thread,
        compact=compact,
    )


@forum_page()
@require_http_methods(["GET", "POST"])
def reply(request: HttpRequest, found: GroupAccess, thread_id: str) -> HttpResponse:
    item = access.access_thread(found, thread_id)
    if not access.can_post(found):
        raise Http404
    quote_id = request.POST.get("quote") or request.GET.get("quote")
    quoted = access.access_post(found, quote_id) if quote_id else None
    form = _post_form(request, found)
    nudges: list[str] = []
    if request.method == "POST" and form.is_valid():
        posted, nudges = _attempt(
            form,
            lambda: actions.check_post_reply(
                found, item, form.draft(_confirm_choice(request)), quote_of=quoted
            ),
        )
        if posted is not None:
            return _after_posting(request, found, posted, item)
    return render_group(
        request,
        "forum/reply.html",
        found,
        {
            "form": form,
            "thread": item,
            "thread_title": queries.title_for(found, item),
            "quoted": quoted,
            "nudges": nudges,
        },
        status=_posting_status(form, nudges),
    )


@forum_page()
@require_http_methods(["GET", "POST"])
def edit_post(request: HttpRequest, found: GroupAccess, post_id: str) -> HttpResponse:
    post = access.access_post(found, post_id)
    if not access.can_edit_post(found, post, access.settings_for(found).edit_window_minutes):
        raise Http404
    initial = {
        "body": post.body,
        "content_notes": post.content_notes,
        "custom_note": post.custom_note or "",
    }
    form = _post_form(request, found, initial=initial)
    nudges: list[str] = []
    if request.method == "POST" and form.is_valid():
        draft = form.draft(_confirm_choice(request))
        draft.anonymous = post.anonymous
        draft.image = None
        posted, nudges = _attempt(form, lambda: actions.check_edit_post(found, post, draft))
        if posted is not None:
            return _after_posting(request, found, posted, post.thread)
    form.fields.pop("anonymous", None)
    form.fields.pop("image", None)
    return render_group(
        request,
        "forum/edit.html",
        found,
        {"form": form, "post": post, "thread": post.thread, "nudges": nudges},
        status=_posting_status(form, nudges),
    )


@forum_page()
@require_POST
def delete_post(request: HttpRequest, found: GroupAccess, post_id: str) -> HttpResponse:
    post = access.access_post(found, post_id)
    try:
        actions.check_delete_post(found, post)
    except ValidationError:
        raise Http404 from None
    messages.success(request, _("Deleted."))
    if post.opening:
        return redirect("forum:index", group_id=found.group.id)
    return redirect("forum:thread", group_id=found.group.id, thread_id=post.thread_id)


@forum_page()
@require_POST
def react(request: HttpRequest, found: GroupAccess, post_id: str) -> HttpResponse:
    post = access.access_post(found, post_id)
    form = ReactionForm(request.POST)
    target = _post_url(found, post.thread_id, post.id)
    if not form.is_valid():
        messages.error(request, _("Choose one of the reactions offered."))
        return redirect(target)
    try:
        actions_extras.check_toggle_reaction(found, post, form.cleaned_data["kind"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(target)


@forum_page()
@require_http_methods(["GET", "POST"])
def report_post(request: HttpRequest, found: GroupAccess, post_id: str) -> HttpResponse:
    """Report a published post by someone else to the group's moderators."""
    post = access.access_post(found, post_id)
    if (
        not access.can_post(found)
        or access.is_author(found, post)
        or post.visibility != Visibility.PUBLISHED
    ):
        raise Http404
    target = _post_url(found, post.thread_id, post.id)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            safety_reports.check_report(
                found.actor,
                found.group,
                kind=Report.Kind.FORUM_POST,
                object_id=post.id,
                subject=post.author.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you for telling us. A facilitator will look at it. Nobody else in "
                    "the group is told who reported."
                ),
            )
            return redirect(target)
    return render_group(
        request,
        "safety/report.html",
        found,
        {"form": form, "title": _("Report a post"), "back": target},
        status=form_status(form),
    )


@forum_page(manage=True)
@require_http_methods(["GET", "POST"])
def reveal_author(request: HttpRequest, found: GroupAccess, post_id: str) -> HttpResponse:
    post = access.access_post(found, post_id)
    if not post.anonymous:
        raise Http404
    form = RevealForm(request.POST or None)
    revealed = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.check_reveal_author(found, post, form.cleaned_data["reason"])
        except ValidationError as error:
            attach_errors(form, error)
        else:
            revealed = post.author.display_name
    return render_group(
        request,
        "forum/reveal.html",
        found,
        {"form": form, "post": post, "revealed": revealed},
        status=form_status(form),
    )


@forum_page(manage=True)
@require_GET
def reveal_history(request: HttpRequest, found: GroupAccess) -> HttpResponse:
    """Who revealed an anonymous author in this group, when, and why (facilitators, admins)."""
    rows = queries.get_reveals(found)
    actions.do_record_reveals_viewed(found, len(rows))
    return render_group(request, "forum/reveal_history.html", found, {"rows": rows})


@forum_page(manage=True)
@require_POST
def thread_flags(request: HttpRequest, found: GroupAccess, thread_id: str) -> HttpResponse:
    item = access.access_thread(found, thread_id)
    flag = request.POST.get("flag")
    value = request.POST.get("value") == "on"
    if flag not in ("pinned", "locked"):
        messages.error(request, _("Choose pin or lock."))
    else:
        actions.check_set_thread_flags(found, item, **{flag: value})
    return redirect("forum:thread", group_id=found.group.id, thread_id=item.id)


@forum_page()
@require_POST
def vote(request: HttpRequest, found: GroupAccess, thread_id: str) -> HttpResponse:
    item = access.access_thread(found, thread_id)
    if not hasattr(item, "poll"):
        raise Http404
    try:
        actions_extras.check_vote(found, item.poll, request.POST.getlist("option"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your vote is counted."))
    return redirect("forum:thread", group_id=found.group.id, thread_id=item.id)


@forum_page()
@require_GET
def image(request: HttpRequest, found: GroupAccess, image_id: str) -> HttpResponse:
    found_image = PostImage.objects.filter(id=image_id, group=found.group).first()
    if found_image is None:
        raise Http404
    access.access_post(found, found_image.post_id)  # the post itself must be visible
    response = HttpResponse(
        base64.b64decode(found_image.data), content_type=found_image.content_type
    )
    response["Content-Disposition"] = "inline"
    return response


# --- Resources, preferences, settings, search -----------------------------------------------


@forum_page()
@require_http_methods(["GET", "POST"])
def resources(request: HttpRequest, found: GroupAccess) -> HttpResponse:
    form = ResourceForm(request.POST or None, request.FILES or None) if found.can_manage else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            upload = form.cleaned_data.get("document")
            draft = actions_extras.ResourceDraft(
                kind=form.cleaned_data["kind"],
                category=form.cleaned_data["category"],
                title=form.cleaned_data["title"],
                url=form.cleaned_data.get("url") or "",
                note=form.cleaned_data.get("note") or "",
                document=upload.read(actions_extras.MAX_DOCUMENT_BYTES + 1) if upload else None,
                document_name=getattr(upload, "name", "") or "",
                document_type=getattr(upload, "content_type", "") or "",
            )
            try:
                actions_extras.check_add_resource(found, draft)
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("Added to the library."))
                return redirect("forum:resources", group_id=found.group.id)
    return render_group(
        request,
        "forum/resources.html",
        found,
        {"categories": queries.get_resources(found), "form": form},
        status=form_status(form) if form is not None else 200,
    )


@forum_page()
@require_GET
def resource_document(request: HttpRequest, found: GroupAccess, resource_id: str) -> HttpResponse:
    resource = access.access_resource(found, resource_id)
    if resource.kind != Resource.Kind.DOCUMENT or not resource.document:
        raise Http404
    response = HttpResponse(
        base64.b64decode(resource.document), content_type=resource.document_type
    )
    # Always a download: a PDF or text shown inline would run in Hearth's origin.
    response["Content-Disposition"] = "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@forum_page(manage=True)
@require_POST
def delete_resource(request: HttpRequest, found: GroupAccess, resource_id: str) -> HttpResponse:
    resource = access.access_resource(found, resource_id)
    actions_extras.check_delete_resource(found, resource)
    messages.success(request, _("Removed from the library."))
    return redirect("forum:resources", group_id=found.group.id)


@forum_page()
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest, found: GroupAccess) -> HttpResponse:
    if found.membership is None:
        raise Http404
    current = actions_extras.preferences_for(found)
    form = PreferencesForm(
        request.POST or None,
        notes=queries.offered_notes(found),
        initial={
            "open_automatically": current.open_notes_automatically,
            "never_open": current.never_open,
            "hidden": current.hidden,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions_extras.check_save_preferences(
                found,
                open_automatically=form.cleaned_data["open_automatically"],
                never_open=form.cleaned_data["never_open"],
                hidden=form.cleaned_data["hidden"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("forum:index", group_id=found.group.id)
    return render_group(
        request,
        "forum/simple_form.html",
        found,
        {
            "form": form,
            "title": _("Content notes I see"),
            "intro": _(
                "Posts with content notes stay closed until you open them. Choose what may open "
                "by itself and what you never want to see."
            ),
        },
        status=form_status(form),
    )


@forum_page(manage=True)
@require_http_methods(["GET", "POST"])
def forum_settings(request: HttpRequest, found: GroupAccess) -> HttpResponse:
    current = access.settings_for(found)
    form = ForumSettingsForm(
        request.POST or None,
        initial={
            "content_notes": current.content_notes,
            "allow_images": current.allow_images,
            "edit_window_minutes": current.edit_window_minutes,
            "milestones": current.milestones,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions_extras.check_save_forum_settings(found, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("forum:index", group_id=found.group.id)
    return render_group(
        request,
        "forum/simple_form.html",
        found,
        {"form": form, "title": _("Forum settings")},
        status=form_status(form),
    )


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Search every group the member belongs to (never one they do not)."""
    user: User = request.user  # type: ignore[assignment]
    form = SearchForm(request.GET or None)
    results = queries.search(user, form.cleaned_data["q"]) if form.is_valid() else []
    return render(
        request,
        "forum/search.html",
        {"form": form, "results": results},
        status=form_status(form) if request.GET else 200,
    )
