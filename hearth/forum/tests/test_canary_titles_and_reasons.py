"""Canary: an author's own title and poll words (kept apart from readers' versions) and the
reason for revealing an anonymous author never reach the database or the logs in plaintext."""

from __future__ import annotations

import pytest
from django.test import Client

from hearth.tests.test_canary import _canary, _database_bytes, log_output

pytestmark = pytest.mark.django_db(transaction=True)

__all__ = ["log_output"]  # the fixture capturing every log line


def test_own_titles_and_reveal_reasons_never_reach_storage_or_logs_in_plaintext(log_output):
    from hearth.forum import actions
    from hearth.forum.actions import Draft, PollDraft
    from hearth.forum.models import AuthorReveal, Thread
    from hearth.groups.access import access_group
    from hearth.lib.testing.cast import make_cast, sign_in

    cast = make_cast()
    word, reason = _canary("safetyword"), _canary("reason")
    cast.circle.safety_codeword = word
    cast.circle.save()
    started = actions.check_start_thread(
        access_group(cast.alice, cast.circle.id),
        f"Evenings {word}",
        Draft(body="Quiet evenings help.", anonymous=True),
        PollDraft(question=f"Which {word} helps?", options=[f"A {word}", "A walk"]),
    )
    thread = Thread.objects.get(id=started.post.thread_id)
    assert thread.author_title == f"Evenings {word}" and word not in thread.title

    browser = Client()
    sign_in(browser, cast.fran)
    reveal_url = f"/groups/{cast.circle.id}/forum/posts/{started.post.id}/reveal/"
    assert browser.post(reveal_url, {"reason": f"Worried tonight {reason}"}).status_code == 200
    history = browser.get(f"/groups/{cast.circle.id}/forum/reveals/").content.decode()
    assert reason in history and AuthorReveal.objects.count() == 1
    author = Client()
    sign_in(author, cast.alice)
    page = author.get(f"/groups/{cast.circle.id}/forum/{thread.id}/").content.decode()
    assert f"Evenings {word}" in page and f"Which {word} helps?" in page

    for place, data in (("database", _database_bytes()), ("logs", log_output.getvalue().encode())):
        for canary in (word, reason):
            assert canary.encode() not in data, f"{canary[:12]}… found in {place}"
            assert canary.upper().encode() not in data.upper(), f"{canary[:12]}… found in {place}"
