"""The forum JSON API: each endpoint, outsiders answered as missing, bad input changing nothing."""

from __future__ import annotations

import uuid

import pytest

from hearth.forum import actions, actions_extras
from hearth.forum.actions import Draft, PollDraft
from hearth.forum.actions_extras import ResourceDraft
from hearth.forum.models import PollVote, Post, Reaction, ReaderPreferences, Resource, Thread
from hearth.lib.testing.cast import sign_in

pytestmark = pytest.mark.django_db

MISSING = str(uuid.UUID(int=9))
NOT_FOUND = {"code": "not_found", "message": "Not found."}


@pytest.fixture
def api(client, cast):
    """Return a caller: api(name, method, path, body=None), path relative to the circle's forum."""

    def call(name, method, path, body=None, group=None):
        sign_in(client, getattr(cast, name))
        url = (
            path
            if path.startswith("/api/")
            else f"/api/groups/{group or cast.circle.id}/forum/{path}"
        )
        send = getattr(client, method)
        if body is None:
            return send(url)
        return send(url, body, content_type="application/json")

    return call


@pytest.fixture
def opening(as_member):
    """Alice's thread with a poll; returns its opening post."""
    return actions.check_start_thread(
        as_member(),
        "A walk",
        Draft(body="I went for a walk"),
        PollDraft(question="Walks?", options=["Yes", "No"]),
    ).post


def _snapshot():
    return (
        Thread.objects.count(),
        Post.objects.count(),
        PollVote.objects.count(),
        Reaction.objects.count(),
    )


# --- Schema ---------------------------------------------------------------------------------------


