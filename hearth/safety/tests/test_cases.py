"""Cases kept moving: assignment, follow-up dates, the timeline of linked items, the
Follow-ups list on the alerts page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from hearth.accounts.actions import do_create_user
from hearth.audit.models import AuditEntry
from hearth.groups.models import Membership
from hearth.lib.testing.cast import PASSPHRASE, sign_in
from hearth.safety import actions, cases, queries
from hearth.safety.content import do_follow_up, screen
from hearth.safety.models import Alert, Case, ReviewItem
from hearth.safety.reports import check_handle_report, check_report
from hearth.safety.tests.test_review_actions import KIND, fake_adapter, hold

pytestmark = pytest.mark.django_db

__all__ = ["fake_adapter"]  # the `fake` fixture: a content app holding texts in memory


@pytest.fixture
def alert(cast):
    return actions.check_raise_safety_signal(cast.alice, cast.circle)


def _staff_client(user):
    client = Client()
    sign_in(client, user)
    return client


def test_staff_assign_a_case_to_staff_of_the_organisation(cast, alert):
    cases.check_assign_case(cast.ada, alert.case, cast.fran)
    case = Case.objects.get()
    assert case.assignee == cast.fran
    entry = AuditEntry.objects.get(action="safety.case_assigned")
    assert entry.actor_id == cast.ada.id and entry.details == {"assignee": str(cast.fran.id)}
    cases.check_assign_case(cast.ada, case, None)
    assert Case.objects.get().assignee is None


@pytest.mark.parametrize("name", ["alice", "charlie", "olga"])
def test_only_staff_of_the_organisation_can_be_assigned(cast, alert, name):
    with pytest.raises(ValidationError) as error:
        cases.check_assign_case(cast.ada, alert.case, getattr(cast, name))
    assert "assignee" in error.value.message_dict
    assert Case.objects.get().assignee is None


def test_staff_of_another_organisation_can_neither_assign_nor_be_assigned(cast, alert):
    other_admin = do_create_user(cast.other_organisation, "otto", PASSPHRASE, role="admin")
    with pytest.raises(ValidationError):
        cases.check_assign_case(other_admin, alert.case, cast.fran)
    with pytest.raises(ValidationError):
        cases.check_assign_case(cast.ada, alert.case, other_admin)
    with pytest.raises(ValidationError):
        cases.check_assign_case(cast.alice, alert.case, cast.fran)
    assert not AuditEntry.objects.filter(action="safety.case_assigned").exists()


def test_a_closed_case_cannot_be_assigned_or_followed_up(cast, alert):
    actions.check_close_case(cast.fran, alert.case, "Spoke with her; safe now.")
    with pytest.raises(ValidationError):
        cases.check_assign_case(cast.ada, alert.case, cast.fran)
    with pytest.raises(ValidationError):
        cases.check_set_follow_up(cast.ada, alert.case, timezone.localdate())


def test_an_assigned_colleague_outside_the_group_may_open_the_case(cast, alert):
    colleague = do_create_user(cast.organisation, "felix", PASSPHRASE, role="facilitator")
    client = _staff_client(colleague)
    assert client.get(f"/safety/alerts/{alert.id}/").status_code == 404
    cases.check_assign_case(cast.ada, alert.case, colleague)
    assert client.get(f"/safety/alerts/{alert.id}/").status_code == 200


def test_follow_up_dates_are_today_or_later_and_audited(cast, alert):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        cases.check_set_follow_up(cast.fran, alert.case, today - timedelta(days=1))
    assert "follow_up_on" in error.value.message_dict
    assert Case.objects.get().follow_up_on is None
    cases.check_set_follow_up(cast.fran, alert.case, today + timedelta(days=3))
    assert Case.objects.get().follow_up_on == today + timedelta(days=3)
    entry = AuditEntry.objects.get(action="safety.case_follow_up_set")
    assert entry.details == {"follow_up_on": (today + timedelta(days=3)).isoformat()}
    cases.check_set_follow_up(cast.fran, alert.case, None)
    assert Case.objects.get().follow_up_on is None


def test_the_case_page_assigns_and_sets_a_follow_up(cast, alert):
    client = _staff_client(cast.fran)
    url = f"/safety/alerts/{alert.id}/"
    assert client.post(url, {"do": "assign", "assignee": str(cast.ada.id)}).status_code == 302
    when = timezone.localdate() + timedelta(days=2)
    response = client.post(url, {"do": "follow_up", "follow_up_on": when.isoformat()})
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.assignee == cast.ada and case.follow_up_on == when
    page = client.get(url).content.decode()
    assert when.isoformat() in page and 'name="assignee"' in page


def test_the_case_page_refuses_a_past_date_and_a_member_assignee(cast, alert):
    client = _staff_client(cast.fran)
    url = f"/safety/alerts/{alert.id}/"
    past = timezone.localdate() - timedelta(days=1)
    assert (
        client.post(url, {"do": "follow_up", "follow_up_on": past.isoformat()}).status_code == 400
    )
    assert client.post(url, {"do": "assign", "assignee": str(cast.alice.id)}).status_code == 400
    case = Case.objects.get()
    assert case.follow_up_on is None and case.assignee is None


def _linked_case(cast, fake):
    """A case opened from the review queue, with a report and notes linked to it."""
    item = hold(cast, fake, "Held words that never reach the timeline", level="high")
    actions.check_claim_review_item(cast.fran, item)
    case = actions.check_escalate_review_item(cast.fran, item)
    actions.check_add_case_note(cast.fran, case, "First note, sealed")
    report = check_report(
        cast.alice, cast.circle, kind="member", object_id=None, subject=cast.bob, reason="unsafe"
    )
    check_handle_report(cast.fran, report, "no_action")
    # Link the handled report to the case, as a report that opened it would be.
    type(report).objects.filter(id=report.id).update(case=case)
    actions.check_add_case_note(cast.ada, case, "Second note, sealed")
    return case, item


def test_the_timeline_lists_every_linked_item_in_time_order(cast, fake):
    case, item = _linked_case(cast, fake)
    timeline = queries.get_case_timeline(case)
    kinds = [e.kind for e in timeline]
    assert sorted(kinds) == ["alert", "note", "note", "report", "review"]
    assert [e.at for e in timeline] == sorted(e.at for e in timeline)
    notes = [e.item.text for e in timeline if e.kind == "note"]
    assert notes == ["First note, sealed", "Second note, sealed"]
    review_entry = next(e for e in timeline if e.kind == "review")
    assert review_entry.item.id == item.id and review_entry.item.level == "high"
    alert_entry = next(e for e in timeline if e.kind == "alert")
    # Acknowledged by fran, named as in the group, never by her pseudonym.
    name = Membership.objects.get(group=cast.circle, user=cast.fran).display_name
    assert alert_entry.by == name


def test_the_timeline_takes_the_same_queries_whatever_its_length(
    cast, fake, django_assert_num_queries
):
    case, _item = _linked_case(cast, fake)
    case = Case.objects.get(id=case.id)
    # Alerts, review items, reports, notes, staff names and the member's check-in messages.
    with django_assert_num_queries(6):
        queries.get_case_timeline(case)
    for n in range(5):
        actions.check_add_case_note(cast.fran, case, f"More {n}")
        held = hold(cast, fake, f"More held {n}")
        ReviewItem.objects.filter(id=held.id).update(case=case)
        Alert.objects.create(
            organisation=cast.organisation,
            group=cast.circle,
            subject=cast.bob,
            kind="review",
            source="review",
            case=case,
            deadline_at=timezone.now(),
            acknowledged_by=cast.ada,
            acknowledged_at=timezone.now(),
        )
    with django_assert_num_queries(6):
        assert len(queries.get_case_timeline(case)) == 5 + 15


def test_the_case_page_shows_the_timeline_without_the_held_words(cast, fake):
    case, item = _linked_case(cast, fake)
    alert = Alert.objects.get(case=case)
    page = _staff_client(cast.fran).get(f"/safety/alerts/{alert.id}/").content.decode()
    assert "First note, sealed" in page and "Second note, sealed" in page
    assert "Held words that never reach the timeline" not in page
    assert f"/safety/review/{item.id}/" in page
    assert page.index("First note, sealed") < page.index("Second note, sealed")


def test_follow_ups_list_due_open_cases_mine_first(cast):
    today = timezone.localdate()
    mine = actions.check_raise_safety_signal(cast.alice, cast.circle)
    theirs = actions.check_raise_safety_signal(cast.bob, cast.circle)
    later = actions.check_raise_safety_signal(cast.bob, cast.circle)
    closed = actions.check_raise_safety_signal(cast.alice, cast.circle)
    cases.check_set_follow_up(cast.ada, theirs.case, today)
    cases.check_set_follow_up(cast.ada, mine.case, today)
    cases.check_assign_case(cast.ada, mine.case, cast.fran)
    cases.check_set_follow_up(cast.ada, later.case, today + timedelta(days=1))
    cases.check_set_follow_up(cast.ada, closed.case, today)
    actions.check_close_case(cast.ada, closed.case, "Done")
    # A date that has passed since it was set is still due.
    Case.objects.filter(id=theirs.case_id).update(follow_up_on=today - timedelta(days=2))
    from hearth.safety.access import filter_alerts_for

    due = queries.get_follow_ups(filter_alerts_for(cast.fran), cast.fran)
    assert [a.case_id for a in due] == [mine.case_id, theirs.case_id]
    page = _staff_client(cast.fran).get("/safety/alerts/").content.decode()
    assert "Follow-ups" in page and f'data-follow-up="{mine.case_id}"' in page
    assert f'data-follow-up="{later.case_id}"' not in page
    assert queries.get_follow_ups(filter_alerts_for(cast.alice), cast.alice) == []


# --- A high-risk post's case holds the post; the case reaches the member ---------------------

HIGH_RISK_TEXT = "I have the pills saved up and I am going to end my life tonight."


def test_held_high_risk_words_belong_to_the_case_their_alert_opened(cast, fake):
    screened = screen(HIGH_RISK_TEXT, cast.circle, author_is_new=False)
    assert screened.decision.alert and screened.decision.action == "hold"
    do_follow_up(screened, group=cast.circle, author=cast.bob, kind=KIND, object_id=fake.add("x"))
    alert, item = Alert.objects.get(), ReviewItem.objects.get()
    assert Case.objects.count() == 1 and item.case_id == alert.case_id
    assert item.status == "waiting"
    kinds = [e.kind for e in queries.get_case_timeline(alert.case)]
    assert sorted(kinds) == ["alert", "review"]
    held = AuditEntry.objects.get(action="safety.review_held")
    assert held.details["case"] == str(alert.case_id)
    # The words are held in the case already: escalating would split it into a second case.
    actions.check_claim_review_item(cast.fran, item)
    with pytest.raises(ValidationError):
        actions.check_escalate_review_item(cast.fran, item)
    assert Case.objects.count() == 1 and ReviewItem.objects.get().status == "waiting"


def test_held_words_without_an_alert_belong_to_no_case(cast, fake):
    item = hold(cast, fake)
    assert item.case_id is None
    assert "case" not in AuditEntry.objects.get(action="safety.review_held").details


def _check_in_url(cast, name="alice"):
    membership = Membership.objects.get(group=cast.circle, user=getattr(cast, name))
    return f"/groups/{cast.circle.id}/members/{membership.id}/check-in/"


@pytest.mark.parametrize("name", ["fran", "ada"])
def test_the_case_page_offers_a_private_check_in_with_the_member(cast, alert, name):
    page = _staff_client(getattr(cast, name)).get(f"/safety/alerts/{alert.id}/").content.decode()
    shown = Membership.objects.get(group=cast.circle, user=cast.alice).display_name
    assert f'href="{_check_in_url(cast)}"' in page
    assert f"Write to {shown} privately" in page


def test_the_check_in_link_is_only_for_staff_who_manage_the_group(cast, alert):
    colleague = do_create_user(cast.organisation, "felix", PASSPHRASE, role="facilitator")
    cases.check_assign_case(cast.ada, alert.case, colleague)
    client = _staff_client(colleague)
    page = client.get(f"/safety/alerts/{alert.id}/").content.decode()
    assert "/check-in/" not in page
    # The check-in page itself refuses them too.
    assert client.get(_check_in_url(cast)).status_code == 404


def test_no_check_in_link_once_closed_or_for_someone_no_longer_in_the_group(cast, alert):
    client = _staff_client(cast.fran)
    actions.check_close_case(cast.fran, alert.case, "Spoke with her; safe now.")
    assert "/check-in/" not in client.get(f"/safety/alerts/{alert.id}/").content.decode()
    removed = actions.check_raise_safety_signal(cast.rita, cast.circle)
    assert "/check-in/" not in client.get(f"/safety/alerts/{removed.id}/").content.decode()
