import base64
import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import hotp

from hearth.accounts import actions
from hearth.accounts.models import AccountSession, User
from hearth.lib.testing.cast import PASSPHRASE

pytestmark = pytest.mark.django_db
NEW = "lanterns drifting over the harbour"


def _sign_in(client, pseudonym, phrase=PASSPHRASE, headers=None, **extra):
    data = {"pseudonym": pseudonym, "passphrase": phrase, **extra}
    return client.post(reverse("accounts:sign_in"), data, headers=headers or {})


def _code(user):
    return f"{hotp(base64.b32decode(user.totp.secret), int(time.time()) // 30):06d}"


def test_sign_up_page_creates_account_and_shows_recovery_codes_once(client, cast):
    response = client.post(
        reverse("accounts:sign_up"),
        {"pseudonym": "willow", "passphrase": NEW, "repeat": NEW, "understood": "on"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and body.count("<code>") == 10
    # The codes are nowhere to be seen again, and not kept in the session.
    assert "<code>" not in client.get(reverse("accounts:recovery_codes")).content.decode()
    from django.contrib.sessions.models import Session

    codes = [c.split("</code>")[0] for c in body.split("<code>")[1:]]
    assert all(code not in str(s.get_decoded()) for s in Session.objects.all() for code in codes)


def test_new_recovery_codes_need_the_passphrase(client, cast):
    from hearth.lib.testing.cast import sign_in

    sign_in(client, cast.alice)
    refused = client.post(reverse("accounts:recovery_codes"), {"current": "not it at all, sorry"})
    assert refused.status_code == 400 and "<code>" not in refused.content.decode()
    made = client.post(reverse("accounts:recovery_codes"), {"current": PASSPHRASE})
    assert made.content.decode().count("<code>") == 10


def test_sign_up_with_bad_input_keeps_the_pseudonym_and_explains(client, cast):
    response = client.post(
        reverse("accounts:sign_up"),
        {
            "pseudonym": "willow",
            "passphrase": "password password",
            "repeat": "password password",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert 'value="willow"' in body and "There is a problem" in body and "tick the box" in body
    assert (
        not User.objects.filter(pseudonym_token__isnull=False)
        .exclude(organisation__in=[cast.organisation, cast.other_organisation])
        .exists()
    )
    assert User.objects.count() == len(cast.everyone())


def test_member_signs_in_and_gets_a_listed_session(client, cast):
    response = _sign_in(
        client, "alice", headers={"user-agent": "Mozilla/5.0 (Linux; Android 14) Chrome/130 Mobile"}
    )
    assert response.status_code == 302
    s = AccountSession.objects.get(user=cast.alice)
    assert s.device_label == "Chrome on Android" and s.kind == "standard"
    assert "alice" in client.get("/").content.decode()


def test_wrong_and_unknown_sign_ins_get_the_same_page(client, cast):
    wrong = _sign_in(client, "alice", "not the right words at all")
    unknown = _sign_in(client, "nobody-at-all", "not the right words at all")
    assert wrong.status_code == unknown.status_code == 400
    strip = lambda r: r.content.decode().replace("alice", "X").replace("nobody-at-all", "X")  # noqa: E731
    import re

    nonce = re.compile(r'nonce="[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"')
    assert nonce.sub("", strip(wrong)) == nonce.sub("", strip(unknown))


def test_shared_device_session_cookie_ends_with_the_browser(client, cast):
    _sign_in(client, "alice", shared_device="on")
    cookie = client.cookies["hearth"]
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert AccountSession.objects.get(user=cast.alice).kind == "shared"


def test_member_with_totp_must_pass_the_second_step(client, cast):
    device = actions.do_begin_totp(cast.alice)
    actions.check_confirm_totp(
        cast.alice, f"{hotp(base64.b32decode(device.secret), int(time.time()) // 30 - 1):06d}"
    )
    response = _sign_in(client, "alice")
    assert response["Location"] == reverse("accounts:sign_in_verify")
    assert client.get("/").status_code == 200 and "Welcome" in client.get("/").content.decode()
    bad = client.post(reverse("accounts:sign_in_verify"), {"code": "123456"})
    assert bad.status_code == 400
    cast.alice.refresh_from_db()
    ok = client.post(reverse("accounts:sign_in_verify"), {"code": _code(cast.alice)})
    assert ok.status_code == 302
    assert AccountSession.objects.get(user=cast.alice).two_factor_verified


def test_second_step_gives_up_after_five_wrong_codes(client, cast):
    device = actions.do_begin_totp(cast.alice)
    actions.check_confirm_totp(
        cast.alice, f"{hotp(base64.b32decode(device.secret), int(time.time()) // 30 - 1):06d}"
    )
    _sign_in(client, "alice")
    for _ in range(4):
        client.post(reverse("accounts:sign_in_verify"), {"code": "000000"})
    last = client.post(reverse("accounts:sign_in_verify"), {"code": "000000"})
    assert last["Location"] == reverse("accounts:sign_in")
    assert client.post(reverse("accounts:sign_in_verify"), {"code": _code(cast.alice)})[
        "Location"
    ] == reverse("accounts:sign_in")


def test_new_staff_must_enrol_two_factor_before_anything_else(client, cast):
    _sign_in(client, "fran")
    assert client.get("/").status_code == 302
    assert client.get("/")["Location"] == reverse("accounts:two_factor")
    page = client.get(reverse("accounts:two_factor"))
    assert page.status_code == 200 and "data-totp-secret" in page.content.decode()
    fran = User.objects.get(id=cast.fran.id)
    code = f"{hotp(base64.b32decode(fran.totp.secret), int(time.time()) // 30):06d}"
    assert client.post(reverse("accounts:two_factor"), {"code": code}).status_code == 302
    assert client.get("/").status_code == 200


def test_enrolled_staff_sign_in_needs_the_code(client, cast):
    device = actions.do_begin_totp(cast.fran)
    actions.check_confirm_totp(
        cast.fran, f"{hotp(base64.b32decode(device.secret), int(time.time()) // 30 - 1):06d}"
    )
    assert _sign_in(client, "fran")["Location"] == reverse("accounts:sign_in_verify")
    assert client.get(reverse("accounts:account"))["Location"].startswith(
        reverse("accounts:sign_in")
    )


def test_sign_out_ends_the_session(client, cast):
    _sign_in(client, "alice")
    client.post(reverse("accounts:sign_out"))
    assert AccountSession.objects.get(user=cast.alice).ended_at is not None
    assert client.get(reverse("accounts:account")).status_code == 302


def test_per_source_limit_stops_sign_in_floods(client, cast, settings):
    settings.HEARTH_SOURCE_LIMIT_PER_HOUR = 3
    for _ in range(3):
        _sign_in(client, "alice", "wrong words wrong words")
    assert _sign_in(client, "alice").status_code == 429


def test_missing_csrf_token_is_refused_calmly(cast):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        reverse("accounts:sign_in"), {"pseudonym": "alice", "passphrase": PASSPHRASE}
    )
    assert response.status_code == 403 and "expire" in response.content.decode()
    assert not AccountSession.objects.exists()


def test_sign_in_returns_to_the_page_that_asked_for_it_but_never_off_site(client, cast):
    client.get(reverse("accounts:sign_in") + "?next=/join/")
    assert _sign_in(client, "alice")["Location"] == "/join/"
    other = Client()
    other.get(reverse("accounts:sign_in") + "?next=https://evil.example/")
    assert _sign_in(other, "bob")["Location"] == "/"
    third = Client()
    third.get(reverse("accounts:sign_in") + "?next=//evil.example/")
    assert _sign_in(third, "charlie")["Location"] == "/"


def test_malformed_unicode_gets_a_clear_error_and_changes_nothing(client, cast):
    from hearth.accounts.models import User

    before = User.objects.count()
    body = b"pseudonym=caf%FF%FE&passphrase=lanterns+drifting+over+the+harbour&repeat=lanterns+drifting+over+the+harbour&understood=on"
    response = client.post(
        reverse("accounts:sign_up"), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400 and "There is a problem" in response.content.decode()
    api = client.post(
        "/api/auth/token",
        b'{"pseudonym": "\xff\xfe", "passphrase": "x"}',
        content_type="application/json",
    )
    assert api.status_code in (400, 422) and "message" in api.json()
    assert User.objects.count() == before