def test_openapi_schema_lists_every_forum_path(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    base = "/api/groups/{group_id}/forum"
    expected = {
        base + "/threads": {"get", "post"},
        base + "/threads/{thread_id}": {"get"},
        base + "/threads/{thread_id}/replies": {"post"},
        base + "/threads/{thread_id}/flags": {"post"},
        base + "/threads/{thread_id}/votes": {"post"},
        base + "/posts/{post_id}": {"patch", "delete"},
        base + "/posts/{post_id}/reactions": {"post"},
        base + "/resources": {"get", "post"},
        base + "/resources/{resource_id}": {"delete"},
        base + "/preferences": {"get", "put"},
        "/api/search": {"get"},
    }
    for path, methods in expected.items():
        assert set(paths[path]) == methods, path
        for operation in paths[path].values():
            assert operation["tags"] == ["forum"]
            assert operation["security"], f"{path} must require sign-in"


# --- Threads ------------------------------------------------------------------------------------


def test_start_a_thread_with_a_poll_and_list_it(cast, api):
    response = api(
        "alice",
        "post",
        "threads",
        {
            "title": "Hello all",
            "body": "I am **new** here",
            "content_notes": ["grief"],
            "poll": {"question": "Tea or coffee?", "options": ["Tea", "Coffee"]},
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["held"] is False and body["crisis_resources"] == []
    thread = Thread.objects.get(id=body["thread_id"])
    assert thread.poll.options.count() == 2 and str(thread.posts.get().id) == body["post_id"]
    listed = api("bob", "get", "threads").json()
    assert [(t["id"], t["title"], t["author_name"]) for t in listed] == [
        (body["thread_id"], "Hello all", "alice")
    ]
    assert listed[0]["visibility"] == "published" and listed[0]["reply_count"] == 0


def test_anonymous_thread_lists_without_a_name_for_others(api):
    api("alice", "post", "threads", {"title": "Quiet", "body": "words", "anonymous": True})
    assert api("bob", "get", "threads").json()[0]["author_name"] is None
    assert api("alice", "get", "threads").json()[0]["author_name"] == "alice"


def test_thread_page_gives_posts_as_the_page_does(cast, api, as_member, opening):
    reply = actions.check_post_reply(
        as_member("bob"),
        opening.thread,
        Draft(body="Me *too*", content_notes=["grief"], anonymous=True),
        quote_of=opening,
    ).post
    actions_extras.check_toggle_reaction(as_member("bob"), opening, "strength")
    body = api("alice", "get", f"threads/{opening.thread_id}").json()
    assert body["title"] == "A walk" and body["can_reply"] is True
    first, second = body["posts"]
    assert first["id"] == str(opening.id) and first["mine"] is True and first["can_edit"] is True
    assert first["html"].strip() == "<p>I went for a walk</p>"
    # Kinds only: no counts, no names; alice did not send it herself.
    assert first["reactions"] == [{"kind": "strength", "mine": False}]
    assert second["id"] == str(reply.id) and second["author_name"] is None
    assert second["html"].strip() == "<p>Me <em>too</em></p>" and second["content_notes"] == [
        "Grief and loss"
    ]
    assert second["collapsed"] is True and second["hidden"] is False
    assert second["quote"] == {"author_name": "alice", "excerpt": "I went for a walk"}
    poll = body["poll"]
    assert poll["question"] == "Walks?" and [o["text"] for o in poll["options"]] == ["Yes", "No"]
    # Results wait until the reader has voted, as on the page.
    assert poll["voted"] is False and {o["votes"] for o in poll["options"]} == {None}


def test_reply_to_a_thread(cast, api, opening):
    response = api(
        "bob",
        "post",
        f"threads/{opening.thread_id}/replies",
        {"body": "Well done", "quote_of": str(opening.id)},
    )
    assert response.status_code == 201
    post = Post.objects.get(id=response.json()["post_id"])
    assert post.quote_of_id == opening.id and post.body == "Well done"
    opening.thread.refresh_from_db()
    assert opening.thread.reply_count == 1


def test_nudge_answers_409_then_redact_removes_the_phone_number(api):
    data = {"title": "Contact", "body": "Ring me on 07700 900123 any time"}
    response = api("alice", "post", "threads", data)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "confirm" and body["nudges"]
    assert not Thread.objects.exists()
    response = api("alice", "post", "threads", {**data, "confirm": "redact"})
    assert response.status_code == 201
    assert "07700" not in Post.objects.get().body


def test_high_risk_post_is_held_and_brings_crisis_resources(cast, api):
    cast.alice.crisis_region = "GB"
    cast.alice.save()
    cast.circle.crisis_resources = "Call 999 in an emergency\n\nOur line: 0800 000 000"
    cast.circle.save()
    response = api(
        "alice", "post", "threads", {"title": "Tonight", "body": "I want to end my life tonight"}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["held"] is True
    lines = body["crisis_resources"]
    assert any("116 123" in line["contact"] for line in lines if line["source"] == "region")
    assert [line["name"] for line in lines if line["source"] == "group"] == [
        "Call 999 in an emergency",
        "Our line: 0800 000 000",
    ]
    # Held: bob does not see it at all.
    assert api("bob", "get", "threads").json() == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "Title", "body": "   "}, "body"),
        ({"title": "", "body": "Hello"}, "title"),
        ({"title": "Title", "body": "Hello", "content_notes": ["made_up"]}, "content_notes"),
    ],
)
def test_bad_threads_answer_400_and_save_nothing(api, body, field):
    response = api("alice", "post", "threads", body)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and field in response.json()["fields"]
    assert _snapshot() == (0, 0, 0, 0)


def test_reply_to_a_locked_thread_is_refused(api, as_member, opening):
    actions.check_set_thread_flags(as_member("fran"), opening.thread, locked=True)
    before = _snapshot()
    response = api("bob", "post", f"threads/{opening.thread_id}/replies", {"body": "Hello"})
    assert response.status_code == 400 and "locked" in response.json()["message"]
    assert _snapshot() == before


def test_facilitator_pins_and_locks_members_cannot(api, opening):
    response = api("fran", "post", f"threads/{opening.thread_id}/flags", {"pinned": True})
    assert response.status_code == 200 and response.json()["pinned"] is True
    assert response.json()["locked"] is False
    response = api("fran", "post", f"threads/{opening.thread_id}/flags", {"locked": True})
    assert response.json()["pinned"] is True and response.json()["locked"] is True
    refused = api("alice", "post", f"threads/{opening.thread_id}/flags", {"pinned": False})
    assert refused.status_code == 404 and refused.json() == NOT_FOUND
    opening.thread.refresh_from_db()
    assert opening.thread.pinned


