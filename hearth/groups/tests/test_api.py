"""The groups JSON API: each endpoint's behaviour, bad input changing nothing, audit of staff."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from hearth.accounts.actions import do_create_user
from hearth.accounts.models import User
from hearth.audit.models import AuditEntry
from hearth.groups import actions
from hearth.groups.models import Group, Invitation, JoinRequest, Membership
from hearth.lib.testing.cast import PASSPHRASE, join_group, make_group, sign_in, signed_in_client

pytestmark = pytest.mark.django_db

MISSING = str(uuid.UUID(int=9))
NOT_FOUND = {"code": "not_found", "message": "Not found."}


def _send(client, method, url, body=None, **kwargs):
    call = getattr(client, method)
    if body is None:
        return call(url, **kwargs)
    return call(url, body, content_type="application/json", **kwargs)


def _audits(action):
    return AuditEntry.objects.filter(action=action)


def _membership(group, user):
    return Membership.objects.get(group=group, user=user)


def _invite(cast, group=None, **kwargs):
    options = {"kind": "invite", "max_uses": 5, "days": 7, **kwargs}
    return actions.check_create_invitation(cast.fran, group or cast.circle, **options)


def _join_body(**overrides):
    return {"display_name": "Newcomer", "answers": [], "consent": True, **overrides}


def _pending_request(cast, user=None, name="Newcomer"):
    token = _invite(cast)
    response = _send(
        signed_in_client(user or cast.charlie),
        "post",
        f"/api/join/{token}",
        _join_body(display_name=name),
    )
    assert response.json()["status"] == "requested"
    return JoinRequest.objects.get(id=response.json()["request_id"])


def _assert_not_found_like_missing(client, method, url_template, body=None, **ids):
    """The object answers exactly as one that does not exist."""
    seen = _send(client, method, url_template.format(**ids), body)
    missing = _send(client, method, url_template.format(**dict.fromkeys(ids, MISSING)), body)
    assert seen.status_code == missing.status_code == 404
    assert seen.json() == missing.json() == NOT_FOUND


# --- Schema -----------------------------------------------------------------------------------


def test_openapi_schema_lists_every_groups_path(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    expected = {
        "/api/groups": {"get", "post"},
        "/api/groups/{group_id}": {"get", "patch"},
        "/api/groups/{group_id}/agreement": {"get", "put"},
        "/api/groups/{group_id}/agreement/accept": {"post"},
        "/api/groups/{group_id}/members": {"get"},
        "/api/groups/{group_id}/members/{membership_id}": {"delete", "patch"},
        "/api/groups/{group_id}/leave": {"post"},
        "/api/groups/{group_id}/display-name": {"put"},
        "/api/groups/{group_id}/invitations": {"get", "post"},
        "/api/groups/{group_id}/invitations/{invitation_id}": {"delete"},
        "/api/join/{token}": {"post"},
        "/api/groups/{group_id}/requests": {"get"},
        "/api/groups/{group_id}/requests/{request_id}": {"get"},
        "/api/groups/{group_id}/requests/{request_id}/approve": {"post"},
        "/api/groups/{group_id}/requests/{request_id}/decline": {"post"},
        "/api/groups/{group_id}/requests/{request_id}/follow-up": {"post"},
        "/api/me/requests": {"get"},
        "/api/me/requests/{request_id}/answer": {"post"},
    }
    for path, methods in expected.items():
        assert set(paths[path]) == methods, path
        for operation in paths[path].values():
            assert operation["tags"] == ["groups"]
            assert operation["security"], f"{path} must require sign-in"


def test_group_input_schema_mirrors_the_settings_dataclass():
    import dataclasses

    from hearth.groups.api import GroupIn, GroupPatch

    names = {f.name for f in dataclasses.fields(actions.GroupSettings)}
    assert set(GroupIn.model_fields) == names == set(GroupPatch.model_fields)


# --- Authentication ---------------------------------------------------------------------------


def test_bearer_token_reaches_the_groups_api(client, cast):
    token = client.post(
        "/api/auth/token",
        {"pseudonym": "alice", "passphrase": PASSPHRASE},
        content_type="application/json",
    ).json()["token"]
    response = Client().get("/api/groups", headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert [g["id"] for g in response.json()] == [str(cast.circle.id)]


def test_cookie_writes_need_the_csrf_token(cast):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, cast.alice)
    response = _send(client, "post", f"/api/groups/{cast.circle.id}/leave")
    assert response.status_code == 403
    assert _membership(cast.circle, cast.alice).is_active


def test_anonymous_caller_gets_401(client, cast):
    assert client.get("/api/groups").status_code == 401
    assert client.get(f"/api/groups/{cast.circle.id}").json()["code"] == "unauthorised"


# --- Groups -------------------------------------------------------------------------------------


def test_list_groups_shows_only_the_callers_groups_with_their_role(cast):
    alice = signed_in_client(cast.alice).get("/api/groups").json()
    assert alice == [
        {
            "id": str(cast.circle.id),
            "discreet_name": "Tuesday circle (discreet)",
            "name": "Tuesday circle",
            "role": "member",
        }
    ]
    assert [g["role"] for g in signed_in_client(cast.fran).get("/api/groups").json()] == [
        "facilitator",
        "facilitator",
    ]
    assert {g["role"] for g in signed_in_client(cast.ada).get("/api/groups").json()} == {"admin"}
    for outsider in (cast.charlie, cast.olga, cast.rita):
        assert signed_in_client(outsider).get("/api/groups").json() == []


def test_facilitator_creates_a_group_and_facilitates_it(cast):
    response = _send(
        signed_in_client(cast.fran),
        "post",
        "/api/groups",
        {
            "name": "Thursday evening",
            "discreet_name": "Reading",
            "purpose": "Company after a hard week.",
            "safety_codeword": "blue kettle",
            "screening_questions": "What brings you here?",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["role"] == "facilitator" and body["can_manage"]
    assert body["safety_codeword"] == "blue kettle"
    group = Group.objects.get(id=body["id"])
    assert group.questions() == ["What brings you here?"]
    assert _audits("group.created").filter(target_id=str(group.id), actor_id=cast.fran.id).exists()


def test_admin_creates_a_group_without_joining_it(cast):
    response = _send(
        signed_in_client(cast.ada),
        "post",
        "/api/groups",
        {"name": "N", "discreet_name": "D", "purpose": "P"},
    )
    assert response.status_code == 201 and response.json()["role"] == "admin"
    assert not Membership.objects.filter(group_id=response.json()["id"]).exists()


def test_members_cannot_create_groups(cast):
    before = Group.objects.count()
    body = {"name": "Mine", "discreet_name": "Mine", "purpose": "Mine"}
    response = _send(signed_in_client(cast.alice), "post", "/api/groups", body)
    assert response.status_code == 404 and response.json() == NOT_FOUND
    assert Group.objects.count() == before


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"capacity": "many"}, 422, None),
        ({"has_forum": "yes"}, 422, None),
        ({"facilitation": "anarchy"}, 422, None),
        ({"capacity": 0}, 422, None),
        ({"name": "x" * 121}, 422, None),
        ({"has_forum": False, "has_chat": False, "has_video": False}, 400, "has_forum"),
        ({"length": "time_limited"}, 400, "starts_on"),
        ({"safety_codeword": "one two three four"}, 400, "safety_codeword"),
        (
            {"screening_questions": "\n".join(f"Q{n}?" for n in range(11))},
            400,
            "screening_questions",
        ),
    ],
)
def test_bad_group_settings_create_nothing(cast, body, status, field):
    before = (Group.objects.count(), AuditEntry.objects.count())
    payload = {"name": "N", "discreet_name": "D", "purpose": "P", **body}
    response = _send(signed_in_client(cast.fran), "post", "/api/groups", payload)
    assert response.status_code == status
    assert response.json()["code"] == "invalid"
    if field:
        assert field in response.json()["fields"]
    assert (Group.objects.count(), AuditEntry.objects.count()) == before


def test_members_do_not_see_the_safety_word_or_screening_questions(cast):
    cast.circle.safety_codeword = "marmalade"
    cast.circle.screening_questions = "Who told you about us?"
    cast.circle.save()
    member = signed_in_client(cast.alice).get(f"/api/groups/{cast.circle.id}")
    assert member.status_code == 200
    assert member.json()["safety_codeword"] is None
    assert member.json()["screening_questions"] is None
    assert b"marmalade" not in member.content and b"Who told you" not in member.content
    assert member.json()["role"] == "member" and not member.json()["can_manage"]
    manager = signed_in_client(cast.fran).get(f"/api/groups/{cast.circle.id}").json()
    assert manager["safety_codeword"] == "marmalade"
    assert manager["screening_questions"] == "Who told you about us?"


@pytest.mark.parametrize("outsider", ["charlie", "olga", "rita", "gina"])
def test_outsiders_get_what_a_missing_group_gets(cast, outsider):
    client = signed_in_client(getattr(cast, outsider))
    for suffix in ("", "/agreement", "/members", "/invitations", "/requests"):
        _assert_not_found_like_missing(client, "get", "/api/groups/{g}" + suffix, g=cast.circle.id)


def test_manager_patches_only_the_given_settings(cast):
    response = _send(
        signed_in_client(cast.fran),
        "patch",
        f"/api/groups/{cast.circle.id}",
        {"capacity": 20, "welcome": "Hi"},
    )
    assert response.status_code == 200
    cast.circle.refresh_from_db()
    assert (cast.circle.capacity, cast.circle.welcome, cast.circle.name) == (
        20,
        "Hi",
        "Tuesday circle",
    )
    assert _audits("group.settings_changed").filter(actor_id=cast.fran.id).count() == 1
    cleared = _send(
        signed_in_client(cast.ada), "patch", f"/api/groups/{cast.circle.id}", {"welcome": None}
    )
    assert cleared.json()["welcome"] == ""
    cast.circle.refresh_from_db()
    assert cast.circle.welcome is None


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"name": None}, 422),
        ({"capacity": "twenty"}, 422),
        ({"moderation": "none"}, 422),
        ({"has_forum": False}, 400),
        ({"length": "time_limited", "starts_on": "2030-02-01", "ends_on": "2030-01-01"}, 400),
    ],
)
def test_bad_patches_change_nothing(cast, body, status):
    before = (cast.circle.capacity, cast.circle.length, cast.circle.has_forum)
    audits = AuditEntry.objects.count()
    response = _send(signed_in_client(cast.fran), "patch", f"/api/groups/{cast.circle.id}", body)
    assert response.status_code == status and response.json()["code"] == "invalid"
    cast.circle.refresh_from_db()
    assert (cast.circle.capacity, cast.circle.length, cast.circle.has_forum) == before
    assert cast.circle.name == "Tuesday circle" and AuditEntry.objects.count() == audits


def test_members_cannot_change_settings(cast):
    response = _send(
        signed_in_client(cast.alice), "patch", f"/api/groups/{cast.circle.id}", {"capacity": 99}
    )
    assert response.status_code == 404 and response.json() == NOT_FOUND
    cast.circle.refresh_from_db()
    assert cast.circle.capacity == 12


def test_malformed_ids_are_refused(cast):
    assert signed_in_client(cast.alice).get("/api/groups/not-a-uuid").status_code in (404, 422)


# --- Agreement ----------------------------------------------------------------------------------


def test_agreement_shows_version_and_clauses(cast):
    body = signed_in_client(cast.alice).get(f"/api/groups/{cast.circle.id}/agreement").json()
    assert body["version"] == 1 and not body["must_accept"]
    assert [c["number"] for c in body["clauses"]] == list(range(1, len(body["clauses"]) + 1))


def test_new_agreement_must_be_accepted_before_taking_part(cast):
    fran = signed_in_client(cast.fran)
    published = _send(
        fran,
        "put",
        f"/api/groups/{cast.circle.id}/agreement",
        {"edited": {"1": "Changed first clause."}, "added": ["Be gentle."]},
    )
    assert published.status_code == 200
    clauses = published.json()["clauses"]
    assert published.json()["version"] == 2 and not published.json()["must_accept"]
    assert clauses[0] == {"number": 1, "text": "Changed first clause."}
    assert clauses[-1]["text"] == "Be gentle." and clauses[-1]["number"] == len(clauses)
    assert _audits("group.agreement_changed").filter(actor_id=cast.fran.id).exists()

    alice = signed_in_client(cast.alice)
    assert alice.get(f"/api/groups/{cast.circle.id}/agreement").json()["must_accept"]
    assert alice.get(f"/api/groups/{cast.circle.id}").json()["must_accept_agreement"]
    blocked = alice.get(f"/api/groups/{cast.circle.id}/members")
    assert blocked.status_code == 403 and blocked.json()["code"] == "agreement_required"

    stale = _send(alice, "post", f"/api/groups/{cast.circle.id}/agreement/accept", {"version": 1})
    assert stale.status_code == 409 and stale.json()["code"] == "agreement_changed"
    assert _membership(cast.circle, cast.alice).agreement_version == 1

    ok = _send(alice, "post", f"/api/groups/{cast.circle.id}/agreement/accept", {"version": 2})
    assert ok.status_code == 204
    assert _membership(cast.circle, cast.alice).agreement_version == 2
    assert alice.get(f"/api/groups/{cast.circle.id}/members").status_code == 200


def test_accepting_needs_a_whole_version_number(cast):
    alice = signed_in_client(cast.alice)
    response = _send(
        alice, "post", f"/api/groups/{cast.circle.id}/agreement/accept", {"version": "latest"}
    )
    assert response.status_code == 422


def test_admin_without_membership_cannot_accept(cast):
    response = _send(
        signed_in_client(cast.ada),
        "post",
        f"/api/groups/{cast.circle.id}/agreement/accept",
        {"version": 1},
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"added": ["x" * 1001]},
        {"edited": {str(n): "" for n in range(1, 30)}},
    ],
)
def test_bad_agreement_edits_publish_nothing(cast, body):
    response = _send(
        signed_in_client(cast.fran), "put", f"/api/groups/{cast.circle.id}/agreement", body
    )
    assert response.status_code == 400 and "clauses" in response.json()["fields"]
    assert cast.circle.agreements.count() == 1


def test_members_cannot_edit_the_agreement(cast):
    response = _send(
        signed_in_client(cast.alice),
        "put",
        f"/api/groups/{cast.circle.id}/agreement",
        {"added": ["Mine."]},
    )
    assert response.status_code == 404 and cast.circle.agreements.count() == 1


# --- Members ------------------------------------------------------------------------------------


def test_members_see_display_names_avatars_and_roles(cast):
    bob = _membership(cast.circle, cast.bob)
    actions.check_set_display_name(bob, "Robin")
    members = signed_in_client(cast.alice).get(f"/api/groups/{cast.circle.id}/members").json()
    assert [(m["display_name"], m["role"], m["you"]) for m in members] == [
        ("Facilitator", "facilitator", False),
        ("alice", "member", True),
        ("Robin", "member", False),
    ]
    assert set(members[0]) == {"id", "display_name", "avatar_seed", "role", "you"}
    # rita was removed: she is not listed.
    assert "rita" not in {m["display_name"] for m in members}


def test_manager_removes_a_member_with_a_reason(cast):
    bob = _membership(cast.circle, cast.bob)
    url = f"/api/groups/{cast.circle.id}/members/{bob.id}"
    fran = signed_in_client(cast.fran)
    no_reason = _send(fran, "delete", url, {"reason": "  "})
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["fields"]
    assert _membership(cast.circle, cast.bob).is_active
    assert _send(fran, "delete", url, {"reason": 5}).status_code == 422
    assert _send(fran, "delete", url, {"reason": "x", "erase": "yes"}).status_code == 422
    assert _membership(cast.circle, cast.bob).is_active

    removed = _send(fran, "delete", url, {"reason": "Repeated hostility"})
    assert removed.status_code == 200 and removed.json() == {"erased": 0}
    assert _membership(cast.circle, cast.bob).status == Membership.Status.REMOVED
    entry = _audits("group.member_removed").get()
    assert entry.actor_id == cast.fran.id and entry.target_id == str(bob.id)
    assert signed_in_client(cast.bob).get(f"/api/groups/{cast.circle.id}").status_code == 404
    # Removing twice: the membership is no longer active, so it is not found.
    assert _send(fran, "delete", url, {"reason": "again"}).status_code == 404


def test_members_cannot_remove_each_other(cast):
    bob = _membership(cast.circle, cast.bob)
    url = "/api/groups/{g}/members/{m}"
    _assert_not_found_like_missing(
        signed_in_client(cast.alice), "delete", url, {"reason": "mean"}, g=cast.circle.id, m=bob.id
    )
    assert _membership(cast.circle, cast.bob).is_active


def test_a_facilitator_cannot_remove_or_demote_a_co_facilitator(cast):
    other = do_create_user(cast.organisation, "flora", PASSPHRASE, role=User.Role.FACILITATOR)
    actions.check_add_facilitator(cast.ada, cast.circle, other)
    flora = _membership(cast.circle, other)
    url = f"/api/groups/{cast.circle.id}/members/{flora.id}"
    fran = signed_in_client(cast.fran)
    assert _send(fran, "delete", url, {"reason": "takeover", "erase": True}).status_code == 400
    assert _send(fran, "patch", url, {"role": "member"}).status_code == 400
    flora.refresh_from_db()
    assert flora.is_facilitator
    # An admin may.
    assert _send(signed_in_client(cast.ada), "patch", url, {"role": "member"}).status_code == 200


def test_manager_cannot_remove_themselves(cast):
    fran = _membership(cast.circle, cast.fran)
    response = _send(
        signed_in_client(cast.fran),
        "delete",
        f"/api/groups/{cast.circle.id}/members/{fran.id}",
        {"reason": "x"},
    )
    assert response.status_code == 400
    assert _membership(cast.circle, cast.fran).is_active


def test_manager_makes_a_member_peer_moderator(cast):
    bob = _membership(cast.circle, cast.bob)
    url = f"/api/groups/{cast.circle.id}/members/{bob.id}"
    fran = signed_in_client(cast.fran)
    refused = _send(fran, "patch", url, {"role": "facilitator"})
    assert refused.status_code == 400 and "role" in refused.json()["fields"]
    assert _membership(cast.circle, cast.bob).role == "member"
    response = _send(fran, "patch", url, {"role": "peer_moderator"})
    assert response.status_code == 200 and response.json()["role"] == "peer_moderator"
    assert _audits("group.member_role_changed").filter(target_id=str(bob.id)).count() == 1
    assert _send(signed_in_client(cast.alice), "patch", url, {"role": "member"}).status_code == 404
    assert _membership(cast.circle, cast.bob).role == "peer_moderator"


def test_member_leaves(cast):
    alice = signed_in_client(cast.alice)
    assert _send(alice, "post", f"/api/groups/{cast.circle.id}/leave").status_code == 204
    assert _membership(cast.circle, cast.alice).status == Membership.Status.LEFT
    assert alice.get(f"/api/groups/{cast.circle.id}").status_code == 404
    assert _send(alice, "post", f"/api/groups/{cast.circle.id}/leave").status_code == 404


def test_admin_who_is_not_a_member_cannot_leave(cast):
    assert (
        _send(signed_in_client(cast.ada), "post", f"/api/groups/{cast.circle.id}/leave").status_code
        == 404
    )


def test_member_changes_their_display_name(cast):
    url = f"/api/groups/{cast.circle.id}/display-name"
    response = _send(signed_in_client(cast.alice), "put", url, {"display_name": "Willow"})
    assert response.status_code == 200 and response.json() == {"display_name": "Willow"}
    assert _membership(cast.circle, cast.alice).display_name == "Willow"
    clash = _send(signed_in_client(cast.bob), "put", url, {"display_name": "willow"})
    assert clash.status_code == 400 and "display_name" in clash.json()["fields"]
    assert (
        _send(signed_in_client(cast.bob), "put", url, {"display_name": "x" * 41}).status_code == 422
    )
    assert _send(signed_in_client(cast.bob), "put", url, {"display_name": 42}).status_code == 422
    assert _membership(cast.circle, cast.bob).display_name == "bob"


# --- Invitations --------------------------------------------------------------------------------


def test_manager_creates_an_invitation_and_sees_the_token_once(cast):
    fran = signed_in_client(cast.fran)
    url = f"/api/groups/{cast.circle.id}/invitations"
    created = _send(fran, "post", url, {"kind": "request", "max_uses": 3, "days": 2})
    assert created.status_code == 201
    token = created.json()["token"]
    assert created.json()["url"].endswith(f"/join/{token}/")
    invitation = Invitation.objects.get(id=created.json()["id"])
    assert invitation.kind == "request" and invitation.token_hash == actions.token_hash(token)
    listed = fran.get(url)
    assert [i["id"] for i in listed.json()] == [str(invitation.id)]
    assert token.encode() not in listed.content
    assert _audits("group.invitation_created").filter(target_id=str(invitation.id)).exists()


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"max_uses": 0}, 400),
        ({"days": 91}, 400),
        ({"kind": "vip"}, 422),
        ({"max_uses": "lots"}, 422),
    ],
)
def test_bad_invitations_are_not_created(cast, body, status):
    response = _send(
        signed_in_client(cast.fran), "post", f"/api/groups/{cast.circle.id}/invitations", body
    )
    assert response.status_code == status
    assert not Invitation.objects.exists()


def test_members_cannot_create_invitations(cast):
    response = _send(
        signed_in_client(cast.alice), "post", f"/api/groups/{cast.circle.id}/invitations", {}
    )
    assert response.status_code == 404 and not Invitation.objects.exists()


def test_revoked_invitation_no_longer_works(cast):
    token = _invite(cast)
    invitation = Invitation.objects.get()
    url = "/api/groups/{g}/invitations/{i}"
    _assert_not_found_like_missing(
        signed_in_client(cast.alice), "delete", url, g=cast.circle.id, i=invitation.id
    )
    revoked = _send(
        signed_in_client(cast.fran), "delete", url.format(g=cast.circle.id, i=invitation.id)
    )
    assert revoked.status_code == 204
    assert _audits("group.invitation_revoked").filter(target_id=str(invitation.id)).exists()
    response = _send(signed_in_client(cast.charlie), "post", f"/api/join/{token}", _join_body())
    assert response.status_code == 404
    assert response.json()["code"] == "not_found" and "withdrawn" in response.json()["message"]


def test_invitation_of_another_group_is_not_found(cast):
    _invite(cast, group=cast.garden)
    other = Invitation.objects.get()
    response = _send(
        signed_in_client(cast.fran),
        "delete",
        f"/api/groups/{cast.circle.id}/invitations/{other.id}",
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None


# --- Joining ------------------------------------------------------------------------------------


def test_join_asks_for_approval_once_even_when_sent_twice(cast):
    token = _invite(cast)
    charlie = signed_in_client(cast.charlie)
    first = _send(charlie, "post", f"/api/join/{token}", _join_body())
    second = _send(charlie, "post", f"/api/join/{token}", _join_body())
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert first.json()["status"] == "requested" and first.json()["group_id"] is None
    assert JoinRequest.objects.filter(user=cast.charlie).count() == 1
    assert Invitation.objects.get().uses == 1
    assert not Membership.objects.filter(group=cast.circle, user=cast.charlie).exists()


def test_join_without_approval_makes_a_member(cast):
    group = make_group(cast.fran, "Open", requires_approval=False)
    token = _invite(cast, group=group)
    response = _send(signed_in_client(cast.charlie), "post", f"/api/join/{token}", _join_body())
    assert response.json() == {"status": "member", "group_id": str(group.id), "request_id": None}
    assert _membership(group, cast.charlie).is_active


def test_bad_token_answers_not_found_with_the_reason(cast):
    response = _send(signed_in_client(cast.charlie), "post", "/api/join/nope", _join_body())
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert "not valid" in response.json()["message"]


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"consent": False}, 400, "consent"),
        ({"consent": "yes"}, 422, None),
        ({"answers": "all of them"}, 422, None),
        ({"answers": [1]}, 422, None),
        ({"answers": ["x" * (actions.MAX_ANSWER + 1)]}, 400, "answers"),
        ({"answers": []}, 400, "answers"),
        ({"answers": ["one", "two"]}, 400, "answers"),
        ({"display_name": "ALICE"}, 400, "display_name"),
        ({"display_name": "x" * 41}, 422, None),
    ],
)
def test_bad_join_input_changes_nothing(cast, body, status, field):
    cast.circle.screening_questions = "Why now?"
    cast.circle.save()
    token = _invite(cast)
    response = _send(
        signed_in_client(cast.charlie),
        "post",
        f"/api/join/{token}",
        _join_body(**{"answers": ["Because."], **body}),
    )
    assert response.status_code == status
    assert response.json()["code"] == "invalid"
    if field:
        assert field in response.json()["fields"]
    assert not JoinRequest.objects.exists()
    assert Invitation.objects.get().uses == 0


def test_join_with_screening_answers_keeps_them_for_managers(cast):
    cast.circle.screening_questions = "Why now?\nWho can you call?"
    cast.circle.save()
    token = _invite(cast)
    body = _join_body(answers=["It is time.", "My sister."])
    response = _send(signed_in_client(cast.charlie), "post", f"/api/join/{token}", body)
    join_request = JoinRequest.objects.get(id=response.json()["request_id"])
    detail = signed_in_client(cast.fran).get(
        f"/api/groups/{cast.circle.id}/requests/{join_request.id}"
    )
    assert detail.json()["answers"] == [
        {"question": "Why now?", "answer": "It is time."},
        {"question": "Who can you call?", "answer": "My sister."},
    ]
    # The requester's own view does not echo answers back.
    mine = signed_in_client(cast.charlie).get("/api/me/requests")
    assert b"My sister" not in mine.content


def test_join_into_a_full_group_is_refused_and_uses_nothing(cast):
    group = make_group(cast.fran, "Small", requires_approval=False, capacity=1)
    join_group(group, cast.bob)
    token = _invite(cast, group=group)
    response = _send(signed_in_client(cast.charlie), "post", f"/api/join/{token}", _join_body())
    assert response.status_code == 400
    assert "full" in response.json()["message"]
    assert not Membership.objects.filter(group=group, user=cast.charlie).exists()
    assert Invitation.objects.get(group=group).uses == 0


def test_another_organisation_and_removed_members_cannot_join(cast):
    token = _invite(cast)
    for person in (cast.olga, cast.rita):
        response = _send(signed_in_client(person), "post", f"/api/join/{token}", _join_body())
        assert response.status_code == 400
    assert not JoinRequest.objects.exists()
    assert _membership(cast.circle, cast.rita).status == Membership.Status.REMOVED


def test_join_is_rate_limited(cast):
    charlie = signed_in_client(cast.charlie)
    statuses = [
        _send(charlie, "post", "/api/join/guess", _join_body()).status_code for _ in range(31)
    ]
    assert statuses[:30] == [404] * 30
    assert statuses[30] == 429


# --- Vetting ------------------------------------------------------------------------------------


def test_manager_lists_open_requests_with_concerns_in_detail(cast):
    join_request = _pending_request(cast)
    actions.check_add_concern(cast.fran, cast.circle, "Watch for the name Dale.")
    fran = signed_in_client(cast.fran)
    listed = fran.get(f"/api/groups/{cast.circle.id}/requests").json()
    assert [(r["id"], r["display_name"], r["status"]) for r in listed] == [
        (str(join_request.id), "Newcomer", "pending")
    ]
    detail = fran.get(f"/api/groups/{cast.circle.id}/requests/{join_request.id}").json()
    assert [c["text"] for c in detail["concerns"]] == ["Watch for the name Dale."]
    _assert_not_found_like_missing(
        signed_in_client(cast.alice),
        "get",
        "/api/groups/{g}/requests/{r}",
        g=cast.circle.id,
        r=join_request.id,
    )


def test_request_of_another_group_is_not_found(cast):
    join_request = _pending_request(cast)
    response = signed_in_client(cast.fran).get(
        f"/api/groups/{cast.garden.id}/requests/{join_request.id}"
    )
    assert response.status_code == 404


def test_approve_makes_a_member_once(cast):
    join_request = _pending_request(cast)
    url = f"/api/groups/{cast.circle.id}/requests/{join_request.id}/approve"
    fran = signed_in_client(cast.fran)
    response = _send(fran, "post", url)
    assert response.status_code == 200 and response.json()["status"] == "approved"
    membership = _membership(cast.circle, cast.charlie)
    assert membership.is_active and str(membership.id) == response.json()["membership_id"]
    assert membership.display_name == "Newcomer"
    assert _audits("group.request_approved").filter(target_id=str(join_request.id)).count() == 1
    again = _send(fran, "post", url)
    assert again.status_code == 400 and "already decided" in again.json()["message"]
    assert _audits("group.request_approved").count() == 1
    # The new member must accept the agreement before seeing who else is there.
    assert (
        signed_in_client(cast.charlie).get(f"/api/groups/{cast.circle.id}/members").status_code
        == 403
    )


def test_approve_into_a_full_group_changes_nothing(cast):
    join_request = _pending_request(cast)
    Group.objects.filter(id=cast.circle.id).update(capacity=2)  # alice and bob
    response = _send(
        signed_in_client(cast.fran),
        "post",
        f"/api/groups/{cast.circle.id}/requests/{join_request.id}/approve",
    )
    assert response.status_code == 400 and "full" in response.json()["message"]
    join_request.refresh_from_db()
    assert join_request.status == "pending"
    assert not Membership.objects.filter(group=cast.circle, user=cast.charlie).exists()
    assert not _audits("group.request_approved").exists()


def test_members_cannot_approve(cast):
    join_request = _pending_request(cast)
    url = "/api/groups/{g}/requests/{r}/approve"
    _assert_not_found_like_missing(
        signed_in_client(cast.alice), "post", url, g=cast.circle.id, r=join_request.id
    )
    join_request.refresh_from_db()
    assert join_request.status == "pending"


def test_decline_with_a_templated_message(cast):
    join_request = _pending_request(cast)
    url = f"/api/groups/{cast.circle.id}/requests/{join_request.id}/decline"
    fran = signed_in_client(cast.fran)
    bad = _send(fran, "post", url, {"reason": "you are annoying"})
    assert bad.status_code == 400 and "reason" in bad.json()["fields"]
    join_request.refresh_from_db()
    assert join_request.status == "pending"
    assert _send(fran, "post", url, {"reason": "group_full"}).status_code == 200
    join_request.refresh_from_db()
    assert join_request.status == "declined"
    entry = _audits("group.request_declined").get()
    assert entry.details["reason"] == "group_full"
    mine = signed_in_client(cast.charlie).get("/api/me/requests").json()
    assert mine[0]["status"] == "declined" and "full" in mine[0]["decline_message"]
    # Closed: a second decision is refused.
    approve = f"/api/groups/{cast.circle.id}/requests/{join_request.id}/approve"
    assert _send(fran, "post", approve).status_code == 400


def test_follow_up_question_and_answer(cast):
    join_request = _pending_request(cast)
    fran = signed_in_client(cast.fran)
    url = f"/api/groups/{cast.circle.id}/requests/{join_request.id}/follow-up"
    assert _send(fran, "post", url, {"question": "   "}).status_code == 400
    assert _send(fran, "post", url, {"question": "x" * (actions.MAX_ANSWER + 1)}).status_code == 422
    join_request.refresh_from_db()
    assert join_request.status == "pending" and join_request.follow_up_question is None
    asked = _send(fran, "post", url, {"question": "Are you safe to attend?"})
    assert asked.status_code == 200 and asked.json()["status"] == "follow_up"
    assert _audits("group.request_follow_up").filter(target_id=str(join_request.id)).exists()

    charlie = signed_in_client(cast.charlie)
    mine = charlie.get("/api/me/requests").json()
    assert mine[0]["follow_up_question"] == "Are you safe to attend?"
    answer_url = f"/api/me/requests/{join_request.id}/answer"
    assert _send(charlie, "post", answer_url, {"answer": ""}).status_code == 400
    assert _send(charlie, "post", answer_url, {"answer": ["yes"]}).status_code == 422
    answered = _send(charlie, "post", answer_url, {"answer": "Yes, evenings are fine."})
    assert answered.status_code == 200 and answered.json()["status"] == "pending"
    twice = _send(charlie, "post", answer_url, {"answer": "Changed my mind."})
    assert twice.status_code == 400
    detail = fran.get(f"/api/groups/{cast.circle.id}/requests/{join_request.id}").json()
    assert detail["follow_up_answer"] == "Yes, evenings are fine."


def test_only_the_requester_sees_and_answers_their_request(cast):
    join_request = _pending_request(cast)
    actions.check_ask_follow_up(cast.fran, join_request, "Why?")
    for other in (cast.alice, cast.fran, cast.olga):
        client = signed_in_client(other)
        assert client.get("/api/me/requests").json() == []
        _assert_not_found_like_missing(
            client, "post", "/api/me/requests/{r}/answer", {"answer": "x"}, r=join_request.id
        )
    join_request.refresh_from_db()
    assert join_request.follow_up_answer is None
