"""Reports and blocks as the forum shows them: the pages, the placeholders, the query count."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.forum import actions, actions_extras
from hearth.forum.actions import Draft
from hearth.forum.models import Post, SearchToken, Thread, Visibility
from hearth.groups.models import Membership
from hearth.lib.testing.cast import sign_in
from hearth.safety import blocks
from hearth.safety.models import Report

pytestmark = pytest.mark.django_db

REPORTER_NAME = "Quiet Heron"  # bob's name in the circle: it must never reach alice


@pytest.fixture
def client_as(client, cast):
    def signed(name):
        sign_in(client, getattr(cast, name))
        return client

    return signed


def url(cast, tail=""):
    return f"/groups/{cast.circle.id}/forum/{tail}"


def rename(cast, user, name):
    membership = Membership.objects.get(group=cast.circle, user=user)
    membership.display_name = name
    membership.save()


def test_report_flow_end_to_end_never_names_the_reporter(cast, client_as, as_member):
    rename(cast, cast.bob, REPORTER_NAME)
    post = actions.check_start_thread(as_member(), "Hard day", Draft(body="alice's words")).post
    thread_url = url(cast, f"{post.thread_id}/")
    report_url = url(cast, f"posts/{post.id}/report/")

    client = client_as("bob")
    # The thread links to the post's own page, which links relative to itself to the report.
    assert f'href="../posts/{post.id}/"' in client.get(thread_url).content.decode()
    post_page = client.get(url(cast, f"posts/{post.id}/")).content.decode()
    assert f'href="../../posts/{post.id}/report/"' in post_page
    assert client.get(report_url).status_code == 200
    response = client.post(report_url, {"reason": "harassment", "note": "It upset me"})
    assert response.status_code == 302 and response["Location"].startswith(thread_url)
    report = Report.objects.get()
    assert report.reporter == cast.bob and report.subject == cast.alice
    assert report.object_id == post.id and report.kind == "forum_post"

    # The reported member's pages never mention who reported.
    client = client_as("alice")
    for page_url in (url(cast), thread_url, "/safety/reports/mine/", "/"):
        page = client.get(page_url).content.decode()
        assert REPORTER_NAME not in page and "It upset me" not in page
    own_page = client.get(url(cast, f"posts/{post.id}/")).content.decode()
    assert f"posts/{post.id}/report/" not in own_page  # no "Report" on one's own post

    # Staff see the reporter's name in the group, and remove the post.
    client = client_as("fran")
    queue = client.get("/safety/review/").content.decode()
    assert REPORTER_NAME in queue and "alice&#x27;s words" in queue and "It upset me" in queue
    client.post(f"/safety/reports/{report.id}/", {"outcome": "removed"})
    post.refresh_from_db()
    assert post.visibility == Visibility.DELETED and post.body == "" and post.body_html is None
    assert Thread.objects.get().visibility == Visibility.DELETED
    assert not SearchToken.objects.filter(post=post).exists()

    # Alice sees her post was removed, still without the reporter's name.
    page = client_as("alice").get(url(cast)).content.decode()
    assert REPORTER_NAME not in page

    # Bob hears it was handled: a notice on the forum until he opens his reports.
    client = client_as("bob")
    index = client.get(url(cast)).content.decode()
    assert "data-reports-handled" in index
    mine = client.get("/safety/reports/mine/").content.decode()
    assert "Thank you — a facilitator looked at this" in mine and "Removed" not in mine
    assert "data-reports-handled" not in client.get(url(cast)).content.decode()


def test_removal_of_a_reply_keeps_the_thread_count_like_deleting(cast, as_member):
    from hearth.forum.adapters import ForumPostReview

    thread = actions.check_start_thread(as_member(), "Hi", Draft(body="Hello")).post.thread
    reply = actions.check_post_reply(as_member("bob"), thread, Draft(body="unkind")).post
    assert Thread.objects.get().reply_count == 1
    ForumPostReview().remove(reply.id, cast.fran)
    reply.refresh_from_db()
    assert reply.visibility == Visibility.DELETED and reply.body == ""
    assert Thread.objects.get().reply_count == 0
    ForumPostReview().remove(reply.id, cast.fran)  # already gone: nothing changes
    assert Thread.objects.get().reply_count == 0


def test_report_page_refuses_own_posts_outsiders_and_admins_outside_the_group(
    cast, client_as, as_member
):
    post = actions.check_start_thread(as_member(), "Mine", Draft(body="my words")).post
    report_url = url(cast, f"posts/{post.id}/report/")
    for name in ("alice", "charlie", "gina", "olga", "rita", "ada"):
        assert client_as(name).get(report_url).status_code == 404, name
    assert client_as("bob").post(report_url, {"reason": "spam"}).status_code == 302
    assert Report.objects.count() == 1


def test_blocked_members_posts_are_placeholders_and_anonymous_ones_vanish(
    cast, client_as, as_member
):
    rename(cast, cast.bob, "Bob Visible")
    post = actions.check_start_thread(as_member(), "Talk", Draft(body="opening words")).post
    named = actions.check_post_reply(as_member("bob"), post.thread, Draft(body="named reply"))
    hidden = actions.check_post_reply(
        as_member("bob"), post.thread, Draft(body="secret anonymous reply", anonymous=True)
    )
    actions_extras.check_toggle_reaction(as_member("bob"), post, "heard")
    blocks.check_block(cast.alice, cast.bob)

    page = client_as("alice").get(url(cast, f"{post.thread_id}/")).content.decode()
    assert "A post from someone you blocked" in page and page.count("post-blocked") == 1
    assert "named reply" not in page and "Bob Visible" not in page
    assert "secret anonymous reply" not in page and str(hidden.post.id) not in page
    assert str(named.post.id) in page  # the placeholder keeps the post's anchor
    assert "Received:" not in page  # bob's reaction is not shown to alice

    # Nothing changes for bob, or for anyone else.
    page = client_as("bob").get(url(cast, f"{post.thread_id}/")).content.decode()
    assert "named reply" in page and "secret anonymous reply" in page and "blocked" not in page
    page = client_as("fran").get(url(cast, f"{post.thread_id}/")).content.decode()
    assert "named reply" in page and "blocked" not in page


def test_blocked_members_threads_leave_the_lists(cast, client_as, as_member):
    actions.check_start_thread(as_member("bob"), "Bob named thread", Draft(body="hello"))
    actions.check_start_thread(
        as_member("bob"), "Bob anonymous thread", Draft(body="hi", anonymous=True)
    )
    blocks.check_block(cast.alice, cast.bob)
    index = client_as("alice").get(url(cast)).content.decode()
    assert "Bob named thread" not in index and "Bob anonymous thread" not in index
    index = client_as("fran").get(url(cast)).content.decode()
    assert "Bob named thread" in index and "Bob anonymous thread" in index
    search = client_as("alice").get("/search/", {"q": "hello"}).content.decode()
    assert "Bob named thread" not in search


def test_thread_page_query_count_stays_constant_with_blocks(
    cast, client_as, as_member, monkeypatch
):
    monkeypatch.setattr(actions, "POSTS_PER_WINDOW", 1000)  # many posts by one member, quickly
    post = actions.check_start_thread(as_member(), "Count", Draft(body="start")).post
    client = client_as("alice")
    thread_url = url(cast, f"{post.thread_id}/")

    def queries_for_page():
        client.get(thread_url)  # warm caches (keys, session)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(thread_url).status_code == 200
        return len(captured)

    for i in range(3):
        actions.check_post_reply(as_member("bob"), post.thread, Draft(body=f"reply {i}"))
    without_blocks = queries_for_page()
    blocks.check_block(cast.alice, cast.bob)
    few = queries_for_page()
    for i in range(15):
        reply = actions.check_post_reply(as_member("bob"), post.thread, Draft(body=f"more {i}"))
        actions.check_post_reply(
            as_member("bob"), post.thread, Draft(body=f"anon {i}", anonymous=True)
        )
        actions_extras.check_toggle_reaction(as_member("bob"), reply.post, "heard")
    assert queries_for_page() == few == without_blocks


def test_block_link_only_on_named_posts_by_members(cast, client_as, as_member):
    post = actions.check_start_thread(as_member("fran"), "Welcome", Draft(body="hi all")).post
    named = actions.check_post_reply(as_member("bob"), post.thread, Draft(body="hello"))
    anonymous = actions.check_post_reply(
        as_member("bob"), post.thread, Draft(body="anon", anonymous=True)
    )
    client = client_as("alice")
    bob_m = Membership.objects.get(group=cast.circle, user=cast.bob)
    pages = {
        p.id: client.get(url(cast, f"posts/{p.id}/")).content.decode()
        for p in (post, named.post, anonymous.post)
    }
    assert f"/members/{bob_m.id}/block/" in pages[named.post.id]
    assert "/block/" not in pages[post.id] and "/block/" not in pages[anonymous.post.id]
    assert Post.objects.filter(id=named.post.id).exists()
