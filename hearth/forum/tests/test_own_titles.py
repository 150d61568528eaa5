"""Titles and polls behave like bodies: the author keeps their own words (the safety word,
censored words), every other reader gets them taken out, and the search index never holds
them (threat-model finding 8)."""

from __future__ import annotations

import pytest
from django.test import Client

from hearth.forum import actions
from hearth.forum.actions import Draft, PollDraft
from hearth.forum.adapters import erase_member_posts
from hearth.forum.index import search_posts
from hearth.forum.models import Poll, PollOption, Thread
from hearth.lib.testing.cast import sign_in
from hearth.safety import policy
from hearth.safety.models import Alert

pytestmark = pytest.mark.django_db

WORD = "bluebird"  # the circle's safety word
CENSORED = "brandname"  # a watched word marked "censor"
TITLE = f"Evenings with {WORD} and {CENSORED}"
SHOWN_TITLE = "Evenings with  and •••"  # as every reader but the author sees it


@pytest.fixture
def started(cast, as_member):
    """Alice's thread: the safety word and a censored word in title, poll question and option."""
    cast.circle.safety_codeword = WORD
    cast.circle.save()
    policy.check_add_watched_word(cast.fran, cast.circle, CENSORED, False, "censor", "watched_word")
    posted = actions.check_start_thread(
        as_member(),
        TITLE,
        Draft(body="Quiet evenings help me most."),
        PollDraft(question=f"Does {WORD} help?", options=[f"{CENSORED} does", "Walks"]),
    )
    return posted.post.thread


def _client(cast, name):
    client = Client()
    sign_in(client, getattr(cast, name))
    return client


def _pages(cast, thread, client):
    forum = f"/groups/{cast.circle.id}/forum/"
    return {
        "list": client.get(forum).content.decode(),
        "thread": client.get(f"{forum}{thread.id}/").content.decode(),
        "search": client.get("/search/", {"q": "quiet evenings"}).content.decode(),
    }


def _api(cast, thread, client):
    base = f"/api/groups/{cast.circle.id}/forum/"
    listed = client.get(base + "threads").json()
    one = client.get(f"{base}threads/{thread.id}").json()
    found = client.get("/api/search", {"q": "quiet evenings"}).json()
    return listed, one, found


def test_stored_title_and_poll_are_the_readers_and_the_authors_words_are_sealed_apart(started):
    thread = Thread.objects.get(id=started.id)
    assert thread.title == SHOWN_TITLE
    assert thread.author_title == TITLE
    poll = Poll.objects.get(thread=thread)
    assert (poll.question, poll.author_question) == ("Does  help?", f"Does {WORD} help?")
    options = list(PollOption.objects.filter(poll=poll))
    assert [(o.text, o.author_text) for o in options] == [
        ("••• does", f"{CENSORED} does"),
        ("Walks", None),  # nothing taken out: no second copy
    ]
    assert Alert.objects.filter(kind=Alert.Kind.CODEWORD).exists()


def test_a_title_with_nothing_taken_out_keeps_no_second_copy(as_member):
    thread = actions.check_start_thread(as_member(), "Small wins", Draft(body="A walk")).post.thread
    assert Thread.objects.get(id=thread.id).author_title is None


def test_the_author_sees_their_own_title_and_poll_everywhere(cast, started):
    client = _client(cast, "alice")
    pages = _pages(cast, started, client)
    for name in ("list", "thread", "search"):
        assert f"Evenings with {WORD} and {CENSORED}" in pages[name], name
    assert f"Does {WORD} help?" in pages["thread"]
    assert f"{CENSORED} does" in pages["thread"]
    reply = client.get(f"/groups/{cast.circle.id}/forum/{started.id}/reply/").content.decode()
    assert TITLE in reply
    listed, one, found = _api(cast, started, client)
    assert [t["title"] for t in listed] == [TITLE]
    assert one["title"] == TITLE and one["poll"]["question"] == f"Does {WORD} help?"
    assert [o["text"] for o in one["poll"]["options"]] == [f"{CENSORED} does", "Walks"]
    assert [r["title"] for r in found] == [TITLE]


@pytest.mark.parametrize("name", ["bob", "fran", "ada"])
def test_other_readers_never_get_the_authors_title_or_poll_words(cast, started, name):
    """Another member, the group's facilitator and an admin from outside the group alike."""
    client = _client(cast, name)
    pages = _pages(cast, started, client)
    for page in ("list", "thread", "search"):
        assert "Evenings with  and •••" in pages[page], page
    assert "Does  help?" in pages["thread"] and "••• does" in pages["thread"]
    listed, one, found = _api(cast, started, client)
    assert [t["title"] for t in listed] == [SHOWN_TITLE]
    assert one["title"] == SHOWN_TITLE and one["poll"]["question"] == "Does  help?"
    assert [o["text"] for o in one["poll"]["options"]] == ["••• does", "Walks"]
    assert [r["title"] for r in found] == [SHOWN_TITLE]
    seen = " ".join([*pages.values(), str(listed), str(one), str(found)]).lower()
    assert WORD not in seen and CENSORED not in seen


def test_the_search_index_never_holds_the_safety_word_or_a_censored_title_word(
    cast, as_member, started
):
    assert search_posts([cast.circle.id], "evenings").exists()  # the title is indexed
    assert not search_posts([cast.circle.id], WORD).exists()
    assert not search_posts([cast.circle.id], CENSORED).exists()
    # Editing the opening post re-indexes it with the readers' title, never the author's.
    found = actions.check_edit_post(
        as_member(), started.posts.get(opening=True), Draft(body="Quiet evenings still help.")
    )
    assert found.post.visibility == "published"
    assert search_posts([cast.circle.id], "evenings").exists()
    assert not search_posts([cast.circle.id], WORD).exists()
    assert not search_posts([cast.circle.id], CENSORED).exists()


def test_deleting_the_opening_post_erases_the_authors_own_title_and_poll_words(as_member, started):
    actions.check_delete_post(as_member(), started.posts.get(opening=True))
    thread = Thread.objects.get(id=started.id)
    assert thread.visibility == "deleted" and thread.author_title is None
    poll = Poll.objects.get(thread=thread)
    assert poll.author_question is None
    assert not PollOption.objects.filter(poll=poll, author_text__isnull=False).exists()


def test_erasing_a_member_erases_their_own_titles_too(cast, started):
    erase_member_posts(cast.circle.id, cast.alice.id)
    thread = Thread.objects.get(id=started.id)
    assert (thread.title, thread.author_title) == ("", None)
