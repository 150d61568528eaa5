"""The review queue's, reports', blocks', safety policy's and the safety API's URL patterns ×
the whole cast.

An item held for bob in the circle, and alice's report about bob: the circle's facilitator
(fran) and the admin (ada) may open and handle them; everyone else, members of the circle
included, gets exactly what a missing item gets. Reporting or blocking a member is for fellow
members of the group only (an admin outside it gets a 404 like anyone else). Alice's silent
signal raises an alert and its case: only the circle's facilitator and the admin reach them.
"""

from __future__ import annotations

import pytest

from hearth.groups.models import Membership
from hearth.lib.testing.matrix import ACTORS, client_for, outcome
from hearth.safety import review
from hearth.safety.actions import check_raise_safety_signal, do_hold_for_review
from hearth.safety.policy import check_add_watched_word
from hearth.safety.reports import check_report
from hearth.safety.tests.test_review_actions import FakeAdapter
from hearth.tests.test_authorization_matrix_groups import (
    _VOLATILE,
    MISSING,
    _call,
    grow,
    grow_api,
)

pytestmark = pytest.mark.django_db

KIND = "matrix_post"
STAFF_OK = {"fran": 200, "ada": 200}

REVIEW_MATRIX = {
    "safety:review_queue": grow("get", "/safety/review/", signed_in=404, fran=200, ada=200),
    "safety:review_item": grow("get", "/safety/review/{item}/", signed_in=404, fran=200, ada=200),
    "safety:handle_report": grow(
        "post",
        "/safety/reports/{report}/",
        body={"outcome": "no_action"},
        signed_in=404,
        fran="->/safety/review/",
        ada="->/safety/review/",
    ),
    "safety:my_reports": grow(
        "get", "/safety/reports/mine/", signed_in=200, charlie=200, olga=200, rita=200, gina=200
    ),
    "safety:blocks": grow(
        "get", "/safety/blocks/", signed_in=200, charlie=200, olga=200, rita=200, gina=200
    ),
    "safety:report_member": grow(
        "get", "/groups/{circle}/members/{bob_m}/report/", signed_in=200, ada=404
    ),
    "safety:block_member": grow(
        "get", "/groups/{circle}/members/{bob_m}/block/", signed_in=200, ada=404
    ),
    # Watched words and risk levels: the organisation's for admins, a group's for its staff.
    "safety:policy": grow("get", "/safety/policy/", signed_in=404, ada=200),
    "safety:group_watched_words": grow(
        "get", "/groups/{circle}/watched-words/", signed_in=404, fran=200, ada=200
    ),
    "api:list_watched_words": grow_api("get", "/api/safety/watched-words", signed_in=404, ada=200),
    "api:add_watched_word": grow_api(
        "post", "/api/safety/watched-words", json={"term": "matrix word"}, signed_in=404, ada=201
    ),
    "api:remove_watched_word": grow_api(
        "delete", "/api/safety/watched-words/{word}", signed_in=404, fran=204, ada=204
    ),
    "api:get_risk_levels": grow_api("get", "/api/safety/risk-levels", signed_in=404, ada=200),
    "api:set_risk_levels": grow_api(
        "put",
        "/api/safety/risk-levels",
        json={"levels": {"profanity": "medium"}},
        signed_in=404,
        ada=200,
    ),
    "api:test_text": grow_api(
        "post", "/api/safety/test-text", json={"text": "hello"}, signed_in=404, ada=200
    ),
    # Alerts and cases: staff of the group (fran) and admins (ada); everyone else 404.
    "api:list_alerts": grow_api("get", "/api/safety/alerts", signed_in=404, fran=200, ada=200),
    "api:acknowledge_alert": grow_api(
        "post", "/api/safety/alerts/{alert}/acknowledge", json={}, signed_in=404, **STAFF_OK
    ),
    "api:get_case": grow_api("get", "/api/safety/cases/{case}", signed_in=404, **STAFF_OK),
    "api:add_case_note": grow_api(
        "post",
        "/api/safety/cases/{case}/notes",
        json={"text": "matrix note"},
        signed_in=404,
        fran=201,
        ada=201,
    ),
    "api:close_case": grow_api(
        "post",
        "/api/safety/cases/{case}/close",
        json={"outcome": "done"},
        signed_in=404,
        **STAFF_OK,
    ),
    "api:assign_case": grow_api(
        "post",
        "/api/safety/cases/{case}/assign",
        json={"assignee": None},
        signed_in=404,
        **STAFF_OK,
    ),
    "api:set_case_follow_up": grow_api(
        "put",
        "/api/safety/cases/{case}/follow-up",
        json={"follow_up_on": None},
        signed_in=404,
        **STAFF_OK,
    ),
    "api:list_follow_ups": grow_api("get", "/api/safety/follow-ups", signed_in=404, **STAFF_OK),
    "api:get_duty": grow_api("get", "/api/safety/duty", signed_in=404, **STAFF_OK),
    "api:set_duty": grow_api(
        "put", "/api/safety/duty", json={"on_duty": True}, signed_in=404, **STAFF_OK
    ),
    # The review queue and reports: whoever moderates the circle (fran, ada).
    "api:list_review_items": grow_api("get", "/api/safety/review", signed_in=404, **STAFF_OK),
    "api:get_review_item": grow_api("get", "/api/safety/review/{item}", signed_in=404, **STAFF_OK),
    "api:claim_review_item": grow_api(
        "post", "/api/safety/review/{item}/claim", json={}, signed_in=404, **STAFF_OK
    ),
    # Not claimed by the caller: refused with 400, nothing changes.
    "api:release_review_item": grow_api(
        "post", "/api/safety/review/{item}/release", json={}, signed_in=404, fran=400, ada=400
    ),
    "api:approve_review_item": grow_api(
        "post", "/api/safety/review/{item}/approve", json={}, signed_in=404, fran=400, ada=400
    ),
    "api:reject_review_item": grow_api(
        "post",
        "/api/safety/review/{item}/reject",
        json={"template": "other"},
        signed_in=404,
        fran=400,
        ada=400,
    ),
    "api:escalate_review_item": grow_api(
        "post", "/api/safety/review/{item}/escalate", json={}, signed_in=404, fran=400, ada=400
    ),
    "api:list_reports": grow_api("get", "/api/safety/reports", signed_in=404, **STAFF_OK),
    "api:handle_report": grow_api(
        "post",
        "/api/safety/reports/{report}/handle",
        json={"outcome": "no_action"},
        signed_in=404,
        **STAFF_OK,
    ),
}


