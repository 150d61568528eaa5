"""SECURITY-CHECKLIST A1/A3/A5/A6: length in code points, no truncation, NFKC, case, Argon2id,
legacy upgrade, no enumeration by timing, fresh session key at sign-in."""

import statistics
import time

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.test import Client
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from hearth.accounts.actions import SignInOutcome, check_passphrase_sign_in, do_create_user
from hearth.accounts.models import UnknownPseudonymFailures, User
from hearth.accounts.passphrase import problems
from hearth.lib.testing.cast import PASSPHRASE

pytestmark = pytest.mark.django_db


def test_length_counts_code_points_including_emoji():
    assert problems("🌻🌼🌷🌹🌺🌸💐🍀🌿🌱🌲🌳🌴🌵") != []  # 14
    assert problems("🌻🌼🌷🌹🌺🌸💐🍀🌿🌱🌲🌳🌴🌵🌾") == []  # 15


@given(
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]),
        min_size=15,
        max_size=200,
    )
)
@hsettings(max_examples=40, deadline=None)
def test_any_long_phrase_is_judged_on_the_whole_not_a_prefix(phrase):
    # Whatever the verdict, it never fails with an error and never depends on truncation.
    assert isinstance(problems(phrase), list)


def test_a_200_character_passphrase_is_never_truncated(cast):
    org = cast.organisation
    long_phrase = "".join(f"word{i} " for i in range(30))[:200]
    user = do_create_user(org, "longphrase", long_phrase)
    assert check_passphrase_sign_in("longphrase", long_phrase).outcome is SignInOutcome.OK
    flipped = long_phrase[:150] + ("X" if long_phrase[150] != "X" else "Y") + long_phrase[151:]
    assert check_passphrase_sign_in("longphrase", flipped).outcome is SignInOutcome.FAILED
    assert user.password.startswith("argon2$argon2id$")


def test_nfkc_equivalents_sign_in_and_case_matters(cast):
    do_create_user(cast.organisation, "nfkcperson", "ｆｕｌｌｗｉｄｔｈ letters in here")
    assert (
        check_passphrase_sign_in("nfkcperson", "fullwidth letters in here").outcome
        is SignInOutcome.OK
    )
    assert (
        check_passphrase_sign_in("nfkcperson", "FULLWIDTH letters in here").outcome
        is SignInOutcome.FAILED
    )


def test_argon2id_is_first_and_legacy_hashes_are_upgraded(cast):
    from hearth import settings as hearth_settings

    assert hearth_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    User.objects.filter(id=cast.bob.id).update(
        password=make_password(PASSPHRASE, hasher="pbkdf2_sha256")
    )
    assert check_passphrase_sign_in("bob", PASSPHRASE).outcome is SignInOutcome.OK
    assert User.objects.get(id=cast.bob.id).password.startswith("argon2$argon2id$")


def test_unknown_and_known_pseudonyms_take_about_the_same_time(cast, settings, monkeypatch):
    # Production Argon2 parameters: the hash dominates, as it does for a real attacker.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    do_create_user(cast.organisation, "timedperson", PASSPHRASE)
    from django.contrib.auth.hashers import Argon2PasswordHasher
    from django.core.cache import cache

    verified = []
    real_verify = Argon2PasswordHasher.verify

    def counting_verify(self, password, encoded):
        verified.append(encoded)
        return real_verify(self, password, encoded)

    monkeypatch.setattr(Argon2PasswordHasher, "verify", counting_verify)

    def attempt(name):
        verified.clear()
        start = time.perf_counter()
        check_passphrase_sign_in(name, "not the passphrase at all")
        took = time.perf_counter() - start
        # The same work either way: one Argon2 verification, whoever was asked for.
        assert len(verified) == 1, name
        # Reset the counters so growing delays do not cut later attempts short.
        User.objects.update(failed_logins=0, last_failed_login_at=None)
        UnknownPseudonymFailures.objects.all().delete()
        cache.clear()
        return took

    # Interleaved, so a noisy neighbour slows both sides alike rather than one block.
    known, unknown = [], []
    for _ in range(9):
        known.append(attempt("timedperson"))
        unknown.append(attempt("nobody-like-this"))
    known_median, unknown_median = statistics.median(known), statistics.median(unknown)
    assert abs(known_median - unknown_median) / max(known_median, unknown_median) < 0.15


def test_signing_in_gives_a_new_session_key(cast):
    browser = Client()
    browser.get("/account/sign-in/")
    browser.session.save()
    before = browser.session.session_key
    browser.post("/account/sign-in/", {"pseudonym": "alice", "passphrase": PASSPHRASE})
    assert browser.session.session_key != before
    stale = Client()
    stale.cookies[settings.SESSION_COOKIE_NAME] = before
    assert stale.get("/account/")["Location"].startswith("/account/sign-in/")


def test_production_cookies_use_host_prefix_and_flags(cast, settings):
    settings.SESSION_COOKIE_NAME = "__Host-hearth"
    settings.SESSION_COOKIE_SECURE = True
    browser = Client()
    response = browser.post(
        "/account/sign-in/", {"pseudonym": "alice", "passphrase": PASSPHRASE}, secure=True
    )
    cookie = response.cookies["__Host-hearth"]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["path"] == "/" and not cookie["domain"]
