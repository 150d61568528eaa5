"""Every write about accounts: sign-up, sign-in, second factors, sessions and resets.

Views and the API call these; nothing else writes account rows, records to the audit log or
emits session events.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.oath import hotp

from hearth.accounts import devices, passphrase, pseudonyms
from hearth.accounts.models import (
    AccountSession,
    ApiToken,
    Organisation,
    Passkey,
    RecoveryCode,
    ResetLink,
    TotpDevice,
    UnknownPseudonymFailures,
    User,
)
from hearth.accounts.regions import is_region
from hearth.audit.actions import record
from hearth.privacy.keys import blind_token
from hearth.realtime.events import send_event_on_commit, session_group

RECOVERY_CODE_COUNT = 10
RESET_LINK_LIFETIME = timedelta(hours=24)
SESSION_KEY = "hearth_sid"
PENDING_2FA_KEY = "hearth_2fa_pending"
# When the passphrase was last proven in this session; changing second factors needs it recent.
REAUTH_KEY = "hearth_reauth_at"
REAUTH_WINDOW = 10 * 60
# Set by a quick exit: until the member comes back through the sign-in page, nothing shows.
COVERED_KEY = "hearth_covered"
_dummy_hashes: dict[str, str] = {}


def _dummy_hash() -> str:
    """Return a hash of a random passphrase made with the current default hasher.

    Checking against it costs what a real check costs, so an unknown pseudonym answers in the
    same time as a wrong passphrase. Made lazily, per hasher, so it always matches real hashes.
    """
    hasher = settings.PASSWORD_HASHERS[0]
    if hasher not in _dummy_hashes:
        _dummy_hashes[hasher] = make_password(secrets.token_urlsafe(24))
    return _dummy_hashes[hasher]


# --- Sign-up ------------------------------------------------------------------------------------


def _audit(
    actor: User,
    action: str,
    target_type: str = "user",
    target_id: object = None,
    **details: object,
) -> None:
    """Record an action in the actor's organisation (ids and codes only, never content).

    The target defaults to the actor's own account.
    """
    record(
        action,
        actor_id=actor.id,
        organisation_id=actor.organisation_id,
        target_type=target_type,
        target_id=str(target_id if target_id is not None else actor.id),
        details=details,
    )


def check_sign_up(
    organisation: Organisation, pseudonym: str, new_passphrase: str, repeat: str, language: str
) -> tuple[User, list[str]]:
    """Validate and create a member account; return it with its fresh recovery codes."""
    errors: dict[str, list[str]] = {}
    name_problems = pseudonyms.problems(pseudonym)
    if name_problems:
        errors["pseudonym"] = name_problems
    phrase_problems = passphrase.problems(new_passphrase, pseudonym=pseudonym)
    if phrase_problems:
        errors["passphrase"] = phrase_problems
    elif passphrase.normalise(new_passphrase) != passphrase.normalise(repeat):
        errors["repeat"] = [_("The two passphrases are not the same.")]
    if errors:
        raise ValidationError(errors)
    try:
        user = do_create_user(organisation, pseudonym, new_passphrase, language=language)
    except IntegrityError:
        raise ValidationError(
            {"pseudonym": [_("That pseudonym is taken. Please choose another.")]}
        ) from None
    return user, do_generate_recovery_codes(user)


def do_create_user(
    organisation: Organisation,
    pseudonym: str,
    new_passphrase: str,
    *,
    role: str = User.Role.MEMBER,
    language: str = "en",
) -> User:
    """Create an account; raises IntegrityError if the pseudonym is taken."""
    with transaction.atomic():
        user = User(
            organisation=organisation,
            pseudonym_token=pseudonyms.token(pseudonym),
            role=role,
            language=language if language in dict(settings.LANGUAGES) else "en",
            discreet_mode=organisation.discreet_by_default,
        )
        user.pseudonym = pseudonyms.normalise(pseudonym)
        user.set_password(passphrase.normalise(new_passphrase))
        user.save()
        # Failures counted while nobody held the pseudonym belong to no one.
        UnknownPseudonymFailures.objects.filter(token=user.pseudonym_token).delete()
        return user


def _code_hash(code: str) -> str:
    return blind_token("recovery-code", code.replace("-", "").replace(" ", "").lower())


def do_generate_recovery_codes(user: User) -> list[str]:
    """Replace the account's recovery codes with new ones and return them (shown once)."""
    codes = []
    for _i in range(RECOVERY_CODE_COUNT):
        raw = base64.b32encode(secrets.token_bytes(10)).decode().lower()
        codes.append(f"{raw[:4]}-{raw[4:8]}-{raw[8:12]}-{raw[12:16]}")
    with transaction.atomic():
        RecoveryCode.objects.filter(user=user).delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(user=user, code_hash=_code_hash(code)) for code in codes
        )
    return codes


