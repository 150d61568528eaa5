"""Every forum URL pattern × the whole cast: outsiders get exactly what a missing group gets."""

from __future__ import annotations

import base64

import pytest

from hearth.forum import actions, actions_extras
from hearth.forum.actions import Draft, PollDraft
from hearth.forum.actions_extras import ResourceDraft
from hearth.forum.models import PostImage
from hearth.groups.access import access_group
from hearth.lib.testing.matrix import ACTORS, client_for, outcome
from hearth.tests.test_authorization_matrix_groups import (
    _VOLATILE,
    MISSING,
    _call,
    grow,
    grow_api,
)

pytestmark = pytest.mark.django_db

THREAD = "->/groups/{circle}/forum/{thread}/"
FORUM = "/groups/{circle}/forum/"
POST = FORUM + "posts/{post}/"
RESOURCE = "/groups/{circle}/resources/{resource}/"
API = "/api/groups/{circle}/forum/"

FORUM_MATRIX = {
    "forum:index": grow("get", FORUM, signed_in=200),
    "forum:new_thread": grow("get", FORUM + "new/", signed_in=200, ada=404),
    "forum:preferences": grow("get", FORUM + "preferences/", signed_in=200, ada=404),
    "forum:settings": grow("get", FORUM + "settings/", signed_in=404, fran=200, ada=200),
    "forum:thread": grow("get", FORUM + "{thread}/", signed_in=200),
    "forum:reply": grow("get", FORUM + "{thread}/reply/", signed_in=200, ada=404),
    "forum:thread_flags": grow(
        "post",
        FORUM + "{thread}/flags/",
        body={"flag": "pinned", "value": "on"},
        signed_in=404,
        fran=THREAD,
        ada=THREAD,
    ),
    "forum:vote": grow(
        "post", FORUM + "{thread}/vote/", body={"option": "{option}"}, signed_in=THREAD
    ),
    "forum:post": grow("get", POST, signed_in=200),
    "forum:edit_post": grow("get", POST + "edit/", signed_in=404, alice=200),
    "forum:delete_post": grow(
        "post",
        POST + "delete/",
        signed_in=404,
        alice="->/groups/{circle}/forum/",
        fran="->/groups/{circle}/forum/",
        ada="->/groups/{circle}/forum/",
    ),
    "forum:react": grow(
        "post", POST + "react/", body={"kind": "strength"}, signed_in=THREAD + "#post-{post}"
    ),
    "forum:reveal_author": grow(
        "get", FORUM + "posts/{anonymous}/reveal/", signed_in=404, fran=200, ada=200
    ),
    "forum:reveal_history": grow("get", FORUM + "reveals/", signed_in=404, fran=200, ada=200),
    "forum:report_post": grow("get", FORUM + "posts/{anonymous}/report/", signed_in=200, ada=404),
    "forum:image": grow("get", FORUM + "images/{image}/", signed_in=200),
    "forum:resources": grow("get", "/groups/{circle}/resources/", signed_in=200),
    "forum:resource_document": grow("get", RESOURCE, signed_in=200),
    "forum:delete_resource": grow(
        "post",
        RESOURCE + "delete/",
        signed_in=404,
        fran="->/groups/{circle}/resources/",
        ada="->/groups/{circle}/resources/",
    ),
    "forum:search": grow(
        "get",
        "/search/?q=walk",
        signed_in=200,
        charlie=200,
        olga=200,
        rita=200,
        gina=200,
        anonymous="->/account/sign-in/?next=/search/%3Fq%3Dwalk",
    ),
    "api:list_threads": grow_api("get", API + "threads", signed_in=200),
    "api:start_thread": grow_api(
        "post", API + "threads", json={"title": "Hi", "body": "Hello"}, signed_in=201, ada=404
    ),
    "api:get_thread": grow_api("get", API + "threads/{thread}", signed_in=200),
    "api:post_reply": grow_api(
        "post", API + "threads/{thread}/replies", json={"body": "Hello"}, signed_in=201, ada=404
    ),
    "api:set_thread_flags": grow_api(
        "post",
        API + "threads/{thread}/flags",
        json={"pinned": True},
        signed_in=404,
        fran=200,
        ada=200,
    ),
    # Admins outside the group read but do not vote or react: the action refuses (400).
    "api:vote": grow_api(
        "post",
        API + "threads/{thread}/votes",
        json={"options": ["{option}"]},
        signed_in=200,
        ada=400,
    ),
    "api:edit_post": grow_api(
        "patch", API + "posts/{post}", json={"body": "Edited"}, signed_in=404, alice=200
    ),
    "api:delete_post": grow_api(
        "delete", API + "posts/{post}", signed_in=404, alice=204, fran=204, ada=204
    ),
    "api:toggle_reaction": grow_api(
        "post", API + "posts/{post}/reactions", json={"kind": "strength"}, signed_in=200, ada=400
    ),
    "api:list_resources": grow_api("get", API + "resources", signed_in=200),
    "api:add_resource": grow_api(
        "post",
        API + "resources",
        json={"kind": "note", "category": "Guides", "title": "Breathe", "note": "In for four."},
        signed_in=404,
        fran=201,
        ada=201,
    ),
    "api:delete_resource": grow_api(
        "delete", API + "resources/{resource}", signed_in=404, fran=204, ada=204
    ),
    "api:get_preferences": grow_api("get", API + "preferences", signed_in=200, ada=404),
    "api:save_preferences": grow_api(
        "put", API + "preferences", json={"open_automatically": True}, signed_in=200, ada=404
    ),
    "api:search_forum": grow_api(
        "get", "/api/search?q=walk", signed_in=200, charlie=200, olga=200, rita=200, gina=200
    ),
}


