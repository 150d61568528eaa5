"""Sanctions and appeals: each kind's effect through the real forum actions, pages and sockets;
who may issue, lift and decide; every action audited with ids and codes only."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.utils import timezone

from hearth.accounts.models import AccountSession, User
from hearth.audit.models import AuditEntry
from hearth.forum import actions as forum_actions
from hearth.forum import actions_extras
from hearth.forum.actions import Draft
from hearth.forum.models import Post, Visibility
from hearth.groups import access, sanctions
from hearth.groups.access import access_group
from hearth.groups.models import Appeal, Membership, Sanction
from hearth.lib.testing.cast import make_group, sign_in, signed_in_client
from hearth.safety.models import ReviewItem

pytestmark = pytest.mark.django_db

REASON = "Shared another member's details: rule 3 (internal-reason-canary)"
MESSAGE = "Please take a little break from posting."


def _m(cast, name):
    return Membership.objects.get(group=cast.circle, user=getattr(cast, name))


def _found(cast, name="fran"):
    return access_group(getattr(cast, name), cast.circle.id)


def _sanction(cast, kind, *, who="fran", target="bob", minutes=None, message=MESSAGE, **kw):
    return sanctions.check_sanction_member(
        _found(cast, who),
        _m(cast, target),
        kind,
        REASON,
        kw.pop("clause", None),
        message,
        minutes,
        **kw,
    )


def _audit_details(action):
    entries = list(AuditEntry.objects.filter(action=action))
    assert entries, f"no audit entry for {action}"
    return entries


def _no_text_in_audit():
    dumped = json.dumps([e.details for e in AuditEntry.objects.all()])
    assert "internal-reason-canary" not in dumped and MESSAGE not in dumped


# --- Who may sanction ---------------------------------------------------------------------------


def test_only_managers_sanction_and_never_staff_or_themselves(cast):
    with pytest.raises(ValidationError):
        _sanction(cast, "warn", who="alice")
    with pytest.raises(ValidationError):
        sanctions.check_sanction_member(
            _found(cast), _m(cast, "fran"), "warn", REASON, None, "", None
        )
    with pytest.raises(ValidationError):
        _sanction(cast, "warn", who="ada", target="fran")
    assert not Sanction.objects.exists()


def test_a_reason_is_required_and_the_clause_must_be_in_the_current_agreement(cast):
    with pytest.raises(ValidationError) as error:
        sanctions.check_sanction_member(_found(cast), _m(cast, "bob"), "warn", "  ", None, "", None)
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _sanction(cast, "warn", clause=99)
    assert "clause" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _sanction(cast, "warn", minutes=60)
    assert "minutes" in error.value.message_dict
    assert not Sanction.objects.exists()
    assert _sanction(cast, "warn", clause=1).clause == 1


def test_a_warning_records_and_shows_the_message_on_the_group_home(cast):
    sanction = _sanction(cast, "warn")
    entry = _audit_details("group.sanction_issued")[0]
    assert entry.details["kind"] == "warn" and entry.target_id == str(sanction.id)
    _no_text_in_audit()
    home = signed_in_client(cast.bob).get(f"/groups/{cast.circle.id}/").content.decode()
    assert MESSAGE in home and f"/groups/{cast.circle.id}/my-standing/" in home
    assert "internal-reason-canary" not in home
    # bob still posts as usual
    forum_actions.check_start_thread(_found(cast, "bob"), "Hello", Draft(body="Still here"))


# --- Mute ---------------------------------------------------------------------------------------


def test_a_muted_member_reads_but_cannot_post_react_or_vote(cast):
    opening = forum_actions.check_start_thread(
        _found(cast, "alice"), "Evening", Draft(body="How was today?")
    ).post
    _sanction(cast, "mute", minutes=60)
    found = _found(cast, "bob")
    assert found.is_muted and not found.can_take_part and found.muted_until is not None
    before = Post.objects.count()
    with pytest.raises(ValidationError) as error:
        forum_actions.check_post_reply(found, opening.thread, Draft(body="a reply"))
    assert "posting is paused" in " ".join(error.value.messages)
    with pytest.raises(ValidationError):
        forum_actions.check_start_thread(found, "New", Draft(body="words"))
    with pytest.raises(ValidationError):
        actions_extras.check_toggle_reaction(found, opening, "heard")
    assert Post.objects.count() == before
    client = signed_in_client(cast.bob)
    page = client.get(f"/groups/{cast.circle.id}/forum/{opening.thread_id}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "posting is paused until" in text and 'name="body"' not in text
    assert (
        "posting is paused until" in client.get(f"/groups/{cast.circle.id}/forum/").content.decode()
    )
    assert (
        client.post(
            f"/groups/{cast.circle.id}/forum/{opening.thread_id}/reply/", {"body": "x"}
        ).status_code
        == 404
    )
    assert Post.objects.count() == before


def test_a_mute_ends_by_itself_and_can_be_lifted(cast):
    sanction = _sanction(cast, "mute", minutes=60)
    Sanction.objects.filter(id=sanction.id).update(ends_at=timezone.now() - timedelta(seconds=1))
    assert _found(cast, "bob").can_take_part
    second = _sanction(cast, "mute")  # until lifted
    assert _found(cast, "bob").is_muted and _found(cast, "bob").muted_until is None
    sanctions.check_lift_sanction(_found(cast), second)
    assert _found(cast, "bob").can_take_part
    assert _audit_details("group.sanction_lifted")[0].details["kind"] == "mute"
    with pytest.raises(ValidationError):
        sanctions.check_lift_sanction(_found(cast), second)


def test_the_thread_page_reads_sanction_state_without_extra_queries(cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    opening = forum_actions.check_start_thread(
        _found(cast, "alice"), "Count", Draft(body="start")
    ).post
    client = signed_in_client(cast.bob)
    url = f"/groups/{cast.circle.id}/forum/{opening.thread_id}/"

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    plain = count()
    _sanction(cast, "mute", minutes=60)
    assert count() <= plain  # no reply form to build; never a query more


# --- Suspend ------------------------------------------------------------------------------------


def test_a_suspended_member_gets_not_found_everywhere_but_their_standing(cast):
    forum_actions.check_start_thread(
        _found(cast, "alice"), "Gardening", Draft(body="Planting tulips calms me")
    )
    assert (
        "Gardening" in signed_in_client(cast.bob).get("/search/", {"q": "tulips"}).content.decode()
    )
    _sanction(cast, "suspend", minutes=24 * 60)
    with pytest.raises(Http404):
        access_group(cast.bob, cast.circle.id)
    client = signed_in_client(cast.bob)
    missing = client.get("/groups/00000000-0000-0000-0000-000000000007/")
    for path in ("", "members/", "agreement/"):
        response = client.get(f"/groups/{cast.circle.id}/{path}")
        assert response.status_code == 404
    assert client.get(f"/groups/{cast.circle.id}/forum/").status_code == 404
    assert missing.status_code == 404
    standing = client.get(f"/groups/{cast.circle.id}/my-standing/")
    assert standing.status_code == 200
    text = standing.content.decode()
    assert MESSAGE in text and "internal-reason-canary" not in text and "fran" not in text
    groups_page = client.get("/groups/").content.decode()
    assert f"/groups/{cast.circle.id}/my-standing/" in groups_page
    assert f'href="/groups/{cast.circle.id}/"' not in groups_page
    assert str(cast.circle.id) not in client.get("/api/groups").content.decode()
    assert "Gardening" not in client.get("/search/", {"q": "tulips"}).content.decode()


# --- Probation ----------------------------------------------------------------------------------


def test_probation_holds_every_post_for_review(cast):
    sanctions.check_set_probation(_found(cast), _m(cast, "bob"), True)
    assert _audit_details("group.probation_set")[0].details["on"] is True
    posted = forum_actions.check_start_thread(
        _found(cast, "bob"), "A calm day", Draft(body="I went for a walk today.")
    )
    assert posted.held and posted.post.visibility == Visibility.HELD
    assert ReviewItem.objects.filter(object_id=posted.post.id).exists()
    sanctions.check_set_probation(_found(cast), _m(cast, "bob"), False)
    again = forum_actions.check_start_thread(
        _found(cast, "alice"), "Also calm", Draft(body="I went for a walk today too.")
    )
    assert not again.held


def test_probation_is_not_for_staff(cast):
    with pytest.raises(ValidationError):
        sanctions.check_set_probation(_found(cast, "ada"), _m(cast, "fran"), True)


# --- Remove and ban -----------------------------------------------------------------------------


def test_remove_goes_through_the_removal_action_with_erasure(cast):
    forum_actions.check_start_thread(_found(cast, "bob"), "Mine", Draft(body="my words"))
    _sanction(cast, "remove", erase=True)
    assert _m(cast, "bob").status == Membership.Status.REMOVED
    assert _audit_details("group.member_removed")[0].details["erase"] is True
    assert _audit_details("group.member_removed")[0].details["erased"] >= 1
    assert all(
        p.visibility == Visibility.DELETED for p in Post.objects.filter(author=_m(cast, "bob"))
    )
    # The removed member still reaches the message and the appeal.
    assert (
        signed_in_client(cast.bob).get(f"/groups/{cast.circle.id}/my-standing/").status_code == 200
    )


def test_a_facilitator_cannot_ban(cast):
    with pytest.raises(ValidationError) as error:
        _sanction(cast, "ban")
    assert "Only an admin can ban" in " ".join(error.value.messages)
    assert _m(cast, "bob").status == Membership.Status.ACTIVE
    assert User.objects.get(id=cast.bob.id).is_active


def test_an_admin_ban_removes_deactivates_and_ends_sessions(cast):
    session = sign_in(Client(), cast.bob)
    _sanction(cast, "ban", who="ada")
    bob = User.objects.get(id=cast.bob.id)
    assert not bob.is_active
    assert _m(cast, "bob").status == Membership.Status.REMOVED
    assert AccountSession.objects.get(id=session.id).ended_at is not None
    assert _audit_details("org.sessions_ended")
    assert _audit_details("group.sanction_issued")[0].details["kind"] == "ban"
    _no_text_in_audit()


# --- Appeals ------------------------------------------------------------------------------------


def test_only_the_member_appeals_and_only_once(cast):
    sanction = _sanction(cast, "mute", minutes=60)
    with pytest.raises(ValidationError):
        sanctions.check_appeal_sanction(cast.alice, sanction, "Not me")
    appeal = sanctions.check_appeal_sanction(cast.bob, sanction, "I was upset; I am sorry.")
    assert appeal.status == Appeal.Status.OPEN
    with pytest.raises(ValidationError):
        sanctions.check_appeal_sanction(cast.bob, sanction, "Again")
    assert Appeal.objects.count() == 1
    assert _audit_details("group.sanction_appealed")


def test_an_old_warning_can_no_longer_be_appealed(cast):
    sanction = _sanction(cast, "warn")
    Sanction.objects.filter(id=sanction.id).update(
        created_at=timezone.now() - timedelta(days=access.APPEAL_DAYS + 1)
    )
    sanction.refresh_from_db()
    with pytest.raises(ValidationError):
        sanctions.check_appeal_sanction(cast.bob, sanction, "Please")


def test_the_issuer_cannot_decide_the_appeal_another_staff_member_can(cast):
    sanction = _sanction(cast, "mute", minutes=60)
    appeal = sanctions.check_appeal_sanction(cast.bob, sanction, "Please reconsider.")
    with pytest.raises(ValidationError):
        sanctions.check_decide_appeal(cast.fran, appeal, True, "")
    assert Appeal.objects.get(id=appeal.id).status == Appeal.Status.OPEN
    sanctions.check_decide_appeal(cast.ada, appeal, True, "The mute stays for the hour.")
    assert Appeal.objects.get(id=appeal.id).status == Appeal.Status.UPHELD
    assert _found(cast, "bob").is_muted
    with pytest.raises(ValidationError):
        sanctions.check_decide_appeal(cast.ada, appeal, False, "")
    entry = _audit_details("group.appeal_decided")[0]
    assert entry.details["status"] == "upheld"


def test_overturning_lifts_the_sanction(cast):
    sanction = _sanction(cast, "suspend")
    appeal = sanctions.check_appeal_sanction(cast.bob, sanction, "It was a misunderstanding.")
    sanctions.check_decide_appeal(cast.ada, appeal, False, "You are welcome back.")
    assert Sanction.objects.get(id=sanction.id).lifted_at is not None
    assert access_group(cast.bob, cast.circle.id).can_take_part
    page = signed_in_client(cast.bob).get(f"/groups/{cast.circle.id}/my-standing/").content.decode()
    assert "You are welcome back." in page


def test_overturning_a_removal_brings_the_member_back(cast):
    sanction = _sanction(cast, "remove")
    appeal = sanctions.check_appeal_sanction(cast.bob, sanction, "Please.")
    sanctions.check_decide_appeal(cast.ada, appeal, False, "")
    assert _m(cast, "bob").status == Membership.Status.ACTIVE


# --- Pages --------------------------------------------------------------------------------------


def test_members_page_offers_the_sanction_panel_to_facilitators_only(cast):
    url = f"/groups/{cast.circle.id}/members/"
    staff = signed_in_client(cast.fran).get(url).content.decode()
    assert "data-sanction-panel" in staff
    assert "data-sanction-panel" not in signed_in_client(cast.alice).get(url).content.decode()


def test_sanction_lift_and_probation_through_the_pages(cast):
    client = signed_in_client(cast.fran)
    bob = _m(cast, "bob")
    response = client.post(
        f"/groups/{cast.circle.id}/members/{bob.id}/sanction/",
        {"kind": "mute", "reason": REASON, "clause": "1", "message": "", "minutes": "60"},
    )
    assert response.status_code == 302
    sanction = Sanction.objects.get()
    assert sanction.kind == "mute" and sanction.clause == 1 and sanction.ends_at
    members = client.get(f"/groups/{cast.circle.id}/members/").content.decode()
    assert 'data-sanction="mute"' in members
    client.post(f"/groups/{cast.circle.id}/sanctions/{sanction.id}/lift/")
    assert Sanction.objects.get().lifted_at is not None
    client.post(f"/groups/{cast.circle.id}/members/{bob.id}/probation/", {"on": "on"})
    assert Membership.objects.get(id=bob.id).on_probation
    # A facilitator's ban through the page is refused with a message, changing nothing.
    response = client.post(
        f"/groups/{cast.circle.id}/members/{bob.id}/sanction/",
        {"kind": "ban", "reason": REASON},
        follow=True,
    )
    assert "Only an admin can ban" in response.content.decode()
    assert Sanction.objects.count() == 1


def test_appeal_and_decision_through_the_pages(cast):
    sanction = _sanction(cast, "mute", minutes=60)
    bob = signed_in_client(cast.bob)
    standing = bob.get(f"/groups/{cast.circle.id}/my-standing/").content.decode()
    assert MESSAGE in standing and 'name="text"' in standing
    bob.post(
        f"/groups/{cast.circle.id}/my-standing/{sanction.id}/appeal/",
        {"text": "I understand; please reconsider."},
    )
    appeal = Appeal.objects.get()
    issuer_page = (
        signed_in_client(cast.fran).get(f"/groups/{cast.circle.id}/appeals/").content.decode()
    )
    assert "data-issuer-note" in issuer_page and "I understand" in issuer_page
    assert _audit_details("group.appeals_viewed")
    admin = signed_in_client(cast.ada)
    assert (
        "data-issuer-note" not in admin.get(f"/groups/{cast.circle.id}/appeals/").content.decode()
    )
    signed_in_client(cast.fran).post(
        f"/groups/{cast.circle.id}/appeals/{appeal.id}/decide/", {"decision": "overturn"}
    )
    assert Appeal.objects.get().status == Appeal.Status.OPEN
    admin.post(f"/groups/{cast.circle.id}/appeals/{appeal.id}/decide/", {"decision": "overturn"})
    assert Appeal.objects.get().status == Appeal.Status.OVERTURNED
    assert Sanction.objects.get().lifted_at is not None


def test_standing_page_for_someone_without_a_sanction(cast):
    assert (
        signed_in_client(cast.alice).get(f"/groups/{cast.circle.id}/my-standing/").status_code
        == 200
    )
    for outsider in (cast.charlie, cast.rita, cast.gina, cast.olga):
        response = signed_in_client(outsider).get(f"/groups/{cast.circle.id}/my-standing/")
        assert response.status_code == 404


def test_a_sanction_in_one_group_changes_nothing_in_another(cast):
    other = make_group(cast.fran, "Second")
    from hearth.lib.testing.cast import join_group

    join_group(other, cast.bob)
    _sanction(cast, "suspend")
    assert access_group(cast.bob, other.id).can_take_part


# --- Sockets ------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_suspending_closes_the_members_group_socket_at_once(cast):
    from asgiref.sync import sync_to_async

    import hearth.asgi  # noqa: F401
    from hearth.groups.tests.test_consumers import _connect

    communicator, connected, _ = await _connect(cast.bob, cast.circle.id)
    assert connected
    await sync_to_async(_sanction)(cast, "suspend", minutes=60)
    assert await communicator.receive_output(timeout=10) == {
        "type": "websocket.close",
        "code": 4404,
    }
    # And a suspended member cannot connect again.
    _, connected, code = await _connect(cast.bob, cast.circle.id)
    assert not connected and code == 4404


# --- JSON API -----------------------------------------------------------------------------------


def _api(client, method, url, body=None):
    call = getattr(client, method)
    if body is None:
        return call(url)
    return call(url, body, content_type="application/json")


def test_api_sanction_standing_appeal_and_decision(cast):
    base = f"/api/groups/{cast.circle.id}"
    bob_m = _m(cast, "bob")
    fran, bob, ada = (
        signed_in_client(cast.fran),
        signed_in_client(cast.bob),
        signed_in_client(cast.ada),
    )
    made = _api(
        fran,
        "post",
        f"{base}/members/{bob_m.id}/sanctions",
        {"kind": "mute", "reason": REASON, "clause": 1, "message": MESSAGE, "minutes": 30},
    )
    assert made.status_code == 201, made.content
    sanction_id = made.json()["id"]
    assert made.json()["reason"] == REASON and made.json()["issued_by_you"] is True
    assert [s["id"] for s in _api(fran, "get", f"{base}/sanctions").json()] == [sanction_id]
    standing = _api(bob, "get", f"{base}/my-standing")
    assert standing.status_code == 200
    assert "internal-reason-canary" not in standing.content.decode()
    (row,) = standing.json()
    assert row["message"] == MESSAGE and row["in_force"] and row["can_appeal"]
    appealed = _api(
        bob, "post", f"{base}/my-standing/{sanction_id}/appeal", {"text": "Please listen."}
    )
    assert appealed.status_code == 201
    appeal_id = appealed.json()["id"]
    again = _api(bob, "post", f"{base}/my-standing/{sanction_id}/appeal", {"text": "Again."})
    assert again.status_code == 400
    (listed,) = _api(fran, "get", f"{base}/appeals").json()
    assert listed["can_decide"] is False and listed["text"] == "Please listen."
    refused = _api(fran, "post", f"{base}/appeals/{appeal_id}/decide", {"upheld": False})
    assert refused.status_code == 400 and "another staff member" in refused.json()["message"]
    decided = _api(ada, "post", f"{base}/appeals/{appeal_id}/decide", {"upheld": False})
    assert decided.status_code == 200 and decided.json()["status"] == "overturned"
    assert Sanction.objects.get(id=sanction_id).lifted_at is not None


def test_api_ban_needs_an_admin_and_probation_and_lift_mirror_the_pages(cast):
    base = f"/api/groups/{cast.circle.id}"
    bob_m = _m(cast, "bob")
    fran = signed_in_client(cast.fran)
    refused = _api(
        fran, "post", f"{base}/members/{bob_m.id}/sanctions", {"kind": "ban", "reason": "x"}
    )
    assert refused.status_code == 400 and "kind" in refused.json()["fields"]
    assert not Sanction.objects.exists()
    probation = _api(fran, "put", f"{base}/members/{bob_m.id}/probation", {"on": True})
    assert probation.json() == {"membership_id": str(bob_m.id), "on_probation": True}
    made = _api(
        fran, "post", f"{base}/members/{bob_m.id}/sanctions", {"kind": "suspend", "reason": "x"}
    )
    assert made.status_code == 201 and made.json()["ends_at"] is None
    assert _api(signed_in_client(cast.bob), "get", base).status_code == 404
    lifted = _api(fran, "post", f"{base}/sanctions/{made.json()['id']}/lift")
    assert lifted.status_code == 200 and lifted.json()["lifted_at"]
    assert _api(signed_in_client(cast.bob), "get", base).status_code == 200


def test_api_outsiders_and_members_get_not_found_for_staff_endpoints(cast):
    base = f"/api/groups/{cast.circle.id}"
    bob_m = _m(cast, "bob")
    for user in (cast.alice, cast.charlie, cast.olga, cast.rita):
        client = signed_in_client(user)
        response = _api(
            client, "post", f"{base}/members/{bob_m.id}/sanctions", {"kind": "warn", "reason": "x"}
        )
        assert response.status_code == 404
        assert _api(client, "get", f"{base}/appeals").status_code == 404
    assert not Sanction.objects.exists()
