import base64
import time

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_otp.oath import hotp

from hearth.accounts import actions
from hearth.accounts.models import RecoveryCode, ResetLink, User
from hearth.audit.models import AuditEntry
from hearth.lib.testing.cast import PASSPHRASE

pytestmark = pytest.mark.django_db

NEW = "lanterns drifting over the harbour"


def _code(device, offset=0):
    return f"{hotp(base64.b32decode(device.secret), int(time.time()) // 30 + offset):06d}"


def test_sign_up_creates_a_member_with_ten_hashed_recovery_codes(cast):
    user, codes = actions.check_sign_up(cast.organisation, "  New   Person ", NEW, NEW, "es")
    assert user.pseudonym == "New Person" and user.role == "member" and user.language == "es"
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = RecoveryCode.objects.filter(user=user)
    assert stored.count() == 10
    assert all(code not in r.code_hash for r in stored for code in codes)


def test_sign_up_refuses_a_taken_pseudonym_case_insensitively(cast):
    with pytest.raises(ValidationError) as error:
        actions.check_sign_up(cast.organisation, "ALICE", NEW, NEW, "en")
    assert "taken" in str(error.value.message_dict["pseudonym"])


def test_sign_up_refuses_bad_input_and_changes_nothing(cast):
    before = User.objects.count()
    for pseudonym, phrase, repeat in [
        ("ab", NEW, NEW),
        ("ok name", "short", "short"),
        ("ok name", NEW, NEW + "x"),
        ("bad\u202ename", NEW, NEW),
    ]:
        with pytest.raises(ValidationError):
            actions.check_sign_up(cast.organisation, pseudonym, phrase, repeat, "en")
    assert User.objects.count() == before


def test_recovery_codes_work_once(cast):
    codes = actions.do_generate_recovery_codes(cast.alice)
    assert actions.use_recovery_code(cast.alice, codes[0].upper())
    assert not actions.use_recovery_code(cast.alice, codes[0])
    assert not actions.use_recovery_code(cast.bob, codes[1])


def test_totp_codes_verify_once_and_never_replay(cast):
    device = actions.do_begin_totp(cast.alice)
    assert actions.check_confirm_totp(cast.alice, _code(device))
    device.refresh_from_db()
    code = _code(device, 1)
    assert actions.check_second_factor_code(cast.alice, code)
    assert not actions.check_second_factor_code(cast.alice, code)
    assert not actions.check_second_factor_code(cast.alice, "000000")


def test_totp_secret_is_sealed_at_rest(cast):
    from django.db import connection

    device = actions.do_begin_totp(cast.alice)
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM accounts_totpdevice")
        raw = bytes(cursor.fetchone()[0])
    assert device.secret.encode() not in raw


def test_staff_cannot_remove_their_only_second_factor(cast):
    device = actions.do_begin_totp(cast.fran)
    actions.check_confirm_totp(cast.fran, _code(device))
    assert not actions.check_remove_totp(cast.fran)
    device = actions.do_begin_totp(cast.alice)
    actions.check_confirm_totp(cast.alice, _code(device))
    assert actions.check_remove_totp(cast.alice)


def test_reset_link_is_long_single_use_expiring_and_audited(cast):
    raw = actions.check_issue_reset_link(cast.fran, cast.alice)
    assert len(raw) >= 43  # 256 bits in URL-safe base64
    link = actions.find_reset_link(raw)
    assert link is not None and raw not in link.token_hash
    assert AuditEntry.objects.filter(
        action="staff.reset_link_issued", actor_id=cast.fran.id
    ).exists()
    user = actions.check_redeem_reset_link(str(link.id), NEW, NEW)
    assert user == cast.alice and user.check_password(NEW)
    assert actions.find_reset_link(raw) is None
    with pytest.raises(ValidationError):
        actions.check_redeem_reset_link(str(link.id), NEW, NEW)


def test_expired_or_forged_reset_links_are_refused(cast):
    raw = actions.check_issue_reset_link(cast.fran, cast.alice)
    ResetLink.objects.update(expires_at=timezone.now())
    assert actions.find_reset_link(raw) is None
    assert actions.find_reset_link("forged-token") is None
    assert actions.find_reset_link("x" * 500) is None


def test_issuing_a_new_reset_link_cancels_the_previous_one(cast):
    first = actions.check_issue_reset_link(cast.fran, cast.alice)
    actions.check_issue_reset_link(cast.fran, cast.alice)
    assert actions.find_reset_link(first) is None


def test_changing_passphrase_checks_the_current_one_and_ends_other_sessions(cast, client):
    from hearth.lib.testing.cast import sign_in

    keep = sign_in(client, cast.alice)
    other = sign_in(client, cast.alice)
    with pytest.raises(ValidationError):
        actions.check_change_passphrase(cast.alice, "wrong one", NEW, NEW, keep)
    actions.check_change_passphrase(cast.alice, PASSPHRASE, NEW, NEW, keep)
    other.refresh_from_db()
    keep.refresh_from_db()
    assert other.ended_at is not None and keep.ended_at is None
