"""Every group URL pattern × the whole cast, across two organisations.

Outsiders — charlie (same organisation, no group), olga (another organisation), rita (removed
from the group) and gina (member of another group) — get exactly what a missing group gets.
"""

from __future__ import annotations

import re
import uuid

import pytest

from hearth.groups import actions, checkins, sanctions
from hearth.groups.access import access_group
from hearth.groups.models import JoinRequest, Membership
from hearth.lib.testing.matrix import ACTORS, TWO_FACTOR, client_for, outcome
from hearth.safety.actions import check_raise_safety_signal

pytestmark = pytest.mark.django_db

OUTSIDERS = ("charlie", "olga", "rita", "gina")
MISSING = str(uuid.UUID(int=7))
_VOLATILE = re.compile(rb'nonce="[^"]*"|name="csrfmiddlewaretoken" value="[^"]*"|nonce-[^\']*')


def grow(method, url, *, body=None, signed_in=None, **expect):
    """A row: `signed_in` is the default for every signed-in actor; outsiders default to 404."""
    results = {actor: signed_in for actor in ACTORS}
    results.update({actor: 404 for actor in OUTSIDERS})
    results["anonymous"] = f"->/account/sign-in/?next={url}"
    results["fran_unverified"] = TWO_FACTOR
    results.update(expect)
    return {"method": method, "url": url, "body": body or {}, "expect": results}


def grow_api(method, url, *, json=None, signed_in=None, **expect):
    """An API row: JSON body; no sign-in (or staff without a second factor) answers 401."""
    entry = grow(
        method, url, signed_in=signed_in, **{"anonymous": 401, "fran_unverified": 401, **expect}
    )
    entry["json"] = json
    return entry


