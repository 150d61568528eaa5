"""Display names pass the safeguarding pipeline, in the action layer every caller shares.

A name everyone in the group will see cannot be held for review, so it is refused instead:
contact details or links, a watched word that would block, hold or censor, abuse. A name
that tells of danger, or is the group's safety word, is refused just as kindly and raises one
silent alert to staff, which stands although nothing else is saved; the person only ever sees
a kind refusal, never the safety word again.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from hearth.accounts.models import User
from hearth.groups import actions, names
from hearth.groups.models import Invitation, JoinRequest, Membership
from hearth.lib.testing.cast import NEW_PASSPHRASE, make_group, newcomer_joins, sign_in
from hearth.safety.models import Alert, Case
from hearth.safety.policy import check_add_watched_word, check_set_risk_level
from hearth.safety.types import Finding

pytestmark = pytest.mark.django_db

CONTACT = names.refusal_message("contact")
ABUSIVE = names.refusal_message("abusive")
DISTRESS = names.refusal_message("distress")
NOT_HERE = names.refusal_message("watched")
REFUSALS = (CONTACT, ABUSIVE, DISTRESS, NOT_HERE)


def _rename(cast, user, name, group=None):
    membership = Membership.objects.get(group=group or cast.circle, user=user)
    actions.check_set_display_name(membership, name)
    return membership


def _refusal(cast, user, name, group=None) -> list[str]:
    """Try the name; return the messages on display_name, checking nothing was saved."""
    before = Membership.objects.get(group=group or cast.circle, user=user)
    with pytest.raises(ValidationError) as error:
        _rename(cast, user, name, group)
    after = Membership.objects.get(id=before.id)
    assert (after.display_name, after.display_token) == (before.display_name, before.display_token)
    return error.value.message_dict["display_name"]


def _with_safety_word(cast, word="blue kettle"):
    cast.circle.safety_codeword = word
    cast.circle.save(update_fields=["safety_codeword"])


# --- Reading a name ------------------------------------------------------------------------


def test_words_run_together_are_read_apart_as_well():
    assert names.readings("ReadyToDie") == ["ReadyToDie", "Ready To Die"]
    assert names.readings("ready_to_die") == ["ready_to_die", "ready to die"]
    assert names.readings("want2die") == ["want2die", "want 2 die"]
    assert names.readings("Quiet River") == ["Quiet River"]


def _finding(detector, category, level, **kwargs):
    return Finding(detector, category, level, 1.0, [(0, 1)], **kwargs)


def test_judging_findings_puts_danger_first_and_lets_ordinary_findings_through():
    crisis = _finding("crisis_language", "suicide_self_harm", "high")
    phone = _finding("personal_info", "contact_details", "medium")
    assert names.judge([phone, crisis], {}) == "distress"
    assert names.judge([_finding("codeword", "safety_signal", "high", silent=True), phone], {}) == (
        "safety_word"
    )
    assert names.judge([phone], {}) == "contact"
    # Watched words: only flag lets a name through.
    for action, expected in [
        ("block", "watched"),
        ("require_approval", "watched"),
        ("censor", "watched"),
        ("flag", None),
    ]:
        word = _finding("watched_words", "watched_word", "low", action=action)
        assert names.judge([word], {}) == expected, action
    # Abuse from medium; swearing (low) passes unless the organisation raised it.
    assert names.judge([_finding("toxicity", "harassment", "medium")], {}) == "abusive"
    swearing = _finding("toxicity", "profanity", "low")
    assert names.judge([swearing], {}) is None
    assert names.judge([swearing], {"profanity": "medium"}) == "abusive"
    # Words aimed at someone else that only the model hears as despair are abuse, not danger.
    model_only = _finding("semantic_risk", "domestic_abuse", "high")
    insult = _finding("toxicity", "harassment", "medium")
    assert names.judge([insult, model_only], {}) == "abusive"
    assert names.judge([model_only], {}) == "distress"
    # A crisis category an organisation lowered below high no longer alerts.
    lowered = _finding("semantic_risk", "suicide_self_harm", "high")
    assert names.judge([lowered], {"suicide_self_harm": "medium"}) is None
    assert names.judge([_finding("semantic_risk", "suicide_self_harm", "medium")], {}) is None


# --- Refusals --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["Sam 07700 900123", "Jo 555-123-4567", "insta is jo.smith99", "add me on snap"]
)
def test_contact_details_are_refused_and_nothing_is_saved(cast, name):
    assert _refusal(cast, cast.alice, name) == [CONTACT]
    assert not Alert.objects.exists()


@pytest.mark.parametrize("action", ["block", "require_approval", "censor"])
def test_watched_words_that_would_stop_content_refuse_a_name(cast, action):
    check_add_watched_word(cast.fran, cast.circle, "harbourmaster", False, action)
    assert _refusal(cast, cast.alice, "The Harbourmaster") == [NOT_HERE]
    # Another group's words do not apply.
    check_add_watched_word(cast.fran, cast.garden, "lighthouse", False, action)
    assert _rename(cast, cast.alice, "Lighthouse Keeper").display_name == "Lighthouse Keeper"


def test_organisation_wide_watched_words_apply_and_flagged_words_do_not_refuse(cast):
    check_add_watched_word(cast.ada, None, "harbourmaster", False, "block")
    check_add_watched_word(cast.fran, cast.circle, "lantern", False, "flag")
    assert _refusal(cast, cast.alice, "Harbourmaster") == [NOT_HERE]
    assert _rename(cast, cast.alice, "Lantern Light").display_name == "Lantern Light"
    assert not Alert.objects.exists()


@pytest.mark.parametrize("name", ["kys", "u r pathetic", "you're worthless", "shut up you"])
def test_abusive_names_are_refused_without_an_alert(cast, name):
    assert _refusal(cast, cast.alice, name) == [ABUSIVE]
    assert not Alert.objects.exists()


def test_the_organisations_risk_levels_decide_what_counts_as_abuse(cast):
    # Swearing is LOW by default: not a reason to refuse a name...
    assert _rename(cast, cast.alice, "Shit Happens").display_name == "Shit Happens"
    # ...until the organisation says swearing is MEDIUM.
    check_set_risk_level(cast.ada, "profanity", "medium")
    assert _refusal(cast, cast.bob, "Shit Happens Often") == [ABUSIVE]


# --- Danger: refused kindly, staff alerted silently -------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "ready_to_die",
        "ReadyToDie",
        "want2die",
        "Better Off Dead",
        "LastNightAlive",
        "TiredOfLiving",
    ],
)
def test_a_name_telling_of_suicide_is_refused_kindly_and_raises_one_alert(cast, name):
    assert _refusal(cast, cast.alice, name) == [DISTRESS]
    alert = Alert.objects.get()
    assert (alert.kind, alert.source, alert.subject, alert.group) == (
        "high_risk",
        "display_name",
        cast.alice,
        cast.circle,
    )
    assert alert.categories == ["suicide_self_harm"]
    assert Case.objects.get() == alert.case and alert.case.subject == cast.alice
    # The kind refusal says nothing of an alert and does not repeat the name.
    assert not any(w in DISTRESS.lower() for w in ("alert", "staff", "told", "facilitator"))
    assert name.lower() not in DISTRESS.lower()


@pytest.mark.parametrize("name", ["Blue Kettle", "BlueKettle", "blue_kettle"])
def test_the_safety_word_as_a_name_is_refused_like_any_word_and_alerts_silently(cast, name):
    _with_safety_word(cast)
    messages = _refusal(cast, cast.alice, name)
    # The same words as a watched-word refusal: nothing tells an onlooker what happened.
    assert messages == [NOT_HERE] and "kettle" not in NOT_HERE.lower()
    alert = Alert.objects.get()
    assert (alert.kind, alert.source, alert.subject) == ("codeword", "display_name", cast.alice)


def test_the_alert_stands_although_the_refusal_undoes_nothing_else(cast):
    # The alert is written in its own transaction, committed before the name is refused.
    with pytest.raises(ValidationError):
        _rename(cast, cast.alice, "ready_to_die")
    assert Alert.objects.count() == 1 and Case.objects.count() == 1


# --- Names that are fine, staff names ---------------------------------------------------------


@pytest.mark.parametrize("name", ["Quiet River", "Survivor 2019", "Mum of 3", "Phoenix Rising"])
def test_ordinary_names_still_work(cast, name):
    membership = _rename(cast, cast.alice, name)
    assert Membership.objects.get(id=membership.id).display_name == name
    assert not Alert.objects.exists()


def test_staff_names_are_screened_too_and_may_still_carry_a_staff_title(cast):
    assert _rename(cast, cast.fran, "Facilitator Fran").display_name == "Facilitator Fran"
    assert _refusal(cast, cast.fran, "Facilitator 07700 900123") == [CONTACT]
    assert _refusal(cast, cast.fran, "Facilitator Better Off Dead") == [DISTRESS]
    assert Alert.objects.get().subject == cast.fran
    # Members still cannot pose as staff.
    with pytest.raises(ValidationError, match="mistaken for a staff member"):
        _rename(cast, cast.alice, "Facilitator Al")


def test_approving_a_request_does_not_screen_or_alert_again(cast):
    group = make_group(cast.fran, "Screened", screening_questions="Why now?")
    raw = actions.check_create_invitation(cast.fran, group, kind="invite", max_uses=1, days=7)
    request = actions.check_join(
        actions.find_invitation(raw),
        cast.charlie,
        display_name="Wren",
        answers=["I would like company."],
        consented=True,
    ).join_request
    membership = actions.check_approve_request(cast.fran, request)
    assert membership.display_name == "Wren" and not Alert.objects.exists()


# --- Joining -------------------------------------------------------------------------------


def _invitation(cast, **group_settings):
    """An invitation to a new group where a good name joins at once (unless screened)."""
    group = make_group(cast.fran, "Drop-in", **{"requires_approval": False, **group_settings})
    raw = actions.check_create_invitation(cast.fran, group, kind="invite", max_uses=1, days=7)
    return raw, actions.find_invitation(raw)


@pytest.mark.parametrize("screened", [False, True])
def test_joining_with_a_refused_name_saves_nothing(cast, screened):
    settings = {"screening_questions": "Why now?"} if screened else {}
    _, invitation = _invitation(cast, **settings)
    with pytest.raises(ValidationError) as error:
        actions.check_join(
            invitation,
            cast.charlie,
            display_name="Sam 07700 900123",
            answers=["Hello"] if screened else [],
            consented=True,
        )
    assert error.value.message_dict["display_name"] == [CONTACT]
    assert not Membership.objects.filter(user=cast.charlie).exists()
    assert not JoinRequest.objects.exists()
    assert Invitation.objects.get(id=invitation.id).uses == 0


def test_joining_with_a_name_of_despair_alerts_once_and_joins_nothing(cast):
    _, invitation = _invitation(cast)
    with pytest.raises(ValidationError) as error:
        actions.check_join(
            invitation, cast.charlie, display_name="ready_to_die", answers=[], consented=True
        )
    assert error.value.message_dict["display_name"] == [DISTRESS]
    alert = Alert.objects.get()
    assert (alert.subject, alert.group, alert.source) == (
        cast.charlie,
        invitation.group,
        "display_name",
    )
    assert not Membership.objects.filter(user=cast.charlie).exists()


# --- The pages and the API share it ----------------------------------------------------------


def _signed_in(user):
    client = Client()
    sign_in(client, user)
    return client


def test_the_change_name_page_refuses_kindly_and_never_shows_the_safety_word_again(cast):
    _with_safety_word(cast)
    url = f"/groups/{cast.circle.id}/my-name/"
    response = _signed_in(cast.alice).post(url, {"display_name": "Blue Kettle"})
    body = response.content.decode()
    assert response.status_code in (200, 400) and NOT_HERE in body
    assert "kettle" not in body.lower()
    assert Alert.objects.get().kind == "codeword"
    assert Membership.objects.get(group=cast.circle, user=cast.alice).display_name == "alice"


def test_the_change_name_page_refuses_despair_kindly_with_one_alert(cast):
    url = f"/groups/{cast.circle.id}/my-name/"
    response = _signed_in(cast.alice).post(url, {"display_name": "ready_to_die"})
    body = response.content.decode()
    assert DISTRESS.split(".")[0] in body and "ready_to_die" not in body
    assert Alert.objects.count() == 1
    ok = _signed_in(cast.alice).post(url, {"display_name": "Quiet River"})
    assert ok.status_code == 302
    assert Membership.objects.get(group=cast.circle, user=cast.alice).display_name == "Quiet River"


def test_a_newcomer_joining_with_a_name_of_despair_alerts_staff_though_no_account_is_kept(cast):
    raw, invitation = _invitation(cast)
    before = User.objects.count()
    browser, response = newcomer_joins(raw, "ready_to_die")
    body = response.content.decode()
    assert response.status_code == 400 and DISTRESS.split(".")[0] in body
    assert "ready_to_die" not in body
    assert (
        User.objects.count() == before
        and not Membership.objects.filter(
            group=invitation.group, status="active", role="member"
        ).exists()
    )
    # The page's transaction undoes the new account, not the alert: staff still hear of it.
    alert = Alert.objects.get()
    assert (alert.kind, alert.source, alert.group, alert.subject) == (
        "high_risk",
        "display_name",
        invitation.group,
        None,
    )
    # A kinder name goes through on the same link.
    again = browser.post(
        "/join/",
        {
            "pseudonym": "wren",
            "passphrase": NEW_PASSPHRASE,
            "repeat": NEW_PASSPHRASE,
            "display_name": "Wren",
            "consent": "on",
        },
    )
    assert again.status_code == 200  # the recovery codes
    joined = Membership.objects.get(group=invitation.group, role="member")
    assert joined.display_name == "Wren" and joined.user.pseudonym == "wren"
    assert Alert.objects.count() == 1


def test_a_signed_in_person_joining_with_the_safety_word_is_alerted_on_by_name(cast):
    raw, invitation = _invitation(cast, safety_codeword="blue kettle")
    browser = _signed_in(cast.charlie)
    browser.get(f"/join/{raw}/")
    response = browser.post("/join/", {"display_name": "BlueKettle", "consent": "on"})
    body = response.content.decode()
    assert NOT_HERE in body and "kettle" not in body.lower()
    alert = Alert.objects.get()
    assert (alert.kind, alert.subject) == ("codeword", cast.charlie)
    assert not Membership.objects.filter(group=invitation.group, user=cast.charlie).exists()


@pytest.mark.parametrize(
    "name, message, alerts",
    [
        ("Sam 07700 900123", CONTACT, 0),
        ("kys", ABUSIVE, 0),
        ("ready_to_die", DISTRESS, 1),
    ],
)
def test_the_api_refuses_a_name_with_the_same_messages(cast, name, message, alerts):
    url = f"/api/groups/{cast.circle.id}/display-name"
    response = _signed_in(cast.alice).put(
        url, {"display_name": name}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["fields"] == {"display_name": [message]}
    assert Alert.objects.count() == alerts
    assert Membership.objects.get(group=cast.circle, user=cast.alice).display_name == "alice"


def test_the_api_join_refuses_a_name_of_despair_and_alerts_once(cast):
    raw, invitation = _invitation(cast)
    response = _signed_in(cast.charlie).post(
        f"/api/join/{raw}",
        {"display_name": "ready_to_die", "answers": [], "consent": True},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["fields"]["display_name"] == [DISTRESS]
    assert Alert.objects.get().subject == cast.charlie
    assert not Membership.objects.filter(group=invitation.group, user=cast.charlie).exists()
    assert Invitation.objects.get(id=invitation.id).uses == 0


def test_refusal_messages_are_distinct_and_name_no_word():
    assert len(set(REFUSALS)) == 4
