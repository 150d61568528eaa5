from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from hearth.accounts.models import AccountSession
from hearth.lib.testing.cast import PASSPHRASE, sign_in

pytestmark = pytest.mark.django_db


def test_session_list_shows_own_sessions_only(client, cast):
    mine = sign_in(client, cast.alice)
    from django.test import Client

    other_device = sign_in(Client(), cast.alice)
    bobs = sign_in(Client(), cast.bob)
    body = client.get(reverse("accounts:sessions")).content.decode()
    assert str(mine.id) in body and str(other_device.id) in body and str(bobs.id) not in body


def test_revoking_another_session_signs_it_out(client, cast):
    from django.test import Client

    sign_in(client, cast.alice)
    phone = Client()
    target = sign_in(phone, cast.alice)
    client.post(reverse("accounts:revoke_session", args=[target.id]))
    target.refresh_from_db()
    assert target.ended_at is not None and target.end_reason == "revoked"
    assert phone.get(reverse("accounts:account"))["Location"] == reverse("accounts:sign_in")


def test_someone_elses_session_answers_as_missing(client, cast):
    from django.test import Client

    sign_in(client, cast.charlie)
    alices = sign_in(Client(), cast.alice)
    response = client.post(reverse("accounts:revoke_session", args=[alices.id]))
    assert response.status_code == 404
    alices.refresh_from_db()
    assert alices.ended_at is None


@pytest.mark.parametrize(
    "who, shared, idle_minutes, expect_alive",
    [
        ("alice", False, 59, True),
        ("alice", False, 61, False),
        ("alice", True, 14, True),
        ("alice", True, 16, False),
        ("fran", False, 59, True),
        ("fran", False, 61, False),
    ],
)
def test_idle_sessions_expire(client, cast, who, shared, idle_minutes, expect_alive):
    s = sign_in(client, getattr(cast, who), shared=shared)
    AccountSession.objects.filter(id=s.id).update(
        last_seen_at=timezone.now() - timedelta(minutes=idle_minutes)
    )
    response = client.get(reverse("accounts:account"))
    assert (response.status_code == 200) is expect_alive


@pytest.mark.parametrize(
    "who, days, expect_alive",
    [("alice", 29, True), ("alice", 31, False), ("fran", 0.9, True), ("fran", 1.1, False)],
)
def test_sessions_have_an_absolute_lifetime(client, cast, who, days, expect_alive):
    s = sign_in(client, getattr(cast, who))
    AccountSession.objects.filter(id=s.id).update(created_at=timezone.now() - timedelta(days=days))
    assert (client.get(reverse("accounts:account")).status_code == 200) is expect_alive


def test_quick_exit_covers_a_standard_session_until_the_member_comes_back(client, cast, settings):
    sign_in(client, cast.alice)
    response = client.post(reverse("leave"))
    assert response.status_code == 303 and response["Location"] == settings.HEARTH_NEUTRAL_EXIT_URL
    assert client.get("/")["Location"] == settings.HEARTH_NEUTRAL_EXIT_URL
    assert client.get(reverse("accounts:account"))["Location"] == settings.HEARTH_NEUTRAL_EXIT_URL
    assert "Welcome back" in client.get(reverse("accounts:sign_in")).content.decode()
    # Whoever picks up the device must know the passphrase to bring the page back.
    assert (
        client.post(reverse("accounts:resume"), {"current": "a guess at the words"}).status_code
        == 400
    )
    assert client.get("/")["Location"] == settings.HEARTH_NEUTRAL_EXIT_URL
    client.post(reverse("accounts:resume"), {"current": PASSPHRASE})
    assert client.get("/").status_code == 200


def test_quick_exit_signs_out_a_shared_device_session(client, cast):
    s = sign_in(client, cast.alice, shared=True)
    client.post(reverse("leave"))
    s.refresh_from_db()
    assert s.ended_at is not None and s.end_reason == "quick_exit"


def test_quick_exit_works_without_a_csrf_token(cast):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("leave")).status_code == 303


def test_reset_link_removes_the_token_from_the_address_and_works_once(client, cast):
    from hearth.accounts.actions import check_issue_reset_link

    raw = check_issue_reset_link(cast.fran, cast.alice)
    first = client.get(f"/account/reset/{raw}/")
    assert first.status_code == 302 and first["Location"] == reverse("accounts:reset")
    new = "lanterns drifting over the harbour"
    done = client.post(reverse("accounts:reset"), {"passphrase": new, "repeat": new})
    assert done.status_code == 302
    from django.test import Client

    assert Client().get(f"/account/reset/{raw}/").status_code == 404


