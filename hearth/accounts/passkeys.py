"""Passkeys (WebAuthn) as a second factor: registration and sign-in ceremonies.

The browser side is static/hearth/passkeys.js; these views exchange JSON with it. Challenges
live in the server-side session and are spent on first use.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import webauthn
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from webauthn.helpers.exceptions import InvalidAuthenticationResponse, InvalidRegistrationResponse
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from hearth.accounts import actions
from hearth.accounts.models import User
from hearth.accounts.reauth import passphrase_recent

_REG = "hearth_webauthn_reg"
_AUTH = "hearth_webauthn_auth"


def _rp(request: HttpRequest) -> tuple[str, str]:
    host = request.get_host()
    rp_id = settings.HEARTH_WEBAUTHN_RP_ID or host.split(":")[0]
    origin = settings.HEARTH_WEBAUTHN_ORIGIN or f"{request.scheme}://{host}"
    return rp_id, origin


def _error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _body(request: HttpRequest) -> dict[str, Any] | None:
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


@login_required
@passphrase_recent
@require_POST
def register_begin(request: HttpRequest) -> JsonResponse:
    user: User = request.user  # type: ignore[assignment]
    rp_id, _origin = _rp(request)
    options = webauthn.generate_registration_options(
        rp_id=rp_id,
        rp_name="Hearth",
        user_name=f"hearth-{user.id.hex[:8]}",
        user_id=user.id.bytes,
        user_display_name="Hearth",
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.DISCOURAGED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
        exclude_credentials=[
            PublicKeyCredentialDescriptor(id=bytes(p.credential_id)) for p in user.passkeys.all()
        ],
    )
    request.session[_REG] = webauthn.helpers.bytes_to_base64url(options.challenge)
    return JsonResponse(json.loads(webauthn.options_to_json(options)))


@login_required
@passphrase_recent
@require_POST
def register_finish(request: HttpRequest) -> JsonResponse:
    user: User = request.user  # type: ignore[assignment]
    challenge = request.session.pop(_REG, None)
    data = _body(request)
    if challenge is None or data is None:
        return _error(_("Please start adding the passkey again."))
    rp_id, origin = _rp(request)
    try:
        verified = webauthn.verify_registration_response(
            credential=data.get("credential") or {},
            expected_challenge=webauthn.base64url_to_bytes(challenge),
            expected_rp_id=rp_id,
            expected_origin=origin,
        )
    except (InvalidRegistrationResponse, ValueError, KeyError, TypeError):
        return _error(_("That passkey could not be checked. Nothing was saved."))
    label = str(data.get("label") or _("Passkey"))[:60]
    added = actions.do_add_passkey(
        user,
        verified.credential_id,
        verified.credential_public_key,
        verified.sign_count,
        label,
        keep=request.account_session,  # type: ignore[attr-defined]
    )
    if added is None:
        return _error(_("That passkey is already registered."))
    # Registering proves possession of a fresh factor for this session.
    if request.account_session is not None:  # type: ignore[attr-defined]
        actions.do_mark_two_factor_verified(request.account_session)  # type: ignore[attr-defined]
    return JsonResponse({"ok": True})


def _pending_or_current(request: HttpRequest) -> User | None:
    if request.user.is_authenticated:
        return request.user  # type: ignore[return-value]
    pending = request.session.get(actions.PENDING_2FA_KEY)
    if not pending:
        return None
    return User.objects.filter(id=pending["user"], is_active=True).first()


@require_POST
def auth_begin(request: HttpRequest) -> JsonResponse:
    user = _pending_or_current(request)
    if user is None:
        return _error(_("Please sign in again."), 403)
    rp_id, _origin = _rp(request)
    options = webauthn.generate_authentication_options(
        rp_id=rp_id,
        allow_credentials=[
            PublicKeyCredentialDescriptor(id=bytes(p.credential_id)) for p in user.passkeys.all()
        ],
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    request.session[_AUTH] = webauthn.helpers.bytes_to_base64url(options.challenge)
    return JsonResponse(json.loads(webauthn.options_to_json(options)))


@require_POST
def auth_finish(request: HttpRequest) -> JsonResponse:
    user = _pending_or_current(request)
    challenge = request.session.pop(_AUTH, None)
    data = _body(request)
    if user is None or challenge is None or data is None:
        return _error(_("Please sign in again."), 403)
    credential = data.get("credential") or {}
    raw_id = credential.get("rawId") if isinstance(credential, dict) else None
    try:
        cred_hash = hashlib.sha256(webauthn.base64url_to_bytes(str(raw_id))).hexdigest()
    except ValueError:
        return _error(_("That passkey was not recognised."))
    passkey = user.passkeys.filter(credential_id_hash=cred_hash).first()
    if passkey is None:
        return _error(_("That passkey was not recognised."))
    rp_id, origin = _rp(request)
    try:
        verified = webauthn.verify_authentication_response(
            credential=credential,
            expected_challenge=webauthn.base64url_to_bytes(challenge),
            expected_rp_id=rp_id,
            expected_origin=origin,
            credential_public_key=bytes(passkey.public_key),
            credential_current_sign_count=passkey.sign_count,
        )
    except (InvalidAuthenticationResponse, ValueError, KeyError, TypeError):
        return _error(_("That passkey could not be checked."))
    actions.do_use_passkey(passkey, verified.new_sign_count)
    if request.user.is_authenticated:
        actions.do_mark_two_factor_verified(request.account_session)  # type: ignore[attr-defined]
    else:
        pending = request.session.get(actions.PENDING_2FA_KEY) or {}
        actions.do_start_session(
            request, user, shared_device=bool(pending.get("shared")), two_factor_verified=True
        )
    return JsonResponse({"ok": True, "next": str(request.session.pop("hearth_next", None) or "/")})