def test_vote_once_then_see_results(api, opening):
    option = opening.thread.poll.options.first()
    response = api(
        "bob", "post", f"threads/{opening.thread_id}/votes", {"options": [str(option.id)]}
    )
    assert response.status_code == 200
    poll = response.json()
    assert poll["voted"] is True and poll["total"] == 1
    assert [o["votes"] for o in poll["options"]] == [1, 0]
    again = api("bob", "post", f"threads/{opening.thread_id}/votes", {"options": [str(option.id)]})
    assert again.status_code == 400 and "already voted" in again.json()["message"]
    assert PollVote.objects.count() == 1


def test_vote_for_an_unknown_option_is_refused(api, opening):
    response = api("bob", "post", f"threads/{opening.thread_id}/votes", {"options": [MISSING]})
    assert response.status_code == 400
    assert PollVote.objects.count() == 0


def test_vote_on_a_thread_without_a_poll_is_missing(api, as_member):
    thread = actions.check_start_thread(as_member(), "No poll", Draft(body="Hi")).post.thread
    response = api("bob", "post", f"threads/{thread.id}/votes", {"options": []})
    assert response.status_code == 404


# --- Posts --------------------------------------------------------------------------------------


def test_author_edits_within_the_window(api, opening):
    response = api("alice", "patch", f"posts/{opening.id}", {"body": "I went for a long walk"})
    assert response.status_code == 200 and response.json()["held"] is False
    opening.refresh_from_db()
    assert opening.body == "I went for a long walk" and opening.edited_at is not None


def test_others_cannot_edit_or_delete(api, opening):
    for method, body in (("patch", {"body": "Mine now"}), ("delete", None)):
        response = api("bob", method, f"posts/{opening.id}", body)
        assert response.status_code == 404 and response.json() == NOT_FOUND
    opening.refresh_from_db()
    assert opening.body == "I went for a walk"


def test_author_deletes_a_reply(api, as_member, opening):
    reply = actions.check_post_reply(as_member("bob"), opening.thread, Draft(body="Oops")).post
    response = api("bob", "delete", f"posts/{reply.id}")
    assert response.status_code == 204
    reply.refresh_from_db()
    assert reply.visibility == "deleted" and reply.body == ""


def test_reactions_toggle(api, opening):
    path = f"posts/{opening.id}/reactions"
    assert api("bob", "post", path, {"kind": "heard"}).json() == {"added": True}
    assert Reaction.objects.filter(post=opening, kind="heard").count() == 1
    assert api("bob", "post", path, {"kind": "heard"}).json() == {"added": False}
    assert not Reaction.objects.exists()
    assert api("bob", "post", path, {"kind": "hug"}).status_code == 422


# --- Outsiders ----------------------------------------------------------------------------------


@pytest.mark.parametrize("outsider", ["charlie", "olga"])
def test_outsiders_get_exactly_what_a_missing_id_gets(api, as_member, outsider, opening):
    resource = actions_extras.check_add_resource(
        as_member("fran"),
        ResourceDraft(kind="note", category="Guides", title="Plan", note="Breathe"),
    )
    ids = {"thread": opening.thread_id, "post": opening.id, "resource": resource.id}
    cases = [
        ("get", "threads", None),
        ("post", "threads", {"title": "T", "body": "B"}),
        ("get", "threads/{thread}", None),
        ("post", "threads/{thread}/replies", {"body": "B"}),
        ("post", "threads/{thread}/flags", {"pinned": True}),
        ("post", "threads/{thread}/votes", {"options": []}),
        ("patch", "posts/{post}", {"body": "B"}),
        ("delete", "posts/{post}", None),
        ("post", "posts/{post}/reactions", {"kind": "heard"}),
        ("get", "resources", None),
        ("post", "resources", {"kind": "note", "category": "c", "title": "t", "note": "n"}),
        ("delete", "resources/{resource}", None),
        ("get", "preferences", None),
        ("put", "preferences", {"open_automatically": True}),
    ]
    before = _snapshot()
    for method, path, body in cases:
        seen = api(outsider, method, path.format(**ids), body)
        missing_ids = dict.fromkeys(ids, MISSING)
        missing = api(outsider, method, path.format(**missing_ids), body, group=MISSING)
        assert seen.status_code == missing.status_code == 404, (method, path)
        assert seen.json() == missing.json() == NOT_FOUND
    assert _snapshot() == before and Resource.objects.count() == 1


# --- Resources ----------------------------------------------------------------------------------