def use_recovery_code(user: User, code: str) -> bool:
    """Spend one recovery code; return False if it is unknown or already used."""
    updated = RecoveryCode.objects.filter(
        user=user, code_hash=_code_hash(code), used_at__isnull=True
    ).update(used_at=timezone.now())
    return updated == 1


# --- Sign-in ------------------------------------------------------------------------------------


class SignInOutcome(Enum):
    OK = "ok"
    FAILED = "failed"
    WAIT = "wait"
    LOCKED = "locked"


@dataclass
class SignInResult:
    outcome: SignInOutcome
    user: User | None = None
    wait_seconds: int = 0


def _delay_for(failures: int) -> int:
    """Return the wait before the next attempt: none for 3 failures, then doubling to 15 min."""
    if failures < 3:
        return 0
    return min(2 ** (failures - 3), 900)


def _gate(failures: int, last_failed: datetime | None, now: datetime) -> SignInResult | None:
    """Return LOCKED or WAIT when no attempt may be made now, else None."""
    if failures >= settings.HEARTH_LOGIN_HARD_STOP:
        return SignInResult(SignInOutcome.LOCKED)
    delay = _delay_for(failures)
    if delay and last_failed:
        remaining = (last_failed + timedelta(seconds=delay) - now).total_seconds()
        if remaining > 0:
            return SignInResult(SignInOutcome.WAIT, wait_seconds=int(remaining) + 1)
    return None


def _count_failure(user: User, now: datetime) -> SignInResult:
    """Count a failed passphrase or second-factor attempt; lock at the hard stop."""
    User.objects.filter(id=user.id).update(
        failed_logins=F("failed_logins") + 1, last_failed_login_at=now
    )
    user.refresh_from_db(fields=["failed_logins", "last_failed_login_at"])
    if user.failed_logins >= settings.HEARTH_LOGIN_HARD_STOP:
        with transaction.atomic():  # no lock without its audit entry
            User.objects.filter(id=user.id).update(locked_at=now)
            record(
                "account.locked",
                organisation_id=user.organisation_id,
                target_type="user",
                target_id=str(user.id),
            )
        return SignInResult(SignInOutcome.LOCKED)
    return SignInResult(SignInOutcome.FAILED)


def check_passphrase_sign_in(pseudonym: str, given: str) -> SignInResult:
    """Check a pseudonym and passphrase, applying growing delays and the hard stop.

    An unknown pseudonym is answered exactly like a wrong passphrase: same outcome, same
    delays and hard stop (counted by the pseudonym's blind token, kept as long as an account's
    count), and the same Argon2 work.
    """
    token = pseudonyms.token(pseudonym) if not pseudonyms.problems(pseudonym) else None
    user = User.objects.filter(pseudonym_token=token).first() if token else None
    now = timezone.now()
    if user is None:
        # A pseudonym that cannot exist shares one counter: it can never become an account.
        unknown, _created = UnknownPseudonymFailures.objects.get_or_create(token=token or "-")
        gate = _gate(unknown.failures, unknown.last_failed_at, now)
        if gate:
            return gate
        check_password(passphrase.normalise(given), _dummy_hash())
        UnknownPseudonymFailures.objects.filter(token=unknown.token).update(
            failures=F("failures") + 1, last_failed_at=now
        )
        unknown.refresh_from_db(fields=["failures"])
        return SignInResult(
            SignInOutcome.LOCKED
            if unknown.failures >= settings.HEARTH_LOGIN_HARD_STOP
            else SignInOutcome.FAILED
        )
    if user.locked_at:
        return SignInResult(SignInOutcome.LOCKED)
    gate = _gate(user.failed_logins, user.last_failed_login_at, now)
    if gate:
        return gate
    if user.is_active and user.check_password(passphrase.normalise(given)):
        User.objects.filter(id=user.id).update(failed_logins=0, last_failed_login_at=None)
        return SignInResult(SignInOutcome.OK, user=user)
    return _count_failure(user, now)


def check_confirm_passphrase(user: User, given: str) -> SignInResult:
    """Re-check the signed-in person's passphrase (before a sensitive step), with delays."""
    now = timezone.now()
    gate = _gate(user.failed_logins, user.last_failed_login_at, now)
    if gate:
        return gate
    if user.check_password(passphrase.normalise(given)):
        return SignInResult(SignInOutcome.OK, user=user)
    return _count_failure(user, now)


