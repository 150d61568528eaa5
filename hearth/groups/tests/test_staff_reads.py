"""Staff reading what members cannot see leaves an audit entry; members never reach it.

Join requests (who asked to join), screening notes (concerns), the members page as staff see
it (sanctions, probation, absence, who was removed) and the sealed reason a member was
removed for. Entries hold ids and counts only, never a name, an answer or a note.
"""

from __future__ import annotations

import json

import pytest

from hearth.audit.models import AuditEntry
from hearth.groups import actions
from hearth.groups.models import Membership
from hearth.lib.testing.cast import signed_in_client

pytestmark = pytest.mark.django_db

REASON = "Kept messaging a member privately after being asked to stop"


def _entries(action):
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


def _no_content(entry, *words):
    dumped = json.dumps(entry.details).lower()
    for word in words:
        assert word.lower() not in dumped


def _pending(cast):
    invitation = actions.find_invitation(
        actions.check_create_invitation(cast.fran, cast.circle, kind="request", max_uses=1, days=7)
    )
    return actions.check_join(
        invitation, cast.charlie, display_name="Wren", answers=[], consented=True
    ).join_request


@pytest.mark.parametrize("who", ["fran", "ada"])
def test_opening_the_requests_page_is_audited(cast, who):
    _pending(cast)
    response = signed_in_client(getattr(cast, who)).get(f"/groups/{cast.circle.id}/requests/")
    assert response.status_code == 200 and "Wren" in response.content.decode()
    [entry] = _entries("group.requests_viewed")
    assert entry.actor_id == getattr(cast, who).id
    assert entry.target_type == "group" and entry.target_id == str(cast.circle.id)
    assert entry.details == {"group": str(cast.circle.id), "shown": 1}
    _no_content(entry, "Wren", "charlie")


def test_listing_requests_through_the_api_is_audited(cast):
    _pending(cast)
    response = signed_in_client(cast.fran).get(f"/api/groups/{cast.circle.id}/requests")
    assert response.status_code == 200 and len(response.json()) == 1
    [entry] = _entries("group.requests_viewed")
    assert entry.actor_id == cast.fran.id and entry.details["shown"] == 1


@pytest.mark.parametrize("who", ["fran", "ada"])
def test_opening_the_screening_notes_is_audited(cast, who):
    actions.check_add_concern(cast.fran, cast.circle, "watch for the word 'cousin'")
    response = signed_in_client(getattr(cast, who)).get(f"/groups/{cast.circle.id}/concerns/")
    assert response.status_code == 200 and "cousin" in response.content.decode()
    [entry] = _entries("group.concerns_viewed")
    assert entry.actor_id == getattr(cast, who).id and entry.target_id == str(cast.circle.id)
    assert entry.details == {"group": str(cast.circle.id), "shown": 1}
    _no_content(entry, "cousin")


@pytest.mark.parametrize("path", ["requests/", "concerns/"])
@pytest.mark.parametrize("who", ["alice", "charlie", "rita"])
def test_members_and_outsiders_cannot_reach_vetting_pages_and_nothing_is_recorded(cast, path, who):
    _pending(cast)
    actions.check_add_concern(cast.fran, cast.circle, "watch for the word 'cousin'")
    response = signed_in_client(getattr(cast, who)).get(f"/groups/{cast.circle.id}/{path}")
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(
        action__in=["group.requests_viewed", "group.concerns_viewed"]
    ).exists()


def test_a_peer_moderator_cannot_reach_vetting_pages(cast):
    Membership.objects.filter(group=cast.circle, user=cast.bob).update(role="peer_moderator")
    bob = signed_in_client(cast.bob)
    for path in ("requests/", "concerns/"):
        assert bob.get(f"/groups/{cast.circle.id}/{path}").status_code == 404


def test_staff_opening_the_members_page_is_audited_members_are_not(cast):
    members = f"/groups/{cast.circle.id}/members/"
    assert signed_in_client(cast.alice).get(members).status_code == 200
    assert not _entries("group.members_viewed")
    assert signed_in_client(cast.fran).get(members).status_code == 200
    [entry] = _entries("group.members_viewed")
    # alice, bob and fran are active; rita was removed.
    assert entry.actor_id == cast.fran.id
    assert entry.details == {"group": str(cast.circle.id), "shown": 4}
    _no_content(entry, "alice", "bob", "rita")


# --- The removal reason ---------------------------------------------------------------------


def _remove_bob(cast) -> Membership:
    bob = Membership.objects.get(group=cast.circle, user=cast.bob)
    actions.check_remove_member(cast.fran, cast.circle, bob, erase=False, reason=REASON)
    return bob


def test_staff_see_who_was_removed_with_a_link_to_the_reason_members_do_not(cast):
    bob = _remove_bob(cast)
    url = f"/groups/{cast.circle.id}/members/{bob.id}/removed/"
    staff_page = (
        signed_in_client(cast.fran).get(f"/groups/{cast.circle.id}/members/").content.decode()
    )
    assert f'data-removed="{bob.id}"' in staff_page and url in staff_page
    assert REASON not in staff_page  # the reason is one click and one audit entry away
    member_page = (
        signed_in_client(cast.alice).get(f"/groups/{cast.circle.id}/members/").content.decode()
    )
    assert "data-removed" not in member_page and url not in member_page


@pytest.mark.parametrize("who", ["fran", "ada"])
def test_reading_the_removal_reason_is_audited(cast, who):
    bob = _remove_bob(cast)
    response = signed_in_client(getattr(cast, who)).get(
        f"/groups/{cast.circle.id}/members/{bob.id}/removed/"
    )
    assert response.status_code == 200 and REASON in response.content.decode()
    [entry] = _entries("group.removal_reason_viewed")
    assert entry.actor_id == getattr(cast, who).id
    assert (entry.target_type, entry.target_id) == ("membership", str(bob.id))
    assert entry.details == {"group": str(cast.circle.id)}
    _no_content(entry, "messaging", "bob")


@pytest.mark.parametrize("who", ["alice", "bob", "charlie", "gina", "olga"])
def test_no_one_but_staff_reads_a_removal_reason(cast, who):
    bob = _remove_bob(cast)
    response = signed_in_client(getattr(cast, who)).get(
        f"/groups/{cast.circle.id}/members/{bob.id}/removed/"
    )
    assert response.status_code == 404 and REASON not in response.content.decode()
    assert not _entries("group.removal_reason_viewed")


def test_the_reason_page_is_only_for_removed_members(cast):
    alice = Membership.objects.get(group=cast.circle, user=cast.alice)
    fran = signed_in_client(cast.fran)
    assert fran.get(f"/groups/{cast.circle.id}/members/{alice.id}/removed/").status_code == 404
    # fran facilitates the garden too: a membership of the circle is not found through it.
    bob = _remove_bob(cast)
    assert fran.get(f"/groups/{cast.garden.id}/members/{bob.id}/removed/").status_code == 404


def test_a_removed_member_sees_neither_the_reason_nor_the_group(cast):
    bob = _remove_bob(cast)
    client = signed_in_client(cast.bob)
    assert client.get(f"/groups/{cast.circle.id}/members/").status_code == 404
    standing = client.get(f"/groups/{cast.circle.id}/my-standing/")
    assert REASON not in standing.content.decode()
    api = client.get(f"/api/groups/{cast.circle.id}/members")
    assert api.status_code == 404 and REASON not in api.content.decode()
    # The reason stays sealed on the membership, for staff.
    assert Membership.objects.get(id=bob.id).removal_reason == REASON
