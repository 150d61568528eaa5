from datetime import timedelta

import pytest
from django.utils import timezone

from hearth.accounts import actions
from hearth.accounts.actions import SignInOutcome, check_passphrase_sign_in
from hearth.accounts.models import UnknownPseudonymFailures, User
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
    from hearth.accounts import pseudonyms

    for _ in range(3):
        assert (
            check_passphrase_sign_in("ghost-name", "whatever whatever").outcome
            is SignInOutcome.FAILED
        )
    assert check_passphrase_sign_in("ghost-name", "whatever whatever").outcome is SignInOutcome.WAIT
    # The count is kept by blind token only: the pseudonym itself is nowhere.
    row = UnknownPseudonymFailures.objects.get()
    assert row.token == pseudonyms.token("ghost-name") and row.failures == 3
    UnknownPseudonymFailures.objects.update(
        failures=99, last_failed_at=timezone.now() - timedelta(hours=1)
    )
    assert (
        check_passphrase_sign_in("ghost-name", "whatever whatever").outcome is SignInOutcome.LOCKED
    )
    assert check_passphrase_sign_in("ghost-name", PASSPHRASE).outcome is SignInOutcome.LOCKED


def _fail_four_times_then_wait_a_day(name):
    for _ in range(4):
        check_passphrase_sign_in(name, "whatever whatever")
        # Step past each delay, as a patient prober would.
        User.objects.update(last_failed_login_at=timezone.now() - timedelta(hours=1))
        UnknownPseudonymFailures.objects.update(last_failed_at=timezone.now() - timedelta(hours=1))
    day = timezone.now() - timedelta(days=2)
    User.objects.update(last_failed_login_at=day)
    UnknownPseudonymFailures.objects.update(last_failed_at=day)
    return [check_passphrase_sign_in(name, "whatever whatever").outcome for _ in range(2)]


def test_a_prober_who_waits_a_day_hears_the_same_for_real_and_unknown_pseudonyms(cast):
    # Four failures, a day's wait, two quick tries: the count outlives the wait either way,
    # so the second try is told to wait whether or not the pseudonym exists.
    assert _fail_four_times_then_wait_a_day("alice") == [SignInOutcome.FAILED, SignInOutcome.WAIT]
    assert _fail_four_times_then_wait_a_day("ghost-name") == [
        SignInOutcome.FAILED,
        SignInOutcome.WAIT,
    ]


def test_failures_counted_before_a_pseudonym_was_taken_do_not_follow_its_new_holder(cast):
    for _ in range(3):
        check_passphrase_sign_in("later-member", "whatever whatever")
    assert UnknownPseudonymFailures.objects.count() == 1
    actions.do_create_user(cast.organisation, "later-member", PASSPHRASE)
    assert not UnknownPseudonymFailures.objects.exists()
    assert check_passphrase_sign_in("later-member", PASSPHRASE).outcome is SignInOutcome.OK


def test_wrong_second_factor_codes_count_towards_the_same_limits(cast):
    for _ in range(3):
        assert (
            actions.check_second_factor_sign_in(cast.alice, "000000").outcome
            is SignInOutcome.FAILED
        )
    assert actions.check_second_factor_sign_in(cast.alice, "000000").outcome is SignInOutcome.WAIT
    assert User.objects.get(id=cast.alice.id).failed_logins == 3