def check_second_factor_sign_in(user: User, code: str) -> SignInResult:
    """Check a second-factor code under the same delays and hard stop as passphrases."""
    now = timezone.now()
    if user.locked_at:
        return SignInResult(SignInOutcome.LOCKED)
    gate = _gate(user.failed_logins, user.last_failed_login_at, now)
    if gate:
        return gate
    if check_second_factor_code(user, code):
        User.objects.filter(id=user.id).update(failed_logins=0, last_failed_login_at=None)
        return SignInResult(SignInOutcome.OK, user=user)
    return _count_failure(user, now)


def do_start_session(
    request: HttpRequest, user: User, *, shared_device: bool, two_factor_verified: bool
) -> AccountSession:
    """Sign `user` in on this browser and record the session so it can be listed and revoked."""
    with transaction.atomic():  # a staff session exists only with its audit entry
        account_session = AccountSession.objects.create(
            user=user,
            kind=AccountSession.Kind.SHARED if shared_device else AccountSession.Kind.STANDARD,
            device_label=devices.label(request.META.get("HTTP_USER_AGENT", "")),
            two_factor_verified=two_factor_verified,
        )
        if user.is_staff_role:
            _audit(
                user, "staff.sign_in", "session", account_session.id, two_factor=two_factor_verified
            )
    login(request, user, backend="hearth.accounts.backends.PseudonymBackend")
    request.session[SESSION_KEY] = str(account_session.id)
    request.session[REAUTH_KEY] = timezone.now().timestamp()
    request.session.pop(PENDING_2FA_KEY, None)
    if shared_device:
        # Cookie without an expiry: the browser forgets it when it closes.
        request.session.set_expiry(0)
    request.account_session = account_session  # type: ignore[attr-defined]
    return account_session


def recently_proven(request: HttpRequest) -> bool:
    """Return True if the passphrase was proven in this session within the last minutes."""
    at = request.session.get(REAUTH_KEY)
    return at is not None and timezone.now().timestamp() - float(at) < REAUTH_WINDOW


def do_mark_proven(request: HttpRequest) -> None:
    request.session[REAUTH_KEY] = timezone.now().timestamp()


def do_touch_session(account_session: AccountSession, now: datetime) -> None:
    """Record activity on a session (callers throttle this to about once a minute)."""
    AccountSession.objects.filter(id=account_session.id).update(last_seen_at=now)
    account_session.last_seen_at = now


def do_set_preferences(user: User, *, discreet_mode: bool) -> None:
    """Save the person's display preferences."""
    User.objects.filter(id=user.id).update(discreet_mode=discreet_mode)
    user.discreet_mode = discreet_mode


def do_set_crisis_region(user: User, region: str) -> None:
    """Save the region whose crisis helplines the member sees ("" clears it).

    Raise ValidationError, changing nothing, unless `region` is "" or one of REGIONS.
    """
    if region and not is_region(region):
        raise ValidationError(_("Please choose one of the places in the list."), code="region")
    User.objects.filter(id=user.id).update(crisis_region=region)
    user.crisis_region = region


def do_add_passkey(
    user: User,
    credential_id: bytes,
    public_key: bytes,
    sign_count: int,
    label: str,
    keep: AccountSession | None = None,
) -> Passkey | None:
    """Register a passkey; return None if that credential is already registered."""
    passkey = Passkey(
        user=user,
        credential_id=credential_id,
        credential_id_hash=hashlib.sha256(credential_id).hexdigest(),
        public_key=public_key,
        sign_count=sign_count,
    )
    passkey.label = label
    with transaction.atomic():  # the passkey, the ended sessions and the audit entry together
        try:
            with transaction.atomic():
                passkey.save()
        except IntegrityError:
            return None
        do_end_other_sessions(user, keep, "two_factor_changed")
        _audit(user, "account.passkey_added", "passkey", passkey.id)
    return passkey


def do_use_passkey(passkey: Passkey, new_sign_count: int) -> None:
    """Record a successful passkey assertion (the counter guards against cloned keys)."""
    Passkey.objects.filter(id=passkey.id).update(
        sign_count=new_sign_count, last_used_at=timezone.now()
    )


def do_mark_two_factor_verified(account_session: AccountSession) -> None:
    """Record that this session has passed its second factor."""
    AccountSession.objects.filter(id=account_session.id).update(two_factor_verified=True)
    account_session.two_factor_verified = True


