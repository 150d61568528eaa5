"""An audited account change and its audit entry commit together, or neither does.

Each test makes the audit write fail and checks that the change it records was rolled back.
"""

import base64
import time

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import RequestFactory
from django.utils import timezone
from django_otp.oath import hotp

from hearth.accounts import actions
from hearth.accounts.models import AccountSession, Passkey, TotpDevice, User

pytestmark = pytest.mark.django_db


class AuditDown(Exception):
    pass


@pytest.fixture
def audit_fails(monkeypatch):
    def fail(*args, **kwargs):
        raise AuditDown

    monkeypatch.setattr(actions, "record", fail)


def _code(device):
    return f"{hotp(base64.b32decode(device.secret), int(time.time()) // 30):06d}"


def test_a_confirmed_authenticator_needs_its_audit_entry(cast, audit_fails):
    device = actions.do_begin_totp(cast.alice)
    with pytest.raises(AuditDown):
        actions.check_confirm_totp(cast.alice, _code(device))
    assert not TotpDevice.objects.get(id=device.id).confirmed


def test_a_removed_authenticator_needs_its_audit_entry(cast, request):
    device = actions.do_begin_totp(cast.alice)
    assert actions.check_confirm_totp(cast.alice, _code(device))
    request.getfixturevalue("audit_fails")
    with pytest.raises(AuditDown):
        actions.check_remove_totp(cast.alice)
    assert TotpDevice.objects.filter(id=device.id, confirmed=True).exists()


def test_a_revoked_staff_session_needs_its_audit_entry(cast, audit_fails):
    account_session = AccountSession.objects.create(user=cast.fran, device_label="Firefox")
    with pytest.raises(AuditDown):
        actions.check_revoke_session(cast.fran, account_session)
    assert AccountSession.objects.get(id=account_session.id).ended_at is None


def test_a_lock_at_the_hard_stop_needs_its_audit_entry(cast, settings, audit_fails):
    User.objects.filter(id=cast.alice.id).update(failed_logins=settings.HEARTH_LOGIN_HARD_STOP - 1)
    with pytest.raises(AuditDown):
        actions._count_failure(cast.alice, timezone.now())
    assert User.objects.get(id=cast.alice.id).locked_at is None


def test_a_new_passkey_needs_its_audit_entry(cast, audit_fails):
    with pytest.raises(AuditDown):
        actions.do_add_passkey(cast.alice, b"credential-1", b"public-key", 0, "Phone")
    assert not Passkey.objects.filter(user=cast.alice).exists()


def test_a_staff_session_needs_its_audit_entry(cast, audit_fails):
    request = RequestFactory().post("/account/sign-in/", HTTP_USER_AGENT="Firefox")
    SessionMiddleware(lambda r: None).process_request(request)
    with pytest.raises(AuditDown):
        actions.do_start_session(request, cast.fran, shared_device=False, two_factor_verified=True)
    assert not AccountSession.objects.filter(user=cast.fran).exists()
