import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from hearth.audit.models import AuditEntry
from hearth.groups import actions
from hearth.groups.actions import GroupSettings
from hearth.groups.models import Group, Membership

pytestmark = pytest.mark.django_db


def settings_for(**kwargs):
    return GroupSettings(
        **{
            "name": "Wednesday group",
            "discreet_name": "Book club",
            "purpose": "Peer support.",
            **kwargs,
        }
    )


def test_creating_a_group_makes_the_creator_facilitator_with_the_default_agreement(cast):
    group = actions.check_create_group(cast.fran, settings_for(), facilitate=True)
    membership = Membership.objects.get(group=group, user=cast.fran)
    assert membership.role == "facilitator" and membership.agreement_version == 1
    clauses = json.loads(group.agreements.get().clauses)
    assert [c["number"] for c in clauses] == list(range(1, len(clauses) + 1))
    assert any("screenshot" in c["text"] for c in clauses)
    assert AuditEntry.objects.filter(action="group.created", target_id=str(group.id)).exists()


def test_group_texts_are_sealed_at_rest(cast):
    group = actions.check_create_group(
        cast.fran,
        settings_for(name="canary-group-name-1", safety_codeword="bluebird"),
        facilitate=True,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, discreet_name, purpose, safety_codeword FROM groups_group WHERE id = %s",
            [group.id.hex if connection.vendor == "sqlite" else group.id],
        )
        row = b"".join(bytes(v) for v in cursor.fetchone())
    assert b"canary-group-name-1" not in row and b"bluebird" not in row and b"Book club" not in row
    assert Group.objects.get(id=group.id).name == "canary-group-name-1"


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"has_forum": False}, "has_forum"),
        ({"length": "time_limited"}, "starts_on"),
        (
            {"length": "time_limited", "starts_on": date(2027, 2, 1), "ends_on": date(2027, 1, 1)},
            "ends_on",
        ),
        ({"capacity": 0}, "capacity"),
        ({"screening_questions": "\n".join(f"q{i}?" for i in range(11))}, "screening_questions"),
        ({"safety_codeword": "far too many words here"}, "safety_codeword"),
    ],
)
def test_bad_settings_are_refused_and_nothing_is_created(cast, bad, field):
    before = Group.objects.count()
    with pytest.raises(ValidationError) as error:
        actions.check_create_group(cast.fran, settings_for(**bad), facilitate=True)
    assert field in error.value.message_dict
    assert Group.objects.count() == before


def test_agreement_edits_keep_clause_numbers_and_ask_members_again(cast):
    alice = Membership.objects.get(group=cast.circle, user=cast.alice)
    agreement = actions.check_update_agreement(
        cast.fran, cast.circle, {2: "", 3: "Changed three."}, ["A new rule."]
    )
    clauses = json.loads(agreement.clauses)
    numbers = [c["number"] for c in clauses]
    assert (
        2 not in numbers
        and numbers[-1] == 10
        and clauses[1] == {"number": 3, "text": "Changed three."}
    )
    assert agreement.version == 2
    alice.refresh_from_db()
    assert alice.agreement_version == 1
    with pytest.raises(ValidationError):
        actions.check_update_agreement(cast.fran, cast.circle, {}, [""])


def test_removing_a_member_ends_access_audits_and_can_erase(cast):
    from hearth.groups import erasure

    erased_calls = []
    eraser = erasure.register(lambda g, u: erased_calls.append((g, u)) or 3)
    try:
        bob = Membership.objects.get(group=cast.circle, user=cast.bob)
        assert (
            actions.check_remove_member(cast.fran, cast.circle, bob, erase=True, reason="rule 4")
            == 3
        )
    finally:
        erasure._erasers.remove(eraser)
    bob.refresh_from_db()
    assert bob.status == "removed" and erased_calls == [(cast.circle.id, cast.bob.id)]
    entry = AuditEntry.objects.get(action="group.member_removed")
    assert entry.actor_id == cast.fran.id and entry.details["erase"] is True
    with pytest.raises(ValidationError):
        actions.check_remove_member(
            cast.fran,
            cast.circle,
            Membership.objects.get(group=cast.circle, user=cast.fran),
            erase=False,
            reason="x",
        )


def test_only_admins_change_organisation_roles(cast):
    actions.check_set_person_role(cast.ada, cast.charlie, "facilitator")
    cast.charlie.refresh_from_db()
    assert cast.charlie.role == "facilitator"
    for actor, person in ((cast.fran, cast.alice), (cast.ada, cast.olga), (cast.ada, cast.ada)):
        with pytest.raises(ValidationError):
            actions.check_set_person_role(actor, person, "admin")


def test_a_demoted_facilitator_keeps_no_group_powers(cast):
    from hearth.groups.access import access_group

    assert access_group(cast.fran, cast.circle.id).can_manage
    actions.check_set_person_role(cast.ada, cast.fran, "member")
    cast.fran.refresh_from_db()
    assert not access_group(cast.fran, cast.circle.id).can_manage


def test_facilitators_are_shown_by_a_staff_name_never_their_sign_in_pseudonym(cast):
    fran = Membership.objects.get(group=cast.circle, user=cast.fran)
    assert fran.display_name == "Facilitator"
    actions.check_set_display_name(fran, "Facilitator Fran")
    alice = Membership.objects.get(group=cast.circle, user=cast.alice)
    with pytest.raises(ValidationError):
        actions.check_set_display_name(alice, "Facilitator Al")


def test_removal_keeps_the_reason_sealed_with_the_membership(cast):
    bob = Membership.objects.get(group=cast.circle, user=cast.bob)
    actions.check_remove_member(cast.fran, cast.circle, bob, erase=False, reason="broke clause 2")
    assert Membership.objects.get(id=bob.id).removal_reason == "broke clause 2"
    raw = Membership.objects.filter(id=bob.id).values_list("removal_reason", flat=True).get()
    assert b"clause 2" not in bytes(raw)


def test_look_alike_display_names_collide(cast):
    alice = Membership.objects.get(group=cast.circle, user=cast.alice)
    actions.check_set_display_name(alice, "Willow")
    bob = Membership.objects.get(group=cast.circle, user=cast.bob)
    for lookalike in ("WiIlow", "wi11ow", "W i l l o w"):
        with pytest.raises(ValidationError):
            actions.check_set_display_name(bob, lookalike)
