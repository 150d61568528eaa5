"""A case's timeline shows the check-in conversation with its member since the case opened:
who and when to everyone who reaches the case, the words only to those who may read the
check-in (the group's facilitators and the organisation's admins), and that reading audited."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hearth.accounts.actions import do_create_user
from hearth.audit.models import AuditEntry
from hearth.groups import checkins
from hearth.groups.access import access_group
from hearth.groups.models import Membership
from hearth.lib.testing.cast import PASSPHRASE, sign_in
from hearth.safety import actions, cases, queries
from hearth.safety.models import Case

pytestmark = pytest.mark.django_db

BEFORE = "Written before the case opened"
TO_MEMBER = "Thinking of you, how are things tonight?"
FROM_MEMBER = "A bit better, thank you for asking"


def _alice(cast):
    return Membership.objects.get(group=cast.circle, user=cast.alice)


def _write(cast, who, text):
    found = access_group(getattr(cast, who), cast.circle.id)
    return checkins.check_send_check_in(found, _alice(cast), text)


@pytest.fixture
def case(cast):
    """Alice's case, with a check-in before it opened and a conversation after."""
    _write(cast, "fran", BEFORE)
    alert = actions.check_raise_safety_signal(cast.alice, cast.circle)
    _write(cast, "fran", TO_MEMBER)
    _write(cast, "alice", FROM_MEMBER)
    return alert.case


def _page(cast, name, case):
    client = Client()
    sign_in(client, getattr(cast, name) if isinstance(name, str) else name)
    alert = case.alerts.order_by("created_at").first()
    response = client.get(f"/safety/alerts/{alert.id}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_timeline_lists_the_conversation_since_the_case_opened_by_who_and_when(cast, case):
    timeline = queries.get_case_timeline(case)
    lines = [e for e in timeline if e.kind == "check_in"]
    assert len(lines) == 2  # not the message written before the case opened
    assert [e.by for e in lines] == ["Facilitator", _alice(cast).display_name]
    assert [e.item.from_staff for e in lines] == [True, False]
    assert all(e.at >= case.opened_at for e in lines)
    # Without the caller's say-so, the words stay sealed.
    assert [e.item.text for e in lines] == [None, None]
    assert [e.kind for e in timeline] == ["alert", "check_in", "check_in"]
    words = queries.get_case_timeline(case, check_in_words=True)
    assert [e.item.text for e in words if e.kind == "check_in"] == [TO_MEMBER, FROM_MEMBER]


def test_staff_pseudonyms_never_name_the_writer(cast, case):
    page = _page(cast, "fran", case)
    assert 'data-timeline="check_in"' in page
    assert "fran" not in [e.by for e in queries.get_case_timeline(case)]


@pytest.mark.parametrize("name", ["fran", "ada"])
def test_staff_who_may_read_the_check_in_see_the_words_and_it_is_audited(cast, case, name):
    page = _page(cast, name, case)
    assert TO_MEMBER in page and FROM_MEMBER in page
    assert BEFORE not in page
    entry = AuditEntry.objects.get(action="group.check_in_viewed")
    assert entry.actor_id == getattr(cast, name).id
    assert entry.target_id == str(_alice(cast).id) and entry.details["shown"] == 2


def test_staff_from_outside_the_group_see_who_and_when_but_not_the_words(cast, case):
    colleague = do_create_user(cast.organisation, "felix", PASSPHRASE, role="facilitator")
    cases.check_assign_case(cast.ada, case, colleague)
    page = _page(cast, colleague, case)
    assert page.count('data-timeline="check_in"') == 2
    assert _alice(cast).display_name in page and "Facilitator" in page
    assert TO_MEMBER not in page and FROM_MEMBER not in page
    assert not AuditEntry.objects.filter(action="group.check_in_viewed").exists()


def test_no_words_once_the_member_has_left_the_group(cast, case):
    Membership.objects.filter(id=_alice(cast).id).update(status="removed")
    page = _page(cast, "fran", case)
    assert page.count('data-timeline="check_in"') == 2
    assert TO_MEMBER not in page and FROM_MEMBER not in page
    assert not AuditEntry.objects.filter(action="group.check_in_viewed").exists()


def test_another_members_check_in_is_not_on_the_case(cast, case):
    bob = Membership.objects.get(group=cast.circle, user=cast.bob)
    found = access_group(cast.fran, cast.circle.id)
    checkins.check_send_check_in(found, bob, "A word for bob only")
    page = _page(cast, "fran", case)
    assert "A word for bob only" not in page
    assert len([e for e in queries.get_case_timeline(case) if e.kind == "check_in"]) == 2


def test_the_api_timeline_lists_check_ins_without_their_words(cast, case):
    client = Client()
    sign_in(client, cast.fran)
    response = client.get(f"/api/safety/cases/{case.id}")
    assert response.status_code == 200
    kinds = [e["kind"] for e in response.json()["timeline"]]
    assert kinds == ["alert", "check_in", "check_in"]
    assert TO_MEMBER not in response.content.decode()
    assert FROM_MEMBER not in response.content.decode()


def test_the_conversation_costs_one_query_whatever_its_length(cast, case):
    case = Case.objects.get(id=case.id)
    with CaptureQueriesContext(connection) as short:
        queries.get_case_timeline(case, check_in_words=True)
    for n in range(5):
        _write(cast, "fran", f"More {n}")
        _write(cast, "alice", f"Reply {n}")
    with CaptureQueriesContext(connection) as long:
        timeline = queries.get_case_timeline(case, check_in_words=True)
    assert len([e for e in timeline if e.kind == "check_in"]) == 12
    assert len(long) == len(short) == 5  # alerts, review items, reports, notes, check-ins
