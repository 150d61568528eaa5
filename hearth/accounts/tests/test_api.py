import base64
import time

import pytest
from django.test import Client
from django_otp.oath import hotp

from hearth.accounts import actions
from hearth.accounts.models import AccountSession
from hearth.lib.testing.cast import PASSPHRASE, sign_in

pytestmark = pytest.mark.django_db


def _token(client, pseudonym, **extra):
    return client.post(
        "/api/auth/token",
        {"pseudonym": pseudonym, "passphrase": PASSPHRASE, **extra},
        content_type="application/json",
    )


def _bearer(token):
    return {"authorization": f"Bearer {token}"}


def test_member_gets_a_token_that_reaches_me_and_sessions(client, cast):
    response = client.post(
        "/api/auth/token",
        {"pseudonym": "alice", "passphrase": PASSPHRASE, "device_label": "free text ignored"},
        content_type="application/json",
        headers={"user-agent": "Hearth/1.0 (iPhone; iOS 18) Safari/605"},
    )
    assert response.status_code == 200
    token = response.json()["token"]
    me = client.get("/api/me", headers=_bearer(token))
    assert me.status_code == 200 and me.json()["pseudonym"] == "alice"
    sessions = client.get("/api/sessions", headers=_bearer(token)).json()
    assert [s["device_label"] for s in sessions] == ["Safari on iPhone"] and sessions[0]["current"]


def test_wrong_passphrase_and_unknown_pseudonym_answer_alike(client, cast):
    wrong = client.post(
        "/api/auth/token",
        {"pseudonym": "alice", "passphrase": "nope nope nope"},
        content_type="application/json",
    )
    unknown = client.post(
        "/api/auth/token",
        {"pseudonym": "ghost", "passphrase": "nope nope nope"},
        content_type="application/json",
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


def test_staff_need_a_second_factor_for_a_token(client, cast):
    assert _token(client, "fran").json()["code"] == "two_factor_required"
    device = actions.do_begin_totp(cast.fran)
    key = base64.b32decode(device.secret)
    actions.check_confirm_totp(cast.fran, f"{hotp(key, int(time.time()) // 30 - 1):06d}")
    ok = _token(client, "fran", code=f"{hotp(key, int(time.time()) // 30):06d}")
    assert ok.status_code == 200


def test_staff_session_without_second_factor_cannot_use_the_api(client, cast):
    sign_in(client, cast.fran, verified=False)
    assert client.get("/api/me").status_code == 401
    assert client.get("/api/auth/state").json() == {"signed_in": True, "two_factor_required": True}


def test_revoked_token_stops_working_at_once(client, cast):
    token = _token(client, "alice").json()["token"]
    session_id = client.get("/api/sessions", headers=_bearer(token)).json()[0]["id"]
    assert client.delete(f"/api/sessions/{session_id}", headers=_bearer(token)).status_code == 204
    assert client.get("/api/me", headers=_bearer(token)).status_code == 401


def test_revoking_someone_elses_session_answers_not_found(client, cast):
    alices = sign_in(Client(), cast.alice)
    token = _token(client, "charlie").json()["token"]
    response = client.delete(f"/api/sessions/{alices.id}", headers=_bearer(token))
    assert response.status_code == 404
    missing = client.delete(
        "/api/sessions/00000000-0000-0000-0000-000000000000", headers=_bearer(token)
    )
    assert missing.status_code == 404 and missing.json() == response.json()
    alices.refresh_from_db()
    assert alices.ended_at is None


def test_session_cookie_api_calls_that_change_state_need_csrf(cast):
    browser = Client(enforce_csrf_checks=True)
    s = sign_in(browser, cast.alice)
    assert browser.get("/api/me").status_code == 200
    assert browser.post("/api/auth/sign-out").status_code in (401, 403)
    s.refresh_from_db()
    assert s.ended_at is None


def test_bad_input_gets_a_clear_error_and_changes_nothing(client, cast):
    for body in [
        '{"pseudonym": 5}',
        "not json",
        '{"pseudonym": "' + "x" * 500 + '", "passphrase": "a"}',
    ]:
        response = client.post("/api/auth/token", body, content_type="application/json")
        assert response.status_code in (400, 422)
        assert "message" in response.json()
    assert not AccountSession.objects.exists()


def test_openapi_schema_lists_the_account_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {
        "/api/auth/state",
        "/api/auth/token",
        "/api/me",
        "/api/sessions",
        "/api/sessions/{session_id}",
    } <= set(paths)