@pytest.fixture
def objects(cast):
    adapter = FakeAdapter()
    review.register(KIND, adapter)
    item = do_hold_for_review(
        group=cast.circle,
        author=cast.bob,
        kind=KIND,
        object_id=adapter.add("Something bob wrote"),
        level="medium",
        categories=["contact_details"],
        spans=[(0, 9)],
        reasons=["test"],
    )
    report = check_report(
        cast.alice,
        cast.circle,
        kind="member",
        object_id=None,
        subject=cast.bob,
        reason="harassment",
        note="Something alice saw",
    )
    bob_m = Membership.objects.get(group=cast.circle, user=cast.bob)
    word = check_add_watched_word(cast.fran, cast.circle, "circle word", False, "flag")
    alert = check_raise_safety_signal(cast.alice, cast.circle)
    yield {
        "alert": alert.id,
        "case": alert.case_id,
        "item": item.id,
        "report": report.id,
        "circle": cast.circle.id,
        "bob_m": bob_m.id,
        "word": word.id,
    }
    review.unregister(KIND)


@pytest.mark.parametrize("name", sorted(REVIEW_MATRIX))
@pytest.mark.parametrize("actor", ACTORS)
def test_review_authorization(name, actor, cast, objects):
    entry = REVIEW_MATRIX[name]
    url = entry["url"].format(**objects)
    client = client_for(actor, cast)
    response = _call(client, entry, url)
    expected = entry["expect"][actor]
    if isinstance(expected, str):
        expected = expected.format(**objects)
    assert outcome(response) == expected
    if expected == 404 and "{" in entry["url"]:
        # Forbidden answers byte for byte like missing (ignoring per-response tokens).
        missing_url = entry["url"].format(**{key: MISSING for key in objects})
        missing = _call(client, entry, missing_url)
        assert missing.status_code == 404
        seen = response.content
        for value in objects.values():
            seen = seen.replace(str(value).encode(), MISSING.encode())
        assert _VOLATILE.sub(b"", missing.content) == _VOLATILE.sub(b"", seen)
