"""Every chat URL pattern × the whole cast: outsiders get exactly what a missing group gets."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hearth.chat import actions
from hearth.chat.actions import Schedule
from hearth.groups.access import access_group
from hearth.lib.testing.matrix import ACTORS, client_for, outcome
from hearth.tests.test_authorization_matrix_groups import _VOLATILE, MISSING, _call, grow

pytestmark = pytest.mark.django_db

CHAT = "/groups/{circle}/chat/"
CHAT_MATRIX = {
    "chat:sessions": grow("get", CHAT, signed_in=200),
    "chat:settings": grow("get", CHAT + "settings/", signed_in=404, fran=200, ada=200),
    "chat:room": grow("get", CHAT + "{session}/", signed_in=200),
    "chat:cancel": grow(
        "post", CHAT + "{later}/cancel/", signed_in=404, fran="->" + CHAT, ada="->" + CHAT
    ),
}


@pytest.fixture
def objects(cast):
    cast.circle.has_chat = True
    cast.circle.save()
    fran = access_group(cast.fran, cast.circle.id)
    soon = timezone.now() + timedelta(hours=1)
    (session,) = actions.check_schedule_sessions(fran, Schedule("Now", soon))
    (later,) = actions.check_schedule_sessions(fran, Schedule("Later", soon + timedelta(days=1)))
    return {"circle": cast.circle.id, "session": session.id, "later": later.id}


@pytest.mark.parametrize("name", sorted(CHAT_MATRIX))
@pytest.mark.parametrize("actor", ACTORS)
def test_chat_authorization(name, actor, cast, objects):
    entry = CHAT_MATRIX[name]
    url = entry["url"].format(**objects)
    client = client_for(actor, cast)
    response = _call(client, entry, url)
    expected = entry["expect"][actor]
    if isinstance(expected, str):
        expected = expected.format(**objects)
    assert outcome(response) == expected
    if expected == 404:
        missing_ids = {k: MISSING for k in objects}
        missing = _call(client, entry, entry["url"].format(**missing_ids))
        assert missing.status_code == 404
        seen = response.content
        for key, value in objects.items():
            seen = seen.replace(str(value).encode(), str(missing_ids[key]).encode())
        assert _VOLATILE.sub(b"", missing.content) == _VOLATILE.sub(b"", seen)
