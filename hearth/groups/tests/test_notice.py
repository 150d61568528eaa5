"""The consent notice says what the code does, and a new version is consented to again.

Version 3 tells members that admins can read every group's forum and chat (recorded), that
peer moderators see posts waiting for a check, and exactly what erasure removes and keeps.
A member who consented to an earlier version is sent to the agreement page, shown the notice,
and takes part again only after agreeing to it, on the page or through the API.
"""

from __future__ import annotations

import pytest

from hearth.groups import actions, texts
from hearth.groups.models import JoinRequest, Membership
from hearth.lib.testing.cast import make_group, signed_in_client

pytestmark = pytest.mark.django_db

NEW = "lanterns drifting over the harbour"


def _text() -> str:
    return " ".join(texts.notice())


def test_the_notice_says_admins_read_every_forum_and_chat_and_that_it_is_recorded():
    said = _text()
    assert "admins can also read the forum and chat of every group" in said
    assert "even groups they are not in" in said and "it is recorded" in said
    # The old promise, false since admins read groups, is gone.
    assert "only this group's members and facilitators see what you post" not in said.lower()


def test_the_notice_says_peer_moderators_see_posts_waiting_for_a_check():
    assert "peer moderators" in _text() and "while they wait" in _text()


def test_the_notice_says_what_erasure_removes_and_what_stays():
    said = _text()
    for removed in ("posts", "chat messages", "check-ins", "titles of threads", "polls"):
        assert removed in said
    for kept in ("your name in the group", "screening and follow-up answers", "any appeal"):
        assert kept in said
    assert "account itself cannot be deleted" in said
    # No sentence promises that "your words" simply go away.
    assert "choose to have your words erased" not in said


def test_the_join_page_shows_the_current_notice_and_records_its_version(cast):
    group = make_group(cast.fran, "Drop-in", requires_approval=False)
    raw = actions.check_create_invitation(cast.fran, group, kind="invite", max_uses=2, days=7)
    browser = signed_in_client(cast.charlie)
    browser.get(f"/join/{raw}/")
    landing = browser.get("/join/").content.decode()
    assert "peer moderators" in landing and "account itself cannot be deleted" in landing
    browser.post("/join/", {"display_name": "Wren", "consent": "on"})
    assert (
        Membership.objects.get(group=group, user=cast.charlie).consent_version
        == texts.NOTICE_VERSION
    )


def test_a_request_records_the_notice_version_and_approval_keeps_it(cast):
    group = make_group(cast.fran, "Screened", screening_questions="Why?")
    invitation = actions.find_invitation(
        actions.check_create_invitation(cast.fran, group, kind="invite", max_uses=1, days=7)
    )
    request = actions.check_join(
        invitation, cast.charlie, display_name="Wren", answers=["a"], consented=True
    ).join_request
    assert JoinRequest.objects.get(id=request.id).consent_version == texts.NOTICE_VERSION
    membership = actions.check_approve_request(cast.fran, request)
    assert membership.consent_version == texts.NOTICE_VERSION


def _outdated(cast, user=None) -> Membership:
    """Make the member's consent one version older than the current notice."""
    membership = Membership.objects.get(group=cast.circle, user=user or cast.alice)
    Membership.objects.filter(id=membership.id).update(consent_version=texts.NOTICE_VERSION - 1)
    return membership


def test_a_member_who_consented_to_an_older_notice_is_asked_again_first(cast):
    _outdated(cast)
    alice = signed_in_client(cast.alice)
    home = f"/groups/{cast.circle.id}/"
    agreement = f"/groups/{cast.circle.id}/agreement/"
    assert alice.get(home)["Location"] == agreement
    assert alice.get(f"/groups/{cast.circle.id}/members/")["Location"] == agreement
    page = alice.get(agreement).content.decode()
    assert "peer moderators" in page and "account itself cannot be deleted" in page
    assert f'name="notice" value="{texts.NOTICE_VERSION}"' in page
    # Leaving never waits on consent.
    assert alice.get(f"/groups/{cast.circle.id}/leave/").status_code == 200
    # Accepting the agreement alone does not count as consent to the notice.
    version = cast.circle.agreements.get().version
    alice.post(agreement, {"version": str(version)})
    assert alice.get(home)["Location"] == agreement
    # Nor does consent to another notice version.
    alice.post(agreement, {"version": str(version), "notice": str(texts.NOTICE_VERSION - 1)})
    assert alice.get(home)["Location"] == agreement
    alice.post(agreement, {"version": str(version), "notice": str(texts.NOTICE_VERSION)})
    assert alice.get(home).status_code == 200
    assert (
        Membership.objects.get(group=cast.circle, user=cast.alice).consent_version
        == texts.NOTICE_VERSION
    )


def test_a_member_with_current_consent_sees_no_notice_on_the_agreement_page(cast):
    page = signed_in_client(cast.bob).get(f"/groups/{cast.circle.id}/agreement/").content.decode()
    assert "peer moderators" not in page and 'name="notice"' not in page


def test_the_api_asks_for_consent_to_the_current_notice(cast):
    _outdated(cast)
    alice = signed_in_client(cast.alice)
    base = f"/api/groups/{cast.circle.id}"
    assert alice.get(f"{base}/members").json()["code"] == "agreement_required"
    shown = alice.get(f"{base}/agreement").json()
    assert shown["must_accept"] and shown["must_consent"]
    assert shown["notice_version"] == texts.NOTICE_VERSION and shown["notice"] == texts.notice()
    accept = f"{base}/agreement/accept"
    refused = alice.post(accept, {"version": shown["version"]}, content_type="application/json")
    assert refused.status_code == 409 and refused.json()["code"] == "notice_changed"
    stale = alice.post(
        accept,
        {"version": shown["version"], "notice_version": texts.NOTICE_VERSION - 1},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert alice.get(f"{base}/members").status_code == 403
    ok = alice.post(
        accept,
        {"version": shown["version"], "notice_version": texts.NOTICE_VERSION},
        content_type="application/json",
    )
    assert ok.status_code == 204
    assert alice.get(f"{base}/members").status_code == 200
    assert not alice.get(f"{base}/agreement").json()["must_consent"]