def test_facilitator_adds_lists_and_removes_resources(api):
    response = api(
        "fran",
        "post",
        "resources",
        {
            "kind": "link",
            "category": "Helplines",
            "title": "Samaritans",
            "url": "https://www.samaritans.org",
        },
    )
    assert response.status_code == 201
    resource_id = response.json()["id"]
    api(
        "fran",
        "post",
        "resources",
        {"kind": "note", "category": "Guides", "title": "Breathing", "note": "In for 4"},
    )
    listed = api("alice", "get", "resources").json()
    assert [c["category"] for c in listed] == ["Guides", "Helplines"]
    assert listed[1]["resources"][0]["url"] == "https://www.samaritans.org"
    assert api("fran", "delete", f"resources/{resource_id}").status_code == 204
    assert Resource.objects.count() == 1


def test_documents_and_member_additions_are_refused(api):
    document = {"kind": "document", "category": "Guides", "title": "Plan"}
    assert api("fran", "post", "resources", document).status_code == 422
    note = {"kind": "note", "category": "Guides", "title": "Plan", "note": "x"}
    assert api("alice", "post", "resources", note).status_code == 404
    bad_link = {"kind": "link", "category": "Guides", "title": "Plan", "url": "javascript:x"}
    response = api("fran", "post", "resources", bad_link)
    assert response.status_code == 400 and "url" in response.json()["fields"]
    assert not Resource.objects.exists()


def test_resource_document_links_to_the_page(cast, api, as_member):
    actions_extras.check_add_resource(
        as_member("fran"),
        ResourceDraft(
            kind="document",
            category="Guides",
            title="Safety plan",
            document=b"%PDF-1.4 test",
            document_name="plan.pdf",
            document_type="application/pdf",
        ),
    )
    item = api("alice", "get", "resources").json()[0]["resources"][0]
    assert item["document_name"] == "plan.pdf"
    assert item["document_url"] == f"/groups/{cast.circle.id}/resources/{item['id']}/"


# --- Preferences and search ---------------------------------------------------------------------


def test_preferences_read_and_save(api):
    current = api("bob", "get", "preferences").json()
    assert current["open_automatically"] is False and "grief" in current["offered"]
    response = api("bob", "put", "preferences", {"open_automatically": True, "hidden": ["abuse"]})
    assert response.status_code == 200 and response.json()["hidden"] == ["abuse"]
    saved = ReaderPreferences.objects.get()
    assert saved.open_notes_automatically and saved.hidden == ["abuse"]
    bad = api("bob", "put", "preferences", {"hidden": ["made_up"]})
    assert bad.status_code == 400
    saved.refresh_from_db()
    assert saved.hidden == ["abuse"]


def test_admin_outside_the_group_has_no_preferences(api):
    assert api("ada", "get", "preferences").status_code == 404


def test_search_covers_own_groups_only(cast, api, as_member):
    posted = actions.check_start_thread(
        as_member(), "Gardening", Draft(body="Planting tulips calms me")
    )
    results = api("bob", "get", "/api/search?q=plant").json()
    assert results == [
        {
            "thread_id": str(posted.post.thread_id),
            "post_id": str(posted.post.id),
            "group_id": str(cast.circle.id),
            "group_name": cast.circle.discreet_name if cast.bob.discreet_mode else cast.circle.name,
            "title": "Gardening",
            "excerpt": "Planting tulips calms me",
        }
    ]
    for outsider in ("gina", "charlie", "olga"):
        assert api(outsider, "get", "/api/search?q=plant").json() == []
    assert api("bob", "get", "/api/search?q=").status_code == 422


def test_agreement_pending_answers_403(cast, api):
    from hearth.groups.models import Membership

    Membership.objects.filter(user=cast.bob, group=cast.circle).update(agreement_version=0)
    response = api("bob", "get", "threads")
    assert response.status_code == 403 and response.json()["code"] == "agreement_required"


def test_an_admin_reading_a_forum_through_the_api_is_audited_and_members_are_not(cast, api):
    from hearth.audit.models import AuditEntry

    assert api("alice", "get", "threads").status_code == 200
    assert not AuditEntry.objects.filter(action="group.read_by_admin").exists()
    assert api("ada", "get", "threads").status_code == 200
    entry = AuditEntry.objects.get(action="group.read_by_admin")
    assert entry.target_id == str(cast.circle.id) and entry.details == {"what": "forum"}
