"""Revealing an anonymous author: the written reason is kept sealed where the form says, the
reveal history shows it to the group's facilitators and the organisation's admins only, and
each reading is audited (threat-model finding 2)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from hearth.audit.models import AuditEntry
from hearth.forum import actions
from hearth.forum.actions import Draft
from hearth.forum.adapters import erase_member_posts
from hearth.forum.models import AuthorReveal
from hearth.groups.models import Membership
from hearth.lib.testing.cast import sign_in

pytestmark = pytest.mark.django_db

REASON = "Worried about their safety tonight after this post"


@pytest.fixture
def anonymous(as_member):
    thread = actions.check_start_thread(as_member(), "Evenings", Draft(body="Hello")).post.thread
    return actions.check_post_reply(
        as_member("bob"), thread, Draft(body="I feel unsafe at home", anonymous=True)
    ).post


def _client(cast, name):
    client = Client()
    sign_in(client, getattr(cast, name))
    return client


def _history(cast):
    return f"/groups/{cast.circle.id}/forum/reveals/"


def test_the_reason_is_sealed_beside_its_audit_entry_which_holds_no_words(
    cast, as_member, anonymous
):
    reveal = actions.check_reveal_author(as_member("fran"), anonymous, f"  {REASON}  ")
    stored = AuthorReveal.objects.get()
    assert stored.id == reveal.id and stored.reason == REASON
    assert stored.post_id == anonymous.id and stored.revealed_by_id == cast.fran.id
    entry = AuditEntry.objects.get(action="forum.author_revealed")
    assert stored.audit_entry_id == entry.id and entry.target_id == str(anonymous.id)
    assert entry.details == {"reason_chars": len(REASON), "reveal": str(reveal.id)}
    # Sealed under the group's key: the column holds ciphertext, never the words.
    raw = AuthorReveal.objects.values_list("reason", flat=True).get()
    assert REASON.encode() not in bytes(raw)


@pytest.mark.parametrize(
    ("name", "reason"), [("bob", REASON), ("alice", REASON), ("fran", "why"), ("fran", "x" * 1001)]
)
def test_no_reason_is_kept_when_the_reveal_is_refused(as_member, anonymous, name, reason):
    with pytest.raises(ValidationError):
        actions.check_reveal_author(as_member(name), anonymous, reason)
    assert not AuthorReveal.objects.exists()
    assert not AuditEntry.objects.filter(action="forum.author_revealed").exists()


def test_the_form_says_where_the_reason_is_kept(cast, anonymous):
    client = _client(cast, "fran")
    url = f"/groups/{cast.circle.id}/forum/posts/{anonymous.id}/reveal/"
    form = client.get(url).content.decode()
    assert "reveal history" in form and "Recorded in the audit log" not in form
    done = client.post(url, {"reason": REASON}).content.decode()
    assert f'href="{_history(cast)}"' in done
    assert "The audit log records that you revealed the author, not your words." in done
    assert AuthorReveal.objects.get().reason == REASON


@pytest.mark.parametrize("name", ["fran", "ada"])
def test_facilitators_and_admins_read_the_reasons_and_each_reading_is_audited(
    cast, as_member, anonymous, name
):
    actions.check_reveal_author(as_member("fran"), anonymous, REASON)
    response = _client(cast, name).get(_history(cast))
    page = response.content.decode()
    assert response.status_code == 200
    assert REASON in page
    # Who revealed, by their name in the group; the revealed member is not named.
    fran_name = Membership.objects.get(group=cast.circle, user=cast.fran).display_name
    bob_name = Membership.objects.get(group=cast.circle, user=cast.bob).display_name
    assert fran_name in page and bob_name not in page
    assert f"#post-{anonymous.id}" in page
    entry = AuditEntry.objects.get(action="forum.reveal_reasons_viewed")
    assert entry.actor_id == getattr(cast, name).id
    assert entry.target_id == str(cast.circle.id) and entry.details == {"shown": 1}


@pytest.mark.parametrize("name", ["alice", "bob", "charlie", "gina", "olga"])
def test_nobody_else_reads_the_reasons(cast, as_member, anonymous, name):
    actions.check_reveal_author(as_member("fran"), anonymous, REASON)
    response = _client(cast, name).get(_history(cast))
    assert response.status_code == 404 and REASON not in response.content.decode()
    assert not AuditEntry.objects.filter(action="forum.reveal_reasons_viewed").exists()


def test_the_reason_outlives_the_post(cast, as_member, anonymous):
    actions.check_reveal_author(as_member("fran"), anonymous, REASON)
    erase_member_posts(cast.circle.id, cast.bob.id)
    reveal = AuthorReveal.objects.get()
    assert reveal.post_id is None and reveal.reason == REASON
    page = _client(cast, "fran").get(_history(cast)).content.decode()
    assert REASON in page and "no longer in the forum" in page
