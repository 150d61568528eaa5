"""Account pages: thin — parse the form, call an action, render."""

from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.accounts import access, actions, queries
from hearth.accounts.forms import (
    ChangePassphraseForm,
    CodeForm,
    ConfirmPassphraseForm,
    PreferencesForm,
    RecoverForm,
    ResetLinkForm,
    ResetPassphraseForm,
    SignInForm,
    SignUpForm,
)
from hearth.accounts.models import AccountSession, Organisation, TotpDevice, User
from hearth.accounts.reauth import passphrase_recent
from hearth.accounts.regions import REGIONS
from hearth.lib import links
from hearth.lib.forms import attach_errors
from hearth.lib.http import local_path
from hearth.lib.ratelimit import allow_source

RESET_KEY = "hearth_reset_link"
MAX_SECOND_FACTOR_TRIES = 5


def _too_many(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    context["throttled"] = True
    return render(request, template, context, status=429)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "accounts/welcome.html")
    return render(request, "accounts/home.html")


@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        if not allow_source(request, "sign_up", limit=20):
            return _too_many(request, "accounts/sign_up.html", {"form": form})
        if form.is_valid():
            organisation = Organisation.objects.order_by("created_at").first()
            if organisation is None:
                raise Http404
            try:
                user, codes = actions.check_sign_up(
                    organisation,
                    form.cleaned_data["pseudonym"],
                    form.cleaned_data["passphrase"],
                    form.cleaned_data["repeat"],
                    translation.get_language() or "en",
                )
            except ValidationError as error:
                attach_errors(form, error)
            else:
                actions.do_start_session(
                    request,
                    user,
                    shared_device=form.cleaned_data["shared_device"],
                    two_factor_verified=False,
                )
                return _show_codes(request, codes)
    return render(
        request, "accounts/sign_up.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Make a new set of recovery codes, after the passphrase is confirmed, and show it once."""
    form = ConfirmPassphraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user: User = request.user  # type: ignore[assignment]
        result = actions.check_confirm_passphrase(user, form.cleaned_data["current"])
        if result.outcome is actions.SignInOutcome.OK:
            return _show_codes(request, actions.do_generate_recovery_codes(user))
        form.add_error("current", _("That is not your current passphrase."))
    return render(
        request, "accounts/recovery_codes.html", {"form": form}, status=400 if form.errors else 200
    )


def _show_codes(request: HttpRequest, codes: list[str]) -> HttpResponse:
    # Rendered straight from the request that made them: the codes are never stored anywhere
    # in readable form, not even in the session.
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


NEXT_KEY = "hearth_next"


def _remember_next(request: HttpRequest) -> None:
    """Keep a same-site `next` address (from a sign-in link) for after the sign-in."""
    target = local_path(request, request.GET.get("next"))
    if target:
        request.session[NEXT_KEY] = target


def after_sign_in(request: HttpRequest) -> str:
    """Return where to go once signed in: the remembered address, or home."""
    return str(request.session.pop(NEXT_KEY, None) or reverse("home"))


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    _remember_next(request)
    if request.user.is_authenticated:
        if request.session.get(actions.COVERED_KEY):
            return render(request, "accounts/covered.html", {"form": ConfirmPassphraseForm()})
        return redirect("home")
    form = SignInForm(request.POST or None)
    context: dict[str, Any] = {"form": form, "signed_out": "signed-out" in request.GET}
    if request.method == "POST":
        if not allow_source(request, "sign_in", limit=settings.HEARTH_SOURCE_LIMIT_PER_HOUR):
            return _too_many(request, "accounts/sign_in.html", context)
        if form.is_valid():
            result = actions.check_passphrase_sign_in(
                form.cleaned_data["pseudonym"], form.cleaned_data["passphrase"]
            )
            shared = form.cleaned_data["shared_device"]
            if result.outcome is actions.SignInOutcome.OK and result.user is not None:
                user = result.user
                if user.is_staff_role or actions.has_second_factor(user):
                    if not actions.has_second_factor(user):
                        # A new staff account enrols its second factor before anything else.
                        actions.do_start_session(
                            request, user, shared_device=shared, two_factor_verified=False
                        )
                        return redirect("accounts:two_factor")
                    request.session.cycle_key()
                    request.session[actions.PENDING_2FA_KEY] = {
                        "user": str(user.id),
                        "shared": shared,
                        "tries": 0,
                        "at": timezone.now().timestamp(),
                    }
                    return redirect("accounts:sign_in_verify")
                actions.do_start_session(
                    request, user, shared_device=shared, two_factor_verified=False
                )
                translation.activate(user.language)
                response = redirect(after_sign_in(request))
                response.set_cookie(
                    settings.LANGUAGE_COOKIE_NAME,
                    user.language,
                    secure=settings.LANGUAGE_COOKIE_SECURE,
                    samesite="Lax",
                )
                return response
            context["outcome"] = result.outcome.value
            context["wait_seconds"] = result.wait_seconds
            status = {"wait": 429, "locked": 403}.get(result.outcome.value, 400)
            return render(request, "accounts/sign_in.html", context, status=status)
    return render(request, "accounts/sign_in.html", context, status=400 if form.errors else 200)


def _pending_user(request: HttpRequest) -> tuple[dict[str, Any], User] | None:
    pending = request.session.get(actions.PENDING_2FA_KEY)
    if not pending or timezone.now().timestamp() - pending["at"] > 600:
        return None
    user = User.objects.filter(id=pending["user"], is_active=True).first()
    return (pending, user) if user else None


@require_http_methods(["GET", "POST"])
def sign_in_verify(request: HttpRequest) -> HttpResponse:
    """Second step of sign-in: a TOTP code, a recovery code or a passkey."""
    found = _pending_user(request)
    if found is None:
        request.session.pop(actions.PENDING_2FA_KEY, None)
        messages.info(request, _("Please sign in again."))
        return redirect("accounts:sign_in")
    pending, user = found
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = actions.check_second_factor_sign_in(user, form.cleaned_data["code"])
        if result.outcome is actions.SignInOutcome.OK:
            actions.do_start_session(
                request, user, shared_device=pending["shared"], two_factor_verified=True
            )
            return redirect(after_sign_in(request))
        pending["tries"] += 1
        if (
            result.outcome is not actions.SignInOutcome.FAILED
            or pending["tries"] >= MAX_SECOND_FACTOR_TRIES
        ):
            request.session.pop(actions.PENDING_2FA_KEY, None)
            messages.error(request, _("Too many wrong codes. Please sign in again."))
            return redirect("accounts:sign_in")
        request.session[actions.PENDING_2FA_KEY] = pending
        form.add_error("code", _("That code did not work. Codes change every 30 seconds."))
    has_passkey = user.passkeys.exists()
    return render(
        request,
        "accounts/sign_in_verify.html",
        {"form": form, "has_passkey": has_passkey},
        status=400 if form.errors else 200,
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    actions.do_sign_out(request)
    # The session (and its messages) is wiped, so the note travels in the address.
    response = redirect(reverse("accounts:sign_in") + "?signed-out=1")
    # Nothing of the session may stay behind on a device someone else may use.
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


@csrf_exempt  # The exit must always work, even from a page whose form token expired.
@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    """Quick exit: go to a neutral site at once; on a shared device, sign out too."""
    account_session = getattr(request, "account_session", None)
    response = HttpResponseRedirect(settings.HEARTH_NEUTRAL_EXIT_URL, status=303)
    if account_session is not None and account_session.kind == AccountSession.Kind.SHARED:
        actions.do_sign_out(request, "quick_exit")
        response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    elif request.user.is_authenticated:
        request.session[actions.COVERED_KEY] = True
    return response


@login_required
@require_POST
def resume(request: HttpRequest) -> HttpResponse:
    """Come back after a quick exit: whoever holds the device must know the passphrase."""
    form = ConfirmPassphraseForm(request.POST)
    if form.is_valid():
        result = actions.check_confirm_passphrase(request.user, form.cleaned_data["current"])  # type: ignore[arg-type]
        if result.outcome is actions.SignInOutcome.OK:
            request.session.pop(actions.COVERED_KEY, None)
            return redirect("home")
        form.add_error("current", _("That is not your passphrase."))
    return render(request, "accounts/covered.html", {"form": form}, status=400)


@login_required
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    return render(
        request,
        "accounts/account.html",
        {
            "totp": TotpDevice.objects.filter(user=user, confirmed=True).exists(),
            "passkeys": list(user.passkeys.all()),
            "unused_codes": user.recovery_codes.filter(used_at__isnull=True).count(),
            "preferences": PreferencesForm(initial={"discreet_mode": user.discreet_mode}),
            "region_name": REGIONS.get(user.crisis_region, ""),
        },
    )


@login_required
@require_POST
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST)
    if form.is_valid():
        actions.do_set_preferences(request.user, discreet_mode=form.cleaned_data["discreet_mode"])  # type: ignore[arg-type]
        messages.success(request, _("Saved."))
    return redirect("accounts:account")


@login_required
@require_http_methods(["GET", "POST"])
def crisis_region(request: HttpRequest) -> HttpResponse:
    """Let the member say where they are, so crisis pages show the right helplines."""
    user: User = request.user  # type: ignore[assignment]
    if request.method == "POST":
        region = request.POST.get("region", "")
        try:
            actions.do_set_crisis_region(user, region)
        except ValidationError as error:
            return render(
                request,
                "accounts/crisis_region.html",
                {
                    "regions": REGIONS.items(),
                    "current": user.crisis_region,
                    "error": error.messages[0],
                },
                status=400,
            )
        messages.success(request, _("Saved."))
        return redirect("accounts:account")
    return render(
        request,
        "accounts/crisis_region.html",
        {"regions": REGIONS.items(), "current": user.crisis_region},
    )


@login_required
@require_GET
def sessions(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/sessions.html",
        {
            "sessions": queries.get_live_sessions(request.user),  # type: ignore[arg-type]
            "current": request.account_session,  # type: ignore[attr-defined]
        },
    )


@login_required
@require_POST
def revoke_session(request: HttpRequest, session_id: str) -> HttpResponse:
    target = access.access_own_session(request.user, session_id)  # type: ignore[arg-type]
    actions.check_revoke_session(request.user, target)  # type: ignore[arg-type]
    if target.id == request.account_session.id:  # type: ignore[attr-defined]
        logout(request)
        return redirect("accounts:sign_in")
    messages.success(request, _("That session has been signed out."))
    return redirect("accounts:sessions")


@login_required
@require_http_methods(["GET", "POST"])
def change_passphrase(request: HttpRequest) -> HttpResponse:
    form = ChangePassphraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.check_change_passphrase(
                request.user,  # type: ignore[arg-type]
                form.cleaned_data["current"],
                form.cleaned_data["passphrase"],
                form.cleaned_data["repeat"],
                keep=request.account_session,  # type: ignore[attr-defined]
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request, _("Your passphrase is changed. Other devices were signed out.")
            )
            return redirect("accounts:account")
    return render(
        request,
        "accounts/form_page.html",
        {
            "form": form,
            "title": _("Change passphrase"),
            "submit": _("Change passphrase"),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def recover(request: HttpRequest) -> HttpResponse:
    form = RecoverForm(request.POST or None)
    if request.method == "POST":
        if not allow_source(request, "recover", limit=30):
            return _too_many(
                request,
                "accounts/form_page.html",
                {"form": form, "title": _("Use a recovery code")},
            )
        if form.is_valid():
            try:
                actions.check_recover(
                    form.cleaned_data["pseudonym"],
                    form.cleaned_data["code"],
                    form.cleaned_data["passphrase"],
                    form.cleaned_data["repeat"],
                )
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("Your passphrase is changed. Please sign in."))
                return redirect("accounts:sign_in")
    return render(
        request,
        "accounts/form_page.html",
        {
            "form": form,
            "title": _("Use a recovery code"),
            "submit": _("Set new passphrase"),
            "intro": _(
                "Each recovery code works once. Enter your pseudonym, one unused code and a new passphrase."
            ),
        },
        status=400 if form.errors else 200,
    )


@require_GET
def reset_link(request: HttpRequest, token: str) -> HttpResponse:
    """Take the token out of the address bar at once, then continue without it."""
    link = actions.find_reset_link(token)
    if link is None:
        return render(
            request,
            "error.html",
            {
                "title": _("This link cannot be used"),
                "message": _(
                    "It has expired or was already used. Ask your facilitator for a new one."
                ),
                "status": 404,
            },
            status=404,
        )
    request.session[RESET_KEY] = str(link.id)
    return redirect("accounts:reset")


@require_http_methods(["GET", "POST"])
def reset(request: HttpRequest) -> HttpResponse:
    link_id = request.session.get(RESET_KEY)
    if not link_id:
        raise Http404
    form = ResetPassphraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.check_redeem_reset_link(
                link_id, form.cleaned_data["passphrase"], form.cleaned_data["repeat"]
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            request.session.pop(RESET_KEY, None)
            if user.is_staff_role or actions.has_second_factor(user):
                messages.success(
                    request, _("Your passphrase is set. Sign in with it and your second factor.")
                )
                return redirect("accounts:sign_in")
            actions.do_start_session(
                request,
                user,
                shared_device=form.cleaned_data["shared_device"],
                two_factor_verified=False,
            )
            messages.success(request, _("Your passphrase is set."))
            return redirect("home")
    return render(
        request,
        "accounts/form_page.html",
        {
            "form": form,
            "title": _("Choose a new passphrase"),
            "submit": _("Set passphrase"),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def issue_reset_link(request: HttpRequest) -> HttpResponse:
    """Staff create a one-time reset link for a member of their organisation."""
    actor: User = request.user  # type: ignore[assignment]
    if not actor.is_staff_role:
        raise Http404
    form = ResetLinkForm(request.POST or None)
    link_url = None
    if request.method == "POST" and form.is_valid():
        member = queries.find_person(actor.organisation, form.cleaned_data["pseudonym"])
        if member is None or not access.can_issue_reset_link(actor, member):
            form.add_error("pseudonym", _("No one with that pseudonym can be given a link by you."))
        else:
            raw = actions.check_issue_reset_link(actor, member)
            link_url = links.absolute(request, f"/account/reset/{raw}/")
    return render(
        request,
        "accounts/issue_reset_link.html",
        {"form": form, "link_url": link_url},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest) -> HttpResponse:
    """Prove the passphrase again, then continue where the person was going."""
    form = ConfirmPassphraseForm(request.POST or None)
    target = local_path(request, request.GET.get("next")) or reverse("accounts:account")
    if request.method == "POST" and form.is_valid():
        result = actions.check_confirm_passphrase(request.user, form.cleaned_data["current"])  # type: ignore[arg-type]
        if result.outcome is actions.SignInOutcome.OK:
            actions.do_mark_proven(request)
            return redirect(target)
        form.add_error("current", _("That is not your passphrase."))
    return render(
        request,
        "accounts/form_page.html",
        {
            "form": form,
            "title": _("Confirm it is you"),
            "submit": _("Continue"),
            "intro": _("Before changing how you sign in, please enter your passphrase again."),
        },
        status=400 if form.errors else 200,
    )


@login_required
@passphrase_recent
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up TOTP (and see passkeys); staff land here until their second factor is in place."""
    user: User = request.user  # type: ignore[assignment]
    account_session: AccountSession = request.account_session  # type: ignore[attr-defined]
    confirmed = TotpDevice.objects.filter(user=user, confirmed=True).exists()
    if (
        user.is_staff_role
        and actions.has_second_factor(user)
        and not account_session.two_factor_verified
    ):
        # Enrolled staff whose session is not verified must prove the factor, not re-enrol.
        return _verify_current_session(request, user, account_session)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if actions.check_confirm_totp(user, form.cleaned_data["code"], keep=account_session):
            actions.do_mark_two_factor_verified(account_session)
            messages.success(request, _("Your authenticator app is set up."))
            return redirect("accounts:account")
        form.add_error(
            "code", _("That code did not work. Check the time on your phone and try again.")
        )
    device = (
        None
        if confirmed
        else (
            TotpDevice.objects.filter(user=user, confirmed=False).first()
            or actions.do_begin_totp(user)
        )
    )
    context: dict[str, Any] = {
        "form": form,
        "confirmed": confirmed,
        "passkeys": list(user.passkeys.all()),
    }
    if device is not None:
        uri = f"otpauth://totp/Hearth?secret={device.secret}&issuer=Hearth"
        context["secret"] = " ".join(
            device.secret[i : i + 4] for i in range(0, len(device.secret), 4)
        )
        context["qr_svg"] = segno.make(uri, error="m").svg_inline(
            scale=4, omitsize=True, title=_("Authenticator set-up code")
        )
    return render(request, "accounts/two_factor.html", context, status=400 if form.errors else 200)


def _verify_current_session(
    request: HttpRequest, user: User, account_session: AccountSession
) -> HttpResponse:
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = actions.check_second_factor_sign_in(user, form.cleaned_data["code"])
        if result.outcome is actions.SignInOutcome.OK:
            actions.do_mark_two_factor_verified(account_session)
            return redirect("home")
        form.add_error("code", _("That code did not work."))
    return render(
        request,
        "accounts/sign_in_verify.html",
        {"form": form, "has_passkey": user.passkeys.exists()},
        status=400 if form.errors else 200,
    )


@login_required
@passphrase_recent
@require_POST
def remove_totp(request: HttpRequest) -> HttpResponse:
    if actions.check_remove_totp(request.user, keep=request.account_session):  # type: ignore[arg-type, attr-defined]
        messages.success(request, _("Your authenticator app is removed."))
    else:
        messages.error(request, _("Staff accounts must keep a second factor. Add a passkey first."))
    return redirect("accounts:account")
