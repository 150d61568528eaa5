import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.groups import actions
from hearth.groups.models import Invitation, JoinRequest, Membership
from hearth.lib.testing.cast import make_group

pytestmark = pytest.mark.django_db


def invite(cast, group=None, **kwargs):
    raw = actions.check_create_invitation(
        cast.fran,
        group or cast.circle,
        kind=kwargs.pop("kind", "invite"),
        max_uses=kwargs.pop("max_uses", 1),
        days=kwargs.pop("days", 7),
    )
    return raw, actions.find_invitation(raw)


def test_invitation_tokens_are_long_and_stored_hashed(cast):
    raw, invitation = invite(cast)
    assert len(raw) >= 32 and raw not in invitation.token_hash


@pytest.mark.parametrize(
    "spoil, message",
    [
        (
            lambda i: Invitation.objects.filter(id=i.id).update(revoked_at=timezone.now()),
            "withdrawn",
        ),
        (
            lambda i: Invitation.objects.filter(id=i.id).update(
                expires_at=timezone.now() - timedelta(seconds=1)
            ),
            "expired",
        ),
        (lambda i: Invitation.objects.filter(id=i.id).update(uses=1), "already been used"),
    ],
)
def test_unusable_invitations_say_why(cast, spoil, message):
    raw, invitation = invite(cast)
    spoil(invitation)
    with pytest.raises(actions.InvitationProblem, match=message):
        actions.find_invitation(raw)


def test_forged_tokens_are_not_valid(cast):
    for raw in ("", "forged", "x" * 400):
        with pytest.raises(actions.InvitationProblem, match="not valid"):
            actions.find_invitation(raw)


def test_joining_with_screening_creates_a_sealed_request(cast):
    group = make_group(
        cast.fran, "Screened", screening_questions="Why now?\nAnything we should know?"
    )
    _, invitation = invite(cast, group)
    outcome = actions.check_join(
        invitation,
        cast.charlie,
        display_name="Wren",
        answers=["canary answer", "no"],
        consented=True,
    )
    request = outcome.join_request
    assert (
        request.status == "pending" and json.loads(request.answers)[0]["answer"] == "canary answer"
    )
    raw_row = JoinRequest.objects.filter(id=request.id).values_list("answers", flat=True).get()
    assert b"canary answer" not in bytes(raw_row)
    invitation.refresh_from_db()
    assert invitation.uses == 1


def test_double_submission_returns_the_same_request_and_uses_the_link_once(cast):
    group = make_group(cast.fran, "Screened", screening_questions="Why now?")
    _, invitation = invite(cast, group, max_uses=5)
    first = actions.check_join(
        invitation, cast.charlie, display_name="Wren", answers=["a"], consented=True
    )
    second = actions.check_join(
        invitation, cast.charlie, display_name="Wren", answers=["a"], consented=True
    )
    assert first.join_request.id == second.join_request.id
    invitation.refresh_from_db()
    assert invitation.uses == 1 and JoinRequest.objects.filter(group=group).count() == 1


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"consented": False}, "consent"),
        ({"answers": []}, "answers"),
        ({"answers": [" "]}, "answers"),
        ({"answers": ["x" * 2001]}, "answers"),
        ({"display_name": "Facilitator"}, "display_name"),
        ({"display_name": "4dm1n"}, "display_name"),
        ({"display_name": "ALICE"}, "display_name"),
        ({"display_name": "ａlice"}, "display_name"),
    ],
)
def test_bad_join_input_is_refused_and_changes_nothing(cast, kwargs, field):
    cast.circle.screening_questions = "Why now?"
    cast.circle.save()
    _, invitation = invite(cast)
    data = {"display_name": "Wren", "answers": ["because"], "consented": True, **kwargs}
    with pytest.raises(ValidationError) as error:
        actions.check_join(invitation, cast.charlie, **data)
    assert field in error.value.message_dict
    invitation.refresh_from_db()
    assert invitation.uses == 0 and not JoinRequest.objects.filter(user=cast.charlie).exists()


def test_someone_from_another_organisation_cannot_join(cast):
    _, invitation = invite(cast)
    with pytest.raises(ValidationError):
        actions.check_join(invitation, cast.olga, display_name="Olga", answers=[], consented=True)


