"""Every URL pattern × the whole cast: who gets what.

A new URL pattern without an entry in MATRIX fails `test_every_url_pattern_is_in_the_matrix`.
Object-level rows use alice's objects: everyone else must get exactly what a missing id gets.
"""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from hearth.lib.testing.cast import sign_in
from hearth.lib.testing.matrix import ACTORS, TWO_FACTOR, client_for, outcome

pytestmark = pytest.mark.django_db

SIGN_IN = "->/account/sign-in/"
HOME = "->/"
SIGNED_OUT = "->/account/sign-in/?signed-out=1"
MISSING = str(uuid.UUID(int=1))


def row(
    method, url, *, anonymous, member, staff=None, unverified=TWO_FACTOR, outsider=None, body=None
):
    """Expected results: member applies to alice (owner), charlie and olga unless outsider is given."""
    outsider = member if outsider is None else outsider
    staff = member if staff is None else staff
    return {
        "method": method,
        "url": url,
        "body": body or {},
        "expect": {
            "anonymous": anonymous,
            "alice": member,
            "charlie": outsider,
            "olga": outsider,
            "fran": staff,
            "ada": staff,
            "rita": outsider,
            "gina": outsider,
            "fran_unverified": unverified,
        },
    }


MATRIX = {
    "home": row("get", "/", anonymous=200, member=200),
    "accounts:sign_up": row("get", "/account/sign-up/", anonymous=200, member=HOME),
    "accounts:sign_in": row("get", "/account/sign-in/", anonymous=200, member=HOME),
    "accounts:sign_in_verify": row(
        "get", "/account/sign-in/verify/", anonymous=SIGN_IN, member=SIGN_IN, unverified=TWO_FACTOR
    ),
    "accounts:sign_out": row(
        "post",
        "/account/sign-out/",
        anonymous=SIGNED_OUT,
        member=SIGNED_OUT,
        unverified=SIGNED_OUT,
    ),
    "accounts:resume": row(
        "post",
        "/account/resume/",
        anonymous="->/account/sign-in/?next=/account/resume/",
        member=400,
        unverified=TWO_FACTOR,
    ),
    "accounts:recovery_codes": row(
        "get",
        "/account/recovery-codes/",
        anonymous="->/account/sign-in/?next=/account/recovery-codes/",
        member=200,
    ),
    "accounts:recover": row("get", "/account/recover/", anonymous=200, member=200),
    "accounts:reset": row("get", "/account/reset/", anonymous=404, member=404),
    "accounts:reset_link": row("get", "/account/reset/forged-token/", anonymous=404, member=404),
    "accounts:account": row(
        "get", "/account/", anonymous="->/account/sign-in/?next=/account/", member=200
    ),
    "accounts:preferences": row(
        "post",
        "/account/preferences/",
        anonymous="->/account/sign-in/?next=/account/preferences/",
        member="->/account/",
    ),
    "accounts:crisis_region": row(
        "get",
        "/account/region/",
        anonymous="->/account/sign-in/?next=/account/region/",
        member=200,
    ),
    "accounts:change_passphrase": row(
        "get",
        "/account/passphrase/",
        anonymous="->/account/sign-in/?next=/account/passphrase/",
        member=200,
    ),
    "accounts:sessions": row(
        "get",
        "/account/sessions/",
        anonymous="->/account/sign-in/?next=/account/sessions/",
        member=200,
    ),
    "accounts:revoke_session": row(
        "post",
        "/account/sessions/{alice_session}/revoke/",
        anonymous="->/account/sign-in/?next=/account/sessions/{alice_session}/revoke/",
        member="->/account/sessions/",
        outsider=404,
        staff=404,
    ),
    "accounts:confirm": row(
        "get",
        "/account/confirm/",
        anonymous="->/account/sign-in/?next=/account/confirm/",
        member=200,
        unverified=200,
    ),
    "accounts:two_factor": row(
        "get",
        "/account/two-factor/",
        anonymous="->/account/sign-in/?next=/account/two-factor/",
        member=200,
        unverified=200,
    ),
    "accounts:remove_totp": row(
        "post",
        "/account/two-factor/totp/remove/",
        anonymous="->/account/sign-in/?next=/account/two-factor/totp/remove/",
        member="->/account/",
        unverified="->/account/",
    ),
    "accounts:passkey_register_begin": row(
        "post",
        "/account/two-factor/passkeys/register/begin/",
        anonymous="->/account/sign-in/?next=/account/two-factor/passkeys/register/begin/",
        member=200,
        unverified=200,
    ),
    "accounts:passkey_register_finish": row(
        "post",
        "/account/two-factor/passkeys/register/finish/",
        anonymous="->/account/sign-in/?next=/account/two-factor/passkeys/register/finish/",
        member=400,
        unverified=400,
    ),
    "accounts:passkey_auth_begin": row(
        "post",
        "/account/two-factor/passkeys/auth/begin/",
        anonymous=403,
        member=200,
        unverified=200,
    ),
    "accounts:passkey_auth_finish": row(
        "post",
        "/account/two-factor/passkeys/auth/finish/",
        anonymous=403,
        member=403,
        unverified=403,
    ),
    "accounts:issue_reset_link": row(
        "get",
        "/account/staff/reset-links/",
        anonymous="->/account/sign-in/?next=/account/staff/reset-links/",
        member=404,
        staff=200,
    ),
    "leave": row("post", "/leave/", anonymous=303, member=303, unverified=303),
    "set_language": row(
        "post",
        "/i18n/setlang/",
        anonymous=HOME,
        member=HOME,
        unverified=HOME,
        body={"language": "es", "next": "/"},
    ),
    "healthz": row("get", "/healthz", anonymous=200, member=200, unverified=200),
    "outbound": row("get", "/out/?to=https://example.org/", anonymous=200, member=200),
    "api:openapi-json": row("get", "/api/openapi.json", anonymous=200, member=200, unverified=200),
    "api:api-root": row("get", "/api/", anonymous=404, member=404, unverified=404),
    "api:auth_state": row("get", "/api/auth/state", anonymous=200, member=200, unverified=200),
    "api:issue_token": row("post", "/api/auth/token", anonymous=400, member=400, unverified=400),
    "api:me": row("get", "/api/me", anonymous=401, member=200, unverified=401),
    "api:list_sessions": row("get", "/api/sessions", anonymous=401, member=200, unverified=401),
    "api:revoke_session": row(
        "delete",
        "/api/sessions/{alice_session}",
        anonymous=401,
        member=204,
        outsider=404,
        staff=404,
        unverified=401,
    ),
    "api:sign_out": row("post", "/api/auth/sign-out", anonymous=401, member=204, unverified=401),
}


