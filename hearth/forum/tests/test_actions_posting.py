from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.audit.models import AuditEntry
from hearth.forum import actions
from hearth.forum.actions import Draft, NeedsConfirmation, PollDraft
from hearth.forum.models import Post, SearchToken, Thread, Visibility
from hearth.safety.models import Alert, ReviewItem

pytestmark = pytest.mark.django_db


def start(found, title="Small wins", body="I went for a walk today and it helped.", **kw):
    return actions.check_start_thread(found, title, Draft(body=body, **kw))


def test_start_thread_publishes_an_ordinary_post_and_indexes_it(as_member):
    posted = start(as_member())
    assert not posted.held
    thread = Thread.objects.get()
    assert thread.visibility == Visibility.PUBLISHED and thread.title == "Small wins"
    assert posted.post.opening and posted.post.body_html.startswith("<p>I went for a walk")
    assert SearchToken.objects.filter(post=posted.post).exists()
    assert AuditEntry.objects.filter(action="forum.thread_started").exists()


def test_high_risk_reply_is_held_for_review_and_alerts_staff(as_member):
    thread = start(as_member()).post.thread
    posted = actions.check_post_reply(
        as_member("bob"), thread, Draft(body="I want to end my life tonight, I have the pills")
    )
    assert posted.held and posted.show_crisis_resources
    item = ReviewItem.objects.get(object_id=posted.post.id)
    assert item.kind == "forum_post" and item.level == "high"
    assert Alert.objects.filter(kind=Alert.Kind.HIGH_RISK, subject=as_member("bob").actor).exists()
    thread.refresh_from_db()
    assert thread.reply_count == 0  # a held reply is not counted or shown
    assert not SearchToken.objects.filter(post=posted.post).exists()


def test_high_risk_opening_post_keeps_the_whole_thread_held(as_member):
    posted = start(as_member(), title="Tonight", body="I am going to kill myself tonight")
    assert Thread.objects.get().visibility == Visibility.HELD
    assert posted.held


def test_the_safety_word_raises_a_silent_alert_and_is_hidden_from_others(cast, as_member):
    cast.circle.safety_codeword = "blue umbrella"
    cast.circle.save()
    posted = start(as_member(), body="Has anyone seen my blue umbrella? Lovely day otherwise.")
    assert not posted.held  # nothing visible changes for the member
    assert Alert.objects.filter(kind=Alert.Kind.CODEWORD).count() == 1
    assert "blue umbrella" in posted.post.body
    assert "umbrella" not in posted.post.body_html
    assert posted.post.hidden_spans


def test_personal_details_nudge_first_then_send_or_redact(as_member):
    text = "Call me on 07700 900123 if you want to talk"
    with pytest.raises(NeedsConfirmation) as nudge:
        start(as_member(), body=text)
    assert nudge.value.nudges and not Post.objects.exists()
    redacted = start(as_member(), body=text, confirm="redact")
    assert "07700" not in redacted.post.body and "[removed]" in redacted.post.body
    sent = start(as_member(), title="Again", body=text, confirm="send")
    assert "07700 900123" in sent.post.body


@pytest.mark.parametrize(
    ("title", "body", "field"),
    [
        ("", "body", "title"),
        ("x" * 151, "body", "title"),
        ("Title", "   ", "body"),
        ("Title", "x" * 20_001, "body"),
    ],
)
def test_bad_threads_are_refused_and_nothing_is_saved(as_member, title, body, field):
    with pytest.raises(ValidationError) as error:
        actions.check_start_thread(as_member(), title, Draft(body=body))
    assert field in error.value.message_dict
    assert not Thread.objects.exists() and not Post.objects.exists()


def test_unknown_content_notes_are_refused(as_member):
    with pytest.raises(ValidationError) as error:
        start(as_member(), content_notes=["made_up"])
    assert "content_notes" in error.value.message_dict


def test_admin_outside_the_group_cannot_post(as_member):
    with pytest.raises(ValidationError):
        start(as_member("ada"))


def test_replies_to_locked_or_deleted_threads_are_refused(as_member):
    opening = start(as_member()).post
    thread = opening.thread
    actions.check_set_thread_flags(as_member("fran"), thread, locked=True)
    with pytest.raises(ValidationError, match="locked"):
        actions.check_post_reply(as_member("bob"), thread, Draft(body="Me too"))
    actions.check_set_thread_flags(as_member("fran"), thread, locked=False)
    actions.check_delete_post(as_member(), opening)
    with pytest.raises(ValidationError, match="deleted"):
        actions.check_post_reply(as_member("bob"), thread, Draft(body="Me too"))
    assert Post.objects.count() == 1


def test_members_cannot_pin_or_lock(as_member):
    thread = start(as_member()).post.thread
    with pytest.raises(ValidationError):
        actions.check_set_thread_flags(as_member("bob"), thread, pinned=True)


def test_edit_within_window_is_screened_again(as_member):
    post = start(as_member()).post
    edited = actions.check_edit_post(as_member(), post, Draft(body="Actually, a long walk."))
    assert edited.post.body == "Actually, a long walk." and edited.post.edited_at
    held = actions.check_edit_post(as_member(), post, Draft(body="I want to kill myself"))
    assert held.held and Thread.objects.get().visibility == Visibility.HELD


def test_edit_after_the_window_or_by_another_member_is_refused(as_member):
    post = start(as_member()).post
    with pytest.raises(ValidationError):
        actions.check_edit_post(as_member("bob"), post, Draft(body="not mine"))
    Post.objects.filter(id=post.id).update(created_at=post.created_at - timedelta(hours=2))
    post.refresh_from_db()
    with pytest.raises(ValidationError, match="passed"):
        actions.check_edit_post(as_member(), post, Draft(body="too late"))
    post.refresh_from_db()
    assert post.body == "I went for a walk today and it helped."