@pytest.fixture
def objects(cast):
    alice = access_group(cast.alice, cast.circle.id)
    fran = access_group(cast.fran, cast.circle.id)
    posted = actions.check_start_thread(
        alice,
        "A walk",
        Draft(body="I went for a walk"),
        PollDraft(question="Walks?", options=["Yes", "No"]),
    )
    anonymous = actions.check_post_reply(
        access_group(cast.bob, cast.circle.id),
        posted.post.thread,
        Draft(body="Me too", anonymous=True),
    )
    image = PostImage.objects.create(
        post=posted.post,
        group=cast.circle,
        data=base64.b64encode(b"\x89PNG fake").decode(),
        content_type="image/png",
        width=1,
        height=1,
    )
    resource = actions_extras.check_add_resource(
        fran,
        ResourceDraft(
            kind="document",
            category="Guides",
            title="Safety plan",
            document=b"%PDF-1.4 test",
            document_name="plan.pdf",
            document_type="application/pdf",
        ),
    )
    return {
        "circle": cast.circle.id,
        "thread": posted.post.thread_id,
        "post": posted.post.id,
        "anonymous": anonymous.post.id,
        "option": posted.post.thread.poll.options.first().id,
        "image": image.id,
        "resource": resource.id,
    }


def _format(value, objects):
    if isinstance(value, dict):
        return {k: _format(v, objects) for k, v in value.items()}
    if isinstance(value, list):
        return [_format(v, objects) for v in value]
    return value.format(**objects) if isinstance(value, str) else value


@pytest.mark.parametrize("name", sorted(FORUM_MATRIX))
@pytest.mark.parametrize("actor", ACTORS)
def test_forum_authorization(name, actor, cast, objects):
    entry = {
        **FORUM_MATRIX[name],
        "body": _format(FORUM_MATRIX[name]["body"], objects),
        "json": _format(FORUM_MATRIX[name].get("json"), objects),
    }
    url = entry["url"].format(**objects)
    client = client_for(actor, cast)
    response = _call(client, entry, url)
    expected = _format(entry["expect"][actor], objects)
    assert outcome(response) == expected
    if expected == 404:
        missing_ids = {k: MISSING for k in objects}
        missing = _call(client, entry, entry["url"].format(**missing_ids))
        assert missing.status_code == 404
        seen = response.content
        for key, value in objects.items():
            seen = seen.replace(str(value).encode(), str(missing_ids[key]).encode())
        assert _VOLATILE.sub(b"", missing.content) == _VOLATILE.sub(b"", seen)
