"""A display name refused for distress shows crisis lines at once, as a high-risk post does.

The lines are the person's chosen region's (the general ones when none is chosen), on the
join page and the change-name page. The name is never shown back. Other refusals, and the
safety word above all (the screen must not change), show no crisis lines.
"""

from __future__ import annotations

import pytest
from django.utils.html import escape

from hearth.accounts.models import User
from hearth.groups import actions, names
from hearth.lib.testing.cast import make_group, newcomer_joins, signed_in_client
from hearth.safety.crisis import resources_for
from hearth.safety.models import Alert

pytestmark = pytest.mark.django_db

DESPAIR = "ready_to_die"
SUPPORT = "data-support-now"


def _with_region(user: User, region: str) -> None:
    User.objects.filter(id=user.id).update(crisis_region=region)


def _invitation(cast, **settings):
    group = make_group(cast.fran, "Drop-in", **{"requires_approval": False, **settings})
    return actions.check_create_invitation(cast.fran, group, kind="invite", max_uses=2, days=7)


def test_the_change_name_page_shows_the_regions_lines_when_a_name_tells_of_distress(cast):
    _with_region(cast.alice, "GB")
    response = signed_in_client(cast.alice).post(
        f"/groups/{cast.circle.id}/my-name/", {"display_name": DESPAIR}
    )
    body = response.content.decode()
    assert response.status_code == 400 and SUPPORT in body
    for line in resources_for("GB"):
        assert escape(line.name) in body and escape(line.contact) in body
    assert names.refusal_message("distress").split(".")[0] in body
    assert DESPAIR not in body and "ready to die" not in body.lower()
    assert Alert.objects.count() == 1


def test_without_a_region_the_general_lines_are_shown(cast):
    _with_region(cast.alice, "")
    body = (
        signed_in_client(cast.alice)
        .post(f"/groups/{cast.circle.id}/my-name/", {"display_name": DESPAIR})
        .content.decode()
    )
    for line in resources_for(None):
        assert escape(line.name) in body
    assert "Samaritans" not in body  # not the GB lines


@pytest.mark.parametrize("name", ["Sam 07700 900123", "kys", "Facilitator"])
def test_other_refusals_show_no_crisis_lines(cast, name):
    response = signed_in_client(cast.alice).post(
        f"/groups/{cast.circle.id}/my-name/", {"display_name": name}
    )
    assert response.status_code == 400 and SUPPORT not in response.content.decode()


def test_the_safety_word_shows_no_crisis_lines(cast):
    cast.circle.safety_codeword = "blue kettle"
    cast.circle.save(update_fields=["safety_codeword"])
    response = signed_in_client(cast.alice).post(
        f"/groups/{cast.circle.id}/my-name/", {"display_name": "Blue Kettle"}
    )
    body = response.content.decode()
    assert SUPPORT not in body and "kettle" not in body.lower()
    assert Alert.objects.get().kind == "codeword"


def test_a_kind_name_shows_no_crisis_lines(cast):
    response = signed_in_client(cast.alice).post(
        f"/groups/{cast.circle.id}/my-name/", {"display_name": "Quiet River"}
    )
    assert response.status_code == 302


def test_a_newcomer_joining_with_a_name_of_despair_sees_help_at_once(cast):
    raw = _invitation(cast, crisis_resources="Our own line: 0800 000 000")
    before = User.objects.count()
    _browser, response = newcomer_joins(raw, DESPAIR)
    body = response.content.decode()
    assert response.status_code == 400 and SUPPORT in body
    # No account yet, so no region: the general lines, and the group's own.
    for line in resources_for(None):
        assert escape(line.name) in body
    assert "Our own line: 0800 000 000" in body
    assert DESPAIR not in body
    assert User.objects.count() == before


def test_a_signed_in_person_joining_sees_their_regions_lines(cast):
    _with_region(cast.charlie, "US")
    raw = _invitation(cast)
    browser = signed_in_client(cast.charlie)
    browser.get(f"/join/{raw}/")
    body = browser.post("/join/", {"display_name": DESPAIR, "consent": "on"}).content.decode()
    assert SUPPORT in body and DESPAIR not in body
    for line in resources_for("US"):
        assert escape(line.name) in body


def test_joining_with_another_refused_name_shows_no_crisis_lines(cast):
    raw = _invitation(cast)
    browser = signed_in_client(cast.charlie)
    browser.get(f"/join/{raw}/")
    body = browser.post(
        "/join/", {"display_name": "Sam 07700 900123", "consent": "on"}
    ).content.decode()
    assert SUPPORT not in body


def test_the_refusal_tells_distress_apart_only_for_distress(cast):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as distress:
        actions.check_name_is_safe(cast.circle, DESPAIR, person=cast.alice)
    assert actions.refused_for_distress(distress.value)
    with pytest.raises(ValidationError) as contact:
        actions.check_name_is_safe(cast.circle, "Sam 07700 900123", person=cast.alice)
    assert not actions.refused_for_distress(contact.value)
    assert distress.value.message_dict == {"display_name": [names.refusal_message("distress")]}