MEMBERS_PAGE = "->/groups/{circle}/members/"
GROUP_MATRIX = {
    "safety:signal": grow(
        "post", "/groups/{circle}/signal/", signed_in="->/groups/{circle}/", ada=404
    ),
    "safety:alerts": grow("get", "/safety/alerts/", signed_in=404, fran=200, ada=200),
    "safety:alert": grow("get", "/safety/alerts/{alert}/", signed_in=404, fran=200, ada=200),
    "safety:duty": grow("get", "/safety/duty/", signed_in=404, fran=200, ada=200),
    "groups:list": grow(
        "get", "/groups/", signed_in=200, charlie=200, olga=200, rita=200, gina=200
    ),
    "groups:create": grow("get", "/groups/new/", signed_in=404, fran=200, ada=200),
    "groups:home": grow("get", "/groups/{circle}/", signed_in=200),
    "groups:agreement": grow("get", "/groups/{circle}/agreement/", signed_in=200),
    "groups:edit_agreement": grow(
        "get", "/groups/{circle}/agreement/edit/", signed_in=404, fran=200, ada=200
    ),
    "groups:settings": grow("get", "/groups/{circle}/settings/", signed_in=404, fran=200, ada=200),
    "groups:members": grow("get", "/groups/{circle}/members/", signed_in=200),
    "groups:add_facilitator": grow(
        "post",
        "/groups/{circle}/members/facilitators/",
        body={"pseudonym": "fran"},
        signed_in=404,
        ada=MEMBERS_PAGE,
    ),
    "groups:remove_member": grow(
        "post",
        "/groups/{circle}/members/{bob_m}/remove/",
        body={"reason": "test"},
        signed_in=404,
        fran=MEMBERS_PAGE,
        ada=MEMBERS_PAGE,
    ),
    "groups:set_member_role": grow(
        "post",
        "/groups/{circle}/members/{bob_m}/role/",
        body={"role": "peer_moderator"},
        signed_in=404,
        fran=MEMBERS_PAGE,
        ada=MEMBERS_PAGE,
    ),
    "groups:sanction_member": grow(
        "post",
        "/groups/{circle}/members/{bob_m}/sanction/",
        body={"kind": "warn", "reason": "test"},
        signed_in=404,
        fran=MEMBERS_PAGE,
        ada=MEMBERS_PAGE,
    ),
    "groups:set_probation": grow(
        "post",
        "/groups/{circle}/members/{bob_m}/probation/",
        body={"on": "on"},
        signed_in=404,
        fran=MEMBERS_PAGE,
        ada=MEMBERS_PAGE,
    ),
    "groups:lift_sanction": grow(
        "post",
        "/groups/{circle}/sanctions/{sanction}/lift/",
        signed_in=404,
        fran=MEMBERS_PAGE,
        ada=MEMBERS_PAGE,
    ),
    # A member's check-in as staff see it; the member's own page (admins outside the group
    # have none; fran's facilitator membership has an empty one).
    "groups:staff_check_in": grow(
        "get", "/groups/{circle}/members/{bob_m}/check-in/", signed_in=404, fran=200, ada=200
    ),
    # Why a member was removed (rita): the group's facilitators and admins only.
    "groups:removed_member": grow(
        "get", "/groups/{circle}/members/{rita_m}/removed/", signed_in=404, fran=200, ada=200
    ),
    "groups:check_in": grow("get", "/groups/{circle}/check-in/", signed_in=200, ada=404),
    # Every active member has a standing page; admins outside the group have none.
    "groups:my_standing": grow("get", "/groups/{circle}/my-standing/", signed_in=200, ada=404),
    # Only the sanctioned member (alice) appeals; anyone else's sanction is "missing".
    "groups:appeal_sanction": grow(
        "post",
        "/groups/{circle}/my-standing/{sanction}/appeal/",
        body={"text": "Please reconsider."},
        signed_in=404,
        alice="->/groups/{circle}/my-standing/",
    ),
    "groups:appeals": grow("get", "/groups/{circle}/appeals/", signed_in=404, fran=200, ada=200),
    # ada issued the sanction: she is sent back with a message, fran decides.
    "groups:decide_appeal": grow(
        "post",
        "/groups/{circle}/appeals/{appeal}/decide/",
        body={"decision": "uphold"},
        signed_in=404,
        fran="->/groups/{circle}/appeals/",
        ada="->/groups/{circle}/appeals/",
    ),
    "groups:display_name": grow("get", "/groups/{circle}/my-name/", signed_in=200, ada=404),
    "groups:leave": grow("get", "/groups/{circle}/leave/", signed_in=200, ada=404),
    "groups:invitations": grow(
        "get", "/groups/{circle}/invitations/", signed_in=404, fran=200, ada=200
    ),
    "groups:revoke_invitation": grow(
        "post",
        "/groups/{circle}/invitations/{inv}/revoke/",
        signed_in=404,
        fran="->/groups/{circle}/invitations/",
        ada="->/groups/{circle}/invitations/",
    ),
    "groups:requests": grow("get", "/groups/{circle}/requests/", signed_in=404, fran=200, ada=200),
    "groups:decide_request": grow(
        "get", "/groups/{circle}/requests/{req}/", signed_in=404, fran=200, ada=200
    ),
    "groups:concerns": grow("get", "/groups/{circle}/concerns/", signed_in=404, fran=200, ada=200),
    "groups:join": grow(
        "get",
        "/join/",
        signed_in="->/groups/",
        charlie="->/groups/",
        olga="->/groups/",
        rita="->/groups/",
        gina="->/groups/",
        anonymous=404,
        fran_unverified=TWO_FACTOR,
    ),
    "groups:invitation": grow(
        "get",
        "/join/{token}/",
        signed_in="->/join/",
        charlie="->/join/",
        olga="->/join/",
        rita="->/join/",
        gina="->/join/",
        anonymous="->/join/",
    ),
    "groups:follow_up": grow("get", "/requests/{req}/follow-up/", signed_in=404, charlie=200),
    "groups:people": grow("get", "/organisation/people/", signed_in=404, ada=200),
    "groups:end_person_sessions": grow(
        "post",
        "/organisation/people/{person}/sign-out/",
        signed_in=404,
        ada="->/organisation/people/",
    ),
    "groups:set_person_role": grow(
        "post",
        "/organisation/people/{person}/role/",
        body={"role": "member"},
        signed_in=404,
        ada="->/organisation/people/",
    ),
    "api:list_groups": grow_api(
        "get", "/api/groups", signed_in=200, charlie=200, olga=200, rita=200, gina=200
    ),
    "api:create_group": grow_api(
        "post",
        "/api/groups",
        json={"name": "New", "discreet_name": "Notes", "purpose": "Talk."},
        signed_in=404,
        fran=201,
        ada=201,
    ),
    "api:get_group": grow_api("get", "/api/groups/{circle}", signed_in=200),
    "api:update_group": grow_api(
        "patch", "/api/groups/{circle}", json={"capacity": 20}, signed_in=404, fran=200, ada=200
    ),
    "api:get_agreement": grow_api("get", "/api/groups/{circle}/agreement", signed_in=200),
    "api:accept_agreement": grow_api(
        "post", "/api/groups/{circle}/agreement/accept", json={"version": 1}, signed_in=204, ada=404
    ),
    "api:update_agreement": grow_api(
        "put",
        "/api/groups/{circle}/agreement",
        json={"added": ["Be kind."]},
        signed_in=404,
        fran=200,
        ada=200,
    ),
    "api:list_members": grow_api("get", "/api/groups/{circle}/members", signed_in=200),
    "api:remove_member": grow_api(
        "delete",
        "/api/groups/{circle}/members/{bob_m}",
        json={"reason": "test"},
        signed_in=404,
        fran=200,
        ada=200,
    ),
    "api:set_member_role": grow_api(
        "patch",
        "/api/groups/{circle}/members/{bob_m}",
        json={"role": "peer_moderator"},
        signed_in=404,
        fran=200,
        ada=200,
    ),
    "api:list_sanctions": grow_api(
        "get", "/api/groups/{circle}/sanctions", signed_in=404, fran=200, ada=200
    ),
    "api:sanction_member": grow_api(
        "post",
        "/api/groups/{circle}/members/{bob_m}/sanctions",
        json={"kind": "warn", "reason": "test"},
        signed_in=404,
        fran=201,
        ada=201,
    ),
    "api:lift_sanction": grow_api(
        "post", "/api/groups/{circle}/sanctions/{sanction}/lift", signed_in=404, fran=200, ada=200
    ),
    "api:set_probation": grow_api(
        "put",
        "/api/groups/{circle}/members/{bob_m}/probation",
        json={"on": True},
        signed_in=404,
        fran=200,
        ada=200,
    ),
    "api:get_my_standing": grow_api(
        "get", "/api/groups/{circle}/my-standing", signed_in=200, ada=404
    ),
    "api:appeal_sanction": grow_api(
        "post",
        "/api/groups/{circle}/my-standing/{sanction}/appeal",
        json={"text": "Please reconsider."},
        signed_in=404,
        alice=201,
    ),
    "api:list_appeals": grow_api(
        "get", "/api/groups/{circle}/appeals", signed_in=404, fran=200, ada=200
    ),
    # ada issued the sanction, so her decision is refused; fran decides.
    "api:decide_appeal": grow_api(
        "post",
        "/api/groups/{circle}/appeals/{appeal}/decide",
        json={"upheld": True},
        signed_in=404,
        fran=200,
        ada=400,
    ),
    "api:get_staff_check_in": grow_api(
        "get", "/api/groups/{circle}/members/{bob_m}/check-in", signed_in=404, fran=200, ada=200
    ),
    "api:send_staff_check_in": grow_api(
        "post",
        "/api/groups/{circle}/members/{bob_m}/check-in",
        json={"text": "How are you doing?"},
        signed_in=404,
        fran=201,
        ada=201,
    ),
    "api:get_my_check_in": grow_api("get", "/api/groups/{circle}/check-in", signed_in=200, ada=404),
    # fran wrote to alice, so she may reply; fran has no staff message to reply to.
    "api:reply_check_in": grow_api(
        "post",
        "/api/groups/{circle}/check-in",
        json={"text": "Thank you, I am all right."},
        signed_in=400,
        alice=201,
        ada=404,
    ),
    "api:leave_group": grow_api("post", "/api/groups/{circle}/leave", signed_in=204, ada=404),
    "api:set_display_name": grow_api(
        "put",
        "/api/groups/{circle}/display-name",
        json={"display_name": "Willow"},
        signed_in=200,
        ada=404,
    ),
    "api:list_invitations": grow_api(
        "get", "/api/groups/{circle}/invitations", signed_in=404, fran=200, ada=200
    ),
    "api:create_invitation": grow_api(
        "post",
        "/api/groups/{circle}/invitations",
        json={"kind": "invite", "max_uses": 1, "days": 7},
        signed_in=404,
        fran=201,
        ada=201,
    ),
    "api:revoke_invitation": grow_api(
        "delete", "/api/groups/{circle}/invitations/{inv}", signed_in=404, fran=204, ada=204
    ),
    # Anyone holding a link may use it; another organisation's member and a removed member
    # are refused by the action, after the link itself was found.
    "api:join_group": grow_api(
        "post",
        "/api/join/{token}",
        json={"display_name": "Newcomer", "answers": [], "consent": True},
        signed_in=200,
        charlie=200,
        gina=200,
        olga=400,
        rita=400,
    ),
    "api:list_requests": grow_api(
        "get", "/api/groups/{circle}/requests", signed_in=404, fran=200, ada=200
    ),
    "api:get_request": grow_api(
        "get", "/api/groups/{circle}/requests/{req}", signed_in=404, fran=200, ada=200
    ),
    "api:approve_request": grow_api(
        "post", "/api/groups/{circle}/requests/{req}/approve", signed_in=404, fran=200, ada=200
    ),
    "api:decline_request": grow_api(
        "post",
        "/api/groups/{circle}/requests/{req}/decline",
        json={"reason": "group_full"},
        signed_in=404,
        fran=200,
        ada=200,
    ),
    "api:ask_follow_up": grow_api(
        "post",
        "/api/groups/{circle}/requests/{req}/follow-up",
        json={"question": "What brings you here?"},
        signed_in=404,
        fran=200,
        ada=200,
    ),
    "api:list_my_requests": grow_api(
        "get", "/api/me/requests", signed_in=200, charlie=200, olga=200, rita=200, gina=200
    ),
    # charlie's own request waits for no answer yet: access passes, the action refuses.
    "api:answer_follow_up": grow_api(
        "post",
        "/api/me/requests/{req}/answer",
        json={"answer": "Hello."},
        signed_in=404,
        charlie=400,
    ),
}