def test_delete_erases_the_text_and_the_index(as_member):
    thread = start(as_member()).post.thread
    reply = actions.check_post_reply(as_member("bob"), thread, Draft(body="Walking helps me")).post
    actions.check_delete_post(as_member("fran"), reply)
    reply.refresh_from_db()
    assert reply.visibility == Visibility.DELETED and reply.body == ""
    assert not SearchToken.objects.filter(post=reply).exists()
    thread.refresh_from_db()
    assert thread.reply_count == 0


def test_other_members_cannot_delete_a_post(as_member):
    post = start(as_member()).post
    with pytest.raises(ValidationError):
        actions.check_delete_post(as_member("bob"), post)


def test_pre_moderated_group_holds_every_post(cast, as_member):
    cast.circle.moderation = "pre_all"
    cast.circle.save()
    assert start(as_member()).held


def test_thread_with_poll(as_member):
    posted = actions.check_start_thread(
        as_member(),
        "What helps?",
        Draft(body="Tell us"),
        PollDraft(question="Best time?", options=["Morning", "Evening"]),
    )
    poll = posted.post.thread.poll
    assert [o.text for o in poll.options.all()] == ["Morning", "Evening"]


def test_poll_needs_two_distinct_options(as_member):
    with pytest.raises(ValidationError) as error:
        actions.check_start_thread(
            as_member(), "Q", Draft(body="b"), PollDraft(question="Q?", options=["A", "A"])
        )
    assert "poll_options" in error.value.message_dict
    assert not Thread.objects.exists()


def test_reveal_needs_a_reason_and_is_audited(as_member):
    post = start(as_member(), anonymous=True).post
    with pytest.raises(ValidationError):
        actions.check_reveal_author(as_member("fran"), post, "why")
    with pytest.raises(ValidationError):
        actions.check_reveal_author(as_member("bob"), post, "I would like to know please")
    actions.check_reveal_author(as_member("fran"), post, "Worried about their safety tonight")
    entry = AuditEntry.objects.get(action="forum.author_revealed")
    assert entry.target_id == str(post.id)


def test_a_censored_word_stays_out_of_titles_quotes_search_and_excerpts(cast, as_member, client):
    from django.utils.html import escape

    from hearth.forum.index import search_posts
    from hearth.lib.testing.cast import sign_in
    from hearth.safety import policy

    policy.check_add_watched_word(
        cast.fran, cast.circle, "brandname", False, "censor", "watched_word"
    )
    posted = start(as_member(), title="Brandname helped", body="I take brandname nightly.")
    thread = posted.post.thread
    assert thread.title == "••• helped"  # titles are the same for everyone
    reply = actions.check_post_reply(
        as_member("bob"), thread, Draft(body="Does it help?"), quote_of=posted.post
    )
    assert reply.post.visibility == Visibility.PUBLISHED
    assert not search_posts([cast.circle.id], "brandname").exists()
    sign_in(client, cast.bob)
    page = client.get(f"/groups/{cast.circle.id}/forum/{thread.id}/").content.decode()
    assert "brandname" not in page.lower() and escape("I take ••• nightly.") in page
    results = client.get("/search/", {"q": "nightly"}).content.decode()
    assert "nightly" in results and "brandname" not in results.lower()


def test_a_flood_of_posts_is_refused_past_the_rate_and_nothing_is_saved(as_member):
    thread = start(as_member()).post.thread
    for i in range(actions.POSTS_PER_WINDOW - 1):
        actions.check_post_reply(as_member(), thread, Draft(body=f"reply {i}"))
    with pytest.raises(ValidationError, match="very quickly"):
        actions.check_post_reply(as_member(), thread, Draft(body="one too many"))
    assert Post.objects.count() == actions.POSTS_PER_WINDOW
    actions.check_post_reply(as_member("bob"), thread, Draft(body="others still can"))


def test_the_safety_word_and_censored_words_stay_out_of_a_poll(cast, as_member):
    from hearth.safety import policy

    cast.circle.safety_codeword = "bluebird"
    cast.circle.save()
    policy.check_add_watched_word(
        cast.fran, cast.circle, "brandname", False, "censor", "watched_word"
    )
    posted = actions.check_start_thread(
        as_member(),
        "Evenings",
        Draft(body="What helps?"),
        PollDraft(question="bluebird or brandname?", options=["brandname", "Walks"]),
    )
    poll = posted.post.thread.poll
    assert poll.question == " or •••?"
    assert [o.text for o in poll.options.all()] == ["•••", "Walks"]
    assert Alert.objects.filter(kind=Alert.Kind.CODEWORD).exists()


def test_retention_hard_deletes_old_replies_and_old_threads(cast, as_member):
    from hearth.forum.models import SearchToken

    cast.circle.forum_retention_days = 30
    cast.circle.save()
    old = start(as_member(), title="Old", body="long ago").post
    live = start(as_member(), title="Live", body="still here").post
    stale = actions.check_post_reply(as_member("bob"), live.thread, Draft(body="stale reply"))
    fresh = actions.check_post_reply(as_member("bob"), live.thread, Draft(body="fresh reply"))
    long_ago = timezone.now() - timedelta(days=31)
    Post.objects.filter(id__in=[old.id, stale.post.id]).update(created_at=long_ago)
    assert actions.purge_expired_posts() == 2
    assert not Thread.objects.filter(id=old.thread_id).exists()
    assert set(Post.objects.values_list("id", flat=True)) == {live.id, fresh.post.id}
    assert not SearchToken.objects.filter(post_id__in=[old.id, stale.post.id]).exists()
    live.thread.refresh_from_db()
    assert live.thread.reply_count == 1
    assert actions.purge_expired_posts() == 0