def do_end_session(account_session: AccountSession, reason: str) -> None:
    """End a session everywhere: its cookie stops working and its sockets close."""
    with transaction.atomic():
        updated = AccountSession.objects.filter(
            id=account_session.id, ended_at__isnull=True
        ).update(ended_at=timezone.now(), end_reason=reason)
        ApiToken.objects.filter(session_id=account_session.id).delete()
        if updated:
            send_event_on_commit([session_group(account_session.id)], {"type": "session.ended"})


def do_sign_out(request: HttpRequest, reason: str = "signed_out") -> None:
    """End the current session and forget it in this browser."""
    account_session = getattr(request, "account_session", None)
    if account_session is not None:
        do_end_session(account_session, reason)
    logout(request)


def check_revoke_session(actor: User, account_session: AccountSession) -> None:
    """End one of the actor's own sessions (access already checked)."""
    with transaction.atomic():
        do_end_session(account_session, "revoked")
        if actor.is_staff_role:
            _audit(actor, "staff.session_revoked", "session", account_session.id)


def check_end_all_sessions(actor: User, person: User) -> int:
    """An admin signs someone out everywhere (e.g. a lost phone); return how many ended."""
    if actor.role != User.Role.ADMIN or actor.organisation_id != person.organisation_id:
        raise ValidationError({"person": [_("You cannot sign this person out.")]})
    live = list(AccountSession.objects.filter(user=person, ended_at__isnull=True))
    with transaction.atomic():
        for account_session in live:
            do_end_session(account_session, "admin_revoked")
        _audit(actor, "org.sessions_ended", "user", person.id, sessions=len(live))
    return len(live)


def do_end_other_sessions(user: User, keep: AccountSession | None, reason: str) -> None:
    """End every live session of `user` except `keep`."""
    for other in AccountSession.objects.filter(user=user, ended_at__isnull=True):
        if keep is None or other.id != keep.id:
            do_end_session(other, reason)


# --- TOTP ---------------------------------------------------------------------------------------


def _totp_key(device: TotpDevice) -> bytes:
    return base64.b32decode(device.secret)


def do_begin_totp(user: User) -> TotpDevice:
    """Create (or replace an unconfirmed) TOTP device with a new secret."""
    TotpDevice.objects.filter(user=user, confirmed=False).delete()
    device = TotpDevice(user=user)
    device.secret = base64.b32encode(secrets.token_bytes(20)).decode()
    device.save()
    return device


def verify_totp(device: TotpDevice, code: str) -> bool:
    """Return True for a current code that was never used before (no replay)."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return False
    now = int(timezone.now().timestamp())
    key = _totp_key(device)
    for drift in (0, -1, 1):
        if f"{hotp(key, now // 30 + drift):06d}" == code:
            counter = now // 30 + drift
            # Conditional update: two requests with the same code cannot both succeed.
            return (
                TotpDevice.objects.filter(id=device.id, last_counter__lt=counter).update(
                    last_counter=counter
                )
                == 1
            )
    return False


def check_confirm_totp(user: User, code: str, keep: AccountSession | None = None) -> bool:
    """Confirm the pending TOTP device with a first code; return False if the code is wrong."""
    device = TotpDevice.objects.filter(user=user).first()
    if device is None or not verify_totp(device, code):
        return False
    with transaction.atomic():
        TotpDevice.objects.filter(id=device.id).update(confirmed=True)
        # A new second factor ends every other session: whoever else was signed in must prove it.
        do_end_other_sessions(user, keep, "two_factor_changed")
        _audit(user, "account.totp_enabled")
    return True


def has_second_factor(user: User) -> bool:
    """Return True if the account has a confirmed TOTP device or a passkey."""
    return TotpDevice.objects.filter(user=user, confirmed=True).exists() or user.passkeys.exists()


def check_second_factor_code(user: User, code: str) -> bool:
    """Accept a TOTP code or an unused recovery code as the second factor."""
    device = TotpDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None and verify_totp(device, code):
        return True
    return "-" in code and use_recovery_code(user, code)


def check_remove_totp(user: User, keep: AccountSession | None = None) -> bool:
    """Remove TOTP unless it is a staff member's only second factor."""
    if user.is_staff_role and not user.passkeys.exists():
        return False
    with transaction.atomic():
        TotpDevice.objects.filter(user=user).delete()
        do_end_other_sessions(user, keep, "two_factor_changed")
        _audit(user, "account.totp_removed")
    return True


# --- Passphrase change, recovery and reset links --------------------------------------------------