def _names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _names(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_pattern_is_in_the_matrix():
    from hearth.tests.test_authorization_matrix_chat import CHAT_MATRIX
    from hearth.tests.test_authorization_matrix_forum import FORUM_MATRIX
    from hearth.tests.test_authorization_matrix_groups import GROUP_MATRIX
    from hearth.tests.test_authorization_matrix_review import REVIEW_MATRIX

    names = set(_names(get_resolver().url_patterns))
    covered = (
        set(MATRIX) | set(GROUP_MATRIX) | set(REVIEW_MATRIX) | set(FORUM_MATRIX) | set(CHAT_MATRIX)
    )
    assert names - covered == set(), "add these URL patterns to a matrix"
    assert covered - names == set(), "a matrix lists URL patterns that no longer exist"


@pytest.mark.parametrize("name", sorted(MATRIX))
@pytest.mark.parametrize("actor", ACTORS)
def test_authorization(name, actor, cast):
    entry = MATRIX[name]
    alice_session = sign_in(Client(), cast.alice)
    url = entry["url"].format(alice_session=alice_session.id)
    client = client_for(actor, cast)
    call = getattr(client, entry["method"])
    response = call(url, entry["body"]) if entry["method"] == "post" else call(url)
    expected = entry["expect"][actor]
    if isinstance(expected, str):
        expected = expected.format(alice_session=alice_session.id)
    assert outcome(response) == expected
    if expected == 404 and "{alice_session}" in entry["url"]:
        # Someone else's object answers exactly like an object that does not exist.
        missing = call(entry["url"].format(alice_session=MISSING))
        assert (
            missing.status_code == 404
            and missing.content == response.content
            or (missing.status_code == 404 and b"csrf" in response.content.lower())
        )
        alice_session.refresh_from_db()
        assert alice_session.ended_at is None
