"""The review queue's pages: the queue, one item with its words, and the decisions on it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hearth.accounts.actions import do_set_preferences
from hearth.audit.models import AuditEntry
from hearth.groups.models import Membership
from hearth.lib.testing.cast import signed_in_client
from hearth.safety import actions
from hearth.safety.models import Case, ReviewItem
from hearth.safety.reports import check_report
from hearth.safety.tests.test_review_actions import fake_adapter, hold, make_peer_moderator  # noqa: F401
from hearth.safety.views import highlight_spans

pytestmark = pytest.mark.django_db
MISSING = "00000000-0000-0000-0000-000000000009"


def url(item):
    return f"/safety/review/{item.id}/"


def test_the_queue_lists_highest_risk_first_then_oldest(cast, fake):
    low = hold(cast, fake, level="low")
    old_medium = hold(cast, fake, level="medium")
    new_medium = hold(cast, fake, level="medium")
    high = hold(cast, fake, level="high", categories=["suicide_self_harm"])
    ReviewItem.objects.filter(id=old_medium.id).update(
        created_at=timezone.now() - timedelta(hours=2)
    )
    body = signed_in_client(cast.fran).get("/safety/review/").content.decode()
    positions = [body.index(f'data-review-item="{i.id}"') for i in (high, old_medium, new_medium)]
    assert positions == sorted(positions) and body.index(str(low.id)) > positions[-1]
    assert "Tuesday circle (discreet)" in body  # fran is in discreet mode (the default)
    assert "suicide or self-harm" in body
    assert "07700" not in body  # the queue never shows the words


def test_the_queue_names_who_is_handling_an_item_by_their_name_in_the_group(cast, fake):
    make_peer_moderator(cast, cast.alice)
    item = hold(cast, fake)
    actions.check_claim_review_item(cast.alice, item)
    body = signed_in_client(cast.fran).get("/safety/review/").content.decode()
    shown = Membership.objects.get(group=cast.circle, user=cast.alice).display_name
    assert shown in body


def test_the_queue_is_for_people_who_moderate(cast, fake):
    hold(cast, fake)
    for person in (cast.alice, cast.bob, cast.charlie, cast.olga, cast.gina):
        assert signed_in_client(person).get("/safety/review/").status_code == 404
    make_peer_moderator(cast, cast.alice)
    assert signed_in_client(cast.alice).get("/safety/review/").status_code == 200
    # gina's group is not the circle: what she could moderate does not include bob's post.
    Membership.objects.filter(user=cast.gina).update(role="peer_moderator")
    body = signed_in_client(cast.gina).get("/safety/review/").content.decode()
    assert "Nothing is waiting" in body


def test_the_item_page_highlights_spans_escapes_everything_and_is_audited(cast, fake):
    item = hold(cast, fake, text="<b>hi</b> ring 07700 900123", spans=[(15, 27)])
    response = signed_in_client(cast.fran).get(url(item))
    body = response.content.decode()
    assert response.status_code == 200
    assert "&lt;b&gt;hi&lt;/b&gt; ring <mark>07700 900123</mark>" in body
    assert "<b>hi</b>" not in body
    assert "contains a phone number" in body  # the reasons
    entry = AuditEntry.objects.get(action="safety.review_viewed")
    assert entry.actor_id == cast.fran.id and entry.target_id == str(item.id)


def test_graphic_content_is_veiled_until_revealed(cast, fake):
    calm = hold(cast, fake, level="medium", categories=["contact_details"])
    heavy = hold(cast, fake, level="medium", categories=["abuse_disclosure"], spans=[])
    high = hold(cast, fake, level="high", categories=["profanity"], spans=[])
    fran = signed_in_client(cast.fran)
    assert "review-veil" not in fran.get(url(calm)).content.decode()
    for item in (heavy, high):
        body = fran.get(url(item)).content.decode()
        assert '<details class="review-veil">' in body


def test_the_item_page_shows_the_authors_recent_history_without_words(cast, fake):
    earlier = [hold(cast, fake, text=f"earlier-words-{n}") for n in range(6)]
    ReviewItem.objects.filter(id=earlier[0].id).update(status="rejected")
    item = hold(cast, fake, text="the current one")
    body = signed_in_client(cast.fran).get(url(item)).content.decode()
    history = body.split("recent held posts")[1]
    assert history.count("<li>") == 5
    assert "earlier-words" not in body


def test_outsiders_get_what_a_missing_item_gets(cast, fake):
    item = hold(cast, fake)
    for person in (cast.alice, cast.bob, cast.charlie, cast.olga, cast.rita, cast.gina):
        client = signed_in_client(person)
        forbidden = client.get(url(item))
        missing = client.get(f"/safety/review/{MISSING}/")
        assert forbidden.status_code == missing.status_code == 404
        assert client.post(url(item), {"action": "claim"}).status_code == 404
    assert ReviewItem.objects.get(id=item.id).claimed_by is None
    assert not AuditEntry.objects.filter(action="safety.review_viewed").exists()


def test_claim_then_approve_through_the_page(cast, fake):
    item = hold(cast, fake)
    fran = signed_in_client(cast.fran)
    before = fran.get(url(item)).content.decode()
    assert 'value="approve"' not in before and 'value="claim"' in before
    assert fran.post(url(item), {"action": "claim"})["Location"] == url(item)
    page = fran.get(url(item)).content.decode()
    assert 'value="approve"' in page and "Call me on 07700 900123 please</textarea>" in page
    response = fran.post(url(item), {"action": "approve"})
    assert response.status_code == 302 and response["Location"] == "/safety/review/"
    assert fake.approved[item.object_id] == (cast.fran, None)


def test_someone_else_claiming_shows_who_and_refuses_with_400(cast, fake):
    item = hold(cast, fake)
    actions.check_claim_review_item(cast.ada, item)
    fran = signed_in_client(cast.fran)
    assert 'value="claim"' not in fran.get(url(item)).content.decode()
    response = fran.post(url(item), {"action": "claim"})
    assert response.status_code == 400
    assert "Someone else is handling this" in response.content.decode()
    assert ReviewItem.objects.get(id=item.id).claimed_by == cast.ada


def test_edit_and_approve_passes_the_edited_text(cast, fake):
    item = hold(cast, fake)
    fran = signed_in_client(cast.fran)
    fran.post(url(item), {"action": "claim"})
    response = fran.post(url(item), {"action": "edit_approve", "text": "Line one\r\nline two"})
    assert response.status_code == 302
    assert fake.approved[item.object_id] == (cast.fran, "Line one\nline two")


def test_reject_through_the_page_and_bad_input_answers_400_changing_nothing(cast, fake):
    item = hold(cast, fake)
    fran = signed_in_client(cast.fran)
    fran.post(url(item), {"action": "claim"})
    bad = fran.post(url(item), {"action": "reject", "template": "group_agreement", "clause": ""})
    assert bad.status_code == 400 and "Give the number of the clause" in bad.content.decode()
    missing_clause = fran.post(
        url(item), {"action": "reject", "template": "group_agreement", "clause": "42"}
    )
    assert missing_clause.status_code == 400
    assert "no clause with that number" in missing_clause.content.decode()
    assert fran.post(url(item), {"action": "reject", "template": "nope"}).status_code == 400
    assert fran.post(url(item), {"action": "dance"}).status_code == 400
    assert fran.post(url(item), {"action": "edit_approve", "text": " "}).status_code == 400
    assert ReviewItem.objects.get(id=item.id).status == "waiting"
    assert fake.rejected == {} and fake.approved == {}
    ok = fran.post(
        url(item),
        {"action": "reject", "template": "group_agreement", "clause": "1", "note": "Take care."},
    )
    assert ok.status_code == 302
    assert "clause 1" in fake.rejected[item.object_id][1]


def test_escalate_and_release_through_the_page(cast, fake):
    first, second = hold(cast, fake), hold(cast, fake)
    fran = signed_in_client(cast.fran)
    fran.post(url(first), {"action": "claim"})
    assert fran.post(url(first), {"action": "escalate"}).status_code == 302
    stored = ReviewItem.objects.get(id=first.id)
    assert stored.status == "escalated" and stored.case_id
    queue = fran.get("/safety/review/").content.decode()
    assert "Escalated to a case" in queue
    assert "/safety/alerts/" in fran.get(url(first)).content.decode()  # a link to the case
    fran.post(url(second), {"action": "claim"})
    assert fran.post(url(second), {"action": "release"})["Location"] == "/safety/review/"
    assert ReviewItem.objects.get(id=second.id).claimed_by is None


def test_an_item_held_with_its_alert_links_the_case_and_offers_no_second_case(cast, fake):
    alert = actions.check_raise_safety_signal(cast.bob, cast.circle)
    item = hold(cast, fake, level="high", case=alert.case)
    fran = signed_in_client(cast.fran)
    fran.post(url(item), {"action": "claim"})
    page = fran.get(url(item)).content.decode()
    assert f'href="/safety/alerts/{alert.id}/"' in page
    assert 'value="escalate"' not in page
    assert fran.post(url(item), {"action": "escalate"}).status_code == 400
    assert ReviewItem.objects.get(id=item.id).status == "waiting"
    assert Case.objects.count() == 1


def test_the_queue_page_title_is_its_name_only(cast, fake):
    do_set_preferences(cast.fran, discreet_mode=False)  # the title is the page's own
    note = "A note from the reporter (title-canary-5150)"
    check_report(
        cast.alice,
        cast.circle,
        kind="member",
        object_id=None,
        subject=cast.bob,
        reason="unsafe",
        note=note,
    )
    body = signed_in_client(cast.fran).get("/safety/review/").content.decode()
    assert "<title>Review queue · Hearth</title>" in body
    assert body.count(note) == 1


def test_a_peer_moderator_acts_through_the_page(cast, fake):
    make_peer_moderator(cast, cast.alice)
    item = hold(cast, fake)
    alice = signed_in_client(cast.alice)
    assert alice.get(url(item)).status_code == 200
    alice.post(url(item), {"action": "claim"})
    assert alice.post(url(item), {"action": "approve"}).status_code == 302
    assert fake.approved[item.object_id] == (cast.alice, None)


def test_content_that_is_gone_is_said_plainly(cast, fake):
    item = hold(cast, fake)
    fake.texts.clear()
    body = signed_in_client(cast.fran).get(url(item)).content.decode()
    assert "no longer available" in body
    assert not AuditEntry.objects.filter(action="safety.review_viewed").exists()


def test_staff_see_the_review_link_and_members_do_not(cast):
    assert 'href="/safety/review/"' in signed_in_client(cast.fran).get("/").content.decode()
    assert 'href="/safety/review/"' not in signed_in_client(cast.alice).get("/").content.decode()


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("abc", [], "abc"),
        ("a<b>c", [[1, 4]], "a<mark>&lt;b&gt;</mark>c"),
        ("abcdef", [[0, 2], [1, 4]], "<mark>abcd</mark>ef"),  # overlapping spans merge
        ("abcdef", [[4, 99], [-5, 1]], "<mark>a</mark>bcd<mark>ef</mark>"),  # clamped
        ("abc", [[2, 1], ["x", 2], [1], None], "abc"),  # malformed or empty: ignored
        ("a&b", [[0, 3]], "<mark>a&amp;b</mark>"),
    ],
)
def test_highlight_spans_escapes_and_merges(text, spans, expected):
    assert str(highlight_spans(text, spans)) == expected
