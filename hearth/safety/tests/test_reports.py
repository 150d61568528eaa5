"""Members' reports: filing one, moderators settling it, the reporter told, never named."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from hearth.audit.models import AuditEntry
from hearth.groups.models import Membership
from hearth.lib.testing.cast import join_group, sign_in
from hearth.safety import reports, review
from hearth.safety.models import Alert, Case, Report
from hearth.safety.tests.test_review_actions import FakeAdapter

pytestmark = pytest.mark.django_db

KIND = "forum_post"  # the kind the forum registers; replaced by a fake here


class RemovableFake(FakeAdapter):
    def __init__(self):
        super().__init__()
        self.removed: list = []

    def remove(self, object_id, actor):
        self.removed.append((object_id, actor))
        self.texts.pop(object_id, None)


@pytest.fixture(name="fake")
def removable_adapter():
    previous = review._ADAPTERS.get(KIND)
    adapter = RemovableFake()
    review.register(KIND, adapter)
    yield adapter
    if previous is not None:
        review.register(KIND, previous)
    else:
        review.unregister(KIND)


def report_post(cast, fake, reporter=None, text="bob's words", **kw):
    object_id = kw.pop("object_id", None) or fake.add(text)
    return reports.check_report(
        reporter or cast.alice,
        cast.circle,
        kind="forum_post",
        object_id=object_id,
        subject=cast.bob,
        reason=kw.pop("reason", "harassment"),
        note=kw.pop("note", None),
    )


def report_member(cast, reporter=None, subject=None, **kw):
    return reports.check_report(
        reporter or cast.alice,
        cast.circle,
        kind="member",
        object_id=None,
        subject=subject or cast.bob,
        reason=kw.pop("reason", "unsafe"),
        note=kw.pop("note", None),
    )


def test_report_is_stored_with_a_sealed_note_and_audited_without_it(cast, fake):
    report = report_post(cast, fake, note="He keeps messaging me about it")
    stored = Report.objects.get()
    assert stored.id == report.id and stored.status == "open" and stored.reason == "harassment"
    assert stored.note == "He keeps messaging me about it"
    entry = AuditEntry.objects.get(action="safety.report_made")
    assert "messaging" not in str(entry.details) and entry.details["reason"] == "harassment"


def test_reporting_the_same_post_twice_keeps_one_open_report(cast, fake):
    first = report_post(cast, fake)
    again = report_post(cast, fake, object_id=first.object_id, reason="spam")
    assert again.id == first.id and Report.objects.count() == 1
    assert report_member(cast).id == report_member(cast).id
    assert Report.objects.count() == 2


def test_report_refuses_bad_reasons_long_notes_outsiders_and_oneself(cast, fake):
    with pytest.raises(ValidationError):
        report_post(cast, fake, reason="because")
    with pytest.raises(ValidationError):
        report_post(cast, fake, note="x" * 501)
    with pytest.raises(ValidationError):
        report_member(cast, reporter=cast.charlie)  # not a member of the circle
    with pytest.raises(ValidationError):
        report_member(cast, reporter=cast.rita)  # removed
    with pytest.raises(ValidationError):
        report_member(cast, subject=cast.alice)
    with pytest.raises(ValidationError):
        report_member(cast, subject=cast.gina)  # not in the circle
    assert not Report.objects.exists()


def test_moderator_removes_a_reported_post_and_settles_every_report_of_it(cast, fake):
    first = report_post(cast, fake)
    join_group(cast.circle, cast.charlie)
    second = report_post(cast, fake, reporter=cast.charlie, object_id=first.object_id)
    reports.check_handle_report(cast.fran, first, "removed")
    assert fake.removed == [(first.object_id, cast.fran)]
    for report in (first, second):
        report.refresh_from_db()
        assert report.status == "handled" and report.outcome == "removed"
        assert report.handled_by == cast.fran and report.handled_at is not None
    with pytest.raises(ValidationError):
        reports.check_handle_report(cast.fran, first, "no_action")


def test_no_action_settles_only_that_report(cast, fake):
    report = report_post(cast, fake)
    reports.check_handle_report(cast.ada, report, "no_action")
    report.refresh_from_db()
    assert report.outcome == "no_action" and fake.removed == []


def test_opening_a_case_reuses_the_review_escalation(cast, fake):
    report = report_member(cast)
    reports.check_handle_report(cast.fran, report, "case_opened")
    report.refresh_from_db()
    case = Case.objects.get()
    assert report.case == case and case.subject == cast.bob and case.assignee == cast.fran
    alert = Alert.objects.get()
    assert alert.kind == "report" and alert.acknowledged_by == cast.fran


def test_peer_moderator_opening_a_case_pages_staff(cast, fake):
    Membership.objects.filter(group=cast.circle, user=cast.alice).update(role="peer_moderator")
    report = report_member(cast, reporter=cast.bob, subject=cast.alice)
    with pytest.raises(ValidationError):  # a report about themselves
        reports.check_handle_report(cast.alice, report, "no_action")
    other = report_member(cast, reporter=cast.fran)
    with pytest.raises(ValidationError):  # a report about a member has no post to remove
        reports.check_handle_report(cast.alice, other, "removed")
    reports.check_handle_report(cast.alice, other, "case_opened")
    alert = Alert.objects.get()
    assert alert.acknowledged_at is None and alert.case.assignee is None


def test_members_and_outsiders_cannot_handle_reports(cast, fake):
    report = report_post(cast, fake)
    for person in (cast.alice, cast.bob, cast.charlie, cast.olga, cast.gina):
        with pytest.raises(ValidationError):
            reports.check_handle_report(person, report, "no_action")
    with pytest.raises(ValidationError):
        reports.check_handle_report(cast.fran, report, "banished")


def test_adapter_without_remove_refuses_removal(cast):
    adapter = FakeAdapter()
    previous = review._ADAPTERS.get(KIND)
    review.register(KIND, adapter)
    try:
        report = report_post(cast, adapter)
        with pytest.raises(ValidationError):
            reports.check_handle_report(cast.fran, report, "removed")
        report.refresh_from_db()
        assert report.status == "open"
    finally:
        if previous is not None:
            review.register(KIND, previous)


def test_review_queue_lists_open_reports_with_reporter_for_staff(cast, fake, client):
    report_post(cast, fake, text="bob's unkind words", note="it hurt")
    sign_in(client, cast.fran)
    page = client.get("/safety/review/").content.decode()
    assert "Open reports" in page and "bob&#x27;s unkind words" in page and "it hurt" in page
    assert "alice reported bob" in page


def test_reported_moderator_never_sees_the_report(cast, fake, client):
    Membership.objects.filter(group=cast.circle, user=cast.bob).update(role="peer_moderator")
    report_post(cast, fake, note="alice wrote this note")
    sign_in(client, cast.bob)
    page = client.get("/safety/review/").content.decode()
    assert "alice wrote this note" not in page and "No open reports" in page
    assert client.post(f"/safety/reports/{Report.objects.get().id}/").status_code == 404


def test_handling_through_the_page_and_the_reporter_is_told(cast, fake, client):
    report = report_member(cast)
    sign_in(client, cast.fran)
    response = client.post(f"/safety/reports/{report.id}/", {"outcome": "no_action"})
    assert response.status_code == 302 and response["Location"] == "/safety/review/"
    report.refresh_from_db()
    assert report.status == "handled" and report.reporter_seen_at is None
    sign_in(client, cast.alice)
    page = client.get("/safety/reports/mine/").content.decode()
    assert "Thank you — a facilitator looked at this" in page
    assert "No action" not in page  # no outcome details about the other person
    report.refresh_from_db()
    assert report.reporter_seen_at is not None


def test_report_member_page_files_a_report(cast, client):
    bob_m = Membership.objects.get(group=cast.circle, user=cast.bob)
    sign_in(client, cast.alice)
    url = f"/groups/{cast.circle.id}/members/{bob_m.id}/report/"
    assert client.post(url, {"reason": "nonsense"}).status_code == 400
    response = client.post(url, {"reason": "personal_details", "note": "posted my street"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.kind == "member" and report.subject == cast.bob and report.object_id is None
    members = client.get(f"/groups/{cast.circle.id}/members/").content.decode()
    assert f"/members/{bob_m.id}/report/" in members


def test_own_membership_cannot_be_reported(cast, client):
    alice_m = Membership.objects.get(group=cast.circle, user=cast.alice)
    sign_in(client, cast.alice)
    url = f"/groups/{cast.circle.id}/members/{alice_m.id}/report/"
    assert client.get(url).status_code == 404