@pytest.fixture
def objects(cast):
    invitation_token = actions.check_create_invitation(
        cast.fran, cast.circle, kind="invite", max_uses=5, days=7
    )
    join_request = JoinRequest(
        group=cast.circle, user=cast.charlie, display_token="x", consent_version=1
    )
    join_request.answers = "[]"
    join_request.display_name = "charlie"
    join_request.save()
    # Two warnings for alice from ada (a warning changes no access): one to appeal, lift or
    # leave alone, one already appealed and waiting for a decision.
    as_ada = access_group(cast.ada, cast.circle.id)
    alice_m = Membership.objects.get(group=cast.circle, user=cast.alice)
    warning = sanctions.check_sanction_member(as_ada, alice_m, "warn", "test", None, "", None)
    appealed = sanctions.check_sanction_member(as_ada, alice_m, "warn", "test", None, "", None)
    appeal = sanctions.check_appeal_sanction(cast.alice, appealed, "Please reconsider.")
    checkins.check_send_check_in(access_group(cast.fran, cast.circle.id), alice_m, "Hello.")
    return {
        "circle": cast.circle.id,
        "bob_m": Membership.objects.get(group=cast.circle, user=cast.bob).id,
        "rita_m": Membership.objects.get(group=cast.circle, user=cast.rita).id,
        "inv": cast.circle.invitations.get().id,
        "token": invitation_token,
        "req": join_request.id,
        "person": cast.bob.id,
        "alert": check_raise_safety_signal(cast.bob, cast.circle).id,
        "sanction": warning.id,
        "appeal": appeal.id,
    }