def check_change_passphrase(
    user: User, current: str, new_passphrase: str, repeat: str, keep: AccountSession | None
) -> None:
    """Change the passphrase after checking the current one (guesses are delayed and counted
    like sign-in attempts); other sessions end."""
    result = check_confirm_passphrase(user, current)
    if result.outcome is SignInOutcome.WAIT:
        raise ValidationError(
            {
                "current": [
                    ngettext(
                        "Please wait %(n)d second and try again.",
                        "Please wait %(n)d seconds and try again.",
                        result.wait_seconds,
                    )
                    % {"n": result.wait_seconds}
                ]
            }
        )
    if result.outcome is not SignInOutcome.OK:
        raise ValidationError({"current": [_("That is not your current passphrase.")]})
    do_set_passphrase(user, new_passphrase, repeat, keep=keep)


def do_set_passphrase(
    user: User, new_passphrase: str, repeat: str, *, keep: AccountSession | None
) -> None:
    """Validate and set a new passphrase, unlock the account and end other sessions."""
    found = passphrase.problems(new_passphrase, pseudonym=user.pseudonym)
    if found:
        raise ValidationError({"passphrase": found})
    if passphrase.normalise(new_passphrase) != passphrase.normalise(repeat):
        raise ValidationError({"repeat": [_("The two passphrases are not the same.")]})
    with transaction.atomic():
        user.set_password(passphrase.normalise(new_passphrase))
        user.failed_logins = 0
        user.locked_at = None
        user.save(update_fields=["password", "failed_logins", "locked_at"])
        do_end_other_sessions(user, keep, "passphrase_changed")


def check_recover(pseudonym: str, code: str, new_passphrase: str, repeat: str) -> User:
    """Let someone who forgot their passphrase set a new one with a recovery code."""
    token = pseudonyms.token(pseudonym) if not pseudonyms.problems(pseudonym) else None
    user = User.objects.filter(pseudonym_token=token, is_active=True).first() if token else None
    generic = ValidationError({"code": [_("That pseudonym and recovery code do not match.")]})
    if user is None:
        raise generic
    with transaction.atomic():
        if not use_recovery_code(user, code):
            raise generic
        do_set_passphrase(user, new_passphrase, repeat, keep=None)
    return user


def _reset_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def check_issue_reset_link(actor: User, member: User) -> str:
    """Create a one-time reset link token for a member (access already checked); audit it."""
    raw = secrets.token_urlsafe(32)  # 256 bits
    with transaction.atomic():
        ResetLink.objects.filter(user=member, used_at__isnull=True).update(used_at=timezone.now())
        link = ResetLink.objects.create(
            user=member,
            token_hash=_reset_hash(raw),
            issued_by=actor,
            expires_at=timezone.now() + RESET_LINK_LIFETIME,
        )
        _audit(actor, "staff.reset_link_issued", "user", member.id, link=str(link.id))
    return raw


def find_reset_link(raw: str) -> ResetLink | None:
    """Return the unused, unexpired reset link for a token, or None."""
    if not raw or len(raw) > 100:
        return None
    return (
        ResetLink.objects.select_related("user")
        .filter(token_hash=_reset_hash(raw), used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )


def check_redeem_reset_link(link_id: str, new_passphrase: str, repeat: str) -> User:
    """Spend a reset link and set the passphrase; raise ValidationError if it is gone."""
    with transaction.atomic():
        spent = ResetLink.objects.filter(
            id=link_id, used_at__isnull=True, expires_at__gt=timezone.now()
        ).update(used_at=timezone.now())
        if spent != 1:
            raise ValidationError({"link": [_("This reset link has expired or was already used.")]})
        link = ResetLink.objects.select_related("user").get(id=link_id)
        do_set_passphrase(link.user, new_passphrase, repeat, keep=None)
        _audit(link.user, "account.reset_link_used", link=str(link.id))
    return link.user


# --- API tokens ---------------------------------------------------------------------------------


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass
class IssuedToken:
    token: str
    session: AccountSession


def do_issue_api_token(user: User, device_label: str, *, two_factor_verified: bool) -> IssuedToken:
    """Create an app session with a bearer token (returned once, stored hashed)."""
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        account_session = AccountSession.objects.create(
            user=user,
            kind=AccountSession.Kind.API,
            device_label=device_label[:60],
            two_factor_verified=two_factor_verified,
        )
        ApiToken.objects.create(session=account_session, token_hash=token_hash(raw))
    return IssuedToken(token=raw, session=account_session)