@pytest.mark.parametrize("shared", [True, False])
def test_a_reset_link_asks_whether_the_device_is_shared(client, cast, shared):
    from hearth.accounts.actions import check_issue_reset_link

    client.get(f"/account/reset/{check_issue_reset_link(cast.fran, cast.alice)}/")
    page = client.get(reverse("accounts:reset")).content.decode()
    assert "This is a shared or borrowed device" in page
    new = "lanterns drifting over the harbour"
    form = {"passphrase": new, "repeat": new} | ({"shared_device": "on"} if shared else {})
    assert client.post(reverse("accounts:reset"), form).status_code == 302
    account_session = AccountSession.objects.get(user=cast.alice, ended_at__isnull=True)
    assert account_session.kind == ("shared" if shared else "standard")
    # A shared device's cookie ends with the browser; an own device's outlives it.
    assert (client.cookies[settings.SESSION_COOKIE_NAME]["expires"] == "") == shared


def test_staff_issue_reset_links_only_within_their_organisation(client, cast):
    sign_in(client, cast.fran)
    ok = client.post(reverse("accounts:issue_reset_link"), {"pseudonym": "alice"})
    assert ok.status_code == 200 and "/account/reset/" in ok.content.decode()
    other_org = client.post(reverse("accounts:issue_reset_link"), {"pseudonym": "olga"})
    assert other_org.status_code == 400 and "/account/reset/" not in other_org.content.decode()


def test_members_cannot_issue_reset_links(client, cast):
    sign_in(client, cast.alice)
    assert client.get(reverse("accounts:issue_reset_link")).status_code == 404


def test_discreet_mode_uses_the_organisations_neutral_title(client, cast):
    sign_in(client, cast.alice)
    assert "<title>Notes</title>" in client.get("/").content.decode()
    client.post(reverse("accounts:preferences"), {})
    assert "<title>Home · Hearth</title>" in client.get("/").content.decode()


def test_changing_second_factors_needs_a_recent_passphrase(client, cast):
    from hearth.accounts.actions import REAUTH_KEY

    sign_in(client, cast.alice)
    session = client.session
    session[REAUTH_KEY] = 0
    session.save()
    response = client.get(reverse("accounts:two_factor"))
    assert response["Location"] == "/account/confirm/?next=%2Faccount%2Ftwo-factor%2F"
    assert client.post("/account/two-factor/passkeys/register/begin/").status_code == 403
    assert client.post(reverse("accounts:remove_totp"))["Location"].startswith("/account/confirm/")
    wrong = client.post(
        "/account/confirm/?next=/account/two-factor/", {"current": "not it at all, no"}
    )
    assert wrong.status_code == 400
    right = client.post("/account/confirm/?next=/account/two-factor/", {"current": PASSPHRASE})
    assert right["Location"] == "/account/two-factor/"
    assert client.get(reverse("accounts:two_factor")).status_code == 200
    offsite = client.post("/account/confirm/?next=https://evil.example/", {"current": PASSPHRASE})
    assert offsite["Location"] == "/account/"


def test_wrong_current_passphrase_guesses_are_counted(client, cast):
    from hearth.accounts.models import User

    sign_in(client, cast.alice)
    for _ in range(3):
        client.post(
            reverse("accounts:change_passphrase"),
            {
                "current": "wrong guess here",
                "passphrase": "new calm words for me",
                "repeat": "new calm words for me",
            },
        )
    assert User.objects.get(id=cast.alice.id).failed_logins == 3
    waiting = client.post(
        reverse("accounts:change_passphrase"),
        {
            "current": PASSPHRASE,
            "passphrase": "new calm words for me",
            "repeat": "new calm words for me",
        },
    )
    assert waiting.status_code == 400 and "wait" in waiting.content.decode()


def test_a_signed_in_request_loads_the_person_with_their_session(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sign_in(client, cast.alice)
    client.get("/healthz")  # the session is now in the cache
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/healthz").status_code == 200
    # One query for the account session and its person, then the health check's own SELECT 1.
    assert len(captured) == 2, [q["sql"] for q in captured]
    assert "accounts_user" in captured[0]["sql"] and "accounts_accountsession" in captured[0]["sql"]


def test_a_deactivated_person_is_signed_out_at_their_next_request(client, cast):
    sign_in(client, cast.alice)
    cast.alice.is_active = False
    cast.alice.save()
    assert client.get(reverse("accounts:account"))["Location"].startswith(
        reverse("accounts:sign_in")
    )


def test_a_session_belonging_to_someone_else_signs_the_request_out(client, cast):
    """The account session named in the session must be the signed-in person's own."""
    from django.test import Client

    sign_in(client, cast.alice)
    bobs = sign_in(Client(), cast.bob)
    session = client.session
    session["hearth_sid"] = str(bobs.id)
    session.save()
    assert client.get(reverse("accounts:account"))["Location"] == reverse("accounts:sign_in")