def test_removed_members_cannot_rejoin_with_a_new_link(cast):
    _, invitation = invite(cast)
    with pytest.raises(ValidationError):
        actions.check_join(
            invitation, cast.rita, display_name="Rita again", answers=[], consented=True
        )


def test_group_without_approval_is_joined_at_once_until_full(cast):
    group = make_group(cast.fran, "Open", requires_approval=False, capacity=1)
    _, invitation = invite(cast, group, max_uses=5)
    outcome = actions.check_join(
        invitation, cast.charlie, display_name="Wren", answers=[], consented=True
    )
    assert outcome.membership.is_active
    with pytest.raises(ValidationError, match="full"):
        actions.check_join(invitation, cast.bob, display_name="Robin", answers=[], consented=True)


def test_approval_respects_capacity_and_declines_use_kind_templates(cast):
    group = make_group(cast.fran, "Small", screening_questions="Why?", capacity=1)
    _, invitation = invite(cast, group, max_uses=5)
    first = actions.check_join(
        invitation, cast.charlie, display_name="Wren", answers=["a"], consented=True
    ).join_request
    second = actions.check_join(
        invitation, cast.bob, display_name="Robin", answers=["b"], consented=True
    ).join_request
    actions.check_approve_request(cast.fran, first)
    with pytest.raises(ValidationError, match="full"):
        actions.check_approve_request(cast.fran, second)
    actions.check_decline_request(cast.fran, second, "group_full")
    second.refresh_from_db()
    assert second.status == "declined" and "full" in second.decline_message
    with pytest.raises(ValidationError, match="already decided"):
        actions.check_approve_request(cast.fran, second)


def test_follow_up_question_and_answer_round_trip(cast):
    group = make_group(cast.fran, "Screened", screening_questions="Why now?")
    _, invitation = invite(cast, group)
    request = actions.check_join(
        invitation, cast.charlie, display_name="Wren", answers=["a"], consented=True
    ).join_request
    actions.check_ask_follow_up(cast.fran, request, "How did you hear about us?")
    request.refresh_from_db()
    assert request.status == "follow_up"
    actions.check_answer_follow_up(request, "From my counsellor.")
    request.refresh_from_db()
    assert request.status == "pending" and request.follow_up_answer == "From my counsellor."
    with pytest.raises(ValidationError):
        actions.check_answer_follow_up(request, "again")


def test_display_names_are_unique_per_group_by_look(cast):
    alice = Membership.objects.get(group=cast.circle, user=cast.alice)
    with pytest.raises(ValidationError):
        actions.check_set_display_name(alice, "B0B")
    actions.check_set_display_name(alice, "Lark")
    alice.refresh_from_db()
    assert alice.display_name == "Lark"
    garden_alice = make_group(cast.fran, "Other")
    actions.do_add_membership(
        garden_alice, cast.alice, role="member", display_name="bob", consent_version=1
    )


def screened_join(cast, answer, **group_settings):
    """charlie asks to join a new screened group, answering its one question with `answer`."""
    group = make_group(cast.fran, "Screened", screening_questions="Why now?", **group_settings)
    _, invitation = invite(cast, group)
    request = actions.check_join(
        invitation, cast.charlie, display_name="Wren", answers=[answer], consented=True
    ).join_request
    request.refresh_from_db()
    return request


def test_high_risk_screening_answers_raise_an_alert_in_the_same_transaction(cast):
    from hearth.safety.models import Alert

    request = screened_join(cast, "Honestly I want to end my life tonight, I have the pills ready.")
    assert request.risk_level == "high" and "suicide_self_harm" in request.risk_categories
    alert = Alert.objects.get()
    assert (
        alert.source == "screening" and alert.kind == "high_risk" and alert.subject == cast.charlie
    )


def test_the_safety_word_in_screening_raises_a_silent_alert(cast):
    from hearth.safety.models import Alert

    screened_join(cast, "I like the bluebird in my garden", safety_codeword="bluebird")
    assert Alert.objects.get().kind == "codeword"


def test_ordinary_screening_answers_raise_nothing(cast):
    from hearth.safety.models import Alert

    request = screened_join(cast, "I would like to meet people who understand.")
    assert request.risk_level in ("none", "low") and not Alert.objects.exists()