def _call(client, entry, url):
    method = getattr(client, entry["method"])
    if entry.get("json") is not None:
        return method(url, entry["json"], content_type="application/json")
    return method(url, entry["body"]) if entry["method"] == "post" else method(url)


@pytest.mark.parametrize("name", sorted(GROUP_MATRIX))
@pytest.mark.parametrize("actor", ACTORS)
def test_group_authorization(name, actor, cast, objects):
    entry = GROUP_MATRIX[name]
    url = entry["url"].format(**objects)
    client = client_for(actor, cast)
    response = _call(client, entry, url)
    expected = entry["expect"][actor]
    if isinstance(expected, str):
        expected = expected.format(**objects)
    assert outcome(response) == expected
    if expected == 404 and "{" in entry["url"]:
        # Forbidden answers byte for byte like missing (ignoring per-response tokens).
        missing_ids = {k: (MISSING if k != "token" else "x" * 32) for k in objects}
        missing = _call(client, entry, entry["url"].format(**missing_ids))
        assert missing.status_code == 404
        # The page echoes its own address (the language form's "next"): swap the ids back.
        seen = response.content
        for key, value in objects.items():
            seen = seen.replace(str(value).encode(), str(missing_ids[key]).encode())
        assert _VOLATILE.sub(b"", missing.content) == _VOLATILE.sub(b"", seen)
