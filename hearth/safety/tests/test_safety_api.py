"""The safety API mirrors the pages: alerts and cases, duty, the review queue and reports.

Staff get what the pages give them; members and outsiders get exactly what a missing id gets
(404); no sign-in, or staff without their second step, gets 401; input an action refuses is a
400 naming the field, and nothing changes.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from hearth.audit.models import AuditEntry
from hearth.lib.testing.cast import sign_in
from hearth.safety import actions
from hearth.safety.models import Alert, Case, CaseNote, Duty, Report, ReviewItem
from hearth.safety.reports import check_report
from hearth.safety.tests.test_review_actions import fake_adapter, hold

pytestmark = pytest.mark.django_db

__all__ = ["fake_adapter"]  # the `fake` fixture: a content app holding texts in memory

MISSING = "00000000-0000-0000-0000-000000000007"


@pytest.fixture
def api(cast):
    def signed(name, *, verified=None):
        client = Client()
        if name != "anonymous":
            sign_in(client, getattr(cast, name), verified=verified)
        return client

    return signed


@pytest.fixture
def alert(cast):
    return actions.check_raise_safety_signal(cast.alice, cast.circle)


def _post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def _put(client, url, body):
    return client.put(url, body, content_type="application/json")


def _refused_like_missing(client, method, url, missing_url, body=None):
    call = getattr(client, method)
    kwargs = {"content_type": "application/json"} if method != "get" else {}
    args = (body or {},) if method != "get" else ()
    forbidden = call(url, *args, **kwargs)
    missing = call(missing_url, *args, **kwargs)
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json()


# --- Alerts ---------------------------------------------------------------------------------


def test_staff_list_and_acknowledge_alerts(api, cast, alert):
    c = api("fran")
    listed = c.get("/api/safety/alerts").json()
    assert [a["id"] for a in listed] == [str(alert.id)]
    assert listed[0]["kind"] == "safety_signal" and listed[0]["acknowledged_at"] is None
    response = _post(c, f"/api/safety/alerts/{alert.id}/acknowledge")
    assert response.status_code == 200
    assert response.json()["acknowledged_by"] == str(cast.fran.id)
    assert Case.objects.get().assignee == cast.fran
    # The second claim is refused, and nothing changes.
    again = _post(api("ada"), f"/api/safety/alerts/{alert.id}/acknowledge")
    assert again.status_code == 400 and again.json()["code"] == "invalid"
    assert Alert.objects.get().acknowledged_by == cast.fran


@pytest.mark.parametrize("name", ["alice", "bob", "charlie", "olga", "gina"])
def test_members_and_outsiders_get_404_for_alerts(api, alert, name):
    c = api(name)
    assert c.get("/api/safety/alerts").status_code == 404
    _refused_like_missing(
        c,
        "post",
        f"/api/safety/alerts/{alert.id}/acknowledge",
        f"/api/safety/alerts/{MISSING}/acknowledge",
    )
    assert Alert.objects.get().acknowledged_at is None


def test_signed_out_and_unverified_staff_get_401(api, alert):
    for c in (api("anonymous"), api("fran", verified=False)):
        assert c.get("/api/safety/alerts").status_code == 401
        assert c.get(f"/api/safety/cases/{alert.case_id}").status_code == 401
        assert _post(c, f"/api/safety/alerts/{alert.id}/acknowledge").status_code == 401
        assert c.get("/api/safety/review").status_code == 401
        assert c.get("/api/safety/reports").status_code == 401
        assert c.get("/api/safety/duty").status_code == 401
    assert Alert.objects.get().acknowledged_at is None


# --- Cases ----------------------------------------------------------------------------------


def test_staff_read_a_case_with_its_timeline_and_notes_and_it_is_audited(api, cast, alert):
    actions.check_add_case_note(cast.fran, alert.case, "A sealed note for staff")
    c = api("ada")
    response = c.get(f"/api/safety/cases/{alert.case_id}")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "open" and body["alert"] == str(alert.id)
    assert [e["kind"] for e in body["timeline"]] == ["alert", "note"]
    assert body["timeline"][0]["alert_kind"] == "safety_signal"
    assert [n["text"] for n in body["notes"]] == ["A sealed note for staff"]
    entry = AuditEntry.objects.filter(action="safety.case_viewed").get()
    assert entry.actor_id == cast.ada.id and entry.target_id == str(alert.case_id)


def test_the_case_timeline_never_carries_held_words(api, cast, fake):
    item = hold(cast, fake, "Words held for review only")
    actions.check_claim_review_item(cast.fran, item)
    case = actions.check_escalate_review_item(cast.fran, item)
    response = api("fran").get(f"/api/safety/cases/{case.id}")
    assert response.status_code == 200
    assert "Words held for review only" not in response.content.decode()
    review = [e for e in response.json()["timeline"] if e["kind"] == "review"]
    assert review[0]["id"] == str(item.id) and review[0]["status"] == "escalated"


def test_staff_add_notes_assign_follow_up_and_close(api, cast, alert):
    c = api("fran")
    base = f"/api/safety/cases/{alert.case_id}"
    note = _post(c, f"{base}/notes", {"text": "Called her back"})
    assert note.status_code == 201 and note.json()["text"] == "Called her back"
    assigned = _post(c, f"{base}/assign", {"assignee": str(cast.ada.id)})
    assert assigned.status_code == 200 and assigned.json()["assignee"] == str(cast.ada.id)
    when = (timezone.localdate() + timedelta(days=7)).isoformat()
    follow = _put(c, f"{base}/follow-up", {"follow_up_on": when})
    assert follow.status_code == 200 and follow.json()["follow_up_on"] == when
    closed = _post(c, f"{base}/close", {"outcome": "Safe, resources shared"})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    case = Case.objects.get()
    assert case.assignee == cast.ada and case.follow_up_on.isoformat() == when
    assert case.outcome == "Safe, resources shared" and CaseNote.objects.count() == 1
    actions_seen = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "safety.case_note_added",
        "safety.case_assigned",
        "safety.case_follow_up_set",
        "safety.case_closed",
    } <= actions_seen


def test_bad_case_input_is_a_400_and_changes_nothing(api, cast, alert):
    c = api("fran")
    base = f"/api/safety/cases/{alert.case_id}"
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    cases = [
        ("post", f"{base}/notes", {"text": "   "}, "text"),
        ("post", f"{base}/close", {"outcome": ""}, "outcome"),
        ("post", f"{base}/assign", {"assignee": str(cast.alice.id)}, "assignee"),
        ("post", f"{base}/assign", {"assignee": str(cast.olga.id)}, "assignee"),
        ("put", f"{base}/follow-up", {"follow_up_on": past}, "follow_up_on"),
    ]
    for method, url, body, field in cases:
        response = getattr(c, method)(url, body, content_type="application/json")
        assert response.status_code == 400, url
        assert field in response.json()["fields"]
    case = Case.objects.get()
    assert case.status == "open" and case.assignee is None and case.follow_up_on is None
    assert not CaseNote.objects.exists()


@pytest.mark.parametrize("name", ["alice", "bob", "charlie", "olga", "rita", "gina"])
def test_members_and_outsiders_get_404_for_cases(api, alert, name):
    c = api(name)
    base, missing = f"/api/safety/cases/{alert.case_id}", f"/api/safety/cases/{MISSING}"
    _refused_like_missing(c, "get", base, missing)
    _refused_like_missing(c, "post", f"{base}/notes", f"{missing}/notes", {"text": "x"})
    _refused_like_missing(c, "post", f"{base}/close", f"{missing}/close", {"outcome": "x"})
    _refused_like_missing(c, "post", f"{base}/assign", f"{missing}/assign", {"assignee": None})
    _refused_like_missing(
        c, "put", f"{base}/follow-up", f"{missing}/follow-up", {"follow_up_on": None}
    )
    assert Case.objects.get().status == "open" and not CaseNote.objects.exists()
    assert not AuditEntry.objects.filter(action="safety.case_viewed").exists()


def test_due_follow_ups_are_the_alerts_page_list_with_its_visibility(api, cast):
    from hearth.lib.testing.cast import make_group
    from hearth.safety import cases, queries
    from hearth.safety.access import filter_alerts_for

    today = timezone.localdate()
    mine = actions.check_raise_safety_signal(cast.alice, cast.circle)
    theirs = actions.check_raise_safety_signal(cast.bob, cast.circle)
    later = actions.check_raise_safety_signal(cast.bob, cast.circle)
    closed = actions.check_raise_safety_signal(cast.alice, cast.circle)
    # A group fran does not facilitate: its case is the admin's to follow up, not hers.
    elsewhere = make_group(cast.ada, "Thursday circle")
    hidden = actions.check_raise_safety_signal(cast.charlie, elsewhere)
    for due in (mine, theirs, closed, hidden):
        cases.check_set_follow_up(cast.ada, due.case, today)
    cases.check_set_follow_up(cast.ada, later.case, today + timedelta(days=1))
    cases.check_assign_case(cast.ada, mine.case, cast.fran)
    actions.check_close_case(cast.ada, closed.case, "Done")
    # A date that has passed since it was set is still due.
    Case.objects.filter(id=theirs.case_id).update(follow_up_on=today - timedelta(days=2))

    response = api("fran").get("/api/safety/follow-ups")
    assert response.status_code == 200
    assert response.json() == [
        {
            "case": str(mine.case_id),
            "alert": str(mine.id),
            "kind": "safety_signal",
            "group": str(cast.circle.id),
            "follow_up_on": today.isoformat(),
            "assignee": str(cast.fran.id),
            "mine": True,
        },
        {
            "case": str(theirs.case_id),
            "alert": str(theirs.id),
            "kind": "safety_signal",
            "group": str(cast.circle.id),
            "follow_up_on": (today - timedelta(days=2)).isoformat(),
            "assignee": None,
            "mine": False,
        },
    ]
    # The alerts page lists exactly the same cases for her.
    page = api("fran").get("/safety/alerts/").content.decode()
    for alert in (mine, theirs):
        assert f'data-follow-up="{alert.case_id}"' in page
    for alert in (later, closed, hidden):
        assert f'data-follow-up="{alert.case_id}"' not in page

    # The admin sees every group's, in the page's order; nothing is hers, so dates decide.
    by_ada = [row["case"] for row in api("ada").get("/api/safety/follow-ups").json()]
    expected = queries.get_follow_ups(filter_alerts_for(cast.ada), cast.ada)
    assert by_ada == [str(a.case_id) for a in expected]
    assert set(by_ada) == {str(theirs.case_id), str(mine.case_id), str(hidden.case_id)}
    assert by_ada[0] == str(theirs.case_id)


@pytest.mark.parametrize("name", ["alice", "bob", "charlie", "olga", "gina"])
def test_members_and_outsiders_get_404_for_follow_ups(api, cast, alert, name):
    from hearth.safety import cases

    cases.check_set_follow_up(cast.fran, alert.case, timezone.localdate())
    response = api(name).get("/api/safety/follow-ups")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_follow_ups_need_a_signed_in_verified_staff_member(api, cast, alert):
    for c in (api("anonymous"), api("fran", verified=False)):
        assert c.get("/api/safety/follow-ups").status_code == 401


# --- Duty -----------------------------------------------------------------------------------


def test_staff_read_and_change_their_duty(api, cast):
    c = api("fran")
    assert c.get("/api/safety/duty").json() == {"on_duty": False, "stepping_away": False}
    response = _put(c, "/api/safety/duty", {"on_duty": True, "stepping_away": True})
    assert response.status_code == 200
    assert response.json() == {"on_duty": True, "stepping_away": True}
    assert Duty.objects.get(user=cast.fran).stepping_away
    assert _put(c, "/api/safety/duty", {"on_duty": "yes"}).status_code == 422


@pytest.mark.parametrize("name", ["alice", "charlie", "olga"])
def test_members_get_404_for_duty(api, name):
    c = api(name)
    assert c.get("/api/safety/duty").status_code == 404
    assert _put(c, "/api/safety/duty", {"on_duty": True}).status_code == 404
    assert not Duty.objects.exists()


# --- The review queue -----------------------------------------------------------------------


def test_the_queue_lists_items_without_their_words(api, cast, fake):
    item = hold(cast, fake, "Secret held words", level="high")
    response = api("fran").get("/api/safety/review")
    assert response.status_code == 200
    body = response.json()
    assert [i["id"] for i in body["waiting"]] == [str(item.id)] and body["escalated"] == []
    assert "Secret held words" not in response.content.decode()


def test_the_item_endpoint_shows_the_words_and_is_audited_like_the_page(api, cast, fake):
    item = hold(cast, fake, "Secret held words")
    body = api("fran").get(f"/api/safety/review/{item.id}").json()
    assert body["text"] == "Secret held words" and body["spans"] == [[11, 24]]
    entry = AuditEntry.objects.get(action="safety.review_viewed")
    assert entry.actor_id == cast.fran.id and entry.target_id == str(item.id)


def test_two_moderators_claiming_the_second_is_refused(api, cast, fake):
    item = hold(cast, fake)
    url = f"/api/safety/review/{item.id}/claim"
    first = _post(api("fran"), url)
    assert first.status_code == 200 and first.json()["claimed_by_me"]
    second = _post(api("ada"), url)
    assert second.status_code == 400 and "__all__" in second.json()["fields"]
    assert ReviewItem.objects.get().claimed_by == cast.fran
    # Ada cannot decide it either while fran holds it.
    assert _post(api("ada"), f"/api/safety/review/{item.id}/approve").status_code == 400
    assert ReviewItem.objects.get().status == "waiting"


def test_claim_release_approve_with_an_edit(api, cast, fake):
    item = hold(cast, fake, "Call me on 07700 900123 please")
    c = api("fran")
    base = f"/api/safety/review/{item.id}"
    assert _post(c, f"{base}/claim").status_code == 200
    released = _post(c, f"{base}/release")
    assert released.status_code == 200 and not released.json()["claimed"]
    assert _post(c, f"{base}/claim").status_code == 200
    approved = _post(c, f"{base}/approve", {"text": "Call me please"})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert fake.approved[item.object_id] == (cast.fran, "Call me please")


def test_reject_with_a_template_and_escalate(api, cast, fake):
    first, second = hold(cast, fake), hold(cast, fake)
    c = api("fran")
    _post(c, f"/api/safety/review/{first.id}/claim")
    rejected = _post(c, f"/api/safety/review/{first.id}/reject", {"template": "personal_details"})
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert first.object_id in fake.rejected
    _post(c, f"/api/safety/review/{second.id}/claim")
    escalated = _post(c, f"/api/safety/review/{second.id}/escalate")
    assert escalated.status_code == 200
    body = escalated.json()
    assert body["status"] == "escalated" and body["case"]
    assert Case.objects.filter(id=body["case"]).exists()


def test_bad_review_input_is_a_400_and_changes_nothing(api, cast, fake):
    item = hold(cast, fake)
    c = api("fran")
    base = f"/api/safety/review/{item.id}"
    assert _post(c, f"{base}/release").status_code == 400  # not claimed
    _post(c, f"{base}/claim")
    bad = [
        (f"{base}/approve", {"text": "   "}, "text"),
        (f"{base}/reject", {"template": "made_up"}, "template"),
        (f"{base}/reject", {"template": "group_agreement"}, "clause"),
        (f"{base}/reject", {"template": "other", "clause": 99}, "clause"),
        (f"{base}/reject", {"template": "other", "note": "x" * 1001}, "note"),
    ]
    for url, body, field in bad:
        response = _post(c, url, body)
        assert response.status_code == 400, body
        assert field in response.json()["fields"]
    stored = ReviewItem.objects.get()
    assert stored.status == "waiting" and stored.decided_by is None
    assert not fake.approved and not fake.rejected


@pytest.mark.parametrize("name", ["alice", "bob", "charlie", "olga", "rita", "gina"])
def test_members_and_outsiders_get_404_for_the_queue(api, cast, fake, name):
    item = hold(cast, fake)
    c = api(name)
    assert c.get("/api/safety/review").status_code == 404
    base, missing = f"/api/safety/review/{item.id}", f"/api/safety/review/{MISSING}"
    _refused_like_missing(c, "get", base, missing)
    for verb, body in [
        ("claim", {}),
        ("release", {}),
        ("approve", {}),
        ("reject", {"template": "other"}),
        ("escalate", {}),
    ]:
        _refused_like_missing(c, "post", f"{base}/{verb}", f"{missing}/{verb}", body)
    stored = ReviewItem.objects.get()
    assert stored.status == "waiting" and stored.claimed_by is None
    assert not AuditEntry.objects.filter(action="safety.review_viewed").exists()


# --- Reports --------------------------------------------------------------------------------


@pytest.fixture
def report(cast):
    return check_report(
        cast.alice,
        cast.circle,
        kind="member",
        object_id=None,
        subject=cast.bob,
        reason="harassment",
        note="He keeps messaging me",
    )


def test_staff_list_and_handle_reports(api, cast, report):
    c = api("fran")
    listed = c.get("/api/safety/reports").json()
    assert [r["id"] for r in listed] == [str(report.id)]
    assert listed[0]["note"] == "He keeps messaging me" and listed[0]["reason"] == "harassment"
    handled = _post(c, f"/api/safety/reports/{report.id}/handle", {"outcome": "no_action"})
    assert handled.status_code == 200
    assert handled.json()["status"] == "handled" and handled.json()["outcome"] == "no_action"
    assert c.get("/api/safety/reports").json() == []


def test_bad_report_outcomes_are_a_400_and_change_nothing(api, report):
    c = api("fran")
    for outcome in ("explode", "removed"):  # unknown; nothing to remove for a member report
        response = _post(c, f"/api/safety/reports/{report.id}/handle", {"outcome": outcome})
        assert response.status_code == 400 and "outcome" in response.json()["fields"]
    assert Report.objects.get().status == "open"


def test_the_reported_member_never_sees_the_report(api, cast, report):
    from hearth.groups.models import Membership

    # Even as a moderator of the group, bob never reads a report about himself.
    Membership.objects.filter(group=cast.circle, user=cast.bob).update(role="peer_moderator")
    c = api("bob")
    assert c.get("/api/safety/reports").json() == []
    _refused_like_missing(
        c,
        "post",
        f"/api/safety/reports/{report.id}/handle",
        f"/api/safety/reports/{MISSING}/handle",
        {"outcome": "no_action"},
    )


@pytest.mark.parametrize("name", ["alice", "bob", "charlie", "olga", "rita", "gina"])
def test_members_and_outsiders_get_404_for_reports(api, report, name):
    c = api(name)
    assert c.get("/api/safety/reports").status_code == 404
    _refused_like_missing(
        c,
        "post",
        f"/api/safety/reports/{report.id}/handle",
        f"/api/safety/reports/{MISSING}/handle",
        {"outcome": "no_action"},
    )
    assert Report.objects.get().status == "open"
