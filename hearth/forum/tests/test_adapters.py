"""The forum as the review queue and member erasure see it, through their real actions."""

import pytest
from django.utils.html import escape

from hearth.forum import actions
from hearth.forum.actions import Draft
from hearth.forum.models import Post, SearchToken, Thread, Visibility
from hearth.groups.erasure import erase_member_content
from hearth.safety import actions as safety_actions
from hearth.safety.models import ReviewItem

pytestmark = pytest.mark.django_db

RISKY = "I want to kill myself, I can't go on"


def held_reply(as_member):
    thread = actions.check_start_thread(as_member(), "Hi", Draft(body="Hello all")).post.thread
    posted = actions.check_post_reply(as_member("bob"), thread, Draft(body=RISKY))
    return posted.post, ReviewItem.objects.get(object_id=posted.post.id)


def test_approving_publishes_counts_and_indexes_the_reply(cast, as_member):
    post, item = held_reply(as_member)
    safety_actions.check_claim_review_item(cast.fran, item)
    safety_actions.check_approve_review_item(cast.fran, item, None)
    post.refresh_from_db()
    assert post.visibility == Visibility.PUBLISHED
    assert Thread.objects.get().reply_count == 1
    assert SearchToken.objects.filter(post=post).exists()


def test_edit_and_approve_publishes_the_moderators_version(cast, as_member):
    post, item = held_reply(as_member)
    safety_actions.check_claim_review_item(cast.fran, item)
    safety_actions.check_approve_review_item(cast.fran, item, "I'm having a very hard time.")
    post.refresh_from_db()
    assert post.body == "I'm having a very hard time." and "hard time" in post.body_html


def test_rejecting_keeps_it_unseen_and_tells_only_the_author(cast, as_member, client):
    from hearth.lib.testing.cast import sign_in

    post, item = held_reply(as_member)
    safety_actions.check_claim_review_item(cast.fran, item)
    safety_actions.check_reject_review_item(cast.fran, item, "crisis", None, None)
    post.refresh_from_db()
    assert post.visibility == Visibility.REJECTED and post.moderator_reply
    thread_url = f"/groups/{cast.circle.id}/forum/{post.thread_id}/"
    sign_in(client, cast.bob)
    reply = escape(post.moderator_reply)
    assert reply in client.get(thread_url).content.decode()
    sign_in(client, cast.alice)
    page = client.get(thread_url).content.decode()
    assert "kill myself" not in page and reply not in page


def test_erasing_a_member_removes_their_posts_and_threads(cast, as_member):
    thread = actions.check_start_thread(as_member(), "Mine", Draft(body="my words")).post.thread
    actions.check_post_reply(as_member("bob"), thread, Draft(body="bob's words"))
    assert erase_member_content(cast.circle.id, cast.alice.id) == 1
    assert not Post.objects.filter(author__user=cast.alice).exists()
    erased = Thread.objects.get()
    assert erased.visibility == Visibility.DELETED and erased.title == ""
