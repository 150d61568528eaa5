from datetime import timedelta

import pytest
from django.utils import timezone

from hearth.accounts import actions
from hearth.accounts.actions import SignInOutcome, check_passphrase_sign_in
from hearth.accounts.models import User
from hearth.audit.models import AuditEntry
from hearth.lib.testing.cast import PASSPHRASE

pytestmark = pytest.mark.django_db


def test_right_passphrase_signs_in_and_resets_failures(cast):
    User.objects.filter(id=cast.alice.id).update(failed_logins=2)
    result = check_passphrase_sign_in("Alice", PASSPHRASE)
    assert result.outcome is SignInOutcome.OK and result.user == cast.alice
    assert User.objects.get(id=cast.alice.id).failed_logins == 0


def test_unknown_pseudonym_and_wrong_passphrase_answer_alike(cast):
    unknown = check_passphrase_sign_in("nobody-here", PASSPHRASE)
    wrong = check_passphrase_sign_in("alice", "wrong passphrase entirely")
    assert unknown.outcome is wrong.outcome is SignInOutcome.FAILED
    assert unknown.user is None and wrong.user is None


def test_delays_grow_after_three_failures(cast):
    for _ in range(3):
        assert check_passphrase_sign_in("alice", "nope nope nope").outcome is SignInOutcome.FAILED
    # After 3 failures the next try waits, even with the right passphrase.
    waiting = check_passphrase_sign_in("alice", PASSPHRASE)
    assert waiting.outcome is SignInOutcome.WAIT and waiting.wait_seconds >= 1
    User.objects.filter(id=cast.alice.id).update(
        failed_logins=8, last_failed_login_at=timezone.now() - timedelta(seconds=5)
    )
    # 8 failures: 32 seconds.
    assert check_passphrase_sign_in("alice", PASSPHRASE).wait_seconds > 20
    User.objects.filter(id=cast.alice.id).update(
        last_failed_login_at=timezone.now() - timedelta(seconds=40)
    )
    assert check_passphrase_sign_in("alice", PASSPHRASE).outcome is SignInOutcome.OK


def test_hard_stop_at_one_hundred_failures_locks_the_account(cast, settings):
    User.objects.filter(id=cast.alice.id).update(failed_logins=99, last_failed_login_at=None)
    assert check_passphrase_sign_in("alice", "nope nope nope").outcome is SignInOutcome.LOCKED
    assert check_passphrase_sign_in("alice", PASSPHRASE).outcome is SignInOutcome.LOCKED
    assert User.objects.get(id=cast.alice.id).locked_at is not None
    assert AuditEntry.objects.filter(action="account.locked", target_id=str(cast.alice.id)).exists()


def test_recovery_code_unlocks_a_locked_account(cast):
    codes = actions.do_generate_recovery_codes(cast.alice)
    User.objects.filter(id=cast.alice.id).update(failed_logins=100, locked_at=timezone.now())
    actions.check_recover(
        "alice", codes[0], "new words for a calmer day", "new words for a calmer day"
    )
    assert (
        check_passphrase_sign_in("alice", "new words for a calmer day").outcome is SignInOutcome.OK
    )


def test_unknown_pseudonyms_are_delayed_and_stopped_like_real_ones(cast):
    from django.core.cache import cache

    from hearth.accounts import pseudonyms

    for _ in range(3):
        assert (
            check_passphrase_sign_in("ghost-name", "whatever whatever").outcome
            is SignInOutcome.FAILED
        )
    assert check_passphrase_sign_in("ghost-name", "whatever whatever").outcome is SignInOutcome.WAIT
    key = f"signin:unknown:{pseudonyms.token('ghost-name')}"
    cache.set(key, (99, timezone.now() - timedelta(hours=1)))
    assert (
        check_passphrase_sign_in("ghost-name", "whatever whatever").outcome is SignInOutcome.LOCKED
    )
    assert check_passphrase_sign_in("ghost-name", PASSPHRASE).outcome is SignInOutcome.LOCKED


def test_wrong_second_factor_codes_count_towards_the_same_limits(cast):
    for _ in range(3):
        assert (
            actions.check_second_factor_sign_in(cast.alice, "000000").outcome
            is SignInOutcome.FAILED
        )
    assert actions.check_second_factor_sign_in(cast.alice, "000000").outcome is SignInOutcome.WAIT
    assert User.objects.get(id=cast.alice.id).failed_logins == 3
